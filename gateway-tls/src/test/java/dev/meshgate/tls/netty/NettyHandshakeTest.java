package dev.meshgate.tls.netty;

import dev.meshgate.tls.TestMaterial;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.naming.SpiffeId;
import dev.meshgate.core.naming.TrustDomain;
import dev.meshgate.core.terminating.TlsMode;
import dev.meshgate.tls.CertificateReloader;
import dev.meshgate.tls.MeshServerTls;
import dev.meshgate.tls.OriginationContext;
import dev.meshgate.tls.ReloadingOrigination;
import dev.meshgate.tls.TlsContexts;
import dev.meshgate.testkit.IssuedCertificate;
import dev.meshgate.testkit.KeyFormat;
import dev.meshgate.testkit.TestCa;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Handshakes through Netty's SslHandler: two EmbeddedChannels whose bytes are shuttled by hand, so
 * no event loop or socket is involved and the test is deterministic.
 */
class NettyHandshakeTest {
  static final TrustDomain TD = new TrustDomain("5fcd4b81-a2ca-405a-ac62-0fac602c1949.consul");
  static final TestCa MESH = TestCa.forTrustDomain(TD);
  static final TestCa UPSTREAM = TestCa.named("upstream CA");
  static final IssuedCertificate SERVER = UPSTREAM.server("api.example.com");
  static final String WEB_SNI = "web.default.dc1.internal." + TD.value();

  @TempDir Path dir;
  final TlsContexts contexts = TlsContexts.builder().build();

  /** Shuttles bytes between the channels until both handshakes are done or one fails. */
  static void handshake(EmbeddedChannel client, EmbeddedChannel server) {
    SslHandler c = handler(client);
    SslHandler s = handler(server);
    for (int i = 0; i < 100; i++) {
      boolean moved = shuttle(client, server) | shuttle(server, client);
      if ((c.handshakeFuture().isDone() && s.handshakeFuture().isDone()) || !moved) {
        return;
      }
    }
  }

  /** The channel's SslHandler, remembered because a failed handshake closes the channel and empties its pipeline. */
  static SslHandler handler(EmbeddedChannel channel) {
    return HANDLERS.computeIfAbsent(channel, c -> c.pipeline().get(SslHandler.class));
  }

  private static final Map<EmbeddedChannel, SslHandler> HANDLERS = new java.util.concurrent.ConcurrentHashMap<>();

  private static boolean shuttle(EmbeddedChannel from, EmbeddedChannel to) {
    boolean moved = false;
    ByteBuf bytes;
    while ((bytes = from.readOutbound()) != null) {
      moved = true;
      if (!to.isOpen()) {
        bytes.release();
        continue;
      }
      try {
        to.writeInbound(bytes);
      } catch (Exception e) {
        // The handler reports the failure through its handshake future; the test checks that.
      }
    }
    return moved;
  }

  private static EmbeddedChannel channel(SslContext context, String host, int port) {
    return channel(context.newHandler(ByteBufAllocator.DEFAULT, host, port));
  }

  private static EmbeddedChannel channel(SslHandler sslHandler) {
    EmbeddedChannel channel = new EmbeddedChannel(sslHandler);
    HANDLERS.put(channel, sslHandler);
    return channel;
  }

  /** A plain Netty JDK server context for the upstream side. */
  static final class JdkServer {
    final SslContext context;

    JdkServer(IssuedCertificate certificate) throws Exception {
      context = io.netty.handler.ssl.SslContextBuilder
          .forServer(certificate.keyPair().getPrivate(), certificate.chain().toArray(new java.security.cert.X509Certificate[0]))
          .sslProvider(io.netty.handler.ssl.SslProvider.JDK)
          .build();
    }
  }

  @Test
  void originationClientCompletesAOneWayHandshake() throws Exception {
    Path ca = UPSTREAM.writeRoot(dir.resolve("ca.pem"));
    OriginationContext origination = assertInstanceOf(OriginationContext.class,
        contexts.origination(TlsMode.of(ca.toString(), "", "", "api.example.com")));
    EmbeddedChannel client = channel(NettyTls.client(origination), "10.0.0.7", 443);
    EmbeddedChannel server = channel(new JdkServer(SERVER).context, null, -1);
    handshake(client, server);
    SslHandler handler = handler(client);
    assertTrue(handler.handshakeFuture().isSuccess(), String.valueOf(handler.handshakeFuture().cause()));
    assertEquals(SERVER.certificate(), handler.engine().getSession().getPeerCertificates()[0]);
  }

  @Test
  void originationClientFailsWhenNoSanEqualsTheSni() throws Exception {
    Path ca = UPSTREAM.writeRoot(dir.resolve("ca.pem"));
    OriginationContext origination = assertInstanceOf(OriginationContext.class,
        contexts.origination(TlsMode.of(ca.toString(), "", "", "web.example.com")));
    EmbeddedChannel client = channel(NettyTls.client(origination), "10.0.0.7", 443);
    EmbeddedChannel server = channel(new JdkServer(SERVER).context, null, -1);
    handshake(client, server);
    SslHandler handler = handler(client);
    assertFalse(handler.handshakeFuture().isSuccess());
  }

