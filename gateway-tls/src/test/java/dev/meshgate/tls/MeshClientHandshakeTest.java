package dev.meshgate.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.naming.SpiffeId;
import dev.meshgate.core.naming.TrustDomain;
import dev.meshgate.testkit.IssuedCertificate;
import dev.meshgate.testkit.TestCa;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;

/** In-memory handshakes of the mesh-side client against JDK servers presenting mesh leaves. */
class MeshClientHandshakeTest {
  static final TrustDomain TD = MeshServerHandshakeTest.TD1;
  static final TestCa MESH = MeshServerHandshakeTest.MESH;
  static final SpiffeId.Service WEB = MeshServerHandshakeTest.WEB;
  static final SpiffeId.Service API = MeshServerHandshakeTest.API;
  static final SpiffeId.Service INGRESS = SpiffeId.Service.of(TD, "", "dc1", "ingress");
  static final String WEB_SNI = MeshServerHandshakeTest.WEB_SNI;

  private final MeshClientTls client =
      TlsContexts.builder().build().meshClient(TestMaterial.key(MESH.leaf(INGRESS)), TestMaterial.roots(MESH));

  /** A server presenting {@code leaf} that requires a client certificate from the mesh CA. */
  private static SSLEngine server(IssuedCertificate leaf) throws Exception {
    SSLEngine engine = TlsFixtures.jdkContext(TestMaterial.key(leaf), TestMaterial.roots(MESH)).createSSLEngine();
    engine.setUseClientMode(false);
    engine.setNeedClientAuth(true);
    return engine;
  }

  @Test
  void acceptsTheExpectedIdentityAndPresentsTheGatewaysLeafWithTheTargetsSni() throws Exception {
    SSLEngine server = server(MeshServerHandshakeTest.WEB_LEAF);
    SSLEngine engine = client.newEngine(WEB, WEB_SNI, "127.0.0.1", 21000);
    TlsFixtures.handshake(engine, server);
    X509Certificate presented = (X509Certificate) server.getSession().getPeerCertificates()[0];
    assertEquals(List.of(INGRESS.uri()), TlsFixtures.uriSans(presented));
    assertEquals(List.of(new SNIHostName(WEB_SNI)), ((ExtendedSSLSession) server.getSession()).getRequestedServerNames());
  }

  @Test
  void refusesAServerWhoseSpiffeIdIsAnotherServices() throws Exception {
    SSLException e = assertThrows(SSLException.class,
        () -> TlsFixtures.handshake(client.newEngine(WEB, WEB_SNI, "127.0.0.1", 21000),
            server(MeshServerHandshakeTest.API_LEAF)));
    assertTrue(String.valueOf(e.getMessage()).contains(API.uri()) || String.valueOf(e.getCause()).contains(API.uri()),
        e.toString());
  }

  @Test
  void refusesAServerFromAnotherCaEvenWithTheExpectedSpiffeId() {
    IssuedCertificate impostor = TestCa.forTrustDomain(TD).leaf(WEB);
    assertThrows(SSLException.class,
        () -> TlsFixtures.handshake(client.newEngine(WEB, WEB_SNI, "127.0.0.1", 21000), server(impostor)));
  }

  @Test
  void refusesAServerWithoutAnyUriSan() {
    IssuedCertificate plain = MESH.server("127.0.0.1");
    assertThrows(SSLException.class,
        () -> TlsFixtures.handshake(client.newEngine(WEB, WEB_SNI, "127.0.0.1", 21000), server(plain)));
  }

  @Test
  void keepsOneContextPerExpectedIdentity() throws Exception {
    client.newEngine(WEB, WEB_SNI, "127.0.0.1", 1);
    client.newEngine(WEB, WEB_SNI, "127.0.0.1", 2);
    client.newEngine(API, "api", "127.0.0.1", 3);
    assertEquals(2, client.cachedIdentities());
  }
}
