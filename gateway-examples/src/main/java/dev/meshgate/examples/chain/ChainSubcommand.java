package dev.meshgate.examples.chain;

import dev.meshgate.examples.JsonString;
import dev.meshgate.examples.Subcommand;
import dev.meshgate.examples.UsageException;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code chain compile ...}: the discovery chain of one service, compiled from a directory of Consul
 * config entries as Consul compiles it ({@link ChainCompileCommand}). A usage error exits with 2,
 * as every subcommand of the jar does. Stateless.
 */
public final class ChainSubcommand implements Subcommand {
  private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

  /** Creates the subcommand. */
  public ChainSubcommand() {}

  @Override
  public String summary() {
    return "compile a service's discovery chain from Consul config entries (JSON)";
  }

  @Override
  public String usage() {
    return ChainCompileCommand.USAGE;
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws UsageException {
    if (args.isEmpty() || !args.get(0).equals("compile")) {
      throw new UsageException((args.isEmpty() ? "missing action" : JsonString.quote(args.get(0))
          + ": unknown action") + " (expected: compile)");
    }
    // stderr carries the entries' problems and Consul's message; the loader's INFO summary would be
    // noise there. Set before the first logger exists; a level the user chose is kept.
    if (System.getProperty(LOG_LEVEL) == null) {
      System.setProperty(LOG_LEVEL, "warn");
    }
    return ChainCompileCommand.run(args.subList(1, args.size()), out, err);
  }
}
