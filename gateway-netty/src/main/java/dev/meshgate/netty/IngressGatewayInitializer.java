package dev.meshgate.netty;

import dev.meshgate.core.catalog.Endpoint;
import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.ingress.GatewayTls;
import dev.meshgate.core.ingress.IngressGateway;
import dev.meshgate.core.ingress.IngressListener;
import dev.meshgate.core.ingress.Reject;
import dev.meshgate.core.ingress.Route;
import dev.meshgate.core.ingress.RouteDecision;
import dev.meshgate.core.ingress.Sds;
import dev.meshgate.tls.KeyMaterial;
import dev.meshgate.tls.MeshClientTls;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.Mapping;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLException;

/**
 * The ingress gateway flow for the child channels of one listener's {@code ServerBootstrap}: the
 * listener's protocol and TLS, looked up in the gateway's current config entry when a connection
 * arrives, decide what the connection gets.
 *
 * <ul>
 *   <li>TLS: when the entry makes the listener serve TLS ({@code TLS.Enabled} on the gateway or the
 *       listener, or an SDS certificate), the connection is TLS first. The certificate is chosen by
 *       the ClientHello's server name with {@link dev.meshgate.core.ingress.IngressRouter#tls}: a
 *       service's own SDS certificate for that service's hosts, else the listener's or the
 *       gateway's SDS certificate, else (Consul's {@code TLS.Enabled}) the gateway's own
 *       certificate. SDS certificates come from {@link Builder#sdsCertificates}, the gateway's from
 *       {@link Builder#gatewayCertificate}; a certificate that neither supplies fails the handshake,
 *       never a plaintext fallback. The entry's {@code TLSMinVersion} / {@code TLSMaxVersion}
 *       (unset: TLS 1.2 to 1.3) and {@code CipherSuites} (TLS 1.2 and older; TLS 1.3 keeps its own)
 *       apply; no client certificate is asked for. On HTTP listeners ALPN offers {@code h2} and
 *       {@code http/1.1}; tcp listeners offer no protocol.
 *   <li>HTTP-like listeners: HTTP/1.1 ({@link HttpServerCodec}), or on TLS HTTP/2 when the client
 *       chose {@code h2} (each stream becomes one HTTP/1-style request, at most 100 streams at a
 *       time per connection). Requests are aggregated up to {@link Builder#maxContentLength} (a
 *       larger one is answered 413 and not forwarded). Each request is routed by {@link
 *       IngressGateway#route(int, CharSequence, dev.meshgate.core.chain.ChainRequest, long)} (Host
 *       or {@code :authority}, path, headers, query, method, source address): a {@link Reject}
 *       answers 404, an {@code Unavailable} 503; an {@code HttpRoute} gets the virtual host's
 *       header changes, then the chain route's, its path rewrite, and is sent over HTTP/1.1 and
 *       mesh mTLS ({@link MeshClientTls}: the gateway's leaf, the target's SNI, the target's
 *       SPIFFE ID required) to the endpoint the chain's load balancer chooses ({@code
 *       least_request} compares the requests this flow has in flight to each endpoint, counted
 *       across all its connections), then the other healthy endpoints in order while connections
 *       or handshakes fail; 502 when none succeeds, 504 after the route's request timeout (15 s
 *       when it sets none). A response whose status the route's retry policy lists ({@code
 *       RetryOnStatusCodes}, or {@code RetryOn} {@code 5xx}, {@code gateway-error}, {@code
 *       retriable-4xx}) is dropped and the request sent again to the next endpoint, and so is a
 *       request whose upstream connection ends before the response when {@code RetryOn} has
 *       {@code reset} or {@code 5xx}; at most {@code NumRetries} times (once when it sets none, as
 *       Envoy). The response gets the virtual host's
 *       response header changes, then the chain route's. On HTTP/1.1 the upstream connection is
 *       kept for the connection's next request to the same endpoint; each HTTP/2 stream has its
 *       own.
 *   <li>tcp listeners: the connection (after the TLS handshake on a TLS listener) is {@link Relay
 *       relayed} to the route's healthy endpoints in order, over the same mesh mTLS towards the
 *       route's SNI and identity. With {@link IngressListener#sniRouting()} (which requires TLS) the
 *       route is the service whose hosts match the ClientHello's server name.
 * </ul>
 *
 * <pre>{@code
 * bootstrap.childHandler(IngressGatewayInitializer.builder(gateway, 8443, meshClientTls)
 *     .gatewayCertificate(KeyMaterial.load(certPem, keyPem, new char[0])) // TLS.Enabled
 *     .sdsCertificates(sds -> certificates.get(sds.certResource()))  // per-service SDS
 *     .build());
 * }</pre>
 *
 * <p>Fail closed: a server that does not present the target's SPIFFE ID from the mesh roots never
 * receives a byte; a port without a listener closes the connection; a TLS listener without its
 * certificate fails the handshake. Each request ends with one {@link
 * GatewayObserver#requestCompleted}; refused connections and failed downstream handshakes are
 * reported to {@link GatewayObserver#rejected}.
 *
 * <p>Immutable and thread-safe: one initializer serves every child channel of its listener.
 */
