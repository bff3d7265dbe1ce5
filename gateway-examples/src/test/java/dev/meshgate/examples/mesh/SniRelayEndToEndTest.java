package dev.meshgate.examples.mesh;

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
import dev.meshgate.examples.TlsEcho;
import dev.meshgate.testkit.IssuedCertificate;
import dev.meshgate.testkit.TestCa;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.EventRecordingLogger;
import org.slf4j.event.Level;
import org.slf4j.event.SubstituteLoggingEvent;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.SubstituteLogger;

/**
 * The mesh-gateway relay on loopback: a TLS client sends an SNI, the relay routes it through
 * meshgate's table with the sniffed ClientHello and relays the bytes to a TLS server. The client's
 * certificate check sees the server's certificate, so the relay never terminated TLS.
 */
class SniRelayEndToEndTest {
  private static final TrustDomain TD = TrustDomain.fromClusterId(MeshGatewayCommand.DEFAULT_CLUSTER_ID);
  private static final TestCa CA = TestCa.forTrustDomain(TD);
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final Queue<SubstituteLoggingEvent> events = new ConcurrentLinkedQueue<>();

  @AfterEach
  void closeEverything() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  /** A TLS server presenting {@code leaf} that answers one line with {@code <name> got <line>}. */
  private int echoServer(IssuedCertificate leaf, String name) throws Exception {
    SSLServerSocket server = TlsEcho.server(leaf, name);
    open.add(server);
    return server.getLocalPort();
  }

  private InetSocketAddress relay(Catalog catalog) throws IOException {
    MeshGateway gateway = MeshGateway.builder().name("mesh-gateway").datacenter("dc1").trustDomain(TD)
        .catalog(catalog).build();
    SniRelay relay = new SniRelay(gateway, new InetSocketAddress(LOOPBACK, 0), Duration.ofSeconds(5), log::add,
        new EventRecordingLogger(new SubstituteLogger("relay", events, false), events));
    open.add(relay);
    open.add(gateway);
    return relay.start();
  }

  /** Connects through the relay with an SNI, trusting only the mesh CA, and returns the server's leaf. */
  private static Certificate[] call(InetSocketAddress relay, String sni, String line, String[] answer)
      throws Exception {
    return TlsEcho.call(relay, CA.root(), sni, line, answer);
  }

  private static ServiceInstance nativeService(String service, String dc, int port) {
    return ServiceInstance.builder(Node.agent(service + "-" + dc, dc, "127.0.0.1"), service)
        .kind(ServiceKind.CONNECT_NATIVE).port(port).build();
  }

  @Test
  void relaysALocalServicesTlsUntouchedSoTheClientSeesTheServicesCertificate() throws Exception {
    IssuedCertificate api = CA.leaf(SpiffeId.Service.of(TD, "", "dc1", "api"));
    Catalog catalog = new Catalog();
    catalog.register(nativeService("api", "dc1", echoServer(api, "api")));
    String sni = "api.default.dc1.internal." + TD;
    String[] answer = new String[1];
    Certificate[] chain = call(relay(catalog), sni, "ping", answer);
    assertEquals(api.certificate(), chain[0], "the client verified api's own leaf");
    assertEquals("api got ping", answer[0]);
    assertTrue(log.get(0).startsWith(sni + " -> LOCAL_SERVICE " + sni + " via 127.0.0.1:"), log.get(0));
  }

  @Test
  void relaysAnotherDatacentersSniToItsGatewayByTheWildcardChain() throws Exception {
    IssuedCertificate apiDc2 = CA.leaf(SpiffeId.Service.of(TD, "", "dc2", "api"));
    Catalog catalog = new Catalog();
    catalog.register(ServiceInstance.builder(Node.agent("gw-dc2", "dc2", "127.0.0.1"), "mesh-gateway")
        .kind(ServiceKind.MESH_GATEWAY).port(echoServer(apiDc2, "dc2")).build());
    String[] answer = new String[1];
    Certificate[] chain = call(relay(catalog), "api.default.dc2.internal." + TD, "hello", answer);
    assertEquals(apiDc2.certificate(), chain[0]);
    assertEquals("dc2 got hello", answer[0]);
    assertTrue(log.get(0).contains("-> REMOTE_GATEWAYS dc2.internal." + TD), log.get(0));
  }

  @Test
  void closesAConnectionWhoseSniNothingAnswers() throws Exception {
    IssuedCertificate api = CA.leaf(SpiffeId.Service.of(TD, "", "dc1", "api"));
    Catalog catalog = new Catalog();
    catalog.register(nativeService("api", "dc1", echoServer(api, "api")));
    InetSocketAddress relay = relay(catalog);
    String nope = "nope.default.dc1.internal." + TD;
    assertThrows(IOException.class, () -> call(relay, nope, "ping", new String[1]));
    assertEquals(List.of(nope + " -> closed: UNKNOWN_SNI"), log);
  }

  @Test
  void logsAFailedBackendConnectWithTheBackendAndTheCause() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
      closedPort = s.getLocalPort();
    }
    Catalog catalog = new Catalog();
    catalog.register(nativeService("api", "dc1", closedPort));
    InetSocketAddress relay = relay(catalog);
    String sni = "api.default.dc1.internal." + TD;
    assertThrows(IOException.class, () -> call(relay, sni, "ping", new String[1]));
    SubstituteLoggingEvent warning = awaitEvent();
    for (int i = 0; i < 500 && log.isEmpty(); i++) {
      Thread.sleep(10);
    }
    assertEquals(List.of(sni + " -> LOCAL_SERVICE " + sni + " -> closed: no endpoint accepted the connection"), log);
    assertEquals(Level.WARN, warning.getLevel());
    String text = MessageFormatter.arrayFormat(warning.getMessage(), warning.getArgumentArray()).getMessage();
    assertTrue(text.startsWith(sni + ": cannot connect to backend 127.0.0.1:" + closedPort + ": "), text);
    assertTrue(text.toLowerCase(Locale.ROOT).contains("connection refused"), text);
  }

  /** The relay logs before it closes the client, so the event is there or follows at once. */
  private SubstituteLoggingEvent awaitEvent() throws InterruptedException {
    for (int i = 0; i < 500 && events.isEmpty(); i++) {
      Thread.sleep(10);
    }
    assertEquals(1, events.size(), "one warning");
    return events.peek();
  }
}
