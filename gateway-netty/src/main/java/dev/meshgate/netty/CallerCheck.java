package dev.meshgate.netty;

import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.intentions.Decision;
import dev.meshgate.core.intentions.DestinationService;
import dev.meshgate.core.intentions.SourceIdentity;
import dev.meshgate.core.naming.SpiffeId;
import dev.meshgate.core.terminating.Route;
import dev.meshgate.tls.Origination;
import dev.meshgate.tls.OriginationContext;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * After the mesh TLS handshake of a terminating-gateway connection: takes the caller's identity,
 * decides the connection by intentions, and hands it to the relay with the route's origination, or
 * closes it. Holds the (decrypted) bytes that arrive before the decision, at most {@link
 * #MAX_EARLY_BYTES}. One per channel, on its event loop.
 */
final class CallerCheck extends ChannelInboundHandlerAdapter {
  /** Bytes a caller may send after its handshake and before the decision (one TLS record's worth). */
  static final int MAX_EARLY_BYTES = 64 * 1024;
  private static final InternalLogger LOG = InternalLoggerFactory.getInstance(TerminatingGatewayInitializer.class);

  private final TerminatingGatewayInitializer flow;
  private final String sni;
  private final Route route;
  private final ArrayDeque<Object> early = new ArrayDeque<>(2);
  private int earlyBytes;
  private boolean closed;

  CallerCheck(TerminatingGatewayInitializer flow, String sni, Route route) {
    this.flow = flow;
    this.sni = sni;
    this.route = route;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof SslHandshakeCompletionEvent) {
      SslHandshakeCompletionEvent done = (SslHandshakeCompletionEvent) evt;
      if (done.isSuccess()) {
        decide(ctx);
      } else {
        reject(ctx, "mesh TLS handshake failed: " + done.cause());
      }
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  private void decide(ChannelHandlerContext ctx) {
    SslHandler ssl = ctx.pipeline().get(SslHandler.class);
    SpiffeId caller;
    try {
      caller = flow.meshServer().callerIdentity(ssl.engine().getSession());
    } catch (SSLPeerUnverifiedException e) {
      reject(ctx, "caller identity: " + e.getMessage());
      return;
    }
    if (!(caller instanceof SpiffeId.Service)) {
      reject(ctx, "caller identity: " + caller + " (expected: a service's SPIFFE ID)");
      return;
    }
    SourceIdentity source = SourceIdentity.of((SpiffeId.Service) caller);
    if (route.protocol() == Protocol.HTTP) {
      // no decision for the connection: each request gets its own, with its HTTP attributes
      Observers.routed(flow.observer(), ctx.channel(), sni, route.service().toString());
      ctx.pipeline().addAfter(ctx.name(), null, new HttpServerCodec())
          .addLast(new IdleStateHandler(0, 0, flow.relay().idleTimeoutNanos(), TimeUnit.NANOSECONDS),
              new TerminatingHttpHandler(flow, route, source));
      handOver(ctx);
      return;
    }
    DestinationService destination = DestinationService.of(route.service());
    Decision decision = flow.intentions().decide(source, destination, flow.defaultPolicy());
    Observers.intentionDecided(flow.observer(), ctx.channel(), source, destination, decision);
    if (!decision.allowed()) {
      reject(ctx, "intentions deny " + source + " => " + destination + ": " + decision.text());
      return;
    }
    Origination origination;
    try {
      origination = flow.tls().origination(route);
    } catch (RuntimeException e) {
      reject(ctx, "origination to " + route.service() + ": " + e.getMessage());
      return;
    }
    Observers.routed(flow.observer(), ctx.channel(), sni, route.service().toString());
    ChannelHandler relay;
    if (origination instanceof OriginationContext) {
      OriginationContext context = (OriginationContext) origination;
      relay = flow.relay().newHandler(route.endpoints(), (backend, endpoint) ->
          backend.pipeline().addFirst(new SslHandler(context.newEngine(endpoint.address(), endpoint.port()))));
    } else {
      relay = flow.relay().newHandler(route.endpoints());
    }
    ctx.pipeline().addAfter(ctx.name(), null, relay);
    handOver(ctx);
  }

  /** Passes the bytes held so far to the handlers now after this one, and leaves. */
  private void handOver(ChannelHandlerContext ctx) {
    Object msg;
    while ((msg = early.poll()) != null) {
      ctx.fireChannelRead(msg);
    }
    ctx.pipeline().remove(this);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closed) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof ByteBuf) {
      earlyBytes += ((ByteBuf) msg).readableBytes();
    }
    early.add(msg);
    if (earlyBytes > MAX_EARLY_BYTES) {
      reject(ctx, "more than " + MAX_EARLY_BYTES + " bytes before the intention decision");
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    release();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    release();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // The handshake's failure also arrives as SslHandshakeCompletionEvent; everything else is an
    // I/O error before the decision.
    LOG.debug("{}: {}", ctx.channel(), cause.toString());
    ctx.close();
  }

  private void reject(ChannelHandlerContext ctx, String reason) {
    if (closed) {
      return;
    }
    closed = true;
    release();
    LOG.debug("{}: closed: {} (SNI {})", ctx.channel(), reason, sni);
    Observers.rejected(flow.observer(), ctx.channel(), sni, reason);
    ctx.close();
  }

  private void release() {
    Object msg;
    while ((msg = early.poll()) != null) {
      ReferenceCountUtil.release(msg);
    }
  }
}
