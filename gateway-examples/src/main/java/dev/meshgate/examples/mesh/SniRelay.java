package dev.meshgate.examples.mesh;

import dev.meshgate.core.catalog.Endpoint;
import dev.meshgate.core.mesh.MeshGateway;
import dev.meshgate.core.mesh.Route;
import dev.meshgate.core.routing.SniDecision;
import dev.meshgate.sni.ClientHello;
import dev.meshgate.sni.ParseResult;
import dev.meshgate.sni.netty.ClientHelloSniffer;
import dev.meshgate.sni.netty.Decision;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
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
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A minimal mesh gateway on Netty: it sniffs each connection's ClientHello with
 * {@link ClientHelloSniffer}, routes the SNI through a {@link MeshGateway}'s table, and relays the
 * connection's bytes, untouched and still encrypted, to the first healthy endpoint of the route; a
 * name without a route closes the connection. The gateway holds no key: the client's TLS session is
 * with the endpoint.
 *
 * <p>An example, not a production proxy: no backpressure (reads are not paused while the other
 * side's writes queue up), no connection limits, no load balancing beyond the first healthy
 * endpoint. One event-loop thread serves both sides. Thread-safe to start and close.
 */
final class SniRelay implements AutoCloseable {
  private final MeshGateway gateway;
  private final InetSocketAddress bind;
  private final Consumer<String> log;
  private final Logger logger;
  private final ClientHelloSniffer sniffer;
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private Channel server;

  /**
   * @param gateway the routing table to follow
   * @param bind where to listen; port 0 picks a free one
   * @param handshakeTimeout how long a client may take to send its ClientHello
   * @param log receives one line per connection: its SNI and where it went, or why it was closed
   */
  SniRelay(MeshGateway gateway, InetSocketAddress bind, Duration handshakeTimeout, Consumer<String> log) {
    this(gateway, bind, handshakeTimeout, log, LoggerFactory.getLogger(SniRelay.class));
  }

  /**
   * @param gateway the routing table to follow
   * @param bind where to listen; port 0 picks a free one
   * @param handshakeTimeout how long a client may take to send its ClientHello
   * @param log receives one line per connection: its SNI and where it went, or why it was closed
   * @param logger where failures after routing go: a backend that cannot be reached, at WARN
   */
  SniRelay(MeshGateway gateway, InetSocketAddress bind, Duration handshakeTimeout, Consumer<String> log,
      Logger logger) {
    this.gateway = gateway;
    this.bind = bind;
    this.log = log;
    this.logger = logger;
    this.sniffer = ClientHelloSniffer.builder().handshakeTimeout(handshakeTimeout).decider(this::decide).build();
  }

  /** Starts listening; returns the address bound. */
  InetSocketAddress start() throws IOException {
    try {
      server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline().addLast(sniffer.newHandler());
            }
          })
          .bind(bind).sync().channel();
    } catch (Exception e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw new IOException("cannot listen on " + bind + ": " + e.getMessage(), e);
    }
    return (InetSocketAddress) server.localAddress();
  }

  /** Waits until the listening channel closes. */
  void awaitClose() throws InterruptedException {
    server.closeFuture().sync();
  }

  @Override
  public void close() {
    if (server != null) {
      server.close().syncUninterruptibly();
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Runs on the connection's event loop once its ClientHello is parsed. */
  private Decision decide(Channel channel, ParseResult result) {
    if (!(result instanceof ClientHello hello)) {
      return Decision.close("not a TLS ClientHello");
    }
    String sni = hello.serverName().orElse("");
    SniDecision<Route> decision = gateway.route(sni);
    if (decision instanceof SniDecision.Reject<Route> reject) {
      log.accept(sni + " -> closed: " + reject.reason());
      return Decision.close(reject.reason() + " " + sni);
    }
    Route route = decision.routeOrNull();
    for (Endpoint endpoint : route.endpoints()) {
      if (endpoint.healthy()) {
        log.accept(sni + " -> " + route.kind() + " " + route.cluster() + " via " + endpoint.address() + ":"
            + endpoint.port());
        channel.pipeline().addLast(new Relay(endpoint, sni, logger));
        return Decision.forward();
      }
    }
    log.accept(sni + " -> closed: no healthy endpoint in " + route.cluster());
    return Decision.close("no healthy endpoint for " + sni);
  }

  /** Client side: queues bytes until the endpoint is connected, then writes them there. */
  private static final class Relay extends ChannelInboundHandlerAdapter {
    private final Endpoint target;
    private final String sni;
    private final Logger logger;
    private final Queue<Object> pending = new ArrayDeque<>();
    private Channel outbound;

    Relay(Endpoint target, String sni, Logger logger) {
      this.target = target;
      this.sni = sni;
      this.logger = logger;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      Channel inbound = ctx.channel();
      new Bootstrap().group(inbound.eventLoop()).channel(NioSocketChannel.class)
          .handler(new Backward(inbound))
          .connect(target.address(), target.port())
          .addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
              // Logged before the client is closed, so the reason is on record when it sees the close.
              logger.warn("{}: cannot connect to backend {}:{}, closing the client: {}", sni, target.address(),
                  target.port(), String.valueOf(f.cause()));
              release();
              inbound.close();
              return;
            }
            outbound = f.channel();
            Object msg;
            while ((msg = pending.poll()) != null) {
              outbound.write(msg);
            }
            outbound.flush();
            if (!inbound.isActive()) {
              closeOnFlush(outbound);
            }
          });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (outbound != null) {
        outbound.writeAndFlush(msg);
      } else {
        pending.add(msg);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (outbound != null) {
        closeOnFlush(outbound);
      }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
      release();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      closeOnFlush(ctx.channel());
    }

    private void release() {
      Object msg;
      while ((msg = pending.poll()) != null) {
        ReferenceCountUtil.release(msg);
      }
    }
  }

  /** Endpoint side: writes what the endpoint sends back to the client. */
  private static final class Backward extends ChannelInboundHandlerAdapter {
    private final Channel inbound;

    Backward(Channel inbound) {
      this.inbound = inbound;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      inbound.writeAndFlush(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      closeOnFlush(inbound);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      closeOnFlush(ctx.channel());
    }
  }

  private static void closeOnFlush(Channel channel) {
    if (channel.isActive()) {
      channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }
}
