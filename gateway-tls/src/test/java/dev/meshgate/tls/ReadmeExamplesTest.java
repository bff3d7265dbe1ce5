package dev.meshgate.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.meshgate.core.naming.SpiffeId;
import dev.meshgate.core.naming.TrustDomain;
import dev.meshgate.core.terminating.TlsMode;
import dev.meshgate.tls.netty.NettyTls;
import dev.meshgate.testkit.IssuedCertificate;
import dev.meshgate.testkit.KeyFormat;
import dev.meshgate.testkit.TestCa;
import io.netty.handler.ssl.SslContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's gateway-tls examples, verbatim between the markers, so that they cannot go stale. */
class ReadmeExamplesTest {
  static final TrustDomain trustDomain = new TrustDomain("5fcd4b81-a2ca-405a-ac62-0fac602c1949.consul");
  static final TestCa UPSTREAM = TestCa.named("upstream CA");

  @TempDir Path dir;

  @Test
  void originationModes() {
    String caFile = UPSTREAM.writeRoot(dir.resolve("ca.pem")).toString();
    IssuedCertificate client = TestCa.named("clients").client("gateway");
    String certFile = client.writeChain(dir.resolve("cert.pem")).toString();
    String keyFile = client.writePrivateKey(dir.resolve("key.pem"), KeyFormat.PKCS8, new char[0]).toString();
    // README: origination
    TlsContexts contexts = TlsContexts.builder().build();

    // None: plaintext to the service.
    Origination plain = contexts.origination(TlsMode.of("", "", "", ""));

    // One-way: trust only CAFile; the SNI is sent and must equal a SAN of the server certificate.
    OriginationContext oneWay = (OriginationContext) contexts.origination(TlsMode.of(caFile, "", "", "api.example.com"));
    SSLEngine engine = oneWay.newEngine("10.0.0.7", 443);

    // Mutual: also present CertFile/KeyFile. Files with the same bytes share one JDK context, whatever their paths.
    OriginationContext mutual = (OriginationContext) contexts.origination(TlsMode.of(caFile, certFile, keyFile, "api.example.com"));
    SslContext netty = NettyTls.client(mutual); // only if Netty is on the class path
    // README: end
    assertInstanceOf(Origination.Plaintext.class, plain);
    assertEquals(true, engine.getUseClientMode());
    assertEquals(true, netty.isClient());
  }

  @Test
  void reload() {
    String caFile = UPSTREAM.writeRoot(dir.resolve("ca.pem")).toString();
    IssuedCertificate client = TestCa.named("clients").client("gateway");
    String certFile = client.writeChain(dir.resolve("cert.pem")).toString();
    String keyFile = client.writePrivateKey(dir.resolve("key.pem"), KeyFormat.PKCS8, new char[0]).toString();
    TlsContexts contexts = TlsContexts.builder().build();
    // README: reload
    TlsMode tls = TlsMode.of(caFile, certFile, keyFile, "api.example.com"); // e.g. route.tls()
    try (CertificateReloader reloader = CertificateReloader.builder(contexts).pollInterval(Duration.ofSeconds(1)).build()) {
      Origination current = contexts.origination(tls); // per new connection: no file read, nothing allocated
      ReloadingOrigination api = reloader.watch(tls);   // or a handle on one mode: the same context
      // both follow the files: the reloader swaps in a new context when they change and pass every check
      // README: end
      assertInstanceOf(OriginationContext.class, current);
      assertSame(current, api.current());
    }
  }

  @Test
  void meshSideAndTestCa() throws Exception {
    TlsContexts contexts = TlsContexts.builder().build();
    // README: mesh
    TestCa ca = TestCa.forTrustDomain(trustDomain);
    IssuedCertificate web = ca.leaf(SpiffeId.Service.of(trustDomain, "", "dc1", "web"));
    String webSni = "web.default.dc1.internal." + trustDomain.value();

    TrustBundle roots = TrustBundle.of(ca.name(), List.of(ca.root()));
    KeyMaterial webLeaf = KeyMaterial.of(web.subject(), web.chain(), web.keyPair().getPrivate());
    MeshServerTls mesh = contexts.meshServer(trustDomain, roots, Map.of(webSni, webLeaf));
    SSLEngine server = mesh.newEngine(); // leaf chosen by SNI; a mesh client certificate is required
    // after the handshake: SpiffeId caller = mesh.callerIdentity(server.getSession());
    // README: end
    assertEquals(true, server.getNeedClientAuth());
    assertEquals(List.of(webSni), mesh.serverNames());
  }
}
