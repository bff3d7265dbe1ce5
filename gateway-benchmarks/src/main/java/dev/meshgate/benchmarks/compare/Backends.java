package dev.meshgate.benchmarks.compare;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The servers behind the proxies, all on one Netty event-loop thread so each proxy is compared
 * against the same backend cost: one that answers a byte and closes, one that holds connections
 * open, and an HTTPS one that requires a client certificate and answers every request with 2 bytes.
 */
final class Backends implements AutoCloseable {
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final List<Channel> servers = new ArrayList<>();

  private int serve(ChannelInitializer<SocketChannel> init) throws InterruptedException {
    Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(init).bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
    servers.add(server);
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** Reads the first bytes (the relayed ClientHello), answers one byte and closes. */
  int oneByte() throws InterruptedException {
    return serve(new ChannelInitializer<>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
          private boolean answered;

          @Override
          public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            if (!answered) {
              answered = true;
              ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'x'})).addListener(ChannelFutureListener.CLOSE);
            }
          }
        });
      }
    });
  }

  /** Accepts and holds connections, discarding what they send. */
  int idle() throws InterruptedException {
    return serve(new ChannelInitializer<>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
          @Override
          public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
          }
        });
      }
    });
  }

  /** HTTPS requiring a client certificate from {@code clients}; every request gets 200 "ok", keep-alive. */
  int https(PrivateKey key, List<X509Certificate> chain, X509Certificate clients) throws Exception {
    return http(SslContextBuilder.forServer(key, chain.toArray(X509Certificate[]::new))
        .trustManager(clients).clientAuth(ClientAuth.REQUIRE).build());
  }

  /** Plain HTTP; every request gets 200 "ok", keep-alive. */
  int http() throws InterruptedException {
    return http(null);
  }

  private int http(SslContext tls) throws InterruptedException {
    return serve(new ChannelInitializer<>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        if (tls != null) {
          ch.pipeline().addLast(tls.newHandler(ch.alloc()));
        }
        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 16),
            new ChannelInboundHandlerAdapter() {
              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                FullHttpRequest request = (FullHttpRequest) msg;
                boolean keepAlive = HttpUtil.isKeepAlive(request);
                request.release();
                ByteBuf body = Unpooled.copiedBuffer("ok", StandardCharsets.US_ASCII);
                DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.OK, body);
                response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
                if (keepAlive) {
                  ctx.writeAndFlush(response);
                } else {
                  ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                }
              }
            });
      }
    });
  }

  @Override
  public void close() {
    for (Channel server : servers) {
      server.close().syncUninterruptibly();
    }
    group.shutdownGracefully().syncUninterruptibly();
  }
}
