package dev.meshgate.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.catalog.Catalog;
import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.HealthStatus;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.chain.ChainEntries;
import dev.meshgate.core.chain.ServiceRoute;
import dev.meshgate.core.chain.ServiceRouter;
import dev.meshgate.core.ingress.GatewayTls;
import dev.meshgate.core.ingress.IngressGateway;
import dev.meshgate.core.ingress.IngressGatewayEntry;
import dev.meshgate.core.ingress.IngressListener;
import dev.meshgate.core.ingress.IngressService;
import dev.meshgate.testkit.IssuedCertificate;
import dev.meshgate.testkit.TestCa;
import dev.meshgate.tls.KeyMaterial;
import dev.meshgate.tls.MeshClientTls;
import dev.meshgate.tls.TlsContexts;
import dev.meshgate.tls.TrustBundle;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Ingress TLS listeners on loopback: the certificate chosen by the ClientHello's server name (a
 * service's own SDS certificate for its hosts, else the gateway's), HTTP/1.1 and HTTP/2 by ALPN,
 * each request then routed and sent over mesh mTLS as on a plaintext listener.
 */
class IngressGatewayTlsTest {
  static {
    Leaks.install();
  }

  private static final TestCa EDGE = TestCa.named("edge-ca");
  private static final IssuedCertificate GATEWAY_CERT = EDGE.server("ingress.example.com", "admin.example.com");
  private static final IssuedCertificate WEB_CERT = EDGE.server("web.example.com", "localhost");

  private final Loopback loop = new Loopback();
  private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
  private final Recorder recorder = new Recorder();
  private final ExecutorService clientThreads = Executors.newFixedThreadPool(2);
  private final MeshClientTls meshClient = TlsContexts.builder().build().meshClient(
      IngressGatewayInitializerTest.key(IngressGatewayInitializerTest.MESH.leaf(IngressGatewayInitializerTest.INGRESS)),
      TrustBundle.of(IngressGatewayInitializerTest.MESH.name(), List.of(IngressGatewayInitializerTest.MESH.root())));

  @AfterEach
  void close() throws Exception {
    clientThreads.shutdownNow();
    for (AutoCloseable c : open) {
      c.close();
    }
    loop.close();
    Leaks.assertNone();
  }

  private MeshHttpBackend backend(String name) throws Exception {
    return MeshHttpBackend.start(name, loop, IngressGatewayInitializerTest.meshServerContext(
        IngressGatewayInitializerTest.MESH.leaf(IngressGatewayInitializerTest.id(name))), request -> 200);
  }

  /**
   * TLS.Enabled on the gateway; on 8443 web (hosts web.example.com and localhost, its own SDS
   * certificate {@code web-cert}, /admin/ routed to admin) and admin (admin.example.com).
   */
  private IngressGateway gateway() throws Exception {
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    IngressGatewayInitializerTest.instance(b, "web", backend("web").port, HealthStatus.PASSING, true);
    IngressGatewayInitializerTest.instance(b, "admin", backend("admin").port, HealthStatus.PASSING, true);
    ChainEntries chains = ChainEntries.builder()
        .router(ServiceRouter.builder(ServiceName.of("web")).route(ServiceRoute.prefixTo("/admin/", "admin")).build())
        .build();
    IngressGatewayEntry entry = IngressGatewayEntry.builder("ingress").tls(GatewayTls.builder().enabled(true).build())
        .listeners(IngressListener.builder(8443).protocol("http").services(
            IngressService.builder("web").hosts("web.example.com", "localhost").tls("sds-cluster", "web-cert").build(),
            IngressService.builder("admin").hosts("admin.example.com").build()).build())
        .build();
    IngressGateway gateway = IngressGateway.builder().entry(entry).datacenter("dc1")
        .trustDomain(IngressGatewayInitializerTest.TD).catalog(new Catalog(b.build())).chains(chains).build();
    open.add(gateway);
    return gateway;
  }

  private InetSocketAddress listener(UnaryOperator<IngressGatewayInitializer.Builder> certificates) throws Exception {
    return loop.serve(certificates.apply(IngressGatewayInitializer.builder(gateway(), 8443, meshClient)
        .relay(Relay.builder().observer(recorder).build()).random(() -> 7).maxContentLength(1024)).build());
  }

