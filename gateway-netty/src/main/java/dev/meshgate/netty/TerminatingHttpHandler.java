package dev.meshgate.netty;

import dev.meshgate.core.catalog.Endpoint;
import dev.meshgate.core.chain.ActiveRequests;
import dev.meshgate.core.chain.ChainRoute;
import dev.meshgate.core.intentions.Decision;
import dev.meshgate.core.intentions.DestinationService;
import dev.meshgate.core.intentions.SourceIdentity;
import dev.meshgate.core.terminating.Forward;
import dev.meshgate.core.terminating.Refuse;
import dev.meshgate.core.terminating.RequestDecision;
import dev.meshgate.core.terminating.Route;
import dev.meshgate.tls.Origination;
import dev.meshgate.tls.OriginationContext;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/*
 * One caller connection of an HTTP linked service, after its mesh mTLS was terminated: every
 * request is decided by L7 intentions and then by the gateway's per-request routing, and streamed
 * to the service or answered here. Nothing is aggregated: request and response bodies pass through
 * in the codec's chunks, with the relay's backpressure rule (a side that is not writable stops
 * reads from the other).
 *
 * Requests are served one at a time, in order, so pipelined responses can never overtake each
 * other: a request head that arrives while one is in flight is queued with everything after it,
 * and reading from the caller stops until the response in flight is written; the queue therefore
 * holds at most what one read decoded. A request answered here (403, a refusal, a failed upstream)
 * has the rest of its body read and dropped, so the connection stays usable when keep-alive says
 * so; a caller that waits for 100 Continue is closed instead, since its body may never come. The
 * upstream connection is kept for the next request that goes to the same route and endpoint, and
 * used only once connected (and, with TLS, once its handshake succeeded).
 */
final class TerminatingHttpHandler extends ChannelInboundHandlerAdapter {
  /** The body of a request intentions deny, as Envoy's RBAC filter answers it. */
  static final String ACCESS_DENIED = "RBAC: access denied";

  private static final InternalLogger LOG = InternalLoggerFactory.getInstance(TerminatingGatewayInitializer.class);

  private final TerminatingGatewayInitializer flow;
  private final Route connection;
  private final SourceIdentity source;
  private final DestinationService destination;
  /** Messages after a request head that arrived while another request was in flight. */
  private final ArrayDeque<Object> queued = new ArrayDeque<>();
  /** The request in flight's messages not yet written upstream (while connecting). */
  private final ArrayDeque<HttpObject> pending = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private Channel client;
  private String sourceAddress = "";
  private boolean draining;
  private boolean closing;

  // the request in flight
  private long exchange;
  private boolean active;
  private boolean requestEnded;
  private boolean responseStarted;
  private boolean responseEnded;
  private boolean interim;
  private boolean discarding;
  private boolean keepAlive;
  private boolean expectsContinue;
  private boolean headRequest;
  private String host;
  private String path;
  private String target;
  private String explanation;
  private int status;
  private long started;
  private long requestBytes;
  private long responseBytes;
  private Forward forward;
  private List<Endpoint> order;
  private int attempt;
  private Endpoint answering;
  private ScheduledFuture<?> timeout;

  // the upstream connection, kept between requests
  private Channel upstream;
  private Route upstreamRoute;
  private Endpoint upstreamEndpoint;
  private boolean upstreamKeepAlive;

