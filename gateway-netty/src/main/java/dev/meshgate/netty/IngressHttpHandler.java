package dev.meshgate.netty;

import dev.meshgate.core.catalog.Endpoint;
import dev.meshgate.core.chain.ChainRoute;
import dev.meshgate.core.ingress.HttpRoute;
import dev.meshgate.core.ingress.Reject;
import dev.meshgate.core.ingress.RouteDecision;
import dev.meshgate.core.ingress.Unavailable;
import dev.meshgate.core.naming.SpiffeId;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/*
 * One client connection of an HTTP/1.1 ingress listener. Requests are handled one at a time, in
 * order: while one is upstream, reading from the client stops (and requests a single read already
 * decoded are queued), so a pipelining client cannot make the gateway buffer more than one
 * aggregated request plus what one read held. The upstream connection is kept for the next
 * request when it goes to the same endpoint with the same expected identity and SNI; otherwise,
 * and when the client connection closes, an idle one goes back to the flow's pool of its event
 * loop, where a later request for that key (from any client connection on the loop) takes it
 * instead of opening a new one. An upstream connection is only used once its mTLS handshake has
 * succeeded, so a request is never written to a server that is not the target. A reused
 * connection that the server closed while idle fails the request's first write or ends before
 * any response byte: the request is then sent once more, on a new connection to the same endpoint,
 * without spending the route's retries.
 */
final class IngressHttpHandler extends ChannelInboundHandlerAdapter {
  private static final InternalLogger LOG = InternalLoggerFactory.getInstance(IngressHttpHandler.class);

  private final IngressGatewayInitializer flow;
  private final ArrayDeque<FullHttpRequest> queued = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private String sourceAddress = "";

  // the request in flight
  private boolean busy;
  private FullHttpRequest request;
  private boolean keepAlive;
  private String host;
  private String path;
  private long started;
  private long requestBytes;
  private HttpRoute route;
  private List<Endpoint> order;
  private int attempt;
  private int retriesLeft;
  private Endpoint answering;
  /** The endpoint counted in the flow's in-flight requests for the request in flight, if any. */
  private Endpoint counted;
  private ScheduledFuture<?> timeout;
  /** Whether the request in flight was already sent again because its reused connection was stale. */
  private boolean staleRetried;
  /** Whether the request in flight was written out in full to its upstream connection. */
  private boolean requestWritten;

  // the upstream connection kept between requests
  private Channel upstream;
  private UpstreamPool.Key upstreamKey;
  /** Whether {@link #upstream} carries a request that has not been answered. */
  private boolean upstreamBusy;
  /** Whether {@link #upstream} carried a request before the one it carries now. */
  private boolean upstreamReused;

  IngressHttpHandler(IngressGatewayInitializer flow) {
    this.flow = flow;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    sourceAddress = HttpForwarding.sourceAddress(ctx.channel());
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    FullHttpRequest next = (FullHttpRequest) msg;
    if (busy) {
      queued.add(next);
      return;
    }
    handle(next);
  }

  private void handle(FullHttpRequest req) {
    busy = true;
    ctx.channel().config().setAutoRead(false);
    request = req;
    started = System.nanoTime();
    keepAlive = HttpUtil.isKeepAlive(req);
    host = req.headers().get(HttpHeaderNames.HOST, "");
    requestBytes = req.content().readableBytes();
    route = null;
    answering = null;
    staleRetried = false;
    if (!req.decoderResult().isSuccess()) {
      path = "";
      keepAlive = false;
      answer(HttpResponseStatus.BAD_REQUEST, "bad request", "", "malformed request: " + req.decoderResult().cause());
      return;
    }
    NettyChainRequest chainRequest = new NettyChainRequest(req, sourceAddress);
    path = chainRequest.path().toString();
    RouteDecision decision = flow.gateway().route(flow.port(), host, chainRequest, flow.random());
    if (decision instanceof HttpRoute httpRoute) {
      forward(httpRoute, chainRequest);
    } else if (decision instanceof Unavailable unavailable) {
      answer(HttpResponseStatus.SERVICE_UNAVAILABLE, "no healthy upstream", "",
          "no healthy endpoint: " + unavailable.chain().explanation());
    } else if (decision instanceof Reject reject) {
      answer(HttpResponseStatus.NOT_FOUND, "not found", "", reject.reason().name());
    } else {
      answer(HttpResponseStatus.NOT_FOUND, "not found", "", "not an HTTP listener");
    }
  }