public final class IngressGatewayInitializer extends ChannelInitializer<Channel> {
  /** The default bound on an aggregated request or response body. */
  public static final int DEFAULT_MAX_CONTENT_LENGTH = 1024 * 1024;

  private static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;
  private static final int MAX_CONCURRENT_STREAMS = 100;
  /** How many idle upstream connections per key an event loop keeps unless a test sets fewer. */
  private static final int DEFAULT_MAX_IDLE_PER_KEY = 32;
  /** The longest an idle upstream connection is kept; the relay's idle timeout when shorter. */
  private static final Duration MAX_POOL_IDLE_TIMEOUT = Duration.ofSeconds(60);

  private static final InternalLogger LOG = InternalLoggerFactory.getInstance(IngressGatewayInitializer.class);

  private final IngressGateway gateway;
  private final int port;
  private final MeshClientTls tls;
  private final Relay relay;
  private final int maxContentLength;
  private final LongSupplier random;
  private final DownstreamTls downstream;
  private final InFlight inFlight = new InFlight();
  private final int maxIdlePerKey;
  private final Duration poolIdleTimeout;
  private final Map<EventLoop, UpstreamPool> pools = new ConcurrentHashMap<>();

  private IngressGatewayInitializer(Builder b) {
    this.gateway = b.gateway;
    this.port = b.port;
    this.tls = b.tls;
    this.relay = b.relay == null ? Relay.defaults() : b.relay;
    this.maxContentLength = b.maxContentLength == 0 ? DEFAULT_MAX_CONTENT_LENGTH : b.maxContentLength;
    this.random = b.random == null ? () -> ThreadLocalRandom.current().nextLong() : b.random;
    this.downstream = new DownstreamTls(b.gatewayCertificate, b.sdsCertificates);
    this.maxIdlePerKey = b.maxIdlePerKey == 0 ? DEFAULT_MAX_IDLE_PER_KEY : b.maxIdlePerKey;
    Duration relayIdle = relay.idleTimeout();
    this.poolIdleTimeout = relayIdle.compareTo(MAX_POOL_IDLE_TIMEOUT) < 0 ? relayIdle : MAX_POOL_IDLE_TIMEOUT;
  }

