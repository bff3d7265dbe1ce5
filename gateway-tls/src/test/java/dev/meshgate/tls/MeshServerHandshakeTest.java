package dev.meshgate.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshgate.core.naming.SpiffeId;
import dev.meshgate.core.naming.TrustDomain;
import dev.meshgate.testkit.IssuedCertificate;
import dev.meshgate.testkit.TestCa;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real loopback handshakes against the mesh-side server of a terminating gateway. */
class MeshServerHandshakeTest {
  static final TrustDomain TD1 = new TrustDomain("5fcd4b81-a2ca-405a-ac62-0fac602c1949.consul");
  static final TrustDomain TD2 = new TrustDomain("d2e1a32e-5733-47f2-a9dd-6cf271aab5b7.consul");
  static final TestCa MESH = TestCa.forTrustDomain(TD1);
  static final TestCa OTHER_MESH = TestCa.forTrustDomain(TD2);
  static final String WEB_SNI = "web.default.dc1.internal." + TD1.value();
  static final String API_SNI = "api.default.dc1.internal." + TD1.value();
  static final SpiffeId.Service WEB = SpiffeId.Service.of(TD1, "", "dc1", "web");
  static final SpiffeId.Service API = SpiffeId.Service.of(TD1, "", "dc1", "api");
  static final SpiffeId.Service FRONTEND = SpiffeId.Service.of(TD1, "", "dc1", "frontend");
  static final IssuedCertificate WEB_LEAF = MESH.leaf(WEB);
  static final IssuedCertificate API_LEAF = MESH.leaf(API);
  static final IssuedCertificate CALLER = MESH.leaf(FRONTEND);

  MeshServerTls mesh;
  TlsFixtures.Server server;

  @BeforeEach
  void start() throws IOException {
    mesh = TlsContexts.builder().build()
        .meshServer(TD1, TestMaterial.roots(MESH), Map.of(WEB_SNI, TestMaterial.key(WEB_LEAF), API_SNI, TestMaterial.key(API_LEAF)));
    server = new TlsFixtures.Server(mesh.sslContext(), mesh.sslParameters(), socket -> {
      try {
        return mesh.callerIdentity(socket.getSession()).uri();
      } catch (SSLPeerUnverifiedException e) {
        return "unverified: " + e.getMessage();
      }
    });
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  /** Connects as {@code caller} with {@code sni}; returns the served leaf's URI SAN and the server's answer. */
  private String connect(IssuedCertificate caller, String sni) throws Exception {
    SSLContext client = TlsFixtures.jdkContext(caller == null ? null : TestMaterial.key(caller), TestMaterial.roots(MESH));
    try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout(10_000);
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      String served = TlsFixtures.uriSans((X509Certificate) socket.getSession().getPeerCertificates()[0]).get(0);
      String answer = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
      if (answer == null) {
        throw new SSLException("the server closed the connection");
      }
      return served + " -> " + answer;
    }
  }

  @Test
  void sniSelectsTheLinkedServicesLeafAndTheCallerIdentityIsItsSpiffeId() throws Exception {
    assertEquals(WEB.uri() + " -> " + FRONTEND.uri(), connect(CALLER, WEB_SNI));
    assertEquals(API.uri() + " -> " + FRONTEND.uri(), connect(CALLER, API_SNI));
  }

  @Test
  void sniIsMatchedIgnoringCase() throws Exception {
    assertEquals(WEB.uri() + " -> " + FRONTEND.uri(), connect(CALLER, WEB_SNI.toUpperCase(java.util.Locale.ROOT)));
  }

  @Test
  void unknownSniFailsTheHandshake() {
    assertThrows(IOException.class, () -> connect(CALLER, "db.default.dc1.internal." + TD1.value()));
  }

  @Test
  void missingSniFailsTheHandshake() {
    assertThrows(IOException.class, () -> connect(CALLER, null));
  }

  @Test
  void callerWithoutClientCertificateIsRejected() {
    assertThrows(IOException.class, () -> connect(null, WEB_SNI));
  }

  @Test
  void callerFromAnotherMeshIsRejected() {
    IssuedCertificate foreign = OTHER_MESH.leaf(SpiffeId.Service.of(TD2, "", "dc1", "frontend"));
    assertThrows(IOException.class, () -> connect(foreign, WEB_SNI));
  }

  @Test
  void callerWhoseSpiffeIdNamesAnotherTrustDomainIsRejected() {
    IssuedCertificate wrongDomain = MESH.leaf(SpiffeId.Service.of(TD2, "", "dc1", "frontend"));
    assertThrows(IOException.class, () -> connect(wrongDomain, WEB_SNI));
  }

  @Test
  void callerWithoutAnyUriSanIsRejected() {
    assertThrows(IOException.class, () -> connect(MESH.client("frontend"), WEB_SNI));
  }

  @Test
  void callerWithTwoSpiffeIdsIsRejected() {
    IssuedCertificate two = MESH.issue().spiffeId(FRONTEND).uri(API.uri()).build();
    assertThrows(IOException.class, () -> connect(two, WEB_SNI));
  }

  @Test
  void spiffeChecksGiveReasonsThatNameTheProblem() throws Exception {
    CertificateExceptionAssert.message("client certificate \"CN=frontend\" has 0 URI SANs (expected: exactly one, its SPIFFE ID)",
        MESH.client("frontend").certificate());
    CertificateExceptionAssert.message("client certificate \"CN=frontend\" has 2 URI SANs (expected: exactly one, its SPIFFE ID)",
        MESH.issue().spiffeId(FRONTEND).uri(API.uri()).build().certificate());
    CertificateExceptionAssert.message("client certificate \"CN=frontend\" has SPIFFE ID spiffe://" + TD2.value()
        + "/ns/default/dc/dc1/svc/frontend (expected: trust domain " + TD1.value() + ")",
        MESH.leaf(SpiffeId.Service.of(TD2, "", "dc1", "frontend")).certificate());
    CertificateExceptionAssert.message("client certificate \"CN=meshgate test leaf\": spiffe id \"https://example.com\":"
        + " expected the scheme spiffe://", MESH.issue().uri("https://example.com").build().certificate());
  }

