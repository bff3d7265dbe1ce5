package dev.meshgate.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.catalog.Catalog;
import dev.meshgate.core.catalog.Node;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.catalog.ServiceKind;
import dev.meshgate.core.mesh.MeshGateway;
import dev.meshgate.core.naming.SpiffeId;
import dev.meshgate.core.naming.TrustDomain;
import dev.meshgate.testkit.IssuedCertificate;
import dev.meshgate.testkit.TestCa;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The mesh gateway flow end to end on loopback with real TLS from the test CA: the client's
 * certificate check sees the backend's own leaf, so the gateway relayed the TLS untouched.
 */
class MeshGatewayInitializerTest {
  static {
    Leaks.install();
  }

  static final TrustDomain TD = TrustDomain.fromClusterId("11111111-2222-3333-4444-555555555555");
  static final TestCa CA = TestCa.forTrustDomain(TD);

  private final Loopback loop = new Loopback();
  private final Recorder recorder = new Recorder();
  private MeshGateway gateway;

  @AfterEach
  void close() throws Exception {
    loop.close();
    if (gateway != null) {
      gateway.close();
    }
    Leaks.assertNone();
  }

  static SSLContext serverContext(IssuedCertificate leaf) throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("leaf", leaf.keyPair().getPrivate(), new char[0], leaf.chain().toArray(Certificate[]::new));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, new char[0]);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    return context;
  }

  /** A TLS server presenting {@code leaf} that answers one line with {@code <name> got <line>}. */
  private int tlsEcho(IssuedCertificate leaf, String name) throws Exception {
    SSLServerSocket server = (SSLServerSocket) serverContext(leaf).getServerSocketFactory()
        .createServerSocket(0, 8, Loopback.LOOPBACK);
    Thread thread = new Thread(() -> {
      while (!server.isClosed()) {
        try (SSLSocket s = (SSLSocket) server.accept()) {
          String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
          OutputStream o = s.getOutputStream();
          o.write((name + " got " + line + "\n").getBytes(StandardCharsets.UTF_8));
          o.flush();
        } catch (IOException e) {
          // a client that went away: serve the next one
        }
      }
    }, "tls-echo-" + name);
    thread.setDaemon(true);
    thread.start();
    closeLater(server);
    return server.getLocalPort();
  }

  private final List<AutoCloseable> servers = new java.util.concurrent.CopyOnWriteArrayList<>();

  private void closeLater(AutoCloseable c) {
    servers.add(c);
  }

  @AfterEach
  void closeServers() throws Exception {
    for (AutoCloseable c : servers) {
      c.close();
    }
  }

  static SSLContext clientTrustingTheMeshCa() throws Exception {
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    KeyStore roots = KeyStore.getInstance("PKCS12");
    roots.load(null, null);
    roots.setCertificateEntry("mesh-root", CA.root());
    tmf.init(roots);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }

  /** Calls through the gateway with an SNI, trusting only the mesh CA; returns the peer's leaf. */
  static Certificate call(SSLContext context, InetSocketAddress gw, String sni, String line, String[] answer)
      throws Exception {
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(gw.getAddress(), gw.getPort())) {
      socket.setSoTimeout(10_000);
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setServerNames(List.of(new SNIHostName(sni)));
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      answer[0] = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
          .readLine();
      return socket.getSession().getPeerCertificates()[0];
    }
  }

  private static ServiceInstance nativeService(String node, String service, int port) {
    return ServiceInstance.builder(Node.agent(node, "dc1", "127.0.0.1"), service)
        .kind(ServiceKind.CONNECT_NATIVE).port(port).build();
  }

  private InetSocketAddress start(Catalog catalog) throws Exception {
    gateway = MeshGateway.builder().name("mesh-gateway").datacenter("dc1").trustDomain(TD).catalog(catalog).build();
    Relay relay = Relay.builder().observer(recorder).build();
    return loop.serve(MeshGatewayInitializer.builder(gateway).relay(relay).handshakeTimeout(Duration.ofSeconds(5))
        .build());
  }

  @Test
  void relaysALocalServicesTlsUntouchedSoTheClientSeesTheServicesOwnCertificate() throws Exception {
    IssuedCertificate api = CA.leaf(SpiffeId.Service.of(TD, "", "dc1", "api"));
    int port = tlsEcho(api, "api");
    Catalog catalog = new Catalog();
    catalog.register(nativeService("n1", "api", port));
    String sni = "api.default.dc1.internal." + TD;
    String[] answer = new String[1];
    assertEquals(api.certificate(), call(clientTrustingTheMeshCa(), start(catalog), sni, "ping", answer));
    assertEquals("api got ping", answer[0]);
    assertEquals(port, recorder.summary().endpoint().orElseThrow().port());
    assertEquals(List.of("routed " + sni + " -> LOCAL_SERVICE " + sni, "connected " + port), recorder.events);
  }

  @Test
  void aRefusingFirstInstanceFailsOverToTheNext() throws Exception {
    IssuedCertificate api = CA.leaf(SpiffeId.Service.of(TD, "", "dc1", "api"));
    int refusing = Loopback.refusingPort();
    int port = tlsEcho(api, "api");
    Catalog catalog = new Catalog();
    catalog.register(nativeService("n1", "api", refusing));
    catalog.register(nativeService("n2", "api", port));
    String sni = "api.default.dc1.internal." + TD;
    String[] answer = new String[1];
    assertEquals(api.certificate(), call(clientTrustingTheMeshCa(), start(catalog), sni, "ping", answer));
    assertEquals("api got ping", answer[0]);
    recorder.summary();
    assertEquals(List.of("routed " + sni + " -> LOCAL_SERVICE " + sni, "failed " + refusing, "connected " + port),
        recorder.events);
  }

  @Test
  void anUnknownSniIsClosedAndReportedWithItsReason() throws Exception {
    Catalog catalog = new Catalog();
    catalog.register(nativeService("n1", "api", Loopback.refusingPort()));
    InetSocketAddress gw = start(catalog);
    String nope = "nope.default.dc1.internal." + TD;
    assertThrows(IOException.class, () -> call(clientTrustingTheMeshCa(), gw, nope, "ping", new String[1]));
    Loopback.await("the rejection is reported", () -> !recorder.events.isEmpty());
    assertEquals(List.of("rejected " + nope + ": UNKNOWN_SNI"), recorder.events);
    assertEquals(0, recorder.summaries.size(), "nothing was relayed");
  }

  @Test
  void aConnectionThatIsNotTlsIsClosed() throws Exception {
    InetSocketAddress gw = start(new Catalog());
    Socket plain = loop.connect(gw);
    plain.getOutputStream().write("GET / HTTP/1.1\r\nHost: api\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    assertEquals(-1, plain.getInputStream().read());
    Loopback.await("the rejection is reported", () -> !recorder.events.isEmpty());
    assertEquals(1, recorder.events.size(), recorder.events.toString());
    assertTrue(recorder.events.get(0).startsWith("rejected : "), recorder.events.toString());
  }

  @Test
  void aClientThatSendsNoHelloWithinTheHandshakeTimeoutIsClosedAndReported() throws Exception {
    gateway = MeshGateway.builder().name("mesh-gateway").datacenter("dc1").trustDomain(TD).catalog(new Catalog())
        .build();
    InetSocketAddress gw = loop.serve(MeshGatewayInitializer.builder(gateway)
        .relay(Relay.builder().observer(recorder).build()).handshakeTimeout(Duration.ofMillis(100)).build());
    Socket silent = loop.connect(gw);
    assertEquals(-1, silent.getInputStream().read());
    Loopback.await("the timeout is reported", () -> !recorder.events.isEmpty());
    assertEquals(List.of("rejected : no ClientHello within PT0.1S"), recorder.events);
  }

  @Test
  void aClientThatResetsInTheMiddleOfItsHelloIsNeitherRoutedNorRelayed() throws Exception {
    InetSocketAddress gw = start(new Catalog());
    byte[] hello = new dev.meshgate.testkit.ClientHelloBuilder().serverName("api.default.dc1.internal." + TD).build();
    Socket client = loop.connect(gw);
    client.getOutputStream().write(hello, 0, hello.length / 2);
    client.getOutputStream().flush();
    client.setSoLinger(true, 0);
    client.close(); // RST with half a hello buffered in the sniffer, which must release it
    Socket probe = loop.connect(gw); // the gateway still serves: a later connection is sniffed as usual
    probe.getOutputStream().write("not tls".getBytes(StandardCharsets.US_ASCII));
    assertEquals(-1, probe.getInputStream().read());
    Loopback.await("the probe's rejection is reported", () -> !recorder.events.isEmpty());
    assertEquals(1, recorder.events.size(), "only the probe was decided: " + recorder.events);
    assertEquals(0, recorder.summaries.size());
  }

  @Test
  void anErrorBeforeTheDecisionClosesTheConnectionWithoutReachingThePipelinesTail() {
    gateway = MeshGateway.builder().name("mesh-gateway").datacenter("dc1").trustDomain(TD).catalog(new Catalog())
        .build();
    io.netty.channel.embedded.EmbeddedChannel channel =
        new io.netty.channel.embedded.EmbeddedChannel(MeshGatewayInitializer.builder(gateway).build());
    channel.pipeline().fireExceptionCaught(new IOException("Connection reset"));
    channel.checkException(); // an exception at the tail is rethrown here (and logged at WARN by Netty)
    assertTrue(!channel.isOpen());
  }
}