  /**
   * Starts configuring the flow for one listener.
   *
   * @param gateway the gateway whose routes to follow
   * @param port the listener's port in the gateway's config entry (the port the embedder binds may
   *     differ, for example behind a port mapping)
   * @param tls the mesh-side client TLS: the gateway's own leaf and the mesh roots
   * @return a new builder
   * @throws NullPointerException if an object is null
   * @throws IllegalArgumentException if the port is not 1..65535
   */
  public static Builder builder(IngressGateway gateway, int port, MeshClientTls tls) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
    }
    return new Builder(Objects.requireNonNull(gateway, "gateway"), port, Objects.requireNonNull(tls, "tls"));
  }

  /**
   * Returns the relay tcp listeners use; its observer and connect timeout serve HTTP listeners too.
   *
   * @return the relay
   */
  public Relay relay() {
    return relay;
  }

  /**
   * Returns the listener port this flow routes for.
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  @Override
  protected void initChannel(Channel ch) {
    IngressListener listener = listener();
    if (listener == null) {
      refuse(ch, Reject.NO_LISTENER.reason().name());
      return;
    }
    boolean http = Protocol.parse(listener.protocol()).isHttpLike();
    if (gateway.router().tls(port, null).isPresent()) {
      ListenerSni sni = new ListenerSni(http);
      ch.pipeline().addLast(sni, new Alpn(sni, http));
      return;
    }
    if (http) {
      http1(ch);
      return;
    }
    relayTcp(ch, null);
  }

  /**
   * Relays a tcp listener's connection to its route's healthy endpoints: its one service, or with
   * SNI routing the service whose hosts match {@code serverName} (null when there is none).
   */
  private void relayTcp(Channel ch, String serverName) {
    RouteDecision decision = gateway.route(port, serverName, (CharSequence) null);
    if (!(decision instanceof Route route)) {
      refuse(ch, decision instanceof Reject reject ? reject.reason().name() : "not a tcp route");
      return;
    }
    List<Endpoint> healthy = new ArrayList<>(route.upstream().endpoints().size());
    for (Endpoint e : route.upstream().endpoints()) {
      if (e.healthy()) {
        healthy.add(e);
      }
    }
    Observers.routed(relay.observer(), ch, serverName == null ? "" : serverName, route.service().toString());
    String sni = route.upstream().sni();
    ch.pipeline().addLast(relay.newHandler(healthy, (backend, endpoint) -> backend.pipeline().addFirst(
        new SslHandler(tls.newEngine(route.upstream().identity(), sni, endpoint.address(), endpoint.port())))));
  }

  private void http1(Channel ch) {
    ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(maxContentLength),
        new IngressHttpHandler(this));
  }

  /** HTTP/2 on a TLS connection: each stream an aggregated HTTP/1-style request into its own handler. */
  private void http2(Channel ch) {
    ch.pipeline().addLast(Http2FrameCodecBuilder.forServer()
            .initialSettings(Http2Settings.defaultSettings().maxConcurrentStreams(MAX_CONCURRENT_STREAMS))
            .build(),
        new Http2MultiplexHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel stream) {
            stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true),
                new HttpObjectAggregator(maxContentLength), new IngressHttpHandler(IngressGatewayInitializer.this));
          }
        }));
  }

  /** The server context for a ClientHello's server name, or a failure that ends the connection. */
  private SslContext serverContext(String sni, boolean http) throws SSLException {
    Optional<GatewayTls> tls = gateway.router().tls(port, sni);
    if (tls.isEmpty()) {
      throw new SSLException("listener port " + port + " no longer serves TLS");
    }
    return downstream.context(tls.get(), http);
  }

  /** Picks the certificate by the ClientHello's server name, then hands over to the SslHandler. */
  private final class ListenerSni extends SniHandler {
    private final boolean http;

    ListenerSni(boolean http) {
      super((Mapping<String, SslContext>) name -> null, HANDSHAKE_TIMEOUT_MILLIS);
      this.http = http;
    }

    @Override
    protected Future<SslContext> lookup(ChannelHandlerContext ctx, String hostname) {
      Promise<SslContext> promise = ctx.executor().newPromise();
      try {
        return promise.setSuccess(serverContext(hostname, http));
      } catch (SSLException e) {
        return promise.setFailure(e);
      }
    }
  }

  /**
   * After the handshake: on a tcp listener the relay (routed by the ClientHello's server name when
   * the listener routes by SNI); else HTTP/2 when the client chose h2 by ALPN, else HTTP/1.1.
   */
  private final class Alpn extends ApplicationProtocolNegotiationHandler {
    private final SniHandler sni;
    private final boolean http;
    /** A failed handshake is both an exception and an event: report it once. */
    private boolean refused;

    Alpn(SniHandler sni, boolean http) {
      super(ApplicationProtocolNames.HTTP_1_1);
      this.sni = sni;
      this.http = http;
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
      if (!http) {
        relayTcp(ctx.channel(), sni.hostname());
      } else if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
        http2(ctx.channel());
      } else {
        http1(ctx.channel());
      }
    }

    @Override
    protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
      refuseOnce(ctx, "TLS handshake failed: " + cause);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      refuseOnce(ctx, "TLS: " + (cause.getCause() != null ? cause.getCause() : cause));
    }

    private void refuseOnce(ChannelHandlerContext ctx, String reason) {
      if (!refused) {
        refused = true;
        refuse(ctx.channel(), reason);
      }
    }
  }

  private IngressListener listener() {
    for (IngressListener l : gateway.router().entry().listeners()) {
      if (l.port() == port) {
        return l;
      }
    }
    return null;
  }

  private void refuse(Channel ch, String reason) {
    LOG.debug("{}: closed: {} (listener port {})", ch, reason, port);
    Observers.rejected(relay.observer(), ch, "", reason);
    ch.close();
  }

  // --- for IngressHttpHandler

  IngressGateway gateway() {
    return gateway;
  }

  MeshClientTls tls() {
    return tls;
  }

  int maxContentLength() {
    return maxContentLength;
  }

  long random() {
    return random.getAsLong();
  }

  InFlight inFlight() {
    return inFlight;
  }

  /** The idle upstream connections of this flow on {@code loop}; use it only on {@code loop}. */
  UpstreamPool pool(EventLoop loop) {
    return pools.computeIfAbsent(loop, l -> new UpstreamPool(maxIdlePerKey, poolIdleTimeout));
  }

  /**
   * Configures an {@link IngressGatewayInitializer}. Every setting has a default and may be set
   * once. Not thread-safe.
   */
  public static final class Builder {
    private final IngressGateway gateway;
    private final int port;
    private final MeshClientTls tls;
    private Relay relay;
    private int maxContentLength;
    private LongSupplier random;
    private KeyMaterial gatewayCertificate;
    private Function<Sds, KeyMaterial> sdsCertificates;
    private int maxIdlePerKey;

    private Builder(IngressGateway gateway, int port, MeshClientTls tls) {
      this.gateway = gateway;
      this.port = port;
      this.tls = tls;
    }

    /**
     * Sets the relay: tcp listeners relay through it; its observer receives every event and its
     * channel type serves HTTP upstream connections too.
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
     * Sets the largest request or response body the flow aggregates; a larger request is answered
     * 413, a larger response 502.
     *
     * @param bytes 1 .. {@link Integer#MAX_VALUE}; default {@link IngressGatewayInitializer#DEFAULT_MAX_CONTENT_LENGTH} (1 MiB)
     * @return this builder
     * @throws IllegalStateException if it was already set
     * @throws IllegalArgumentException if {@code bytes} is not positive
     */
    public Builder maxContentLength(int bytes) {
      if (maxContentLength != 0) {
        throw new IllegalStateException("maxContentLength was already set to " + maxContentLength);
      }
      if (bytes < 1) {
        throw new IllegalArgumentException("maxContentLength: " + bytes + " (expected: at least 1)");
      }
      this.maxContentLength = bytes;
      return this;
    }

    /**
     * Sets how many idle upstream connections per endpoint, identity and SNI each event loop keeps
     * for later requests; a connection freed beyond that is closed. For tests.
     *
     * @param connections at least 1; default 32
     * @return this builder
     * @throws IllegalArgumentException if {@code connections} is not positive
     */
    Builder maxIdlePerKey(int connections) {
      if (connections < 1) {
        throw new IllegalArgumentException("maxIdlePerKey: " + connections + " (expected: at least 1)");
      }
      this.maxIdlePerKey = connections;
      return this;
    }

    /**
     * Sets where the random values for the chain's splits and load balancer come from, so tests
     * can make them fixed.
     *
     * @param random returns uniformly random values; default {@link ThreadLocalRandom}
     * @return this builder
     * @throws IllegalStateException if it was already set
     * @throws NullPointerException if {@code random} is null
     */
    public Builder random(LongSupplier random) {
      requireUnset(this.random, "random");
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Sets the certificate TLS listeners serve when the entry's {@code TLS.Enabled} applies and no
     * SDS certificate does: Consul's case of the gateway's own Connect leaf, which should carry the
     * DNS SANs of {@link dev.meshgate.core.ingress.IngressRouter#dnsSans}. Without it such a
     * listener fails every handshake (fail closed) instead of serving plaintext.
     *
     * @param certificate the certificate chain and private key, e.g. {@link KeyMaterial#load} of PEM files
     * @return this builder
     * @throws IllegalStateException if it was already set
     * @throws NullPointerException if {@code certificate} is null
     */
    public Builder gatewayCertificate(KeyMaterial certificate) {
      requireUnset(this.gatewayCertificate, "gatewayCertificate");
      this.gatewayCertificate = Objects.requireNonNull(certificate, "certificate");
      return this;
    }

    /**
     * Sets where SDS certificates come from: the listener's, the gateway's, or, chosen by the
     * ClientHello's server name, a service's own {@code TLS.SDS} certificate. The function is asked
     * on each TLS handshake with the effective cluster and certificate resource names; it should
     * return quickly (for example from a map of {@link KeyMaterial#load loaded} PEM files) and
     * return the same instance until the certificate changes: the server context is built once per
     * instance, so new material after a rotation serves from the next handshake on. Returning null
     * fails the handshake.
     *
     * @param certificates the key material for a certificate resource, or null when unknown
     * @return this builder
     * @throws IllegalStateException if it was already set
     * @throws NullPointerException if {@code certificates} is null
     */
    public Builder sdsCertificates(Function<Sds, KeyMaterial> certificates) {
      requireUnset(this.sdsCertificates, "sdsCertificates");
      this.sdsCertificates = Objects.requireNonNull(certificates, "certificates");
      return this;
    }

    /**
     * Builds the initializer.
     *
     * @return a new initializer, shareable between the listener's channels
     */
    public IngressGatewayInitializer build() {
      return new IngressGatewayInitializer(this);
    }

    private static void requireUnset(Object value, String name) {
      if (value != null) {
        throw new IllegalStateException(name + " was already set to " + value);
      }
    }
  }
}