  /** Runs the SPIFFE check directly to assert its message. */
  static final class CertificateExceptionAssert {
    static void message(String expected, X509Certificate certificate) {
      java.security.cert.CertificateException e = assertThrows(java.security.cert.CertificateException.class,
          () -> SpiffeClientTrustManager.identity(certificate, TD1));
      assertEquals(expected, e.getMessage());
    }
  }

  @Test
  void updatedLeavesServeNewHandshakes() throws Exception {
    IssuedCertificate rotated = MESH.leaf(WEB);
    mesh.updateLeaves(Map.of(WEB_SNI, TestMaterial.key(rotated)));
    SSLContext client = TlsFixtures.jdkContext(TestMaterial.key(CALLER), TestMaterial.roots(MESH));
    try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), server.port())) {
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setServerNames(List.of(new SNIHostName(WEB_SNI)));
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      assertEquals(rotated.certificate(), socket.getSession().getPeerCertificates()[0]);
    }
    assertEquals(List.of(WEB_SNI), mesh.serverNames());
    assertThrows(IOException.class, () -> connect(CALLER, API_SNI));
  }

  @Test
  void updatedRootsDecideWhoMayConnect() throws Exception {
    TestCa newMesh = TestCa.forTrustDomain(TD1);
    mesh.updateRoots(TestMaterial.roots(newMesh));
    assertThrows(IOException.class, () -> connect(CALLER, WEB_SNI));
  }

  @Test
  void engineHandshakeSelectsTheLeafAndVerifiesTheCaller() throws Exception {
    SSLEngine client = TlsFixtures.jdkContext(TestMaterial.key(CALLER), TestMaterial.roots(MESH)).createSSLEngine("gw", 8443);
    client.setUseClientMode(true);
    SSLParameters parameters = client.getSSLParameters();
    parameters.setServerNames(List.of(new SNIHostName(API_SNI)));
    client.setSSLParameters(parameters);
    SSLEngine server = mesh.newEngine();
    TlsFixtures.handshake(client, server);
    assertEquals(API_LEAF.certificate(), client.getSession().getPeerCertificates()[0]);
    assertEquals(FRONTEND, mesh.callerIdentity(server.getSession()));
  }

  @Test
  void engineHandshakeRejectsAForeignCaller() throws Exception {
    IssuedCertificate foreign = OTHER_MESH.leaf(SpiffeId.Service.of(TD2, "", "dc1", "frontend"));
    SSLEngine client = TlsFixtures.jdkContext(TestMaterial.key(foreign), TestMaterial.roots(MESH)).createSSLEngine("gw", 8443);
    client.setUseClientMode(true);
    SSLParameters parameters = client.getSSLParameters();
    parameters.setServerNames(List.of(new SNIHostName(API_SNI)));
    client.setSSLParameters(parameters);
    assertThrows(SSLHandshakeException.class, () -> TlsFixtures.handshake(client, mesh.newEngine()));
  }

  @Test
  void rejectsServerNamesThatDifferOnlyInCase() {
    TlsContexts contexts = TlsContexts.builder().build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> contexts.meshServer(TD1,
        TestMaterial.roots(MESH), Map.of("web.example", TestMaterial.key(WEB_LEAF), "WEB.example", TestMaterial.key(API_LEAF))));
    assertEquals("leaves: \"web.example\" (expected: server names that differ ignoring case; \"web.example\" is already there)",
        e.getMessage());
  }

  @Test
  void rejectsAServerNameWithATrailingDot() {
    TlsContexts contexts = TlsContexts.builder().build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> contexts.meshServer(TD1, TestMaterial.roots(MESH), Map.of("web.example.", TestMaterial.key(WEB_LEAF))));
    assertEquals("leaves: \"web.example.\" (expected: a server name without empty labels or a trailing dot)", e.getMessage());
  }

  @Test
  void refusesACallerThatOnlyAnExpiredMeshRootAnchors() throws Exception {
    TestCa expired = OriginationHandshakeTest.expiredRoot("expired mesh root", java.util.Optional.of(TD1));
    java.time.Instant now = java.time.Instant.now();
    IssuedCertificate caller = expired.issue().spiffeId(FRONTEND)
        .validity(now.minus(java.time.Duration.ofHours(1)), now.plus(java.time.Duration.ofDays(1))).build();
    MeshServerTls withExpiredRoot = TlsContexts.builder().build().meshServer(TD1,
        TrustBundle.of("mesh roots", List.of(MESH.root(), expired.root())), Map.of(WEB_SNI, TestMaterial.key(WEB_LEAF)));
    SSLEngine client = TlsFixtures.jdkContext(TestMaterial.key(caller), TestMaterial.roots(MESH)).createSSLEngine();
    client.setUseClientMode(true);
    SSLParameters parameters = client.getSSLParameters();
    parameters.setServerNames(List.of(new SNIHostName(WEB_SNI)));
    client.setSSLParameters(parameters);
    SSLException e = assertThrows(SSLException.class, () -> TlsFixtures.handshake(client, withExpiredRoot.newEngine()));
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    assertEquals("client certificate \"CN=frontend\" chains only to certificate 2 (\"CN=expired mesh root\") of the mesh"
        + " roots, which expired at " + expired.root().getNotAfter().toInstant() + " (expected: a trust anchor valid now)",
        cause.getMessage());
  }
}
