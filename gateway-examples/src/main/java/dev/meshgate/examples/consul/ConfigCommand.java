package dev.meshgate.examples.consul;

import dev.meshgate.examples.Io;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code config decode|normalize|validate FILE...}: Consul config entries in the JSON of Consul's
 * API and of {@code consul config write}. A file holds one entry object or an array of them; each
 * problem is printed as {@code <file>[#<index>]: <field path>: <message>}. Exit status 0 when
 * every entry passes, 1 when one does not, 2 for a usage error.
 */
@Command(name = "config",
    description = {"Decode, normalize or validate Consul config entries (JSON).",
        "A file holds one entry object or an array of them. Problems: <file>[#<index>]: <field path>: <message>",
        "HCL is not read: convert with `consul config read`, which prints JSON."})
public final class ConfigCommand implements Callable<Integer> {
  private static final String FILES = "one or more JSON files of config entries";

  @Spec
  private CommandSpec spec;

  private final Io io;

  /**
   * Creates the command.
   *
   * @param io where the entries (out) and the problems (err) go
   */
  public ConfigCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing action (expected: decode, normalize or validate)");
  }

  @Command(name = "decode",
      description = "Decode as Consul does; print one JSON array (exit 1 on decode errors).")
  int decode(@Parameters(paramLabel = "FILE", arity = "1..*", description = FILES) List<Path> files) {
    return ConfigCommands.decode(files, io.out(), io.err());
  }

  @Command(name = "normalize",
      description = {"Normalize and validate as Consul does on write; print one JSON array.",
          "Exit 1 when any entry is invalid, with every problem on stderr."})
  int normalize(@Parameters(paramLabel = "FILE", arity = "1..*", description = FILES) List<Path> files) {
    return ConfigCommands.normalize(files, io.out(), io.err());
  }

  @Command(name = "validate",
      description = "Validate each entry; warnings start with \"warning: \" (exit 1 on errors).")
  int validate(@Parameters(paramLabel = "FILE", arity = "1..*", description = FILES) List<Path> files) {
    return ConfigCommands.validate(files, io.out(), io.err());
  }
}
