package dev.meshgate.examples.inspect;

import dev.meshgate.sni.netty.ClientHelloSniffer;
import dev.meshgate.sni.netty.SniffEvent;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Listens for TLS clients, sniffs each one's ClientHello with {@link ClientHelloSniffer}, prints
 * it and closes the connection. One event-loop thread serves everything, so results are printed
 * one at a time and counted without locks.
 */
final class InspectServer {
  private final InetSocketAddress address;
  private final int count;
  private final int timeoutSeconds;
  private final PrintStream out;
  private final PrintStream err;
  private final ClientHelloSniffer sniffer;
  private int reported;

  /**
   * @param count connections to report before exiting; 0 for no limit
   */
  InspectServer(InetAddress bind, int port, int count, int timeoutSeconds, PrintStream out,
      PrintStream err) {
    this.address = new InetSocketAddress(bind, port);
    this.count = count;
    this.timeoutSeconds = timeoutSeconds;
    this.out = out;
    this.err = err;
    // Default decider: forward everything, so every outcome reaches the reporter as an event.
    this.sniffer = ClientHelloSniffer.builder()
        .handshakeTimeout(Duration.ofSeconds(timeoutSeconds))
        .build();
  }

  /** Serves until {@code count} connections were reported, or forever. */
  void run() throws IOException, InterruptedException {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      Channel server;
      try {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(sniffer.newHandler(), new Reporter(peer(ch)));
              }
            })
            .bind(address).sync().channel();
      } catch (Exception e) {
        throw new IOException("cannot listen on " + hostPort(address) + ": " + e.getMessage(), e);
      }
      err.println("listening on " + hostPort((InetSocketAddress) server.localAddress()));
      err.flush();
      server.closeFuture().sync();
    } finally {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
    }
  }

  private static String peer(SocketChannel ch) {
    return hostPort(ch.remoteAddress());
  }

  /** {@code 127.0.0.1:8443}, or {@code [::1]:8443} for IPv6, as URLs write them. */
  static String hostPort(InetSocketAddress address) {
    String host = address.getAddress().getHostAddress();
    return (address.getAddress() instanceof Inet6Address ? "[" + host + "]" : host)
        + ":" + address.getPort();
  }

  /** Runs on the single event loop. */
  private void report(Channel connection, String json) {
    if (count > 0 && reported >= count) {
      return; // a connection that raced the last one; the server is closing
    }
    out.println(json);
    out.flush();
    reported++;
    if (count > 0 && reported == count) {
      connection.parent().close(); // the listening channel: run() returns
    }
  }

  /** After the sniffer: prints the one outcome of its connection, then closes it. */
  private final class Reporter extends ChannelInboundHandlerAdapter {
    private final String peer;
    private boolean done;

    Reporter(String peer) {
      this.peer = peer;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
      if (event instanceof SniffEvent sniffed && !done) {
        done = true;
        if (sniffed instanceof SniffEvent.Accepted accepted) {
          report(ctx.channel(), HelloJson.render(peer, accepted.result(), null));
        } else if (sniffed instanceof SniffEvent.Rejected rejected) {
          report(ctx.channel(), HelloJson.render(peer, rejected.result(), rejected.reason()));
        } else if (sniffed instanceof SniffEvent.TimedOut timedOut) {
          report(ctx.channel(), HelloJson.timedOut(peer, timeoutSeconds, timedOut.bytesReceived()));
        }
        ctx.close();
      }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg); // the forwarded hello: already printed, never answered
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close(); // e.g. a reset; reported as closed below
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (!done) {
        done = true;
        report(ctx.channel(), HelloJson.closed(peer));
      }
    }
  }
}
