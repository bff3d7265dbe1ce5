package dev.meshgate.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.catalog.Catalog;
import dev.meshgate.core.catalog.Node;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.intentions.Action;
import dev.meshgate.core.intentions.DefaultPolicy;
import dev.meshgate.core.intentions.IntentionSet;
import dev.meshgate.core.intentions.ServiceIntentions;
import dev.meshgate.core.intentions.SourceIntention;
import dev.meshgate.core.naming.SpiffeId;
import dev.meshgate.core.naming.TrustDomain;
import dev.meshgate.core.terminating.LinkedService;
import dev.meshgate.core.terminating.TerminatingGateway;
import dev.meshgate.core.terminating.TerminatingGatewayEntry;
import dev.meshgate.testkit.IssuedCertificate;
import dev.meshgate.testkit.TestCa;
import dev.meshgate.tls.KeyMaterial;
import dev.meshgate.tls.LeafSource;
import dev.meshgate.tls.TerminatingGatewayTls;
import dev.meshgate.tls.TlsContexts;
import dev.meshgate.tls.TrustBundle;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The terminating gateway flow end to end on loopback: a mesh caller with a test-CA leaf, mesh
 * mTLS terminated with the linked service's leaf, intentions at connect, origination plaintext or
 * one-way TLS to the service.
 */
class TerminatingGatewayInitializerTest {
  static {
    Leaks.install();
  }

  static final TrustDomain TD = TrustDomain.fromClusterId("11111111-2222-3333-4444-555555555555");
  static final TestCa MESH = TestCa.forTrustDomain(TD);
  static final TestCa UPSTREAM = TestCa.named("upstream CA");
  static final String API_SNI = "api.default.dc1.internal." + TD.value();

  @TempDir Path dir;

  private final Loopback loop = new Loopback();
  private final Recorder recorder = new Recorder();
  private final List<String> decisions = recorder.decisions;

  @AfterEach
  void close() throws Exception {
    loop.close();
    Leaks.assertNone();
  }

  private static IntentionSet webMayCallApi() {
    return IntentionSet.builder()
        .add(ServiceIntentions.builder().name("api").source(SourceIntention.of("web", Action.ALLOW)).build())
        .build();
  }

  private TerminatingGatewayTls tls;

  private InetSocketAddress gateway(LinkedService api, int port) throws Exception {
    return gateway(api, port, service -> key(MESH.leaf(service)));
  }

  private InetSocketAddress gateway(LinkedService api, int port, LeafSource leaves) throws Exception {
    Catalog catalog = new Catalog();
    catalog.register(ServiceInstance.builder(Node.external("api-ext", "dc1", "127.0.0.1"), "api").port(port).build());
    TerminatingGateway gw = TerminatingGateway.builder().name("tgw").datacenter("dc1").trustDomain(TD)
        .catalog(catalog).entry(TerminatingGatewayEntry.builder("tgw").services(api).build()).build();
    loop.closeLater(gw);
    tls = TerminatingGatewayTls.follow(gw, TlsContexts.builder().build(),
        TrustBundle.of(MESH.name(), List.of(MESH.root())), leaves);
    loop.closeLater(tls);
    IntentionSet intentions = webMayCallApi();
    return loop.serve(TerminatingGatewayInitializer.builder(gw, tls).intentions(() -> intentions)
        .defaultPolicy(DefaultPolicy.DENY).relay(Relay.builder().observer(recorder).build()).build());
  }

  static KeyMaterial key(IssuedCertificate issued) {
    return KeyMaterial.of(issued.subject(), issued.chain(), issued.keyPair().getPrivate());
  }

  /** A plaintext or TLS service answering one line with {@code <name> got <line>}. */
  private int lineService(ServerSocket server, String name) {
    loop.closeLater(server);
    Thread thread = new Thread(() -> {
      while (!server.isClosed()) {
        try (Socket s = server.accept()) {
          String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
          OutputStream o = s.getOutputStream();
          o.write((name + " got " + line + "\n").getBytes(StandardCharsets.UTF_8));
          o.flush();
        } catch (IOException e) {
          // next one
        }
      }
    }, "service-" + name);
    thread.setDaemon(true);
    thread.start();
    return server.getLocalPort();
  }

