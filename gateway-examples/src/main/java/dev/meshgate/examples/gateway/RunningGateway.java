package dev.meshgate.examples.gateway;

import dev.meshgate.consul.api.ConsulClient;
import dev.meshgate.netty.GatewayObserver;
import dev.meshgate.netty.Relay;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One gateway serving from a config directory or a Consul agent, with its admin endpoint and the
 * follower of its source: what {@code meshgate gateway} runs, and what {@code meshgate demo} runs
 * three of. Closing it closes its listeners, its admin endpoint and its follower.
 */
final class RunningGateway implements AutoCloseable {
  /** The three kinds of Consul gateway. */
  enum GatewayKind {
    MESH, TERMINATING, INGRESS;

    /** The kind named, in any case. */
    static GatewayKind of(String text) {
      return valueOf(text.toUpperCase(Locale.ROOT));
    }

    String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A first config that cannot be served: every problem, each naming its file. */
  static final class NotServed extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<String> problems;

    NotServed(Path directory, List<String> problems) {
      super(directory + " cannot be served (" + problems.size() + (problems.size() == 1 ? " problem)" : " problems)"));
      this.problems = List.copyOf(problems);
    }

    List<String> problems() {
      return problems;
    }
  }

  /**
   * Where a running gateway's config comes from: it feeds its gateway, tells the admin endpoint
   * what it knows, and closes its gateway when closed.
   */
  interface Source extends AutoCloseable {
    /** The admin endpoint's view; {@code quit} is what {@code POST /quitquitquit} runs. */
    AdminServer.View view(Runnable quit);

    @Override
    void close();
  }

  private final Source source;
  private final AdminServer admin;
  /** Why the gateway stopped on its own, once it did. */
  private final AtomicReference<String> failure;

  private RunningGateway(Source source, AdminServer admin, AtomicReference<String> failure) {
    this.source = source;
    this.admin = admin;
    this.failure = failure;
  }

  /**
   * Reads the directory and starts the gateway on it.
   *
   * @param also receives the flows' events beside the gateway's counters
   * @param quit what {@code POST /quitquitquit} runs
   * @throws NotServed if the directory has a problem
   * @throws RefusedConfig if the gateway cannot serve it (its own entry is missing)
   */
  static RunningGateway start(GatewayKind kind, Settings settings, Path directory, InetSocketAddress adminAt,
      int reloadSeconds, GatewayObserver also, Runnable quit) throws Exception {
    // taken before the first read, so that a file changed during it is read again at the first check
    String fingerprint = Reloader.fingerprint(directory);
    GatewayConfig first = GatewayConfig.load(directory, settings.datacenter(), settings.defaultPolicy());
    if (!first.ok()) {
      throw new NotServed(directory, first.problems());
    }
    Stats stats = new Stats(also);
    Settings withStats = withStats(settings, stats);
    Kind.FromDirectory gateway = switch (kind) {
      case MESH -> new MeshKind(withStats, first);
      case TERMINATING -> new TerminatingKind(withStats, first);
      case INGRESS -> new IngressKind(withStats, first);
    };
    Reloader reloader = new Reloader(directory, fingerprint, () -> GatewayConfig.load(directory,
        settings.datacenter(), settings.defaultPolicy()), gateway, stats);
    RunningGateway running = serve(reloader, adminAt, quit, new AtomicReference<>());
    reloader.start(reloadSeconds);
    return running;
  }

  /**
   * Starts a gateway that follows a Consul agent. It returns at once, with the admin endpoint up:
   * the gateway starts serving when the agent has answered what it needs ({@code /ready} says
   * when). If it then cannot serve (its listener cannot be bound), it runs {@code quit} and
   * {@link #failure()} says why.
   *
   * @param also receives the flows' events beside the gateway's counters
   * @param quit what {@code POST /quitquitquit} runs, and what a gateway that cannot serve runs
   */
  static RunningGateway follow(GatewayKind kind, Settings settings, ConsulClient client, InetSocketAddress adminAt,
      GatewayObserver also, Runnable quit) throws Exception {
    Stats stats = new Stats(also);
    Settings withStats = withStats(settings, stats);
    AtomicReference<String> failure = new AtomicReference<>();
    Consumer<String> cannotServe = reason -> {
      if (failure.compareAndSet(null, reason)) {
        quit.run();
      }
    };
    ConsulFollower.Followed gateway = switch (kind) {
      case MESH -> new ConsulMeshKind(withStats, client, cannotServe);
      case TERMINATING -> new ConsulTerminatingKind(withStats, client, cannotServe);
      case INGRESS -> new ConsulIngressKind(withStats, client, cannotServe);
    };
    return serve(new ConsulFollower(client, gateway, stats), adminAt, quit, failure);
  }

  private static Settings withStats(Settings settings, Stats stats) {
    return settings.withRelay(Relay.builder().observer(stats).channelType(settings.transport().client()).build());
  }

  /** Starts the admin endpoint on the source; closes the source if it cannot. */
  private static RunningGateway serve(Source source, InetSocketAddress adminAt, Runnable quit,
      AtomicReference<String> failure) throws Exception {
    try {
      return new RunningGateway(source, AdminServer.start(adminAt, source.view(quit)), failure);
    } catch (Exception e) {
      source.close();
      throw e;
    }
  }

  /** The admin endpoint's base address, {@code http://host:port/}. */
  String adminUrl() {
    InetSocketAddress a = admin.address();
    return "http://" + a.getAddress().getHostAddress() + ":" + a.getPort() + "/";
  }

  /** Why the gateway stopped on its own (it could not serve); empty when it was stopped. */
  Optional<String> failure() {
    return Optional.ofNullable(failure.get());
  }

  @Override
  public void close() {
    admin.close();
    source.close();
  }
}
