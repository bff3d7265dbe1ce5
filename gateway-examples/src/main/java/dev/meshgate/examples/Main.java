package dev.meshgate.examples;

import dev.meshgate.examples.chain.ChainSubcommand;
import dev.meshgate.examples.consul.ConfigSubcommand;
import dev.meshgate.examples.consul.IntentionSubcommand;
import dev.meshgate.examples.inspect.Inspect;
import dev.meshgate.examples.mesh.MeshGatewayCommand;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Entry point of the examples jar: {@code java -jar meshgate-examples.jar <subcommand> [args...]}.
 * Dispatches to one {@link Subcommand} by name; without a known name it prints the usage and exits
 * with status 2.
 */
public final class Main {

  /** Every subcommand, by name. Adding a program is adding an entry here. */
  private static final Map<String, Subcommand> SUBCOMMANDS = Map.of(
      "chain", new ChainSubcommand(),
      "config", new ConfigSubcommand(),
      "intention", new IntentionSubcommand(),
      "inspect", new Inspect(),
      "mesh-gateway", new MeshGatewayCommand());

  private Main() {}

  /**
   * Runs the named subcommand and exits with its status.
   *
   * @param args the subcommand's name, then its arguments
   */
  public static void main(String[] args) {
    System.exit(run(List.of(args), SUBCOMMANDS, System.out, System.err));
  }

  /**
   * Runs one command line with the jar's subcommands and returns the exit status instead of
   * exiting: {@link #main} without {@link System#exit}, for tests.
   */
  static int run(List<String> args, PrintStream out, PrintStream err) {
    return run(args, SUBCOMMANDS, out, err);
  }

  /** Runs one command line against a table of subcommands; returns the exit status. */
  static int run(List<String> args, Map<String, Subcommand> subcommands, PrintStream out,
      PrintStream err) {
    if (args.isEmpty()) {
      err.print(usage(subcommands));
      return 2;
    }
    String name = args.get(0);
    if (name.equals("--help") || name.equals("-h") || name.equals("help")) {
      out.print(usage(subcommands));
      return 0;
    }
    Subcommand subcommand = subcommands.get(name);
    if (subcommand == null) {
      err.println("meshgate-examples: unknown subcommand \"" + name + "\"");
      err.print(usage(subcommands));
      return 2;
    }
    try {
      return subcommand.run(args.subList(1, args.size()), out, err);
    } catch (UsageException e) {
      err.println(name + ": " + e.getMessage());
      err.print(subcommand.usage());
      return 2;
    } catch (Exception e) {
      err.println(name + ": " + e);
      return 1;
    }
  }

  static String usage(Map<String, Subcommand> subcommands) {
    StringBuilder usage = new StringBuilder(
        "usage: java -jar meshgate-examples.jar <subcommand> [args...]\n\nsubcommands:\n");
    for (String name : new TreeSet<>(subcommands.keySet())) {
      usage.append(String.format(Locale.ROOT, "  %-14s %s\n", name, subcommands.get(name).summary()));
    }
    return usage.toString();
  }
}