  /** A mesh caller's TLS: presents {@code leaf} (or nothing), trusts the mesh CA. */
  static SSLContext callerContext(IssuedCertificate leaf) throws Exception {
    return Loopback.clientContext(MESH.root(), leaf);
  }

  /** Opens a mesh caller's connection to the gateway with {@code sni} and completes the handshake. */
  static SSLSocket connect(SSLContext context, InetSocketAddress gw, String sni) throws IOException {
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(gw.getAddress(), gw.getPort());
    socket.setSoTimeout(10_000);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setServerNames(List.of(new SNIHostName(sni)));
    socket.setSSLParameters(parameters);
    socket.startHandshake();
    return socket;
  }

  /** A mesh caller: presents {@code leaf} (or nothing), sends the route's SNI and one line. */
  private static String call(InetSocketAddress gw, IssuedCertificate leaf, String line) throws Exception {
    try (SSLSocket socket = connect(callerContext(leaf), gw, API_SNI)) {
      socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      String answer = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
          .readLine();
      if (answer == null) {
        throw new IOException("closed without an answer");
      }
      return answer;
    }
  }

  static IssuedCertificate caller(String service) {
    return MESH.leaf(SpiffeId.Service.of(TD, "", "dc1", service));
  }

  @Test
  void anAllowedCallerReachesAPlaintextServiceThroughTheTerminatedMeshTls() throws Exception {
    int port = lineService(new ServerSocket(0, 8, Loopback.LOOPBACK), "api");
    InetSocketAddress gw = gateway(LinkedService.of("api"), port);
    assertEquals("api got ping", call(gw, caller("web"), "ping"));
    assertEquals(List.of("web => api: true"), decisions);
    assertEquals(port, recorder.summary().endpoint().orElseThrow().port());
    assertEquals(List.of("routed " + API_SNI + " -> api", "connected " + port), recorder.events);
  }

  @Test
  void aCallerNoIntentionAllowsIsClosedAndTheDenialsExplanationReported() throws Exception {
    int port = lineService(new ServerSocket(0, 8, Loopback.LOOPBACK), "api");
    InetSocketAddress gw = gateway(LinkedService.of("api"), port);
    assertThrows(IOException.class, () -> call(gw, caller("evil"), "ping"));
    Loopback.await("the denial is reported", () -> !recorder.events.isEmpty());
    assertEquals(List.of("evil => api: false"), decisions);
    assertEquals(List.of("rejected " + API_SNI + ": intentions deny default/evil => default/api:"
        + " Default intention policy: deny; no intention matched"), recorder.events);
    assertEquals(0, recorder.summaries.size(), "nothing was relayed");
  }

  @Test
  void aCallerWithoutAMeshCertificateFailsTheHandshakeAndIsReported() throws Exception {
    int port = lineService(new ServerSocket(0, 8, Loopback.LOOPBACK), "api");
    InetSocketAddress gw = gateway(LinkedService.of("api"), port);
    assertThrows(IOException.class, () -> call(gw, null, "ping"));
    Loopback.await("the failed handshake is reported", () -> !recorder.events.isEmpty());
    assertEquals(1, recorder.events.size(), recorder.events.toString());
    assertTrue(recorder.events.get(0).startsWith("rejected " + API_SNI + ": mesh TLS handshake failed: "),
        recorder.events.toString());
    assertEquals(List.of(), decisions);
  }