  private void forward(HttpRoute httpRoute, NettyChainRequest chainRequest) {
    route = httpRoute;
    ChainRoute chain = httpRoute.chain();
    order = HttpForwarding.failoverOrder(chain, chainRequest, flow.random(), flow.inFlight());
    retriesLeft = chain.retryPolicy().map(HttpForwarding::retryBudget).orElse(0);
    String query = chainRequest.query().toString();
    request.setUri(chain.rewritePath(chainRequest.path()) + (query.isEmpty() ? "" : "?" + query));
    HttpHeaders headers = request.headers();
    HttpForwarding.removeHopByHop(headers);
    HttpForwarding.apply(headers, httpRoute.virtualHost().requestHeaders());
    HttpForwarding.apply(headers, chain.requestHeaders());
    HttpUtil.setContentLength(request, request.content().readableBytes());
    Duration requestTimeout = chain.requestTimeout().orElse(HttpForwarding.DEFAULT_REQUEST_TIMEOUT);
    if (!requestTimeout.isZero()) {
      timeout = ctx.executor().schedule(this::timedOut, requestTimeout.toNanos(), TimeUnit.NANOSECONDS);
    }
    dispatch();
  }

  /**
   * Sends the request to {@code order}'s first endpoint: on the kept connection if it is that
   * endpoint's, else on a pooled one, else on a new one.
   */
  private void dispatch() {
    attempt = 0;
    Endpoint endpoint = order.get(0);
    UpstreamPool.Key key = key(endpoint);
    if (upstream != null && upstream.isActive() && key.equals(upstreamKey)) {
      upstreamReused = true;
      send(upstream, endpoint);
      return;
    }
    releaseUpstream();
    Channel pooled = flow.pool(ctx.channel().eventLoop()).take(key, new Upstream());
    if (pooled == null) {
      connect();
    } else {
      keep(pooled, key, true);
      send(pooled, endpoint);
    }
  }

  private UpstreamPool.Key key(Endpoint endpoint) {
    ChainRoute chain = route.chain();
    return new UpstreamPool.Key(endpoint.address(), endpoint.port(), identity(route, chain), chain.target().sni());
  }

  private void keep(Channel backend, UpstreamPool.Key key, boolean reused) {
    upstream = backend;
    upstreamKey = key;
    upstreamReused = reused;
  }

  private SpiffeId identity(HttpRoute route, ChainRoute chain) {
    // the chain's targets are in the virtual host's trust domain: the mesh's
    return new SpiffeId.Service(route.virtualHost().upstream().identity().trustDomain(), chain.target().partition(),
        chain.target().namespace(),
        chain.target().datacenter(), chain.target().service());
  }

