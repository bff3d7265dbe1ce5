package dev.meshgate.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshgate.tls.TlsMaterialException.Reason;
import dev.meshgate.testkit.IssuedCertificate;
import dev.meshgate.testkit.KeyFormat;
import dev.meshgate.testkit.TestCa;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyMaterialTest {
  static final TestCa CA = TestCa.named("key material CA");

  @Test
  void wrapsAChainAndKeyAfterCheckingThem() {
    TestCa intermediate = CA.intermediate("intermediate");
    IssuedCertificate leaf = intermediate.server("api.example.com");
    KeyMaterial material = KeyMaterial.of("api", leaf.chain(), leaf.keyPair().getPrivate());
    assertEquals(leaf.chain(), material.chain());
    assertEquals(leaf.certificate(), material.leaf());
  }

  @Test
  void rejectsAKeyOfAnotherCertificate() {
    IssuedCertificate leaf = CA.server("api.example.com");
    TlsMaterialException e = assertThrows(TlsMaterialException.class,
        () -> KeyMaterial.of("api", leaf.chain(), CA.server("other.example.com").keyPair().getPrivate()));
    assertEquals(Reason.KEY_MISMATCH, e.reason());
    assertEquals("api: the EC private key does not match certificate 1 (\"CN=api.example.com\") of api", e.getMessage());
  }

  @Test
  void rejectsAKeyOfAnotherAlgorithm() {
    IssuedCertificate leaf = CA.server("api.example.com");
    IssuedCertificate ed = CA.issue().keyType(dev.meshgate.testkit.KeyType.ED25519).build();
    TlsMaterialException e = assertThrows(TlsMaterialException.class,
        () -> KeyMaterial.of("api", leaf.chain(), ed.keyPair().getPrivate()));
    assertEquals("api: the EdDSA private key does not match certificate 1 (\"CN=api.example.com\") of api", e.getMessage());
  }

  static KeyPair dsaKeyPair() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("DSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  @Test
  void reportsAPkcs8DsaKeyFileAsAnUnsupportedKeyTypeNamingTheFile(@TempDir Path dir) throws Exception {
    IssuedCertificate leaf = CA.server("api.example.com");
    Path cert = leaf.writeChain(dir.resolve("cert.pem"));
    String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(dsaKeyPair().getPrivate().getEncoded());
    Path key = Files.writeString(dir.resolve("dsa-key.pem"),
        "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n");
    TlsMaterialException e = assertThrows(TlsMaterialException.class, () -> KeyMaterial.load(cert, key, new char[0]));
    assertEquals(Reason.UNSUPPORTED_KEY, e.reason());
    assertEquals(key + ": unsupported key type DSA (expected: an RSA, EC or EdDSA private key)", e.getMessage());
  }

  @Test
  void reportsADsaKeyGivenInMemoryAsAnUnsupportedKeyType() throws Exception {
    IssuedCertificate leaf = CA.server("api.example.com");
    PrivateKey dsa = dsaKeyPair().getPrivate();
    TlsMaterialException e = assertThrows(TlsMaterialException.class, () -> KeyMaterial.of("api", leaf.chain(), dsa));
    assertEquals(Reason.UNSUPPORTED_KEY, e.reason());
    assertEquals("api: unsupported key type DSA (expected: an RSA, EC or EdDSA private key)", e.getMessage());
  }

  @Test
  void rejectsAnEmptyChain() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> KeyMaterial.of("api", List.of(), CA.server("x.example.com").keyPair().getPrivate()));
    assertEquals("chain: [] (expected: at least the leaf certificate)", e.getMessage());
  }

  @Test
  void parsesPemHeldInMemoryAndLabelsErrors() {
    IssuedCertificate leaf = CA.server("api.example.com");
    KeyMaterial material = KeyMaterial.parse("leaf of api", leaf.chainPem(), leaf.privateKeyPem(KeyFormat.SEC1),
        new char[0], Instant.now());
    assertEquals(leaf.certificate(), material.leaf());
    TlsMaterialException e = assertThrows(TlsMaterialException.class,
        () -> KeyMaterial.parse("leaf of api", leaf.chainPem(), "", new char[0], Instant.now()));
    assertEquals("leaf of api (private key): no PEM block found (expected: -----BEGIN ...-----)", e.getMessage());
  }

  @Test
  void warnsAboutCertificatesExpiringWithinTheHorizon() {
    Instant now = Instant.parse("2030-01-01T00:00:00Z");
    IssuedCertificate leaf = CA.issue().commonName("soon").validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3))).build();
    KeyMaterial material = KeyMaterial.parse("soon", leaf.chainPem(), leaf.privateKeyPem(KeyFormat.PKCS8), new char[0], now);
    assertEquals(List.of(), material.expiringWithin(Duration.ofDays(2), now));
    List<ExpiryWarning> warnings = material.expiringWithin(Duration.ofDays(7), now);
    assertEquals(1, warnings.size());
    assertEquals("soon (certificate): certificate 1 (\"CN=soon\") expires at 2030-01-04T00:00:00Z", warnings.get(0).message());
  }

  @Test
  void trustBundleWarnsAboutExpiringRootsToo() {
    Instant now = Instant.now();
    TrustBundle bundle = TestMaterial.roots(CA);
    assertEquals(List.of(), bundle.expiringWithin(Duration.ofDays(30), now));
    assertEquals(1, bundle.expiringWithin(Duration.ofDays(3651), now).size());
  }
}