  @Test
  void originatesOneWayTlsToTheServiceVerifyingItAgainstTheLinkedCaFile() throws Exception {
    Path ca = UPSTREAM.writeRoot(dir.resolve("upstream-ca.pem"));
    IssuedCertificate serviceCert = UPSTREAM.server("127.0.0.1");
    SSLServerSocket server = (SSLServerSocket) MeshGatewayInitializerTest.serverContext(serviceCert)
        .getServerSocketFactory().createServerSocket(0, 8, Loopback.LOOPBACK);
    int port = lineService(server, "api-tls");
    InetSocketAddress gw = gateway(LinkedService.builder("api").caFile(ca.toString()).build(), port);
    assertEquals("api-tls got ping", call(gw, caller("web"), "ping"));
  }

  @Test
  void aServiceWhoseCertificateTheLinkedCaDidNotSignIsNotTalkedTo() throws Exception {
    Path ca = UPSTREAM.writeRoot(dir.resolve("upstream-ca.pem"));
    IssuedCertificate impostor = TestCa.named("other CA").server("127.0.0.1");
    SSLServerSocket server = (SSLServerSocket) MeshGatewayInitializerTest.serverContext(impostor)
        .getServerSocketFactory().createServerSocket(0, 8, Loopback.LOOPBACK);
    int port = lineService(server, "impostor");
    InetSocketAddress gw = gateway(LinkedService.builder("api").caFile(ca.toString()).build(), port);
    assertThrows(IOException.class, () -> call(gw, caller("web"), "ping"));
    assertEquals(CloseReason.ERROR, recorder.summary().reason());
  }

  @Test
  void handshakesRunningWhileTheServicesLeafIsReplacedAllSucceedAndLaterOnesSeeTheNewLeaf() throws Exception {
    SpiffeId.Service api = SpiffeId.Service.of(TD, "", "dc1", "api");
    KeyMaterial first = key(MESH.leaf(api));
    KeyMaterial second = key(MESH.leaf(api));
    AtomicReference<KeyMaterial> current = new AtomicReference<>(first);
    int port = loop.backend(socket -> socket.getInputStream().read());
    InetSocketAddress gw = gateway(LinkedService.of("api"), port, service -> current.get());
    SSLContext context = callerContext(caller("web"));
    int perPhase = 100;
    AtomicBoolean swapped = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger before = new AtomicInteger();
    List<BigInteger> after = new CopyOnWriteArrayList<>();
    List<String> failures = new CopyOnWriteArrayList<>();
    ExecutorService callers = Executors.newFixedThreadPool(4);
    for (int t = 0; t < 4; t++) {
      callers.execute(() -> {
        // bounded: each caller stops after 1000 handshakes even if the test's phases never end
        for (int i = 0; i < 1000 && !stop.get(); i++) {
          boolean startedAfterSwap = swapped.get();
          try (SSLSocket socket = connect(context, gw, API_SNI)) {
            BigInteger serial = ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
            if (startedAfterSwap) {
              after.add(serial);
            } else if (serial.equals(first.leaf().getSerialNumber())) {
              before.incrementAndGet();
            } else if (serial.equals(second.leaf().getSerialNumber())) {
              before.incrementAndGet(); // started before the swap, served after it: either leaf is right
            } else {
              failures.add("an unknown leaf: serial " + serial);
            }
          } catch (IOException e) {
            failures.add(e.toString());
          }
        }
      });
    }
    Loopback.await(perPhase + " handshakes with the first leaf", () -> before.get() >= perPhase);
    current.set(second);
    tls.refreshLeaves();
    swapped.set(true);
    Loopback.await(perPhase + " handshakes started after the swap", () -> after.size() >= perPhase);
    stop.set(true);
    callers.shutdown();
    assertTrue(callers.awaitTermination(30, TimeUnit.SECONDS), "the callers finished");
    assertEquals(List.of(), failures, "failed handshakes");
    for (BigInteger serial : after) {
      assertEquals(second.leaf().getSerialNumber(), serial, "a handshake started after the swap saw the old leaf");
    }
    for (String event : recorder.events) {
      assertTrue(!event.startsWith("rejected"), event);
    }
  }
}
