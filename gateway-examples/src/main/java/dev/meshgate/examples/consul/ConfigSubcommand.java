package dev.meshgate.examples.consul;

import dev.meshgate.examples.Subcommand;
import dev.meshgate.examples.UsageException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code config decode|normalize|validate FILE...}: Consul config entries in the JSON of Consul's
 * API and of {@code consul config write}. A usage error exits with 2, as every subcommand of the
 * jar does. Stateless.
 */
public final class ConfigSubcommand implements Subcommand {
  /** Creates the subcommand. */
  public ConfigSubcommand() {}

  @Override
  public String summary() {
    return "decode, normalize or validate Consul config entries (JSON)";
  }

  @Override
  public String usage() {
    return """
        usage: config decode FILE...      decode as Consul does; print one JSON array (exit 1 on decode errors)
               config normalize FILE...   normalize and validate as Consul does on write; print one JSON array
                                          (exit 1 when any entry is invalid, every problem on stderr)
               config validate FILE...    validate each entry; warnings start with "warning: " (exit 1 on errors)
          A file holds one entry object or an array of them. Problems: <file>[#<index>]: <field path>: <message>
          HCL is not read: convert with `consul config read`, which prints JSON. A usage error exits with 2.
        """;
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws UsageException {
    if (args.isEmpty()) {
      throw new UsageException("missing action (expected: decode, normalize or validate)");
    }
    String action = args.get(0);
    List<Path> files = new ArrayList<>();
    for (String a : args.subList(1, args.size())) {
      if (a.startsWith("--")) {
        throw new UsageException(a + ": unknown option (expected: files only)");
      }
      files.add(Path.of(a));
    }
    if (files.isEmpty() && List.of("decode", "normalize", "validate").contains(action)) {
      throw new UsageException(action + ": missing FILE (expected: one or more JSON files)");
    }
    return switch (action) {
      case "decode" -> ConfigCommands.decode(files, out, err);
      case "normalize" -> ConfigCommands.normalize(files, out, err);
      case "validate" -> ConfigCommands.validate(files, out, err);
      default -> throw new UsageException(
          "\"" + action + "\": unknown action (expected: decode, normalize or validate)");
    };
  }
}
