package dev.meshgate.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.terminating.TlsMode;
import dev.meshgate.testkit.IssuedCertificate;
import dev.meshgate.testkit.KeyFormat;
import dev.meshgate.testkit.TestCa;
import dev.meshgate.testkit.KeyType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Real loopback handshakes between origination contexts and plain JDK servers. */
class OriginationHandshakeTest {
  static final TestCa UPSTREAM = TestCa.named("upstream CA");
  static final TestCa STRANGER = TestCa.named("some other CA");
  static final TestCa CLIENTS = TestCa.named("gateway clients");
  static final IssuedCertificate SERVER = UPSTREAM.server("api.example.com", "localhost", "127.0.0.1");
  static final IssuedCertificate WILDCARD = UPSTREAM.server("*.example.com");
  static final IssuedCertificate CLIENT = CLIENTS.client("terminating-gateway");

  @TempDir static Path dir;
  static String caFile;
  static String strangerCaFile;
  static String certFile;
  static String keyFile;
  static TlsFixtures.Server oneWay;
  static TlsFixtures.Server mutual;
  static TlsFixtures.Server wildcard;

  final TlsContexts contexts = TlsContexts.builder().build();

  /** The server answers with the SNI it received and the serial of the client certificate. */
  static String describe(SSLSocket socket) {
    return "sni=" + ((ExtendedSSLSession) socket.getSession()).getRequestedServerNames().stream()
        .map(n -> ((javax.net.ssl.SNIHostName) n).getAsciiName()).toList() + " client=" + TlsFixtures.peerSerial(socket);
  }

  @BeforeAll
  static void start() throws Exception {
    caFile = UPSTREAM.writeRoot(dir.resolve("ca.pem")).toString();
    strangerCaFile = STRANGER.writeRoot(dir.resolve("stranger-ca.pem")).toString();
    certFile = CLIENT.writeChain(dir.resolve("client.pem")).toString();
    keyFile = CLIENT.writePrivateKey(dir.resolve("client-key.pem"), KeyFormat.SEC1, new char[0]).toString();
    SSLContext server = TlsFixtures.jdkContext(TestMaterial.key(SERVER), TestMaterial.roots(CLIENTS));
    oneWay = new TlsFixtures.Server(server, server.getDefaultSSLParameters(), OriginationHandshakeTest::describe);
    SSLParameters needClient = server.getDefaultSSLParameters();
    needClient.setNeedClientAuth(true);
    mutual = new TlsFixtures.Server(server, needClient, OriginationHandshakeTest::describe);
    SSLContext wild = TlsFixtures.jdkContext(TestMaterial.key(WILDCARD), null);
    wildcard = new TlsFixtures.Server(wild, wild.getDefaultSSLParameters(), OriginationHandshakeTest::describe);
  }

  @AfterAll
  static void stop() throws Exception {
    oneWay.close();
    mutual.close();
    wildcard.close();
  }

  private String connect(TlsMode mode, TlsFixtures.Server server, String dialledHost) throws Exception {
    OriginationContext context = assertInstanceOf(OriginationContext.class, contexts.origination(mode));
    return TlsFixtures.exchange(server.port(), s -> TlsFixtures.wrap(context, s, dialledHost, server.port()));
  }

  private static String rootCause(Throwable t) {
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  @Test
  void plaintextModeHasNoContext() {
    assertInstanceOf(Origination.Plaintext.class, contexts.origination(TlsMode.none()));
  }

  @Test
  void oneWayWithSniSendsItAndAcceptsAMatchingSan() throws Exception {
    assertEquals("sni=[api.example.com] client=none",
        connect(TlsMode.of(caFile, "", "", "api.example.com"), oneWay, "127.0.0.1"));
  }

  @Test
  void oneWayWithoutSniVerifiesTheDialledIpAddress() throws Exception {
    assertEquals("sni=[] client=none", connect(TlsMode.of(caFile, "", "", ""), oneWay, "127.0.0.1"));
  }

  @Test
  void oneWayWithoutSniVerifiesAndSendsTheDialledHostName() throws Exception {
    assertEquals("sni=[api.example.com] client=none", connect(TlsMode.of(caFile, "", "", ""), oneWay, "api.example.com"));
  }

  @Test
  void oneWayWithoutSniRejectsAHostTheCertificateDoesNotName() {
    SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
        () -> connect(TlsMode.of(caFile, "", "", ""), oneWay, "db.example.com"));
    assertEquals("No subject alternative DNS name matching db.example.com found.", rootCause(e));
  }

