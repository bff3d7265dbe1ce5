package dev.meshgate.benchmarks.netty;

import dev.meshgate.core.catalog.Endpoint;
import dev.meshgate.netty.Relay;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * gateway-netty's {@code Relay} on loopback, between a blocking client socket and a Netty echo
 * backend, each on its own event-loop thread: {@code roundTrip16k} writes 16 KiB and reads the
 * 16 KiB echoed back through the relay (32 KiB relayed per operation, one connection);
 * {@code connectSendClose} opens a connection through the relay (the relay connects to the
 * backend), echoes one byte and resets it, so it measures the connection rate.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RelayBenchmark {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final int CHUNK = 16 * 1024;

  private EventLoopGroup gatewayGroup;
  private EventLoopGroup backendGroup;
  private InetSocketAddress gateway;
  private Socket client;
  private final byte[] out = new byte[CHUNK];
  private final byte[] in = new byte[CHUNK];
  private final byte[] one = new byte[1];

  @ChannelHandler.Sharable
  static final class Echo extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ctx.write(msg, ctx.voidPromise());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    gatewayGroup = new NioEventLoopGroup(1);
    backendGroup = new NioEventLoopGroup(1);
    Channel backend = new ServerBootstrap().group(backendGroup).channel(NioServerSocketChannel.class)
        .childHandler(new Echo()).bind(LOOPBACK, 0).sync().channel();
    int port = ((InetSocketAddress) backend.localAddress()).getPort();
    List<Endpoint> endpoints = List.of(new Endpoint("127.0.0.1", port, false, true, 1, Optional.empty()));
    Relay relay = Relay.defaults();
    Channel server = new ServerBootstrap().group(gatewayGroup).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(relay.newHandler(endpoints));
          }
        }).bind(LOOPBACK, 0).sync().channel();
    gateway = (InetSocketAddress) server.localAddress();
    client = new Socket(gateway.getAddress(), gateway.getPort());
    client.setTcpNoDelay(true);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    client.close();
    gatewayGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    backendGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  @Benchmark
  public int roundTrip16k() throws IOException {
    OutputStream o = client.getOutputStream();
    o.write(out);
    o.flush();
    return readFully(client.getInputStream(), in);
  }

  @Benchmark
  public int connectSendClose() throws IOException {
    try (Socket s = new Socket(gateway.getAddress(), gateway.getPort())) {
      s.setSoLinger(true, 0); // reset on close: no TIME_WAIT to run out of ports
      s.setTcpNoDelay(true);
      s.getOutputStream().write(one);
      return readFully(s.getInputStream(), one);
    }
  }

  private static int readFully(InputStream input, byte[] into) throws IOException {
    int got = 0;
    while (got < into.length) {
      int n = input.read(into, got, into.length - got);
      if (n < 0) {
        throw new IOException("closed after " + got + " bytes");
      }
      got += n;
    }
    return got;
  }
}