  @Test
  void meshServerSelectsTheLeafBySniAndExposesTheCaller() throws Exception {
    SpiffeId.Service web = SpiffeId.Service.of(TD, "", "dc1", "web");
    SpiffeId.Service caller = SpiffeId.Service.of(TD, "", "dc1", "frontend");
    IssuedCertificate webLeaf = MESH.leaf(web);
    MeshServerTls mesh = contexts.meshServer(TD, TestMaterial.roots(MESH), Map.of(WEB_SNI, TestMaterial.key(webLeaf)));
    IssuedCertificate callerLeaf = MESH.leaf(caller);
    EmbeddedChannel client = channel(meshCaller(callerLeaf).newHandler(ByteBufAllocator.DEFAULT, WEB_SNI, 8443));
    EmbeddedChannel server = channel(NettyTls.server(mesh), null, -1);
    handshake(client, server);
    SslHandler serverHandler = handler(server);
    assertTrue(serverHandler.handshakeFuture().isSuccess(), String.valueOf(serverHandler.handshakeFuture().cause()));
    SSLSession session = serverHandler.engine().getSession();
    assertEquals(caller, mesh.callerIdentity(session));
    assertEquals(webLeaf.certificate(), handler(client).engine().getSession().getPeerCertificates()[0]);
  }

  /** A mesh caller as a sidecar would be: a plain Netty JDK client that trusts the mesh root and sends an SNI. */
  private static SslContext meshCaller(IssuedCertificate callerOrNull) throws Exception {
    io.netty.handler.ssl.SslContextBuilder builder = io.netty.handler.ssl.SslContextBuilder.forClient()
        .trustManager(MESH.root())
        .endpointIdentificationAlgorithm(null)
        .sslProvider(io.netty.handler.ssl.SslProvider.JDK);
    if (callerOrNull != null) {
      builder.keyManager(callerOrNull.keyPair().getPrivate(),
          callerOrNull.chain().toArray(new java.security.cert.X509Certificate[0]));
    }
    return builder.build();
  }

  @Test
  void meshServerRejectsACallerWithoutCertificate() throws Exception {
    MeshServerTls mesh = contexts.meshServer(TD, TestMaterial.roots(MESH),
        Map.of(WEB_SNI, TestMaterial.key(MESH.leaf(SpiffeId.Service.of(TD, "", "dc1", "web")))));
    EmbeddedChannel client = channel(meshCaller(null).newHandler(ByteBufAllocator.DEFAULT, WEB_SNI, 8443));
    EmbeddedChannel server = channel(NettyTls.server(mesh), null, -1);
    handshake(client, server);
    Throwable cause = handler(server).handshakeFuture().cause();
    assertEquals("Empty client certificate chain", cause.getMessage());
  }

  @Test
  void meshServerRejectsACallerOfAnotherTrustDomain() throws Exception {
    MeshServerTls mesh = contexts.meshServer(TD, TestMaterial.roots(MESH),
        Map.of(WEB_SNI, TestMaterial.key(MESH.leaf(SpiffeId.Service.of(TD, "", "dc1", "web")))));
    TrustDomain other = new TrustDomain("d2e1a32e-5733-47f2-a9dd-6cf271aab5b7.consul");
    IssuedCertificate foreign = MESH.leaf(SpiffeId.Service.of(other, "", "dc1", "frontend"));
    EmbeddedChannel client = channel(meshCaller(foreign).newHandler(ByteBufAllocator.DEFAULT, WEB_SNI, 8443));
    EmbeddedChannel server = channel(NettyTls.server(mesh), null, -1);
    handshake(client, server);
    Throwable cause = handler(server).handshakeFuture().cause();
    assertTrue(cause.getCause().getMessage().endsWith("(expected: trust domain " + TD.value() + ")"),
        cause.getCause().getMessage());
  }

  @Test
  void reloadingClientUsesTheContextCurrentForEachNewConnection() throws Exception {
    Path ca = UPSTREAM.writeRoot(dir.resolve("ca.pem"));
    try (CertificateReloader reloader = CertificateReloader.builder(contexts).pollInterval(Duration.ofMillis(20)).build()) {
      ReloadingOrigination origination = reloader.watch(TlsMode.of(ca.toString(), "", "", "api.example.com"));
      SslContext netty = NettyTls.client(origination);
      EmbeddedChannel before = channel(netty, "10.0.0.7", 443);
      handshake(before, channel(new JdkServer(SERVER).context, null, -1));
      assertTrue(handler(before).handshakeFuture().isSuccess());

      Path next = Files.writeString(dir.resolve("ca.tmp"), TestCa.named("unrelated CA").rootPem());
      Files.move(next, ca, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      Object old = origination.current();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (origination.current() == old && System.nanoTime() - deadline < 0) {
        Thread.sleep(5);
      }
      EmbeddedChannel after = channel(netty, "10.0.0.7", 443);
      handshake(after, channel(new JdkServer(SERVER).context, null, -1));
      assertFalse(handler(after).handshakeFuture().isSuccess(),
          "the server's CA is no longer trusted once the CA file changed");
    }
  }

  @Test
  void refusesAPlaintextReloadingOrigination() {
    try (CertificateReloader reloader = CertificateReloader.builder(contexts).build()) {
      ReloadingOrigination plaintext = reloader.watch(TlsMode.none());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NettyTls.client(plaintext));
      assertEquals("origination: ReloadingOrigination[Plaintext[]] (expected: a one-way or mutual TLS mode)", e.getMessage());
    }
  }
}
