package dev.meshgate.examples;

import java.io.PrintStream;
import java.util.List;

/**
 * One program of the examples jar, run as {@code java -jar meshgate-examples.jar <name> [args...]}.
 * Register an implementation in {@link Main}'s table to add a subcommand. Implementations are
 * stateless; {@link #run} may block until the program ends.
 */
public interface Subcommand {

  /**
   * Returns the one-line description shown in the jar's usage.
   *
   * @return e.g. {@code print the TLS ClientHello of every client as JSON}
   */
  String summary();

  /**
   * Returns the subcommand's usage: its synopsis and options, one per line.
   *
   * @return the text printed after a bad option
   */
  String usage();

  /**
   * Runs the program.
   *
   * @param args the arguments after the subcommand's name
   * @param out where results go
   * @param err where progress and errors go
   * @return the exit status: 0 for success, 1 for a failure of the work itself
   * @throws UsageException if an argument is missing, unknown or invalid (exit status 2)
   * @throws Exception if the program fails otherwise (exit status 1)
   */
  int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
}