  private void connect() {
    if (attempt >= order.size()) {
      answer(HttpResponseStatus.BAD_GATEWAY, "upstream connect error", targetId(),
          "no endpoint of " + targetId() + " accepted a verified connection (" + order.size() + " tried)");
      return;
    }
    Endpoint endpoint = order.get(attempt);
    ChainRoute chain = route.chain();
    SpiffeId identity = identity(route, chain);
    String sni = chain.target().sni();
    HttpRoute forRoute = route;
    SslHandler ssl = new SslHandler(flow.tls().newEngine(identity, sni, endpoint.address(), endpoint.port()));
    ssl.setHandshakeTimeoutMillis(chain.connectTimeout().toMillis());
    Channel client = ctx.channel();
    HttpForwarding.upstream(flow.relay(), client.eventLoop(), chain.connectTimeout(), new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(ssl).addLast(ResponseStarted.NAME, new ResponseStarted())
                .addLast(new HttpClientCodec(), new HttpObjectAggregator(flow.maxContentLength()))
                .addLast(UpstreamPool.HANDLER, new Upstream());
          }
        })
        .connect(HttpForwarding.address(endpoint))
        .addListener((ChannelFutureListener) connected -> {
          if (!connected.isSuccess()) {
            failed(forRoute, endpoint, connected.cause());
            return;
          }
          Channel backend = connected.channel();
          ssl.handshakeFuture().addListener(handshake -> {
            if (!handshake.isSuccess()) {
              backend.close();
              failed(forRoute, endpoint, handshake.cause());
            } else if (route != forRoute || !client.isActive()) {
              backend.close();
            } else {
              // reported for a new connection only, not when a pooled one is taken
              Observers.endpointConnected(flow.relay().observer(), client, backend, endpoint);
              keep(backend, key(endpoint), false);
              send(backend, endpoint);
            }
          });
        });
  }

  private void failed(HttpRoute forRoute, Endpoint endpoint, Throwable cause) {
    if (route != forRoute) {
      return;
    }
    LOG.debug("{}: endpoint {}:{} failed: {}", ctx.channel(), endpoint.address(), endpoint.port(), cause.toString());
    Observers.endpointFailed(flow.relay().observer(), ctx.channel(), endpoint, cause);
    attempt++;
    connect();
  }

  private void send(Channel backend, Endpoint endpoint) {
    answering = endpoint;
    counted = endpoint;
    flow.inFlight().started(endpoint);
    upstreamBusy = true;
    ((ResponseStarted) backend.pipeline().get(ResponseStarted.NAME)).started = false;
    requestWritten = false;
    // a duplicate, so that the request can be replayed to another endpoint by a retry
    backend.writeAndFlush(request.retainedDuplicate()).addListener((ChannelFutureListener) written -> {
      if (written.isSuccess()) {
        requestWritten = backend == upstream;
      } else {
        written.channel().close();
      }
    });
  }

  /** The request in flight no longer counts against its endpoint. */
  private void settle() {
    if (counted != null) {
      flow.inFlight().finished(counted);
      counted = null;
    }
  }

  /**
   * Sends the request again, as Envoy retries: to the endpoint after the one that answered in the
   * failover order (the same one when it is the only one), then on along the order if connecting
   * fails.
   */
  private void retry(String why) {
    LOG.debug("{}: endpoint {}:{} {}, retrying ({} retries left)", ctx.channel(), answering.address(),
        answering.port(), why, retriesLeft);
    int next = order.indexOf(answering) + 1;
    List<Endpoint> rotated = new ArrayList<>(order.size());
    for (int i = 0; i < order.size(); i++) {
      rotated.add(order.get((next + i) % order.size()));
    }
    order = rotated;
    answering = null;
    dispatch();
  }

  /** The upstream answered the request in flight. */
  private void responded(Channel backend, FullHttpResponse response) {
    if (backend != upstream || route == null) {
      response.release();
      return;
    }
    settle();
    upstreamBusy = false;
    boolean upstreamKeepAlive = HttpUtil.isKeepAlive(response);
    int status = response.status().code();
    if (retriesLeft > 0 && HttpForwarding.retriable(route.chain().retryPolicy().get(), status)) {
      retriesLeft--;
      response.release();
      if (!upstreamKeepAlive) {
        closeUpstream();
      }
      retry("answered " + status);
      return;
    }
    HttpHeaders headers = response.headers();
    HttpForwarding.removeHopByHop(headers);
    HttpForwarding.apply(headers, route.virtualHost().responseHeaders());
    HttpForwarding.apply(headers, route.chain().responseHeaders());
    HttpUtil.setContentLength(response, response.content().readableBytes());
    if (!upstreamKeepAlive) {
      closeUpstream();
    }
    complete(response, targetId(), route.chain().explanation().toString());
  }

  /** The upstream connection ended or failed with the request in flight. */
  private void upstreamLost(Channel backend, String why) {
    if (backend == upstream) {
      boolean stale = upstreamBusy && upstreamReused
          && !((ResponseStarted) backend.pipeline().get(ResponseStarted.NAME)).started;
      upstream = null;
      upstreamBusy = false;
      settle();
      if (route != null && answering != null) {
        // Sent again only when it cannot have been served twice: it never left, or it is idempotent.
        if (stale && !staleRetried && request != null && (!requestWritten || idempotent(request.method()))) {
          staleRetried = true;
          LOG.debug("{}: reused connection to {}:{} was stale, sending again on a new one", ctx.channel(),
              answering.address(), answering.port());
          answering = null;
          attempt = 0;
          connect();
        } else if (retriesLeft > 0 && HttpForwarding.retriesResets(route.chain().retryPolicy().get())) {
          retriesLeft--;
          retry(why);
        } else {
          answer(HttpResponseStatus.BAD_GATEWAY, "upstream reset", targetId(), why);
        }
      }
    }
  }

  /** RFC 9110 9.2.2: a request the service may receive twice with the effect of once. */
  private static boolean idempotent(HttpMethod method) {
    return method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD) || method.equals(HttpMethod.OPTIONS)
        || method.equals(HttpMethod.TRACE) || method.equals(HttpMethod.PUT) || method.equals(HttpMethod.DELETE);
  }

  private void timedOut() {
    timeout = null;
    if (route != null) {
      settle();
      closeUpstream();
      answer(HttpResponseStatus.GATEWAY_TIMEOUT, "upstream request timeout", targetId(), "request timeout");
    }
  }

  private String targetId() {
    return route == null ? "" : route.chain().target().id();
  }

  private void answer(HttpResponseStatus status, String body, String destination, String explanation) {
    FullHttpResponse response = HttpForwarding.localReply(status, body + "\n");
    LOG.debug("{}: {} {}{}: {}", ctx.channel(), status.code(), host, path, explanation);
    answering = null;
    complete(response, destination, explanation);
  }

  private void complete(FullHttpResponse response, String destination, String explanation) {
    if (timeout != null) {
      timeout.cancel(false);
      timeout = null;
    }
    if (request != null) {
      request.release();
      request = null;
    }
    HttpUtil.setKeepAlive(response, keepAlive);
    long responseBytes = response.content().readableBytes();
    RequestSummary summary = new RequestSummary(host, path, destination, explanation, Optional.ofNullable(answering),
        response.status().code(), requestBytes, responseBytes, Duration.ofNanos(System.nanoTime() - started));
    route = null;
    order = null;
    answering = null;
    Channel client = ctx.channel();
    boolean close = !keepAlive;
    client.writeAndFlush(response).addListener((ChannelFutureListener) written -> {
      if (close || !written.isSuccess()) {
        client.close();
      }
    });
    Observers.requestCompleted(flow.relay().observer(), client, summary);
    busy = false;
    if (close) {
      release();
      return;
    }
    FullHttpRequest next = queued.poll();
    if (next != null) {
      handle(next);
    } else {
      client.config().setAutoRead(true);
    }
  }

  private void closeUpstream() {
    Channel c = upstream;
    forgetUpstream();
    if (c != null) {
      c.close();
    }
  }

  /** Gives up the kept connection: to the pool when it is open and idle, else closed. */
  private void releaseUpstream() {
    Channel c = upstream;
    UpstreamPool.Key key = upstreamKey;
    boolean idle = !upstreamBusy;
    forgetUpstream();
    if (c == null) {
      return;
    }
    if (idle && c.isActive()) {
      flow.pool(c.eventLoop()).offer(key, c);
    } else {
      c.close();
    }
  }

  private void forgetUpstream() {
    upstream = null;
    upstreamKey = null;
    upstreamBusy = false;
    upstreamReused = false;
  }

  private void release() {
    FullHttpRequest r;
    while ((r = queued.poll()) != null) {
      r.release();
    }
    if (request != null) {
      request.release();
      request = null;
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    route = null;
    settle();
    if (timeout != null) {
      timeout.cancel(false);
      timeout = null;
    }
    releaseUpstream();
    release();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    release();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("{}: {}", ctx.channel(), cause.toString());
    ctx.close();
  }

  /**
   * Between an upstream channel's TLS and HTTP handlers: notes whether any response byte arrived
   * since the request was sent, which decides whether losing the connection may be a stale one.
   */
  private static final class ResponseStarted extends ChannelInboundHandlerAdapter {
    static final String NAME = "meshgate-response-started";

    boolean started;

    @Override
    public void channelRead(ChannelHandlerContext uctx, Object msg) {
      started = true;
      uctx.fireChannelRead(msg);
    }
  }

  /** The last handler of an upstream channel: hands the response (or the loss) to the client side. */
  private final class Upstream extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext uctx, Object msg) {
      if (msg instanceof FullHttpResponse response) {
        if (!response.decoderResult().isSuccess()) {
          response.release();
          upstreamLost(uctx.channel(), "malformed upstream response");
          uctx.close();
          return;
        }
        responded(uctx.channel(), response);
      } else {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext uctx) {
      upstreamLost(uctx.channel(), "upstream closed the connection");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext uctx, Throwable cause) {
      LOG.debug("{}: upstream {}: {}", ctx.channel(), uctx.channel(), cause.toString());
      uctx.close();
    }
  }
}
