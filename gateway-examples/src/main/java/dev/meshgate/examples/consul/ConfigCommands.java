package dev.meshgate.examples.consul;

import dev.meshgate.consul.config.Checked;
import dev.meshgate.consul.config.ConfigEntryCodec;
import dev.meshgate.consul.config.ConfigProblem;
import dev.meshgate.consul.config.Decoded;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The work of {@code config decode}, {@code config normalize} and {@code config validate}, apart
 * from any command-line parsing: each takes the files and the two streams and returns the exit
 * status. Problems are printed one a line, {@code <file>[#<index>]: <field path>: <message>};
 * nothing is printed to {@code out} when there is an error, so that a partial array is never
 * mistaken for the whole. Stateless.
 */
public final class ConfigCommands {
  private ConfigCommands() {}

  /**
   * Decodes files as Consul's decoder does (no normalization, no validation) and prints the
   * entries as one JSON array in input order.
   *
   * @param files the files, each one entry or an array
   * @param out where the array goes
   * @param err where problems go
   * @return 0, or 1 on any decode error (unknown key, wrong type, malformed JSON, unreadable file)
   */
  public static int decode(List<Path> files, PrintStream out, PrintStream err) {
    Decoded decoded = read(files);
    if (!decoded.ok()) {
      print(decoded.errors(), "", err);
      return 1;
    }
    out.print(ConfigEntryCodec.encode(decoded.entries()));
    return 0;
  }

  /**
   * Decodes, normalizes and validates files as Consul does on write and prints the normalized
   * entries as one JSON array in input order.
   *
   * @param files the files
   * @param out where the array goes
   * @param err where problems go
   * @return 0, or 1 when any entry is invalid (every problem of every file is printed)
   */
  public static int normalize(List<Path> files, PrintStream out, PrintStream err) {
    Checked checked = ConfigEntryCodec.check(read(files));
    if (!checked.ok()) {
      print(checked.errors(), "", err);
      return 1;
    }
    out.print(ConfigEntryCodec.encode(checked.entries()));
    return 0;
  }

  /**
   * Validates files, each entry on its own.
   *
   * @param files the files
   * @param out unused: validation prints only problems
   * @param err where warnings ({@code warning: } first) and errors go
   * @return 0 when every entry is valid, else 1
   */
  public static int validate(List<Path> files, PrintStream out, PrintStream err) {
    Checked checked = ConfigEntryCodec.check(read(files));
    print(checked.warnings(), "warning: ", err);
    print(checked.errors(), "", err);
    return checked.ok() ? 0 : 1;
  }

  static Decoded read(List<Path> files) {
    List<Decoded> all = new ArrayList<>();
    for (Path file : files) {
      try {
        all.add(ConfigEntryCodec.decode(file));
      } catch (IOException e) {
        String name = file.toString();
        all.add(new Decoded(List.of(name), List.of(),
            List.of(new ConfigProblem(name, OptionalInt.empty(), "", "cannot be read: " + e))));
      }
    }
    return ConfigEntryCodec.concat(all);
  }

  static void print(List<ConfigProblem> problems, String prefix, PrintStream err) {
    for (ConfigProblem p : problems) {
      err.println(prefix + p);
    }
  }
}
