package dev.meshgate.netty;

import dev.meshgate.core.intentions.DefaultPolicy;
import dev.meshgate.core.intentions.IntentionSet;
import dev.meshgate.core.routing.SniDecision;
import dev.meshgate.core.terminating.Route;
import dev.meshgate.core.terminating.TerminatingGateway;
import dev.meshgate.sni.ClientHello;
import dev.meshgate.sni.ParseResult;
import dev.meshgate.sni.netty.ClientHelloSniffer;
import dev.meshgate.sni.netty.Decision;
import dev.meshgate.tls.MeshServerTls;
import dev.meshgate.tls.TerminatingGatewayTls;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.ssl.SslHandler;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The terminating gateway flow for a {@code ServerBootstrap}'s child channels: sniff the SNI and
 * route it through a {@link TerminatingGateway}; terminate the caller's mesh mTLS with {@link
 * TerminatingGatewayTls#meshServer()} (which presents the routed service's leaf); take the caller's
 * SPIFFE identity from its certificate; then, by the route's protocol ({@code service-defaults}):
 *
 * <ul>
 *   <li><b>tcp, http2, grpc</b>: decide the connection once by intentions, at connect time (an L7
 *       intention denies it, as Consul does for an L4 request), originate to the route's endpoints
 *       as {@link TerminatingGatewayTls#origination(Route)} says (plaintext, one-way or mutual TLS,
 *       with the route's SNI and name check) and {@link Relay relay} the bytes;
 *   <li><b>http</b>: HTTP/1.1, and every request decided on its own by intentions with its method,
 *       path and headers. A denial is answered {@code 403} with the body {@code RBAC: access
 *       denied}, as Envoy's RBAC filter answers it, and the connection stays open if keep-alive says
 *       so. An allowed request goes where {@link TerminatingGateway#route(Route,
 *       dev.meshgate.core.chain.ChainRequest, long)} says: a {@code Forward} (the service's own
 *       route or, through its discovery chain, a resolver subset's, with that route's TLS mode and
 *       the chain route's path rewrite, header changes and timeouts) or a {@code Refuse}, whose
 *       status is answered. Forwarded requests and their responses are streamed, never aggregated,
 *       with the relay's backpressure; pipelined requests are answered in order, one at a time; the
 *       upstream connection is kept for the connection's next request to the same route and
 *       endpoint. 502 when no endpoint accepts a connection (and, with TLS, a verified handshake),
 *       504 when no response starts within the chain route's request timeout (15 s by default).
 *       A caller speaking plain HTTP inside the mesh mTLS reaches a TLS service over TLS: the
 *       origination is the route's. Intentions see the path as received, without normalization
 *       (no percent-decoding, dot-segment removal or slash merging), as Consul's default; a
 *       request that waits for {@code 100 Continue} and is answered here is answered with its
 *       connection closed, since its body may never come.
 * </ul>
 *
 * <pre>{@code
 * bootstrap.childHandler(TerminatingGatewayInitializer.builder(gateway, gatewayTls)
 *     .intentions(() -> currentIntentions).defaultPolicy(DefaultPolicy.DENY).build());
 * }</pre>
 *
 * <p>Fail closed, each refused connection reported to the relay's {@link GatewayObserver#rejected}
 * and logged at DEBUG: an SNI the gateway does not route, a failed mesh handshake (including a
 * caller without a certificate from the mesh CA), a caller that is not a service, an intention
 * denial (with the decision's explanation), a route whose TLS files cannot be used. Each HTTP
 * request ends with one {@link GatewayObserver#requestCompleted}, whose explanation is the
 * intention decision's (and the chain route's) or the reason it was answered here. A close_notify
 * from either side closes the connection (no half-close through TLS).
 *
 * <p>Immutable and thread-safe: one initializer serves every child channel.
 */
public final class TerminatingGatewayInitializer extends ChannelInitializer<Channel> {
  private final TerminatingGateway gateway;
  private final TerminatingGatewayTls tls;
  private final MeshServerTls meshServer;
  private final Supplier<IntentionSet> intentions;
  private final DefaultPolicy defaultPolicy;
  private final Relay relay;
  private final long handshakeTimeoutMillis;
  private final ClientHelloSniffer sniffer;
  private final RejectionReporter reporter;

  private TerminatingGatewayInitializer(Builder b) {
    this.gateway = b.gateway;
    this.tls = b.tls;
    this.meshServer = b.tls.meshServer();
    this.intentions = b.intentions;
    this.defaultPolicy = b.defaultPolicy;
    this.relay = b.relay == null ? Relay.defaults() : b.relay;
    ClientHelloSniffer.Builder sniffing = ClientHelloSniffer.builder().decider(this::decide);
    if (b.handshakeTimeout != null) {
      sniffing.handshakeTimeout(b.handshakeTimeout);
    }
    this.sniffer = sniffing.build();
    this.handshakeTimeoutMillis = sniffer.handshakeTimeout().toMillis();
    this.reporter = new RejectionReporter(relay.observer());
  }

  /**
   * Starts configuring the flow.
   *
   * @param gateway the gateway whose routes connections and requests follow
   * @param tls the gateway's TLS material, following the same gateway
   * @return a new builder
   * @throws NullPointerException if an argument is null
   */
  public static Builder builder(TerminatingGateway gateway, TerminatingGatewayTls tls) {
    return new Builder(Objects.requireNonNull(gateway, "gateway"), Objects.requireNonNull(tls, "tls"));
  }

  /**
   * Returns the relay connections are handed to once allowed.
   *
   * @return the relay
   */
  public Relay relay() {
    return relay;
  }

  /**
   * Returns what undecided connections get.
   *
   * @return the default intention policy
   */
  public DefaultPolicy defaultPolicy() {
    return defaultPolicy;
  }

  @Override
  protected void initChannel(Channel ch) {
    ch.pipeline().addLast(sniffer.newHandler(), reporter);
  }

  /** Runs on the connection's event loop once its ClientHello is parsed. */
  private Decision decide(Channel channel, ParseResult result) {
    if (!(result instanceof ClientHello)) {
      return Decision.close("not a TLS ClientHello");
    }
    String sni = ((ClientHello) result).serverName().orElse("");
    SniDecision<Route> decision = gateway.route(sni);
    Route route = decision.routeOrNull();
    if (route == null) {
      return Decision.close(((SniDecision.Reject<Route>) decision).reason().name());
    }
    SslHandler ssl = new SslHandler(meshServer.newEngine());
    ssl.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
    channel.pipeline().addLast(ssl, new CallerCheck(this, sni, route));
    return Decision.forward();
  }

  // --- for CallerCheck

  GatewayObserver observer() {
    return relay.observer();
  }

  MeshServerTls meshServer() {
    return meshServer;
  }

  IntentionSet intentions() {
    return intentions.get();
  }

  TerminatingGatewayTls tls() {
    return tls;
  }

  TerminatingGateway gateway() {
    return gateway;
  }

  long random() {
    return ThreadLocalRandom.current().nextLong();
  }

  /**
   * Configures a {@link TerminatingGatewayInitializer}. The intentions and the default policy are
   * required (meshgate never guesses a policy); the rest have defaults. Each setting may be set
   * once. Not thread-safe.
   */
  public static final class Builder {
    private final TerminatingGateway gateway;
    private final TerminatingGatewayTls tls;
    private Supplier<IntentionSet> intentions;
    private DefaultPolicy defaultPolicy;
    private Relay relay;
    private Duration handshakeTimeout;

    private Builder(TerminatingGateway gateway, TerminatingGatewayTls tls) {
      this.gateway = gateway;
      this.tls = tls;
    }

    /**
     * Sets where the current intentions come from; asked once per connection of a tcp, http2 or
     * grpc service, at connect time, and once per request of an http service, so a new set applies
     * to new connections and to every later HTTP request.
     *
     * @param intentions returns the current set; must not return null
     * @return this builder
     * @throws IllegalStateException if it was already set
     * @throws NullPointerException if {@code intentions} is null
     */
    public Builder intentions(Supplier<IntentionSet> intentions) {
      requireUnset(this.intentions, "intentions");
      this.intentions = Objects.requireNonNull(intentions, "intentions");
      return this;
    }

    /**
     * Sets what a connection no intention decides gets: Consul's {@code default_intention_policy}
     * (or its ACL default policy).
     *
     * @param policy the policy; required
     * @return this builder
     * @throws IllegalStateException if it was already set
     * @throws NullPointerException if {@code policy} is null
     */
    public Builder defaultPolicy(DefaultPolicy policy) {
      requireUnset(defaultPolicy, "defaultPolicy");
      this.defaultPolicy = Objects.requireNonNull(policy, "policy");
      return this;
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
      requireUnset(this.relay, "relay");
      this.relay = Objects.requireNonNull(relay, "relay");
      return this;
    }

    /**
     * Sets how long a caller may take to send its ClientHello, and then again to complete the
     * mesh TLS handshake.
     *
     * @param timeout as {@link ClientHelloSniffer.Builder#handshakeTimeout(Duration)} accepts;
     *     default {@link ClientHelloSniffer#DEFAULT_HANDSHAKE_TIMEOUT}
     * @return this builder
     * @throws IllegalStateException if it was already set
     * @throws NullPointerException if {@code timeout} is null
     */
    public Builder handshakeTimeout(Duration timeout) {
      requireUnset(handshakeTimeout, "handshakeTimeout");
      this.handshakeTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Builds the initializer.
     *
     * @return a new initializer, shareable between channels
     * @throws IllegalStateException if the intentions or the default policy are not set
     * @throws IllegalArgumentException if the handshake timeout is out of the sniffer's range
     */
    public TerminatingGatewayInitializer build() {
      if (intentions == null) {
        throw new IllegalStateException("intentions: not set (expected: the intentions to decide callers by)");
      }
      if (defaultPolicy == null) {
        throw new IllegalStateException("defaultPolicy: not set (expected: ALLOW or DENY, Consul's"
            + " default_intention_policy)");
      }
      return new TerminatingGatewayInitializer(this);
    }

    private static void requireUnset(Object value, String name) {
      if (value != null) {
        throw new IllegalStateException(name + " was already set to " + value);
      }
    }
  }
}