  TerminatingHttpHandler(TerminatingGatewayInitializer flow, Route connection, SourceIdentity source) {
    this.flow = flow;
    this.connection = connection;
    this.source = source;
    this.destination = DestinationService.of(connection.service());
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.client = ctx.channel();
    this.sourceAddress = HttpForwarding.sourceAddress(client);
    client.config().setWriteBufferWaterMark(flow.relay().waterMark());
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closing || !(msg instanceof HttpObject)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (!queued.isEmpty() || msg instanceof HttpRequest && active) {
      queued.add(msg);
      updateRead();
      return;
    }
    dispatch(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (upstream != null) {
      upstream.flush();
    }
    ctx.fireChannelReadComplete();
  }

  private void dispatch(Object msg) {
    if (msg instanceof HttpRequest) {
      start((HttpRequest) msg);
    } else {
      content((HttpContent) msg);
    }
  }

  private void start(HttpRequest req) {
    exchange++;
    active = true;
    requestEnded = false;
    responseStarted = false;
    responseEnded = false;
    interim = false;
    discarding = false;
    forward = null;
    order = null;
    answering = null;
    target = "";
    status = 0;
    requestBytes = 0;
    responseBytes = 0;
    started = System.nanoTime();
    keepAlive = HttpUtil.isKeepAlive(req);
    expectsContinue = HttpUtil.is100ContinueExpected(req);
    headRequest = HttpMethod.HEAD.equals(req.method());
    host = req.headers().get(HttpHeaderNames.HOST, "");
    if (!req.decoderResult().isSuccess()) {
      path = "";
      keepAlive = false;
      answer(HttpResponseStatus.BAD_REQUEST, "bad request", "malformed request: " + req.decoderResult().cause());
      drop(req);
      return;
    }
    NettyChainRequest chainRequest = new NettyChainRequest(req, sourceAddress);
    path = chainRequest.path().toString();
    Decision decision = flow.intentions().decide(source, destination, attributes(req, path), flow.defaultPolicy());
    Observers.intentionDecided(flow.observer(), client, source, destination, decision);
    if (!decision.allowed()) {
      answer(HttpResponseStatus.FORBIDDEN, ACCESS_DENIED,
          "intentions deny " + source + " => " + destination + ": " + decision.text());
      drop(req);
      return;
    }
    RequestDecision routed = flow.gateway().route(connection, chainRequest, flow.random());
    if (routed instanceof Refuse refuse) {
      HttpResponseStatus refused = HttpResponseStatus.valueOf(refuse.status());
      answer(refused, refused.code() == 503 ? "no healthy upstream" : refused.reasonPhrase().toLowerCase(Locale.ROOT),
          refuse.reason());
      drop(req);
      return;
    }
    forward((Forward) routed, chainRequest, req, decision);
  }

  /** The intention evaluator's view of a request: method, path without query, every header. */
  private static dev.meshgate.core.intentions.HttpRequest attributes(HttpRequest req, String path) {
    dev.meshgate.core.intentions.HttpRequest.Builder b = dev.meshgate.core.intentions.HttpRequest.builder()
        .method(req.method().name()).path(path);
    for (Map.Entry<String, String> header : req.headers()) {
      b.header(header.getKey(), header.getValue());
    }
    return b.build();
  }

  private void forward(Forward f, NettyChainRequest chainRequest, HttpRequest req, Decision decision) {
    forward = f;
    Optional<ChainRoute> chain = f.chain();
    order = chain.isPresent() ? HttpForwarding.failoverOrder(chain.get(), chainRequest, flow.random(), ActiveRequests.NONE) : f.endpoints();
    target = chain.isPresent() ? chain.get().target().id() : f.route().service().toString();
    explanation = chain.isPresent() ? decision.text() + "; " + chain.get().explanation() : decision.text();
    Origination origination;
    try {
      origination = flow.tls().origination(f.route());
    } catch (RuntimeException e) {
      answer(HttpResponseStatus.BAD_GATEWAY, "upstream connect error", "origination to " + f.route().service()
          + ": " + e.getMessage());
      drop(req);
      return;
    }
    boolean chunked = HttpUtil.isTransferEncodingChunked(req);
    HttpForwarding.removeHopByHop(req.headers());
    if (chunked) {
      HttpUtil.setTransferEncodingChunked(req, true);
    }
    if (chain.isPresent()) {
      String query = chainRequest.query().toString();
      req.setUri(chain.get().rewritePath(chainRequest.path()) + (query.isEmpty() ? "" : "?" + query));
      HttpForwarding.apply(req.headers(), chain.get().requestHeaders());
    }
    Duration requestTimeout = chain.isPresent()
        ? chain.get().requestTimeout().orElse(HttpForwarding.DEFAULT_REQUEST_TIMEOUT)
        : HttpForwarding.DEFAULT_REQUEST_TIMEOUT;
    if (!requestTimeout.isZero()) {
      long forExchange = exchange;
      timeout = ctx.executor().schedule(() -> timedOut(forExchange), requestTimeout.toNanos(), TimeUnit.NANOSECONDS);
    }
    pending.add(req);
    if (req instanceof HttpContent) {
      requestBytes += ((HttpContent) req).content().readableBytes();
    }
    if (req instanceof LastHttpContent) {
      requestEnded = true;
    }
    if (order.isEmpty()) {
      answer(HttpResponseStatus.SERVICE_UNAVAILABLE, "no healthy upstream", "no endpoint for " + f.route().sni());
      return;
    }
    if (upstream != null && upstream.isActive() && f.route().equals(upstreamRoute)
        && order.get(0).equals(upstreamEndpoint)) {
      send();
    } else {
      closeUpstream();
      attempt = 0;
      connect(origination, chain.isPresent() ? chain.get().connectTimeout() : flow.relay().connectTimeout());
    }
    updateRead();
  }

  private void connect(Origination origination, Duration connectTimeout) {
    if (attempt >= order.size()) {
      answer(HttpResponseStatus.BAD_GATEWAY, "upstream connect error",
          "no endpoint of " + target + " accepted a connection (" + order.size() + " tried)");
      return;
    }
    Endpoint endpoint = order.get(attempt);
    SslHandler ssl = origination instanceof OriginationContext context
        ? new SslHandler(context.newEngine(endpoint.address(), endpoint.port())) : null;
    if (ssl != null) {
      ssl.setHandshakeTimeoutMillis(connectTimeout.toMillis());
    }
    long forExchange = exchange;
    HttpForwarding.upstream(flow.relay(), client.eventLoop(), connectTimeout, new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        if (ssl != null) {
          ch.pipeline().addLast(ssl);
        }
        ch.pipeline().addLast(new HttpClientCodec(), new Upstream());
      }
    }).connect(HttpForwarding.address(endpoint)).addListener((ChannelFutureListener) connected -> {
      if (!connected.isSuccess()) {
        failed(forExchange, endpoint, connected.cause(), origination, connectTimeout);
        return;
      }
      Channel backend = connected.channel();
      if (ssl == null) {
        ready(forExchange, backend, endpoint);
        return;
      }
      ssl.handshakeFuture().addListener(handshake -> {
        if (handshake.isSuccess()) {
          ready(forExchange, backend, endpoint);
        } else {
          backend.close();
          failed(forExchange, endpoint, handshake.cause(), origination, connectTimeout);
        }
      });
    });
  }

  private boolean current(long forExchange) {
    return forExchange == exchange && active && !responseEnded && !closing;
  }

  private void failed(long forExchange, Endpoint endpoint, Throwable cause, Origination origination,
      Duration connectTimeout) {
    if (!current(forExchange)) {
      return;
    }
    LOG.debug("{}: endpoint {}:{} failed: {}", client, endpoint.address(), endpoint.port(), cause.toString());
    Observers.endpointFailed(flow.observer(), client, endpoint, cause);
    attempt++;
    connect(origination, connectTimeout);
  }

  private void ready(long forExchange, Channel backend, Endpoint endpoint) {
    if (!current(forExchange) || !client.isActive()) {
      backend.close();
      return;
    }
    Observers.endpointConnected(flow.observer(), client, backend, endpoint);
    upstream = backend;
    upstreamRoute = forward.route();
    upstreamEndpoint = endpoint;
    send();
    updateRead();
  }

  /** Writes the request's head and the body read so far to the upstream connection. */
  private void send() {
    answering = upstreamEndpoint;
    HttpObject msg;
    while ((msg = pending.poll()) != null) {
      if (msg instanceof HttpRequest && forward.route().autoHostRewrite() && answering.hostname()) {
        ((HttpRequest) msg).headers().set(HttpHeaderNames.HOST, answering.address());
      }
      upstream.write(msg, upstream.voidPromise());
    }
    upstream.flush();
  }

  private void content(HttpContent c) {
    if (!active) {
      c.release();
      return;
    }
    boolean last = c instanceof LastHttpContent;
    requestBytes += c.content().readableBytes();
    if (discarding) {
      c.release();
    } else if (!c.decoderResult().isSuccess()) {
      c.release();
      keepAlive = false;
      answer(HttpResponseStatus.BAD_REQUEST, "bad request", "malformed request body: " + c.decoderResult().cause());
    } else if (answering == null) {
      pending.add(c);
    } else if (upstream != null) {
      upstream.write(c, upstream.voidPromise());
    } else {
      c.release();
    }
    if (last) {
      requestEnded = true;
      next();
    } else {
      updateRead();
    }
  }

  /** Drops what is left of a request answered here. */
  private void drop(HttpRequest req) {
    discarding = true;
    if (req instanceof HttpContent) {
      content((HttpContent) req);
    } else {
      updateRead();
    }
  }

  // --- the response, on the client's event loop too

  private void upstreamRead(Channel backend, Object msg) {
    if (backend != upstream || !active || responseEnded) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpResponse) {
      HttpResponse response = (HttpResponse) msg;
      String wrong = !response.decoderResult().isSuccess()
          ? "malformed upstream response: " + response.decoderResult().cause()
          : response.status().code() == 101 ? "the upstream switched protocols, which this flow does not relay" : null;
      if (wrong != null) {
        ReferenceCountUtil.release(msg);
        upstreamLost(backend, wrong);
        backend.close();
        return;
      }
      responseHead(response);
    }
    if (msg instanceof HttpContent) {
      HttpContent c = (HttpContent) msg;
      if (interim) {
        interim = !(c instanceof LastHttpContent);
        client.write(c, client.voidPromise());
      } else if (c instanceof LastHttpContent) {
        responseBytes += c.content().readableBytes();
        ChannelFuture written = client.writeAndFlush(c);
        if (!requestEnded) {
          // answered before the whole request was sent: the upstream connection is mid-request
          discarding = true;
          closeUpstream();
        } else if (!upstreamKeepAlive) {
          closeUpstream();
        }
        responseEnded(written);
        return;
      } else {
        responseBytes += c.content().readableBytes();
        client.write(c, client.voidPromise());
      }
    } else if (msg instanceof HttpResponse) {
      client.write(msg, client.voidPromise());
    }
    if (!client.isWritable()) {
      backend.config().setAutoRead(false);
    }
  }

  private void responseHead(HttpResponse response) {
    int code = response.status().code();
    boolean chunked = HttpUtil.isTransferEncodingChunked(response);
    HttpForwarding.removeHopByHop(response.headers());
    if (code >= 100 && code < 200) {
      // 100 Continue and the like: passed on; the final response follows
      interim = true;
      return;
    }
    cancelTimeout();
    responseStarted = true;
    status = code;
    upstreamKeepAlive = HttpUtil.isKeepAlive(response);
    if (forward.chain().isPresent()) {
      HttpForwarding.apply(response.headers(), forward.chain().get().responseHeaders());
    }
    if (chunked) {
      HttpUtil.setTransferEncodingChunked(response, true);
    } else if (!HttpUtil.isContentLengthSet(response) && !headRequest && code != 204 && code != 304) {
      // the body ends when the upstream closes: so must the caller's response
      keepAlive = false;
    }
    HttpUtil.setKeepAlive(response, keepAlive);
  }

  /** The upstream connection ended or failed. */
  private void upstreamLost(Channel backend, String why) {
    if (backend != upstream) {
      return;
    }
    upstream = null;
    upstreamRoute = null;
    upstreamEndpoint = null;
    if (!active || answering == null) {
      return;
    }
    if (responseEnded) {
      discarding = true;
      return;
    }
    if (responseStarted) {
      LOG.debug("{}: upstream lost mid-response: {}", client, why);
      closing = true;
      client.close();
      return;
    }
    answer(HttpResponseStatus.BAD_GATEWAY, "upstream reset", why);
  }

  private void timedOut(long forExchange) {
    if (current(forExchange) && !responseStarted) {
      timeout = null;
      answer(HttpResponseStatus.GATEWAY_TIMEOUT, "upstream request timeout", "request timeout");
    }
  }

  /** Answers the request in flight here; whatever went upstream of it is abandoned. */
  private void answer(HttpResponseStatus code, String body, String why) {
    if (responseStarted) {
      closing = true;
      client.close();
      return;
    }
    cancelTimeout();
    releasePending();
    if (answering != null) {
      closeUpstream();
    }
    discarding = true;
    status = code.code();
    explanation = why;
    if (!requestEnded && expectsContinue) {
      keepAlive = false;
    }
    FullHttpResponse response = HttpForwarding.localReply(code, body);
    HttpUtil.setKeepAlive(response, keepAlive);
    responseBytes = response.content().readableBytes();
    LOG.debug("{}: {} {}{}: {}", client, status, host, path, why);
    answering = null;
    responseEnded(client.writeAndFlush(response));
  }

  private void responseEnded(ChannelFuture written) {
    cancelTimeout();
    responseEnded = true;
    if (!keepAlive) {
      report();
      active = false;
      closing = true;
      written.addListener(ChannelFutureListener.CLOSE);
      releaseQueued();
      releasePending();
      return;
    }
    written.addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    next();
  }

  /** The request's one summary, once its response is written and its body read (or the connection ends). */
  private void report() {
    Observers.requestCompleted(flow.observer(), client, new RequestSummary(host, path, target,
        explanation == null ? "" : explanation, Optional.ofNullable(answering), status, requestBytes, responseBytes,
        Duration.ofNanos(System.nanoTime() - started)));
  }

  /** Once both the request and its response are done: the next queued request, or read more. */
  private void next() {
    if (active && requestEnded && responseEnded) {
      report();
      active = false;
      forward = null;
      order = null;
      explanation = null;
      if (!draining) {
        draining = true;
        try {
          while (!queued.isEmpty() && !closing && !(queued.peek() instanceof HttpRequest && active)) {
            dispatch(queued.poll());
          }
        } finally {
          draining = false;
        }
      }
    }
    updateRead();
  }

  /** Reads from the caller only when what is read can go somewhere without piling up. */
  private void updateRead() {
    boolean read = !closing && queued.isEmpty()
        && (!active || !requestEnded && (discarding || answering != null && upstream != null && upstream.isWritable()));
    client.config().setAutoRead(read);
  }

  private void cancelTimeout() {
    if (timeout != null) {
      timeout.cancel(false);
      timeout = null;
    }
  }

  private void closeUpstream() {
    Channel c = upstream;
    upstream = null;
    upstreamRoute = null;
    upstreamEndpoint = null;
    if (c != null) {
      c.close();
    }
  }

  private void releasePending() {
    Object msg;
    while ((msg = pending.poll()) != null) {
      ReferenceCountUtil.release(msg);
    }
  }

  private void releaseQueued() {
    Object msg;
    while ((msg = queued.poll()) != null) {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (client.isWritable() && upstream != null) {
      upstream.config().setAutoRead(true);
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      LOG.debug("{}: idle for {}, closed", client, flow.relay().idleTimeout());
      closing = true;
      client.close();
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closing = true;
    cancelTimeout();
    closeUpstream();
    releaseQueued();
    releasePending();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    releaseQueued();
    releasePending();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("{}: {}", client, cause.toString());
    closing = true;
    ctx.close();
  }

  /** The last handler of an upstream channel: hands everything to the caller's side. */
  private final class Upstream extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext uctx, Object msg) {
      upstreamRead(uctx.channel(), msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext uctx) {
      client.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext uctx) {
      if (uctx.channel() == upstream) {
        updateRead();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext uctx) {
      upstreamLost(uctx.channel(), "upstream closed the connection");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext uctx, Throwable cause) {
      LOG.debug("{}: upstream {}: {}", client, uctx.channel(), cause.toString());
      uctx.close();
    }
  }
}
