package dev.meshgate.examples.gateway;

import dev.meshgate.consul.api.ConsulClient;
import dev.meshgate.core.intentions.DefaultPolicy;
import dev.meshgate.core.naming.TrustDomain;
import dev.meshgate.examples.Io;
import dev.meshgate.examples.UsageException;
import dev.meshgate.examples.gateway.RunningGateway.GatewayKind;
import dev.meshgate.netty.GatewayObserver;
import dev.meshgate.netty.Relay;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gateway}: runs one mesh, terminating or ingress gateway from a directory of Consul config
 * entries and catalog files ({@code --config}), or following a live Consul agent ({@code
 * --consul}), with an admin endpoint, until {@code POST /quitquitquit} or the process is stopped. A
 * mesh gateway following Consul routes to every service of its datacenter and to the mesh gateways
 * of the other datacenters. Changes apply without a restart; a change with any problem is refused
 * with its problems (on the log and in {@code /stats}) and the previous config serves on. Exit
 * status 0 after a clean stop, 1 when the first config of a directory cannot be served or a gateway
 * following Consul cannot serve once it has its first answers (its listener cannot be bound), 2 for
 * a usage error.
 */
@Command(name = "gateway", sortOptions = false,
    description = {"Run one Consul gateway (mesh, terminating or ingress) from a config directory, or "
        + "following a Consul agent (--consul).",
        "DIR holds Consul config entries (*.json, as `consul config read` prints them); DIR/catalog/*.json the "
            + "catalog, each file an answer of Consul's /v1/health/service/<name>; DIR/tls the mesh CA (ca.pem) and "
            + "leaves (<service>.pem, <service>-key.pem: each linked service's for a terminating gateway, the "
            + "gateway's own for an ingress gateway).",
        "With --consul the gateway follows the agent's blocking queries: its own entry, intentions, the linked "
            + "services' instances, service-defaults, proxy-defaults, resolvers, routers, splitters, CA roots and "
            + "leaves (a mesh gateway: every service of the datacenter, and the mesh gateways named as it is in the "
            + "other datacenters); /ready is 503 until each has answered once; a gateway that cannot serve then "
            + "(its port taken) exits with status 1.",
        "Changes apply without restart; a change with any problem is refused and the previous config serves on.",
        "Admin: GET /ready, /routes, /stats, /metrics; POST /quitquitquit stops the gateway."})
public final class GatewayCommand implements Callable<Integer> {
  @Option(names = "--kind", required = true, paramLabel = "mesh|terminating|ingress",
      description = "which gateway to run")
  private String kind;

  @Option(names = "--name", required = true, paramLabel = "NAME",
      description = "the gateway's service name: its terminating-gateway or ingress-gateway entry's name; with "
          + "--consul, a mesh gateway finds the other datacenters' mesh gateways under this name")
  private String name;

  @Option(names = "--datacenter", paramLabel = "DC", defaultValue = "dc1",
      description = "the gateway's datacenter (default ${DEFAULT-VALUE})")
  private String datacenter;

  @Option(names = "--trust-domain", required = true, paramLabel = "TD",
      description = "the mesh's trust domain, <cluster-id>.consul")
  private String trustDomain;

  @Option(names = "--config", paramLabel = "DIR", description = "the config directory (or --consul)")
  private Path config;