  @Test
  void oneWayRejectsAServerSignedByAnotherCa() {
    SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
        () -> connect(TlsMode.of(strangerCaFile, "", "", "api.example.com"), oneWay, "127.0.0.1"));
    assertTrue(rootCause(e).contains("unable to find valid certification path"), rootCause(e));
  }

  @Test
  void sniWithoutAnEqualSanFailsEvenWhenTheDialledHostMatches() {
    SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
        () -> connect(TlsMode.of(caFile, "", "", "web.example.com"), oneWay, "api.example.com"));
    assertEquals("server certificate \"CN=api.example.com\" has no subject alternative name matching SNI"
        + " \"web.example.com\" (SANs: [api.example.com, localhost, 127.0.0.1])", rootCause(e));
  }

  @ParameterizedTest(name = "SNI {0} against SAN *.example.com: {1}")
  @CsvSource({
    "web.example.com, accepted",
    "WEB.Example.COM, accepted",
    "a.b.example.com, rejected",
    "example.com, rejected",
    "webexample.com, rejected"
  })
  void wildcardSanMatchesExactlyOneLeftmostLabelAsEnvoyDoes(String sni, String outcome) throws Exception {
    TlsMode mode = TlsMode.of(caFile, "", "", sni);
    if (outcome.equals("accepted")) {
      assertEquals("sni=[" + sni + "] client=none", connect(mode, wildcard, "127.0.0.1"));
    } else {
      assertThrows(SSLHandshakeException.class, () -> connect(mode, wildcard, "127.0.0.1"));
    }
  }

  @Test
  void mutualPresentsTheClientCertificate() throws Exception {
    assertEquals("sni=[api.example.com] client=" + CLIENT.certificate().getSerialNumber().toString(16),
        connect(TlsMode.of(caFile, certFile, keyFile, "api.example.com"), mutual, "127.0.0.1"));
  }

  @Test
  void oneWayAgainstAServerThatRequiresAClientCertificateFails() {
    assertThrows(javax.net.ssl.SSLException.class,
        () -> connect(TlsMode.of(caFile, "", "", "api.example.com"), mutual, "127.0.0.1"));
  }

  @Test
  void engineHandshakeSucceedsInOneWayMode() throws Exception {
    OriginationContext context = (OriginationContext) contexts.origination(TlsMode.of(caFile, "", "", "api.example.com"));
    SSLEngine server = TlsFixtures.jdkContext(TestMaterial.key(SERVER), null).createSSLEngine();
    server.setUseClientMode(false);
    SSLEngine client = context.newEngine("10.1.2.3", 443);
    TlsFixtures.handshake(client, server);
    assertEquals(SERVER.certificate(), client.getSession().getPeerCertificates()[0]);
  }

  @Test
  void engineHandshakeFailsOnSniSanMismatch() throws Exception {
    OriginationContext context = (OriginationContext) contexts.origination(TlsMode.of(caFile, "", "", "web.example.com"));
    SSLEngine server = TlsFixtures.jdkContext(TestMaterial.key(SERVER), null).createSSLEngine();
    server.setUseClientMode(false);
    assertThrows(SSLHandshakeException.class, () -> TlsFixtures.handshake(context.newEngine("10.1.2.3", 443), server));
  }

  @Test
  void engineHandshakeSucceedsInMutualMode() throws Exception {
    OriginationContext context =
        (OriginationContext) contexts.origination(TlsMode.of(caFile, certFile, keyFile, "api.example.com"));
    SSLEngine server = TlsFixtures.jdkContext(TestMaterial.key(SERVER), TestMaterial.roots(CLIENTS)).createSSLEngine();
    server.setUseClientMode(false);
    server.setNeedClientAuth(true);
    TlsFixtures.handshake(context.newEngine("10.1.2.3", 443), server);
    assertEquals(CLIENT.certificate(), server.getSession().getPeerCertificates()[0]);
  }

  @Test
  void configuredProtocolIsTheOneNegotiated() throws Exception {
    TlsContexts tls12 = TlsContexts.builder().protocols("TLSv1.2").build();
    OriginationContext context = (OriginationContext) tls12.origination(TlsMode.of(caFile, "", "", "api.example.com"));
    SSLEngine server = TlsFixtures.jdkContext(TestMaterial.key(SERVER), null).createSSLEngine();
    server.setUseClientMode(false);
    SSLEngine client = context.newEngine("10.1.2.3", 443);
    TlsFixtures.handshake(client, server);
    assertEquals("TLSv1.2", client.getSession().getProtocol());
  }

  @Test
  void clientLimitedToTls12CannotReachATls13OnlyServer() throws Exception {
    TlsContexts tls12 = TlsContexts.builder().protocols("TLSv1.2").build();
    OriginationContext context = (OriginationContext) tls12.origination(TlsMode.of(caFile, "", "", "api.example.com"));
    SSLEngine server = TlsFixtures.jdkContext(TestMaterial.key(SERVER), null).createSSLEngine();
    server.setUseClientMode(false);
    server.setEnabledProtocols(new String[] {"TLSv1.3"});
    assertThrows(SSLHandshakeException.class, () -> TlsFixtures.handshake(context.newEngine("10.1.2.3", 443), server));
  }

  /** A root made eleven years ago with the test CA's ten-year validity: expired about a year. */
  static TestCa expiredRoot(String name, Optional<dev.meshgate.core.naming.TrustDomain> trustDomain) {
    Clock elevenYearsAgo = Clock.fixed(Instant.now().minus(Duration.ofDays(11 * 365)), ZoneOffset.UTC);
    return TestCa.create(name, trustDomain, KeyType.EC_P256, elevenYearsAgo);
  }

  /** A server certificate valid now, issued by {@code ca} whatever the CA's own validity. */
  static IssuedCertificate validNow(TestCa ca, String dnsName) {
    Instant now = Instant.now();
    return ca.issue().commonName(dnsName).dnsName(dnsName).validity(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)))
        .build();
  }

  @Test
  void rejectsACaFileWhoseOnlyRootHasExpiredNamingTheFile() {
    TestCa expired = expiredRoot("expired upstream CA", Optional.empty());
    Path ca = expired.writeRoot(dir.resolve("expired-ca.pem"));
    TlsMaterialException e = assertThrows(TlsMaterialException.class,
        () -> contexts.origination(TlsMode.of(ca.toString(), "", "", "api.example.com")));
    assertEquals(TlsMaterialException.Reason.EXPIRED, e.reason());
    assertEquals(ca + ": certificate 1 (\"CN=expired upstream CA\") expired at " + expired.root().getNotAfter().toInstant()
        + " (expected: at least one CA certificate valid now)", e.getMessage());
  }

  @Test
  void refusesAServerThatOnlyAnExpiredRootOfTheCaFileAnchors() throws Exception {
    TestCa expired = expiredRoot("expired upstream CA", Optional.empty());
    Path ca = Files.writeString(dir.resolve("expired-and-valid-ca.pem"), expired.rootPem() + STRANGER.rootPem());
    OriginationContext context =
        (OriginationContext) contexts.origination(TlsMode.of(ca.toString(), "", "", "api.example.com"));
    SSLEngine server = TlsFixtures.jdkContext(TestMaterial.key(validNow(expired, "api.example.com")), null).createSSLEngine();
    server.setUseClientMode(false);
    SSLHandshakeException e =
        assertThrows(SSLHandshakeException.class, () -> TlsFixtures.handshake(context.newEngine("10.1.2.3", 443), server));
    assertEquals("server certificate \"CN=api.example.com\" chains only to certificate 1 (\"CN=expired upstream CA\")"
        + " of the CAFile, which expired at " + expired.root().getNotAfter().toInstant()
        + " (expected: a trust anchor valid now)", rootCause(e));
  }

  @Test
  void acceptsAServerOfAValidRootBesideAnExpiredOne() throws Exception {
    TestCa expired = expiredRoot("expired upstream CA", Optional.empty());
    Path ca = Files.writeString(dir.resolve("expired-beside-valid-ca.pem"), expired.rootPem() + UPSTREAM.rootPem());
    assertEquals("sni=[api.example.com] client=none",
        connect(TlsMode.of(ca.toString(), "", "", "api.example.com"), oneWay, "127.0.0.1"));
  }

  @Test
  void defaultProtocolsAreTls13AndTls12() {
    assertEquals(java.util.List.of("TLSv1.3", "TLSv1.2"), contexts.protocols());
  }

  @Test
  void identicalFilesShareOneJdkContextWhileEachModeNamesItsOwnPaths() throws Exception {
    Path copy = Files.copy(Path.of(caFile), dir.resolve("ca-copy.pem"));
    OriginationContext first = (OriginationContext) contexts.origination(TlsMode.of(caFile, "", "", "api.example.com"));
    OriginationContext second =
        (OriginationContext) contexts.origination(TlsMode.of(copy.toString(), "", "", "api.example.com"));
    assertSame(first.sslContext(), second.sslContext());
    assertEquals(1, contexts.cachedContexts());
    assertEquals("OriginationContext[CAFile " + caFile + ", SNI api.example.com]", first.toString());
    assertEquals("OriginationContext[CAFile " + copy + ", SNI api.example.com]", second.toString());
    assertEquals("OriginationMaterial[CAFile " + copy + ", SNI api.example.com]", second.material().toString());
  }

  @Test
  void differentSniOrClientCertificateGetsItsOwnContext() {
    Origination oneWayApi = contexts.origination(TlsMode.of(caFile, "", "", "api.example.com"));
    Origination oneWayWeb = contexts.origination(TlsMode.of(caFile, "", "", "web.example.com"));
    Origination mutualApi = contexts.origination(TlsMode.of(caFile, certFile, keyFile, "api.example.com"));
    assertNotSame(oneWayApi, oneWayWeb);
    assertNotSame(oneWayApi, mutualApi);
    assertEquals(3, contexts.cachedContexts());
  }

  @Test
  void aLoadedModeIsServedWithoutReadingItsFilesAgain() throws Exception {
    Path ca = UPSTREAM.writeRoot(dir.resolve("read-once-ca.pem"));
    TlsMode mode = TlsMode.of(ca.toString(), "", "", "api.example.com");
    Origination first = contexts.origination(mode);
    Files.delete(ca);
    assertSame(first, contexts.origination(mode));
    assertSame(first, contexts.origination(TlsMode.of(ca.toString(), "", "", "api.example.com")));
  }

  @Test
  void aModeWhoseFilesCannotBeUsedIsRememberedWithItsProblem() throws Exception {
    Path ca = dir.resolve("arrives-later-ca.pem");
    TlsMode mode = TlsMode.of(ca.toString(), "", "", "api.example.com");
    TlsMaterialException first = assertThrows(TlsMaterialException.class, () -> contexts.origination(mode));
    UPSTREAM.writeRoot(ca);
    TlsMaterialException again = assertThrows(TlsMaterialException.class, () -> contexts.origination(mode));
    assertEquals(ca + ": file does not exist", again.getMessage());
    assertSame(first.getCause(), again.getCause()); // the remembered problem, not a second read
  }

  @Test
  void materialEqualityIsByContent() throws Exception {
    Path copy = Files.copy(Path.of(caFile), dir.resolve("ca-copy-2.pem"));
    OriginationMaterial a = contexts.load(TlsMode.of(caFile, "", "", "api.example.com"));
    OriginationMaterial b = contexts.load(TlsMode.of(copy.toString(), "", "", "api.example.com"));
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertEquals(Optional.of("api.example.com"), a.sni());
    assertEquals(Optional.empty(), a.keyMaterial());
  }

  @Test
  void rejectsAnSniThatCannotBeSent() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> contexts.origination(TlsMode.of(caFile, "", "", "api..example.com")));
    assertEquals("sni: \"api..example.com\" (expected: a host name that can be sent as SNI)", e.getMessage());
  }

  @Test
  void loadingPlaintextIsAnArgumentError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> contexts.load(TlsMode.none()));
    assertEquals("mode: None[] (expected: OneWay or Mutual)", e.getMessage());
  }
}
