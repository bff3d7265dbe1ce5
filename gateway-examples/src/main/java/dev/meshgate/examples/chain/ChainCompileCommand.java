package dev.meshgate.examples.chain;

import dev.meshgate.consul.config.ConfigDirectory;
import dev.meshgate.consul.config.ConfigProblem;
import dev.meshgate.consul.config.DiscoveryChainJson;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.chain.ChainCompiler;
import dev.meshgate.core.chain.CompileRequest;
import dev.meshgate.core.chain.CompiledDiscoveryChain;
import dev.meshgate.core.chain.ConfigEntryGraphException;
import dev.meshgate.core.config.MeshGatewayMode;
import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.intentions.DefaultPolicy;
import dev.meshgate.core.naming.TrustDomain;
import dev.meshgate.examples.JsonString;
import dev.meshgate.examples.Options;
import dev.meshgate.examples.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code chain compile --entries DIR --service NAME [--namespace NS] [--partition AP] [--datacenter
 * DC] [--trust-domain TD] [--override-protocol P] [--override-connect-timeout DURATION]
 * [--override-mesh-gateway none|local|remote]}: compiles one service's discovery chain from a
 * directory of Consul config entries and prints it as the object Consul's {@code
 * /v1/discovery-chain/<service>} returns under {@code Chain}.
 *
 * <p>Exit statuses: 0 with the chain on stdout; 1 when an entry file has a problem (every problem
 * of every file is printed, naming the file) or the entries do not form a valid chain (Consul's
 * message, e.g. a loop naming the cycle); usage errors are {@link UsageException}s (status 2).
 * Nothing is printed on stdout unless the chain compiled. Stateless.
 */
public final class ChainCompileCommand {
  /** The options {@code chain compile} knows. */
  static final Set<String> OPTIONS = Set.of("--entries", "--service", "--namespace", "--partition",
      "--datacenter", "--trust-domain", "--override-protocol", "--override-connect-timeout",
      "--override-mesh-gateway");

  /** The synopsis and options, for the usage text. */
  static final String USAGE = """
      usage: chain compile --entries DIR --service NAME [--namespace NS] [--partition AP] [--datacenter DC]
                           [--trust-domain TD] [--override-protocol P] [--override-connect-timeout DURATION]
                           [--override-mesh-gateway none|local|remote]
        DIR: every *.json file in it holds Consul config entries (service-defaults, proxy-defaults,
        service-router, service-splitter, service-resolver; one entry or an array per file; PascalCase or
        snake_case); an empty DIR compiles the default chain. Defaults: namespace default, partition
        default, datacenter dc1, trust domain trustdomain.consul. DURATION in Go's syntax (5s, 1m30s).
        Prints the compiled chain as Consul's /v1/discovery-chain/NAME returns it under "Chain".
        Exit status: 0 compiled, 1 invalid entries or chain (Consul's message on stderr), 2 usage error.
      """;

  private ChainCompileCommand() {}

  /**
   * Parses the options of {@code chain compile}, then compiles as {@link #compile} does.
   *
   * @param args the arguments after {@code chain compile}
   * @param out where the chain goes
   * @param err where problems go
   * @return 0 or 1, as {@link #compile}
   * @throws UsageException for a missing {@code --entries} or {@code --service}, an unknown or
   *     repeated option, a directory that does not exist, or an invalid value
   */
  public static int run(List<String> args, PrintStream out, PrintStream err) throws UsageException {
    Options options = Options.parse(args, OPTIONS);
    String entries = required(options, "--entries", "a directory of *.json config entries");
    Path directory = Path.of(entries);
    if (!Files.isDirectory(directory)) {
      throw new UsageException("--entries: " + JsonString.quote(entries) + " (expected: an existing directory)");
    }
    String service = required(options, "--service", "a service name");
    ServiceName name = new ServiceName(service, options.get("--namespace").orElse("default"),
        options.get("--partition").orElse("default"));
    return compile(directory, request(options, name), out, err);
  }

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

  private static CompileRequest request(Options options, ServiceName service) throws UsageException {
    String datacenter = options.get("--datacenter").orElse("dc1");
    if (datacenter.isEmpty()) {
      throw new UsageException("--datacenter: \"\" (expected: a non-empty datacenter)");
    }
    TrustDomain trustDomain;
    try {
      trustDomain = new TrustDomain(options.get("--trust-domain").orElse("trustdomain.consul"));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--trust-domain: " + e.getMessage());
    }
    CompileRequest request = CompileRequest.of(service, datacenter, trustDomain);
    if (options.has("--override-protocol")) {
      request = request.withOverrideProtocol(protocol(options.get("--override-protocol").orElseThrow()));
    }
    if (options.has("--override-connect-timeout")) {
      request = request.withOverrideConnectTimeout(
          connectTimeout(options.get("--override-connect-timeout").orElseThrow()));
    }
    if (options.has("--override-mesh-gateway")) {
      request = request.withOverrideMeshGateway(meshGateway(options.get("--override-mesh-gateway").orElseThrow()));
    }
    return request;
  }

  private static String required(Options options, String name, String expected) throws UsageException {
    String value = options.get(name).orElseThrow(() -> new UsageException(name + ": missing (expected: "
        + expected + ")"));
    if (value.isEmpty()) {
      throw new UsageException(name + ": \"\" (expected: " + expected + ")");
    }
    return value;
  }

  private static Protocol protocol(String value) throws UsageException {
    try {
      if (!value.isEmpty()) {
        return Protocol.parse(value);
      }
    } catch (IllegalArgumentException e) {
      // reported below, with the accepted values
    }
    throw new UsageException("--override-protocol: " + JsonString.quote(value)
        + " (expected: tcp, http, http2 or grpc)");
  }

  private static Duration connectTimeout(String value) throws UsageException {
    try {
      Duration d = DiscoveryChainJson.parseDuration(value);
      if (!d.isNegative()) {
        return d;
      }
    } catch (IllegalArgumentException e) {
      // reported below, with the syntax
    }
    throw new UsageException("--override-connect-timeout: " + JsonString.quote(value)
        + " (expected: a duration >= 0 in Go's syntax, e.g. 5s or 1m30s)");
  }

  private static MeshGatewayMode meshGateway(String value) throws UsageException {
    for (MeshGatewayMode mode : List.of(MeshGatewayMode.NONE, MeshGatewayMode.LOCAL, MeshGatewayMode.REMOTE)) {
      if (mode.wireName().equals(value)) {
        return mode;
      }
    }
    throw new UsageException("--override-mesh-gateway: " + JsonString.quote(value)
        + " (expected: none, local or remote)");
  }
}
