package dev.meshgate.examples.chain;

import dev.meshgate.consul.config.DiscoveryChainJson;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.chain.CompileRequest;
import dev.meshgate.core.config.MeshGatewayMode;
import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.naming.TrustDomain;
import dev.meshgate.examples.Io;
import dev.meshgate.examples.JsonString;
import dev.meshgate.examples.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code chain compile --entries DIR --service NAME [--namespace NS] [--partition AP] [--datacenter
 * DC] [--trust-domain TD] [--override-protocol P] [--override-connect-timeout DURATION]
 * [--override-mesh-gateway none|local|remote]}: one service's discovery chain compiled from a
 * directory of Consul config entries, printed as Consul's {@code /v1/discovery-chain/NAME} returns
 * it under {@code Chain} ({@link ChainCompileCommand}). Exit status 0 compiled, 1 invalid entries
 * or chain, 2 usage error.
 */
@Command(name = "chain", description = "Compile a service's discovery chain from Consul config entries (JSON).")
public final class ChainCommand implements Callable<Integer> {
  private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

  @Spec
  private CommandSpec spec;

  private final Io io;

  /**
   * Creates the command.
   *
   * @param io where the chain (out) and the problems (err) go
   */
  public ChainCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing action (expected: compile)");
  }

  @Command(name = "compile", sortOptions = false,
      description = {"Compile one service's discovery chain as Consul compiles it.",
          "DIR: every *.json file in it holds Consul config entries (service-defaults, proxy-defaults, "
              + "service-router, service-splitter, service-resolver; one entry or an array per file; PascalCase or "
              + "snake_case); an empty DIR compiles the default chain.",
          "Prints the compiled chain as Consul's /v1/discovery-chain/NAME returns it under \"Chain\".",
          "Exit status: 0 compiled, 1 invalid entries or chain (Consul's message on stderr), 2 usage error."})
  int compile(
      @Option(names = "--entries", required = true, paramLabel = "DIR",
          description = "a directory of Consul config entries (*.json)") Path entries,
      @Option(names = "--service", required = true, paramLabel = "NAME", description = "the service") String service,
      @Option(names = "--namespace", paramLabel = "NS", defaultValue = "default",
          description = "its namespace (default default)") String namespace,
      @Option(names = "--partition", paramLabel = "AP", defaultValue = "default",
          description = "its admin partition (default default)") String partition,
      @Option(names = "--datacenter", paramLabel = "DC", defaultValue = "dc1",
          description = "the datacenter to compile in (default dc1)") String datacenter,
      @Option(names = "--trust-domain", paramLabel = "TD", defaultValue = "trustdomain.consul",
          description = "the trust domain of the targets' SNI (default trustdomain.consul)") String trustDomain,
      @Option(names = "--override-protocol", paramLabel = "P",
          description = "Consul's OverrideProtocol: tcp, http, http2 or grpc") String protocol,
      @Option(names = "--override-connect-timeout", paramLabel = "DURATION",
          description = "Consul's OverrideConnectTimeout, in Go's syntax (5s, 1m30s)") String connectTimeout,
      @Option(names = "--override-mesh-gateway", paramLabel = "none|local|remote",
          description = "Consul's OverrideMeshGateway mode") String meshGateway) throws UsageException {
    if (!Files.isDirectory(entries)) {
      throw new UsageException("--entries: " + JsonString.quote(entries.toString())
          + " (expected: an existing directory)");
    }
    if (service.isEmpty()) {
      throw new UsageException("--service: \"\" (expected: a service name)");
    }
    if (datacenter.isEmpty()) {
      throw new UsageException("--datacenter: \"\" (expected: a non-empty datacenter)");
    }
    TrustDomain td;
    try {
      td = new TrustDomain(trustDomain);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--trust-domain: " + e.getMessage());
    }
    CompileRequest request = CompileRequest.of(new ServiceName(service, namespace, partition), datacenter, td);
    if (protocol != null) {
      request = request.withOverrideProtocol(protocol(protocol));
    }
    if (connectTimeout != null) {
      request = request.withOverrideConnectTimeout(connectTimeout(connectTimeout));
    }
    if (meshGateway != null) {
      request = request.withOverrideMeshGateway(meshGateway(meshGateway));
    }
    // stderr carries the entries' problems and Consul's message; the loader's INFO summary would be
    // noise there. Set before the first logger exists; a level the user chose is kept.
    if (System.getProperty(LOG_LEVEL) == null) {
      System.setProperty(LOG_LEVEL, "warn");
    }
    return ChainCompileCommand.compile(entries, request, io.out(), io.err());
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