  @Option(names = "--consul", paramLabel = "HOST:PORT",
      description = "follow this Consul agent's HTTP API instead of a directory (or --config)")
  private String consul;

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "with --consul: the file holding the ACL token sent to the agent")
  private Path tokenFile;

  @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8443",
      description = "where a mesh or terminating gateway listens (default ${DEFAULT-VALUE}); an ingress "
          + "gateway listens on HOST at each listener's port")
  private String listen;

  @Option(names = "--admin", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:19000",
      description = "the admin endpoint (default ${DEFAULT-VALUE}; port 0 picks a free one)")
  private String admin;

  @Option(names = "--default-policy", paramLabel = "allow|deny", defaultValue = "deny",
      description = "what intentions decide when none matches (default ${DEFAULT-VALUE})")
  private String defaultPolicy;

  @Option(names = "--reload-interval", paramLabel = "SECONDS", defaultValue = "1",
      description = "how often the config directory is checked for changes (default ${DEFAULT-VALUE})")
  private int reloadSeconds;

  private final Io io;

  /**
   * Creates the command.
   *
   * @param io where progress goes (the addresses it listens on, refused configs)
   */
  public GatewayCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws Exception {
    GatewayKind gatewayKind = kind(kind);
    TrustDomain td;
    try {
      td = new TrustDomain(trustDomain);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--trust-domain: " + e.getMessage());
    }
    DefaultPolicy policy = switch (defaultPolicy) {
      case "allow" -> DefaultPolicy.ALLOW;
      case "deny" -> DefaultPolicy.DENY;
      default -> throw new UsageException("--default-policy: \"" + defaultPolicy + "\" (expected: allow or deny)");
    };
    UsageException.inRange("--reload-interval", reloadSeconds, 1, 3600);
    ConsulClient client = consul == null ? null : consulClient();
    if (client == null) {
      if (config == null) {
        throw new UsageException("--config, --consul: none given (expected: exactly one)");
      }
      if (tokenFile != null) {
        throw new UsageException("--token-file: given without --consul (expected: only with --consul)");
      }
      if (!Files.isDirectory(config)) {
        throw new UsageException("--config: \"" + config + "\" (expected: a directory)");
      }
    }
    InetSocketAddress listenAt = hostPort("--listen", listen);
    InetSocketAddress adminAt = hostPort("--admin", admin);

    Transport transport = Transport.best();
    EventLoopGroup group = transport.newGroup();
    CountDownLatch stop = new CountDownLatch(1);
    Thread hook = new Thread(stop::countDown, "meshgate-shutdown");
    Optional<String> failure;
    try {
      Settings settings = new Settings(name, datacenter, td, listenAt, client == null ? config.resolve("tls") : null,
          policy, Relay.defaults(), group, transport, io);
      try (RunningGateway gateway = client == null
          ? RunningGateway.start(gatewayKind, settings, config, adminAt, reloadSeconds, GatewayObserver.noop(),
              stop::countDown)
          : RunningGateway.follow(gatewayKind, settings, client, adminAt, GatewayObserver.noop(), stop::countDown)) {
        io.err().println("transport: " + transport.name());
        io.err().println("admin on " + gateway.adminUrl());
        io.err().flush();
        Runtime.getRuntime().addShutdownHook(hook);
        stop.await();
        failure = gateway.failure();
      }
    } catch (RunningGateway.NotServed e) {
      for (String problem : e.problems()) {
        io.err().println(problem);
      }
      io.err().println("gateway: " + e.getMessage());
      return 1;
    } catch (RefusedConfig e) {
      io.err().println("gateway: " + e.getMessage());
      return 1;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook is what stopped us
      }
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
    if (failure.isPresent()) {
      io.err().println("gateway: " + failure.get());
      return 1;
    }
    io.err().println("gateway " + name + " stopped");
    return 0;
  }

  /** The client of the {@code --consul} agent, with the token of {@code --token-file} if given. */
  private ConsulClient consulClient() throws UsageException {
    if (config != null) {
      throw new UsageException("--config, --consul: both given (expected: exactly one)");
    }
    ConsulClient.Builder b = ConsulClient.builder();
    try {
      b.address(consul, false);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--consul: \"" + consul + "\" (expected: HOST:PORT of a Consul agent's HTTP API)");
    }
    if (tokenFile != null) {
      String token;
      try {
        token = Files.readString(tokenFile).strip();
      } catch (IOException | RuntimeException e) {
        throw new UsageException("--token-file: \"" + tokenFile + "\" cannot be read (" + e + ")");
      }
      try {
        b.token(token);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--token-file: \"" + tokenFile + "\" (expected: one ACL token, not empty)");
      }
    }
    return b.build();
  }

  private static GatewayKind kind(String text) throws UsageException {
    try {
      return GatewayKind.of(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--kind: \"" + text + "\" (expected: mesh, terminating or ingress)");
    }
  }

  /** Reads {@code host:port} with port 0..65535. */
  static InetSocketAddress hostPort(String option, String text) throws UsageException {
    int colon = text.lastIndexOf(':');
    try {
      int port = Integer.parseInt(text.substring(colon + 1));
      if (colon > 0 && port >= 0 && port <= 65535) {
        return new InetSocketAddress(InetAddress.getByName(text.substring(0, colon)), port);
      }
    } catch (NumberFormatException | UnknownHostException e) {
      // reported below
    }
    throw new UsageException(option + ": \"" + text + "\" (expected: HOST:PORT with an address and port 0..65535)");
  }
}
