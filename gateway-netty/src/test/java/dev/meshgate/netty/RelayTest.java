package dev.meshgate.netty;

import static dev.meshgate.netty.Loopback.endpoint;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The relay on loopback, with Netty's leak detector at PARANOID. */
class RelayTest {
  static {
    Leaks.install();
  }

  private final Loopback loop = new Loopback();
  private final Recorder recorder = new Recorder();
  private final Relay relay = Relay.builder().observer(recorder).build();

  @AfterEach
  void close() throws Exception {
    loop.close();
    Leaks.assertNone();
  }

  private static byte[] random(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** A backend that echoes every byte until the client half-closes, then closes. */
  private int echo() throws Exception {
    return loop.backend(s -> s.getInputStream().transferTo(s.getOutputStream()));
  }

  @Test
  void relaysAMegabyteIntactBothWaysAndReportsTheCounts() throws Exception {
    int port = echo();
    InetSocketAddress gw = loop.gateway(() -> relay.newHandler(List.of(endpoint(port))));
    byte[] sent = random(1 << 20, 1);
    Socket client = loop.connect(gw);
    CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
      try {
        return client.getInputStream().readAllBytes();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    Loopback.write(client.getOutputStream(), sent);
    client.shutdownOutput();
    assertArrayEquals(sent, received.get(20, TimeUnit.SECONDS));
    ConnectionSummary summary = recorder.summary();
    assertEquals(Optional.of(endpoint(port)), summary.endpoint());
    assertEquals(sent.length, summary.bytesFromClient());
    assertEquals(sent.length, summary.bytesToClient());
    assertEquals(List.of("connected " + port), recorder.events);
  }

  @Test
  void aClientsHalfCloseReachesTheBackendWhichCanStillAnswer() throws Exception {
    // The backend answers only after it has read to the end of the stream: without the FIN passed
    // on it would wait forever.
    int port = loop.backend(s -> {
      byte[] request = s.getInputStream().readAllBytes();
      OutputStream out = s.getOutputStream();
      out.write(("got " + new String(request, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
      out.flush();
    });
    InetSocketAddress gw = loop.gateway(() -> relay.newHandler(List.of(endpoint(port))));
    Socket client = loop.connect(gw);
    Loopback.write(client.getOutputStream(), "request".getBytes(StandardCharsets.UTF_8));
    client.shutdownOutput();
    assertEquals("got request", new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    assertEquals(CloseReason.CLIENT_CLOSED, recorder.summary().reason());
  }

  @Test
  void aBackendsHalfCloseReachesTheClientWhichCanStillSend() throws Exception {
    BlockingQueue<String> backendGot = new LinkedBlockingQueue<>();
    int port = loop.backend(s -> {
      Loopback.write(s.getOutputStream(), "banner".getBytes(StandardCharsets.UTF_8));
      s.shutdownOutput();
      backendGot.add(new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    });
    InetSocketAddress gw = loop.gateway(() -> relay.newHandler(List.of(endpoint(port))));
    Socket client = loop.connect(gw);
    InputStream in = client.getInputStream();
    assertEquals("banner", new String(in.readAllBytes(), StandardCharsets.UTF_8), "the client saw end of stream");
    Loopback.write(client.getOutputStream(), "after".getBytes(StandardCharsets.UTF_8));
    client.shutdownOutput();
    assertEquals("after", backendGot.poll(20, TimeUnit.SECONDS));
    recorder.summary();
  }

  @Test
  void aRefusingFirstEndpointFailsOverToTheSecondAndTheChosenOneIsReported() throws Exception {
    int refusing = Loopback.refusingPort();
    int port = echo();
    InetSocketAddress gw = loop.gateway(() -> relay.newHandler(List.of(endpoint(refusing), endpoint(port))));
    Socket client = loop.connect(gw);
    Loopback.write(client.getOutputStream(), "ping".getBytes(StandardCharsets.UTF_8));
    client.shutdownOutput();
    assertEquals("ping", new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    assertEquals(Optional.of(endpoint(port)), recorder.summary().endpoint());
    assertEquals(List.of("failed " + refusing, "connected " + port), recorder.events);
  }

  @Test
  void whenEveryEndpointRefusesTheClientIsClosedWithNothingRelayed() throws Exception {
    int first = Loopback.refusingPort();
    int second = Loopback.refusingPort();
    InetSocketAddress gw = loop.gateway(() -> relay.newHandler(List.of(endpoint(first), endpoint(second))));
    Socket client = loop.connect(gw);
    Loopback.write(client.getOutputStream(), "lost".getBytes(StandardCharsets.UTF_8));
    assertEquals(-1, client.getInputStream().read(), "the client sees the close");
    ConnectionSummary summary = recorder.summary();
    assertEquals(CloseReason.NO_ENDPOINT, summary.reason());
    assertEquals(Optional.empty(), summary.endpoint());
    assertEquals(List.of("failed " + first, "failed " + second), recorder.events);
  }

  @Test
  void aRouteWithoutEndpointsClosesTheClient() throws Exception {
    InetSocketAddress gw = loop.gateway(() -> relay.newHandler(List.of()));
    Socket client = loop.connect(gw);
    assertEquals(-1, client.getInputStream().read());
    assertEquals(CloseReason.NO_ENDPOINT, recorder.summary().reason());
  }

  @Test
  void anIdleConnectionIsClosedAfterTheIdleTimeout() throws Exception {
    int port = echo();
    Relay idle = Relay.builder().observer(recorder).idleTimeout(Duration.ofMillis(100)).build();
    InetSocketAddress gw = loop.gateway(() -> idle.newHandler(List.of(endpoint(port))));
    Socket client = loop.connect(gw);
    assertEquals(-1, client.getInputStream().read(), "closed without a byte sent");
    assertEquals(CloseReason.IDLE_TIMEOUT, recorder.summary().reason());
  }

  @Test
  void aBackendThatResetsClosesTheClient() throws Exception {
    int port = loop.backend(s -> {
      s.getInputStream().read();
      s.setSoLinger(true, 0); // close with RST
    });
    InetSocketAddress gw = loop.gateway(() -> relay.newHandler(List.of(endpoint(port))));
    Socket client = loop.connect(gw);
    Loopback.write(client.getOutputStream(), "x".getBytes(StandardCharsets.UTF_8));
    try {
      assertEquals(-1, client.getInputStream().read());
    } catch (java.net.SocketException reset) {
      // a reset passed on is a close too
    }
    ConnectionSummary summary = recorder.summary();
    assertTrue(summary.reason() == CloseReason.BACKEND_CLOSED || summary.reason() == CloseReason.ERROR,
        summary.toString());
  }

  @Test
  void aClientThatResetsMidStreamClosesTheBackendConnectionToo() throws Exception {
    BlockingQueue<String> backendSaw = new LinkedBlockingQueue<>();
    int port = loop.backend(s -> {
      InputStream in = s.getInputStream();
      in.read();
      try {
        backendSaw.add(in.read() == -1 ? "end of stream" : "more bytes");
      } catch (java.net.SocketException reset) {
        backendSaw.add("reset");
      }
    });
    InetSocketAddress gw = loop.gateway(() -> relay.newHandler(List.of(endpoint(port))));
    Socket client = loop.connect(gw);
    Loopback.write(client.getOutputStream(), "x".getBytes(StandardCharsets.UTF_8));
    Loopback.await("the endpoint is connected", () -> !recorder.backends.isEmpty());
    client.setSoLinger(true, 0);
    client.close(); // RST
    String seen = backendSaw.poll(20, TimeUnit.SECONDS);
    assertTrue("end of stream".equals(seen) || "reset".equals(seen), "the backend connection was closed: " + seen);
    ConnectionSummary summary = recorder.summary();
    assertTrue(summary.reason() == CloseReason.CLIENT_CLOSED || summary.reason() == CloseReason.ERROR,
        summary.toString());
    Channel backend = recorder.backends.poll();
    backend.closeFuture().await(20, TimeUnit.SECONDS);
    assertTrue(!backend.isOpen(), "the relay's channel to the backend is closed");
  }

  /** A Netty backend that reads nothing until {@code release}d, then digests everything. */
  private static final class HeldBackend extends ChannelInboundHandlerAdapter {
    final CompletableFuture<Channel> child = new CompletableFuture<>();
    final MessageDigest digest;
    final AtomicLong received = new AtomicLong();
    final CompletableFuture<byte[]> done = new CompletableFuture<>();

    HeldBackend() throws Exception {
      digest = MessageDigest.getInstance("SHA-256");
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      child.complete(ctx.channel());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      received.addAndGet(buf.readableBytes());
      digest.update(buf.nioBuffer());
      buf.release();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      done.complete(digest.digest());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      ctx.close();
    }
  }

  @Test
  void aBackendThatDoesNotReadNeverMakesTheRelayBufferMoreThanTheHighWaterMarkAndARead() throws Exception {
    HeldBackend held = new HeldBackend();
    Channel server = new ServerBootstrap().group(loop.group).channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.AUTO_READ, false).childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .childHandler(held).bind(Loopback.LOOPBACK, 0).sync().channel();
    int port = ((InetSocketAddress) server.localAddress()).getPort();
    Loopback.PendingHighWater towardsBackend = new Loopback.PendingHighWater();
    Relay bounded = Relay.builder().observer(new Recorder() {
      @Override
      public void endpointConnected(Channel client, Channel backend, dev.meshgate.core.catalog.Endpoint e) {
        backend.pipeline().addFirst(towardsBackend);
        super.endpointConnected(client, backend, e);
      }
    }).build();
    InetSocketAddress gw = loop.gateway(() -> bounded.newHandler(List.of(endpoint(port))));

    int total = 64 << 20;
    byte[] chunk = random(1 << 16, 2);
    MessageDigest sentDigest = MessageDigest.getInstance("SHA-256");
    Socket client = loop.connect(gw);
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      try {
        OutputStream out = client.getOutputStream();
        for (int sent = 0; sent < total; sent += chunk.length) {
          out.write(chunk);
        }
        client.shutdownOutput();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    for (int sent = 0; sent < total; sent += chunk.length) {
      sentDigest.update(chunk);
    }
    Channel backendSide = held.child.get(20, TimeUnit.SECONDS);
    // The relay's channel to the backend fills up: the backend reads nothing and the kernel's
    // buffers are full. From here only backpressure keeps the relay from buffering the rest.
    Loopback.await("the relay's backend channel becomes unwritable", () -> bounded.observer() != null
        && towardsBackend.max.get() >= bounded.writeBufferHighWaterMark());
    backendSide.config().setAutoRead(true);
    assertArrayEquals(sentDigest.digest(), held.done.get(60, TimeUnit.SECONDS), "every byte arrived in order");
    writer.get(20, TimeUnit.SECONDS);
    assertEquals(total, held.received.get());
    long bound = bounded.writeBufferHighWaterMark() + 64 * 1024 + 16 * 1024;
    assertTrue(towardsBackend.max.get() <= bound,
        "the relay buffered " + towardsBackend.max.get() + " bytes, more than " + bound);
    server.close().sync();
  }

  @Test
  void aClientThatDoesNotReadNeverMakesTheRelayBufferMoreThanTheHighWaterMarkAndARead() throws Exception {
    int total = 64 << 20;
    byte[] chunk = random(1 << 16, 3);
    int port = loop.backend(s -> {
      OutputStream out = s.getOutputStream();
      for (int sent = 0; sent < total; sent += chunk.length) {
        out.write(chunk);
      }
      out.flush();
    });
    Loopback.PendingHighWater towardsClient = new Loopback.PendingHighWater();
    Relay bounded = Loopback.measuringTowardsClient(towardsClient);
    InetSocketAddress gw = loop.gateway(() -> bounded.newHandler(List.of(endpoint(port))));
    Socket client = loop.connect(gw);
    Loopback.await("the relay's client channel becomes unwritable",
        () -> towardsClient.max.get() >= bounded.writeBufferHighWaterMark());
    MessageDigest expected = MessageDigest.getInstance("SHA-256");
    for (int sent = 0; sent < total; sent += chunk.length) {
      expected.update(chunk);
    }
    MessageDigest got = MessageDigest.getInstance("SHA-256");
    InputStream in = client.getInputStream();
    byte[] buffer = new byte[1 << 16];
    long received = 0;
    for (int n; (n = in.read(buffer)) > 0; ) {
      got.update(buffer, 0, n);
      received += n;
    }
    assertEquals(total, received);
    assertArrayEquals(expected.digest(), got.digest());
    long bound = bounded.writeBufferHighWaterMark() + 64 * 1024 + 16 * 1024;
    assertTrue(towardsClient.max.get() <= bound,
        "the relay buffered " + towardsClient.max.get() + " bytes, more than " + bound);
  }
}
