package dev.meshgate.netty;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.Mapping;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An HTTPS mesh backend (its own leaf, the gateway's required) whose {@link Responder} picks each
 * response's status, holds the request until {@link #releaseHeld()} or closes the connection; the body is {@code <name>
 * <uri>}.
 */
final class MeshHttpBackend {
  /** Chooses a request's status; {@link #HOLD} keeps it unanswered, {@link #CLOSE} closes the connection. */
  interface Responder {
    int status(FullHttpRequest request);
  }

  static final int HOLD = 0;
  static final int CLOSE = -1;

  final String name;
  final int port;
  final AtomicInteger requests = new AtomicInteger();
  /** Connections accepted, and of those the ones still open. */
  final AtomicInteger connections = new AtomicInteger();
  final AtomicInteger open = new AtomicInteger();
  private final Queue<ChannelHandlerContext> held = new ConcurrentLinkedQueue<>();
  private final Queue<Channel> channels = new ConcurrentLinkedQueue<>();

  private MeshHttpBackend(String name, Loopback loop, Function<Channel, ChannelHandler> tls, Responder responder)
      throws Exception {
    this.name = name;
    this.port = loop.serve(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        connections.incrementAndGet();
        open.incrementAndGet();
        channels.add(ch);
        ch.closeFuture().addListener(closed -> {
          channels.remove(ch);
          open.decrementAndGet();
        });
        ch.pipeline().addLast(tls.apply(ch), new HttpServerCodec(), new HttpObjectAggregator(1 << 16),
            new SimpleChannelInboundHandler<FullHttpRequest>() {
              @Override
              protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                requests.incrementAndGet();
                int status = responder.status(req);
                if (status == HOLD) {
                  held.add(ctx);
                } else if (status == CLOSE) {
                  ctx.close();
                } else {
                  answer(ctx, status, req.uri());
                }
              }
            });
      }
    }).getPort();
  }

  static MeshHttpBackend start(String name, Loopback loop, SslContext context, Responder responder) throws Exception {
    return new MeshHttpBackend(name, loop, ch -> context.newHandler(ch.alloc()), responder);
  }

  /** A backend that presents the leaf {@code contexts} maps the client's SNI to. */
  static MeshHttpBackend startSni(String name, Loopback loop, Mapping<String, SslContext> contexts,
      Responder responder) throws Exception {
    return new MeshHttpBackend(name, loop, ch -> new SniHandler(contexts), responder);
  }

  /** How many requests are held unanswered. */
  int held() {
    return held.size();
  }

  /** Closes every open connection, as a server does that ends idle keep-alive connections. */
  void closeAll() {
    for (Channel ch : channels) {
      ch.close();
    }
  }

  /** Answers every held request 200. */
  void releaseHeld() {
    ChannelHandlerContext ctx;
    while ((ctx = held.poll()) != null) {
      ChannelHandlerContext c = ctx;
      c.executor().execute(() -> answer(c, 200, "(held)"));
    }
  }

  private void answer(ChannelHandlerContext ctx, int status, String uri) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
        Unpooled.copiedBuffer(name + " " + uri, StandardCharsets.UTF_8));
    response.headers().set("x-backend", name);
    HttpUtil.setContentLength(response, response.content().readableBytes());
    ctx.writeAndFlush(response);
  }
}
