package dev.meshgate.examples.chain;

import dev.meshgate.consul.config.ConfigDirectory;
import dev.meshgate.consul.config.ConfigProblem;
import dev.meshgate.consul.config.DiscoveryChainJson;
import dev.meshgate.core.chain.ChainCompiler;
import dev.meshgate.core.chain.CompileRequest;
import dev.meshgate.core.chain.CompiledDiscoveryChain;
import dev.meshgate.core.chain.ConfigEntryGraphException;
import dev.meshgate.core.intentions.DefaultPolicy;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The work of {@code chain compile}, apart from the command line ({@link ChainCommand}): loads a
 * directory of Consul config entries, compiles one chain and prints it as the object Consul's
 * {@code /v1/discovery-chain/<service>} returns under {@code Chain}.
 *
 * <p>Exit statuses: 0 with the chain on stdout; 1 when an entry file has a problem (every problem
 * of every file is printed, naming the file) or the entries do not form a valid chain (Consul's
 * message, e.g. a loop naming the cycle). Nothing is printed on stdout unless the chain compiled.
 * Stateless.
 */
public final class ChainCompileCommand {
  private ChainCompileCommand() {}

  /**
   * Loads a directory of config entries and compiles one chain from it.
   *
   * @param directory the directory: every {@code *.json} file in it, each one entry or an array
   * @param request the service, its namespace, partition and datacenter, the trust domain and the
   *     overrides
   * @param out where the chain goes, indented JSON ending with a newline
   * @param err where warnings ({@code warning: } first), entry problems ({@code <file>[#<index>]:
   *     <field path>: <message>}) and Consul's compile error go
   * @return 0 when the chain compiled, 1 when an entry is invalid, the directory cannot be listed or
   *     the entries do not compile
   */
  public static int compile(Path directory, CompileRequest request, PrintStream out, PrintStream err) {
    ConfigDirectory loaded;
    try {
      loaded = ConfigDirectory.load(directory, DefaultPolicy.DENY);
    } catch (IOException e) {
      err.println(directory + ": cannot be read: " + e);
      return 1;
    }
    for (ConfigProblem p : loaded.warnings()) {
      err.println("warning: " + p);
    }
    for (ConfigProblem p : loaded.errors()) {
      err.println(p);
    }
    if (!loaded.ok()) {
      return 1;
    }
    CompiledDiscoveryChain chain;
    try {
      chain = ChainCompiler.compile(request, loaded.chainEntries());
    } catch (ConfigEntryGraphException e) {
      err.println(e.getMessage());
      return 1;
    }
    out.print(DiscoveryChainJson.encodePretty(chain));
    return 0;
  }
}
