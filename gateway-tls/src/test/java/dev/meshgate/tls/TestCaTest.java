package dev.meshgate.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.naming.SpiffeId;
import dev.meshgate.core.naming.TrustDomain;
import dev.meshgate.testkit.IssuedCertificate;
import dev.meshgate.testkit.KeyFormat;
import dev.meshgate.testkit.KeyType;
import dev.meshgate.testkit.TestCa;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TestCaTest {
  static final TrustDomain TD = new TrustDomain("5fcd4b81-a2ca-405a-ac62-0fac602c1949.consul");
  static final TestCa CA = TestCa.forTrustDomain(TD);

  @TempDir Path dir;

  static List<String> sans(X509Certificate certificate, int type) throws Exception {
    List<String> out = new ArrayList<>();
    Collection<List<?>> names = certificate.getSubjectAlternativeNames();
    if (names != null) {
      for (List<?> name : names) {
        if ((Integer) name.get(0) == type) {
          out.add((String) name.get(1));
        }
      }
    }
    return out;
  }

  @Test
  void meshRootIsSelfSignedCaWithTheTrustDomainSigningId() throws Exception {
    X509Certificate root = CA.root();
    root.verify(root.getPublicKey());
    assertTrue(root.getBasicConstraints() >= 0);
    assertEquals(List.of("spiffe://5fcd4b81-a2ca-405a-ac62-0fac602c1949.consul"), sans(root, 6));
  }

  @Test
  void serviceLeafCarriesItsSpiffeIdAsTheOnlyUriSan() throws Exception {
    IssuedCertificate leaf = CA.leaf(SpiffeId.Service.of(TD, "", "dc1", "web"));
    leaf.certificate().verify(CA.root().getPublicKey());
    assertEquals(List.of("spiffe://5fcd4b81-a2ca-405a-ac62-0fac602c1949.consul/ns/default/dc/dc1/svc/web"),
        sans(leaf.certificate(), 6));
    assertEquals(-1, leaf.certificate().getBasicConstraints());
  }

  @Test
  void partitionedLeafCarriesThePartitionForm() throws Exception {
    IssuedCertificate leaf = CA.leaf(new SpiffeId.Service(TD, "Part1", "ns1", "dc2", "api"));
    assertEquals(List.of("spiffe://5fcd4b81-a2ca-405a-ac62-0fac602c1949.consul/ap/part1/ns/ns1/dc/dc2/svc/api"),
        sans(leaf.certificate(), 6));
  }

  @Test
  void serverCertificateSplitsNamesIntoDnsAndIpSans() throws Exception {
    IssuedCertificate server = CA.server("api.example.com", "127.0.0.1", "::1");
    assertEquals(List.of("api.example.com"), sans(server.certificate(), 2));
    assertEquals(List.of("127.0.0.1", "0:0:0:0:0:0:0:1"), sans(server.certificate(), 7));
    assertEquals("CN=api.example.com", server.certificate().getSubjectX500Principal().getName());
  }

  @Test
  void clientCertificateHasOnlyACommonName() throws Exception {
    IssuedCertificate client = CA.client("gateway");
    assertEquals("CN=gateway", client.certificate().getSubjectX500Principal().getName());
    assertEquals(null, client.certificate().getSubjectAlternativeNames());
  }

  @Test
  void expiredAndNotYetValidVariantsLieOutsideTheirPeriod() {
    Instant now = Instant.now();
    X509Certificate expired = CA.issue().dnsName("old.example.com").expired().build().certificate();
    X509Certificate future = CA.issue().dnsName("new.example.com").notYetValid().build().certificate();
    assertTrue(expired.getNotAfter().toInstant().isBefore(now));
    assertTrue(future.getNotBefore().toInstant().isAfter(now));
  }

  @Test
  void intermediateCertificatesChainThroughTheIntermediate() throws Exception {
    TestCa intermediate = CA.intermediate("meshgate test intermediate");
    IssuedCertificate leaf = intermediate.server("db.example.com");
    assertEquals(2, leaf.chain().size());
    leaf.chain().get(0).verify(leaf.chain().get(1).getPublicKey());
    leaf.chain().get(1).verify(CA.root().getPublicKey());
    assertEquals(CA.root(), intermediate.root());
  }

  static Stream<Arguments> formats() {
    return Stream.of(
        Arguments.of(KeyType.EC_P256, KeyFormat.PKCS8),
        Arguments.of(KeyType.EC_P256, KeyFormat.PKCS8_ENCRYPTED),
        Arguments.of(KeyType.EC_P256, KeyFormat.SEC1),
        Arguments.of(KeyType.EC_P256, KeyFormat.SEC1_WITHOUT_PARAMETERS),
        Arguments.of(KeyType.EC_P256, KeyFormat.SEC1_AFTER_PARAMETERS_BLOCK),
        Arguments.of(KeyType.EC_P256, KeyFormat.LEGACY_ENCRYPTED),
        Arguments.of(KeyType.RSA_2048, KeyFormat.PKCS8),
        Arguments.of(KeyType.RSA_2048, KeyFormat.PKCS8_ENCRYPTED),
        Arguments.of(KeyType.RSA_2048, KeyFormat.PKCS1),
        Arguments.of(KeyType.RSA_2048, KeyFormat.LEGACY_ENCRYPTED),
        Arguments.of(KeyType.ED25519, KeyFormat.PKCS8),
        Arguments.of(KeyType.ED25519, KeyFormat.PKCS8_ENCRYPTED));
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("formats")
  void writtenKeysLoadBackAsTheSameKey(KeyType keyType, KeyFormat format) {
    IssuedCertificate issued = RSA_AND_OTHERS.get(keyType);
    char[] password = format.name().contains("ENCRYPTED") ? "s3cret".toCharArray() : new char[0];
    Path cert = issued.writeChain(dir.resolve("cert.pem"));
    Path key = issued.writePrivateKey(dir.resolve("key.pem"), format, password);
    KeyMaterial loaded = KeyMaterial.load(cert, key, password.clone());
    assertEquals(issued.certificate(), loaded.leaf());
    assertEquals(issued.keyPair().getPrivate().getAlgorithm(), loaded.privateKey().getAlgorithm());
  }

  private static final java.util.Map<KeyType, IssuedCertificate> RSA_AND_OTHERS = java.util.Map.of(
      KeyType.EC_P256, CA.issue().dnsName("ec.example.com").build(),
      KeyType.RSA_2048, CA.issue().dnsName("rsa.example.com").keyType(KeyType.RSA_2048).build(),
      KeyType.ED25519, CA.issue().dnsName("ed.example.com").keyType(KeyType.ED25519).build());

  @Test
  void rejectsAFormatThatCannotHoldTheKeyType() {
    IssuedCertificate ec = RSA_AND_OTHERS.get(KeyType.EC_P256);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ec.privateKeyPem(KeyFormat.PKCS1));
    assertEquals("format: PKCS1 (expected: a format that can hold a EC_P256 key)", e.getMessage());
  }

  @Test
  void rejectsAnEncryptedFormatWithoutPassword() {
    IssuedCertificate ec = RSA_AND_OTHERS.get(KeyType.EC_P256);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ec.privateKeyPem(KeyFormat.PKCS8_ENCRYPTED));
    assertEquals("password: empty (expected: a password exactly for PKCS8_ENCRYPTED and LEGACY_ENCRYPTED)",
        e.getMessage());
  }
}
