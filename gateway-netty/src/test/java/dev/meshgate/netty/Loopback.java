package dev.meshgate.netty;

import dev.meshgate.core.catalog.Endpoint;
import dev.meshgate.testkit.IssuedCertificate;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A gateway and its backends on loopback, closed by {@link #close()}: a Netty server whose child
 * channels get the handlers a test gives, and plain-socket backends.
 */
final class Loopback implements AutoCloseable {
  static {
    Leaks.install();
  }

  static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  final EventLoopGroup group = new NioEventLoopGroup(1);
  private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

  /** Closes {@code resource} with the loop, before the loop's own servers and sockets. */
  <T extends AutoCloseable> T closeLater(T resource) {
    open.add(resource);
    return resource;
  }

  /** Starts a gateway whose every child channel gets a fresh handler from {@code handler}. */
  InetSocketAddress gateway(Supplier<ChannelHandler> handler) throws InterruptedException {
    return serve(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.pipeline().addLast(handler.get());
      }
    });
  }

  /** Starts a Netty server with {@code childHandler} on the loop. */
  InetSocketAddress serve(ChannelHandler childHandler) throws InterruptedException {
    Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(childHandler).bind(LOOPBACK, 0).sync().channel();
    open.add(() -> server.close().sync());
    return (InetSocketAddress) server.localAddress();
  }

  /** A backend serving each connection on its own thread with {@code serve}. */
  int backend(SocketServer serve) throws IOException {
    ServerSocket server = new ServerSocket(0, 16, LOOPBACK);
    open.add(server);
    Thread thread = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          open.add(s);
          Thread worker = new Thread(() -> {
            try (s) {
              serve.serve(s);
            } catch (IOException e) {
              // the test's client or the relay went away
            }
          }, "backend-worker");
          worker.setDaemon(true);
          worker.start();
        } catch (IOException e) {
          return;
        }
      }
    }, "backend");
    thread.setDaemon(true);
    thread.start();
    return server.getLocalPort();
  }

  /** A port nothing listens on (bound and closed at once). */
  static int refusingPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
      return s.getLocalPort();
    }
  }

  static Endpoint endpoint(int port) {
    return new Endpoint("127.0.0.1", port, false, true, 1, Optional.empty());
  }

  Socket connect(InetSocketAddress address) throws IOException {
    Socket s = new Socket(address.getAddress(), address.getPort());
    s.setSoTimeout(20_000);
    open.add(s);
    return s;
  }

  static byte[] readAll(InputStream in) throws IOException {
    return in.readAllBytes();
  }

  static void write(OutputStream out, byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** A client's TLS: presents {@code leaf} (or nothing when null), trusts {@code root}. */
  static SSLContext clientContext(X509Certificate root, IssuedCertificate leaf) throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    if (leaf != null) {
      keys.setKeyEntry("leaf", leaf.keyPair().getPrivate(), new char[0], leaf.chain().toArray(Certificate[]::new));
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, new char[0]);
    KeyStore roots = KeyStore.getInstance("PKCS12");
    roots.load(null, null);
    roots.setCertificateEntry("mesh", root);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(roots);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return context;
  }

  /** Waits for a condition that a correct relay reaches; fails with {@code what} if it does not. */
  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("never happened: " + what);
      }
      Thread.sleep(5);
    }
  }

  /** Records, on every write, the most bytes a channel's outbound buffer held. */
  static final class PendingHighWater extends ChannelOutboundHandlerAdapter {
    final AtomicLong max = new AtomicLong();

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      ctx.write(msg, promise);
      long pending = ctx.channel().unsafe().outboundBuffer() == null ? 0
          : ctx.channel().unsafe().outboundBuffer().totalPendingWriteBytes();
      max.accumulateAndGet(pending, Math::max);
    }
  }

  /** A default relay whose client channels get {@code towardsClient} once an endpoint connects. */
  static Relay measuringTowardsClient(PendingHighWater towardsClient) {
    return Relay.builder().observer(new GatewayObserver() {
      @Override
      public void endpointConnected(Channel client, Channel backend, Endpoint endpoint) {
        client.pipeline().addFirst(towardsClient);
      }
    }).build();
  }

  @FunctionalInterface
  interface SocketServer {
    void serve(Socket socket) throws IOException;
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable c : open) {
      try {
        c.close();
      } catch (Exception e) {
        // best effort
      }
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }
}
