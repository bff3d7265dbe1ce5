package dev.meshgate.netty;

import dev.meshgate.core.mesh.Route;
import dev.meshgate.core.routing.SniDecision;
import dev.meshgate.core.routing.SniRouter;
import dev.meshgate.sni.ClientHello;
import dev.meshgate.sni.ParseResult;
import dev.meshgate.sni.netty.ClientHelloSniffer;
import dev.meshgate.sni.netty.Decision;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import java.time.Duration;
import java.util.Objects;

/**
 * The mesh gateway flow for a {@code ServerBootstrap}'s child channels: sniff the ClientHello,
 * route its SNI through a mesh gateway's {@link SniRouter} (a {@code MeshGateway} or its current
 * table), and {@link Relay relay} the connection, bytes untouched and still encrypted, to the
 * route's endpoints in order (healthy first, as the table gives them). The gateway holds no key:
 * the client's TLS session is with the endpoint.
 *
 * <pre>{@code
 * bootstrap.childHandler(MeshGatewayInitializer.builder(meshGateway).build());
 * }</pre>
 *
 * <p>Fail closed: a connection that does not start with a ClientHello, whose SNI is missing or
 * unknown ({@link SniDecision.Reject}), or whose route needs the gateway to terminate TLS (an
 * HTTP-like service exported to peers, which this relay does not do) is closed; the reason is
 * logged at DEBUG by the sniffer and reported to the relay's {@link GatewayObserver#rejected}, as
 * are ClientHellos that are malformed, too large or too slow to arrive.
 * Routed connections are reported to {@link GatewayObserver#routed} with the route's kind and
 * cluster, e.g. {@code LOCAL_SERVICE api.default.dc1.internal.<trust domain>}.
 *
 * <p>Immutable and thread-safe: one initializer serves every child channel.
 */
public final class MeshGatewayInitializer extends ChannelInitializer<Channel> {
  private final SniRouter<Route> router;
  private final Relay relay;
  private final GatewayObserver observer;
  private final ClientHelloSniffer sniffer;
  private final RejectionReporter reporter;

  private MeshGatewayInitializer(SniRouter<Route> router, Relay relay, Duration handshakeTimeout) {
    this.router = router;
    this.relay = relay;
    this.observer = relay.observer();
    ClientHelloSniffer.Builder sniffing = ClientHelloSniffer.builder().decider(this::decide);
    if (handshakeTimeout != null) {
      sniffing.handshakeTimeout(handshakeTimeout);
    }
    this.sniffer = sniffing.build();
    this.reporter = new RejectionReporter(observer);
  }

  /**
   * Starts configuring the flow over a mesh gateway's routes.
   *
   * @param router the routes to follow, typically the {@code MeshGateway}, whose table may change
   * @return a new builder
   * @throws NullPointerException if {@code router} is null
   */
  public static Builder builder(SniRouter<Route> router) {
    return new Builder(Objects.requireNonNull(router, "router"));
  }

  /**
   * Returns the relay connections are handed to.
   *
   * @return the relay
   */
  public Relay relay() {
    return relay;
  }

  /**
   * Returns how long a client may take to send its ClientHello.
   *
   * @return a positive duration
   */
  public Duration handshakeTimeout() {
    return sniffer.handshakeTimeout();
  }

  @Override
  protected void initChannel(Channel ch) {
    ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    ch.pipeline().addLast(sniffer.newHandler(), reporter);
  }

  /** Runs on the connection's event loop once its ClientHello is parsed. */
  private Decision decide(Channel channel, ParseResult result) {
    if (!(result instanceof ClientHello)) {
      return reject(channel, "", "not a TLS ClientHello");
    }
    String sni = ((ClientHello) result).serverName().orElse("");
    SniDecision<Route> decision = router.route(sni);
    Route route = decision.routeOrNull();
    if (route == null) {
      return reject(channel, sni, ((SniDecision.Reject<Route>) decision).reason().name());
    }
    if (route.terminatesTls()) {
      return reject(channel, sni, "route " + route.cluster() + " needs TLS termination, which a mesh relay does not do");
    }
    Observers.routed(observer, channel, sni, route.kind() + " " + route.cluster());
    channel.pipeline().addLast(relay.newHandler(route.endpoints()));
    return Decision.forward();
  }

  private static Decision reject(Channel channel, String sni, String reason) {
    // Reported to the observer by the RejectionReporter after the sniffer, with the sniffer's own
    // rejections (malformed hellos, timeouts): one path for every refusal.
    return Decision.close(reason);
  }

  /**
   * Configures a {@link MeshGatewayInitializer}. Each setting may be set once. Not thread-safe.
   */
  public static final class Builder {
    private final SniRouter<Route> router;
    private Relay relay;
    private Duration handshakeTimeout;

    private Builder(SniRouter<Route> router) {
      this.router = router;
    }

    /**
     * Sets the relay (its timeouts, water marks and observer).
     *
     * @param relay the relay; default {@link Relay#defaults()}
     * @return this builder
     * @throws IllegalStateException if it was already set
     * @throws NullPointerException if {@code relay} is null
     */
    public Builder relay(Relay relay) {
      if (this.relay != null) {
        throw new IllegalStateException("relay was already set to " + this.relay);
      }
      this.relay = Objects.requireNonNull(relay, "relay");
      return this;
    }

    /**
     * Sets how long a client may take, from connecting, to send its ClientHello.
     *
     * @param timeout as {@link ClientHelloSniffer.Builder#handshakeTimeout(Duration)} accepts;
     *     default {@link ClientHelloSniffer#DEFAULT_HANDSHAKE_TIMEOUT}
     * @return this builder
     * @throws IllegalStateException if it was already set
     * @throws NullPointerException if {@code timeout} is null
     */
    public Builder handshakeTimeout(Duration timeout) {
      if (handshakeTimeout != null) {
        throw new IllegalStateException("handshakeTimeout was already set to " + handshakeTimeout);
      }
      this.handshakeTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Builds the initializer.
     *
     * @return a new initializer, shareable between channels
     * @throws IllegalArgumentException if the handshake timeout is out of the sniffer's range
     */
    public MeshGatewayInitializer build() {
      return new MeshGatewayInitializer(router, relay == null ? Relay.defaults() : relay, handshakeTimeout);
    }
  }
}