  private static IngressGatewayInitializer.Builder bothCertificates(IngressGatewayInitializer.Builder b) {
    return b.gatewayCertificate(IngressGatewayInitializerTest.key(GATEWAY_CERT)).sdsCertificates(
        sds -> sds.certResource().equals("web-cert") ? IngressGatewayInitializerTest.key(WEB_CERT) : null);
  }

  /**
   * One HTTP/1.1 request over TLS with {@code sni} (none when null), in a new TLS session; the
   * server's certificate, then the response.
   */
  private Object[] httpsGet(InetSocketAddress address, String sni, String host, String target) throws Exception {
    SSLSocket s = (SSLSocket) Loopback.clientContext(EDGE.root(), null).getSocketFactory()
        .createSocket(loop.connect(address), sni == null ? "127.0.0.1" : sni, address.getPort(), true);
    SSLParameters parameters = s.getSSLParameters();
    parameters.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
    if (sni == null) {
      // the certificate names no IP address; what is checked here is which certificate is served
      parameters.setEndpointIdentificationAlgorithm(null);
    }
    s.setSSLParameters(parameters);
    s.startHandshake();
    Certificate served = s.getSession().getPeerCertificates()[0];
    s.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    return new Object[] {served, IngressGatewayInitializerTest.readResponse(s.getInputStream())};
  }

  @Test
  void theCertificateIsTheServicesOwnSdsCertificateForItsHostsAndTheGatewaysOtherwise() throws Exception {
    InetSocketAddress address = listener(IngressGatewayTlsTest::bothCertificates);

    Object[] web = httpsGet(address, "web.example.com", "web.example.com", "/hello");
    assertEquals(WEB_CERT.chain().get(0), web[0]);
    assertEquals(200, IngressGatewayInitializerTest.status((String) web[1]), (String) web[1]);
    assertEquals("web /hello", IngressGatewayInitializerTest.body((String) web[1]));

    Object[] admin = httpsGet(address, "admin.example.com", "admin.example.com", "/panel");
    assertEquals(GATEWAY_CERT.chain().get(0), admin[0]);
    assertEquals("admin /panel", IngressGatewayInitializerTest.body((String) admin[1]));
  }

  @Test
  void aClientHelloWithoutServerNameGetsTheGatewaysCertificate() throws Exception {
    InetSocketAddress address = listener(IngressGatewayTlsTest::bothCertificates);

    Object[] admin = httpsGet(address, null, "admin.example.com", "/panel");

    assertEquals(GATEWAY_CERT.chain().get(0), admin[0]);
    assertEquals("admin /panel", IngressGatewayInitializerTest.body((String) admin[1]));
  }

  @Test
  void aRotatedSdsCertificateIsServedFromTheNextHandshakeWithoutARestart() throws Exception {
    IssuedCertificate rotated = EDGE.server("web.example.com", "localhost");
    AtomicReference<KeyMaterial> current = new AtomicReference<>(IngressGatewayInitializerTest.key(WEB_CERT));
    InetSocketAddress address = listener(b -> b.sdsCertificates(sds -> current.get()));

    assertEquals(WEB_CERT.chain().get(0), httpsGet(address, "web.example.com", "web.example.com", "/a")[0]);
    current.set(IngressGatewayInitializerTest.key(rotated));
    Object[] after = httpsGet(address, "web.example.com", "web.example.com", "/b");

    assertEquals(rotated.chain().get(0), after[0]);
    assertEquals("web /b", IngressGatewayInitializerTest.body((String) after[1]));
  }

  @Test
  void withoutTheCertificateTheEntryNamesTheHandshakeFailsRatherThanServingPlaintext() throws Exception {
    InetSocketAddress address = listener(b -> b.sdsCertificates(sds -> IngressGatewayInitializerTest.key(WEB_CERT)));

    assertThrows(IOException.class, () -> httpsGet(address, "admin.example.com", "admin.example.com", "/panel"));
    Loopback.await("the refusal reported: " + recorder.events, () -> recorder.events.stream().anyMatch(
        e -> e.startsWith("rejected") && e.contains("no gateway certificate")));
    // the service with its SDS certificate is still served
    Object[] web = httpsGet(address, "web.example.com", "web.example.com", "/ok");
    assertEquals("web /ok", IngressGatewayInitializerTest.body((String) web[1]));
  }

  /** TLS (SNI {@code sni}) to a tcp listener: writes {@code text}, reads as many bytes back. */
  private String tlsEcho(InetSocketAddress address, String sni, String text) throws Exception {
    SSLSocket s = (SSLSocket) Loopback.clientContext(EDGE.root(), null).getSocketFactory()
        .createSocket(loop.connect(address), sni, address.getPort(), true);
    s.startHandshake();
    s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    return new String(s.getInputStream().readNBytes(text.length()), StandardCharsets.US_ASCII);
  }

  @Test
  void anSniRoutedTcpListenerTerminatesTlsAndRelaysToTheServiceNamedByTheServerName() throws Exception {
    IngressGatewayInitializerTest.Backend db = IngressGatewayInitializerTest.echoBackend(loop,
        IngressGatewayInitializerTest.MESH.leaf(IngressGatewayInitializerTest.id("db")));
    IngressGatewayInitializerTest.Backend cache = IngressGatewayInitializerTest.echoBackend(loop,
        IngressGatewayInitializerTest.MESH.leaf(IngressGatewayInitializerTest.id("cache")));
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    IngressGatewayInitializerTest.instance(b, "db", db.port, HealthStatus.PASSING, false);
    IngressGatewayInitializerTest.instance(b, "cache", cache.port, HealthStatus.PASSING, false);
    IngressGatewayEntry entry = IngressGatewayEntry.builder("ingress").listeners(IngressListener.builder(9443)
        .protocol("tcp").sniRouting(true).tls(GatewayTls.builder().enabled(true).build()).services(
            IngressService.builder("db").hosts("ingress.example.com").build(),
            IngressService.builder("cache").hosts("admin.example.com").build()).build()).build();
    IngressGateway gateway = IngressGateway.builder().entry(entry).datacenter("dc1")
        .trustDomain(IngressGatewayInitializerTest.TD).catalog(new Catalog(b.build())).build();
    open.add(gateway);
    InetSocketAddress address = loop.serve(IngressGatewayInitializer.builder(gateway, 9443, meshClient)
        .relay(Relay.builder().observer(recorder).build())
        .gatewayCertificate(IngressGatewayInitializerTest.key(GATEWAY_CERT)).build());

    assertEquals("to the cache", tlsEcho(address, "admin.example.com", "to the cache"));
    assertEquals("to the db", tlsEcho(address, "ingress.example.com", "to the db"));

    assertEquals(1, cache.connections.get());
    assertEquals(1, db.connections.get());
    assertTrue(recorder.events.get(0).startsWith("routed admin.example.com -> cache"), recorder.events.toString());
  }

  private HttpClient h2Client() throws Exception {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(Loopback.clientContext(EDGE.root(), null))
        .executor(clientThreads).build();
  }

  @Test
  void anHttp2ClientNegotiatesH2ByAlpnAndEachStreamIsRoutedByItsPath() throws Exception {
    InetSocketAddress address = listener(IngressGatewayTlsTest::bothCertificates);
    HttpClient client = h2Client();
    String base = "https://localhost:" + address.getPort();

    CompletableFuture<HttpResponse<String>> hello = client.sendAsync(
        HttpRequest.newBuilder(URI.create(base + "/hello")).build(), HttpResponse.BodyHandlers.ofString());
    CompletableFuture<HttpResponse<String>> admin = client.sendAsync(
        HttpRequest.newBuilder(URI.create(base + "/admin/users")).build(), HttpResponse.BodyHandlers.ofString());

    assertEquals(HttpClient.Version.HTTP_2, hello.get().version());
    assertEquals(200, hello.get().statusCode());
    assertEquals("web /hello", hello.get().body());
    assertEquals("web", hello.get().headers().firstValue("x-backend").orElse(""));
    assertEquals(HttpClient.Version.HTTP_2, admin.get().version());
    assertEquals("admin /admin/users", admin.get().body());
    Loopback.await("two requests reported", () -> recorder.requests.size() == 2);
    assertEquals("localhost", recorder.requests.get(0).host().replaceFirst(":.*", ""));
  }

  @Test
  void anHttp2RequestLargerThanMaxContentLengthIsAnswered413WithoutReachingTheService() throws Exception {
    InetSocketAddress address = listener(IngressGatewayTlsTest::bothCertificates);
    HttpClient client = h2Client();

    HttpResponse<String> response = client.send(HttpRequest.newBuilder(
            URI.create("https://localhost:" + address.getPort() + "/upload"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[4096])).build(), HttpResponse.BodyHandlers.ofString());

    assertEquals(HttpClient.Version.HTTP_2, response.version());
    assertEquals(413, response.statusCode());
    assertTrue(recorder.requests.isEmpty(), recorder.requests.toString());
  }
}
