package dev.meshgate.tls;

import dev.meshgate.testkit.IssuedCertificate;
import dev.meshgate.testkit.KeyFormat;
import dev.meshgate.testkit.KeyType;
import dev.meshgate.testkit.TestCa;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Random;

/**
 * Regenerates {@code src/test/resources/pem}, the corpus {@link PemCorpusTest} reads. Not a test:
 * run it by hand after changing the corpus ({@code java -cp <test classpath>
 * dev.meshgate.tls.PemCorpusGenerator gateway-tls/src/test/resources/pem}). Certificates are valid
 * from 2029 to 2039 (the test checks them at {@link #NOW}), except the expired and future ones.
 */
public final class PemCorpusGenerator {
  /** The instant the corpus tests check validity at. */
  static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  static final String PASSWORD = "correct horse";

  private PemCorpusGenerator() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    Files.createDirectories(dir);
    Clock clock = Clock.fixed(Instant.parse("2029-06-01T00:00:00Z"), ZoneOffset.UTC);
    Instant from = Instant.parse("2029-06-01T00:00:00Z");
    Instant to = Instant.parse("2039-01-01T00:00:00Z");
    TestCa ca = TestCa.create("corpus root", Optional.empty(), KeyType.EC_P256, clock);
    ca.writeRoot(dir.resolve("ca.pem"));

    IssuedCertificate leaf = ca.issue().dnsName("api.example.com").validity(from, to).build();
    leaf.writeChain(dir.resolve("leaf-cert.pem"));
    leaf.writePrivateKey(dir.resolve("leaf-key.pem"), KeyFormat.PKCS8, new char[0]);
    leaf.writePrivateKey(dir.resolve("leaf-key-pkcs8-encrypted.pem"), KeyFormat.PKCS8_ENCRYPTED, PASSWORD.toCharArray());
    leaf.writePrivateKey(dir.resolve("leaf-key-legacy-encrypted.pem"), KeyFormat.LEGACY_ENCRYPTED, PASSWORD.toCharArray());
    leaf.writePrivateKey(dir.resolve("leaf-key-sec1-no-curve.pem"), KeyFormat.SEC1_WITHOUT_PARAMETERS, new char[0]);
    write(dir, "two-keys.pem", leaf.privateKeyPem(KeyFormat.PKCS8) + leaf.privateKeyPem(KeyFormat.SEC1));

    IssuedCertificate other = ca.issue().dnsName("other.example.com").validity(from, to).build();
    other.writePrivateKey(dir.resolve("other-key.pem"), KeyFormat.PKCS8, new char[0]);

    TestCa intermediate = ca.intermediate("corpus intermediate");
    IssuedCertificate chained = intermediate.issue().dnsName("db.example.com").validity(from, to).build();
    write(dir, "chain-out-of-order.pem",
        IssuedCertificate.class.cast(intermediate.certificate()).certificatePem() + chained.certificatePem());
    chained.writePrivateKey(dir.resolve("chained-key.pem"), KeyFormat.PKCS8, new char[0]);

    IssuedCertificate expired = ca.issue().dnsName("old.example.com")
        .validity(Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2021-01-01T00:00:00Z")).build();
    expired.writeChain(dir.resolve("expired-cert.pem"));
    expired.writePrivateKey(dir.resolve("expired-key.pem"), KeyFormat.PKCS8, new char[0]);
    IssuedCertificate future = ca.issue().dnsName("new.example.com")
        .validity(Instant.parse("2040-01-01T00:00:00Z"), Instant.parse("2041-01-01T00:00:00Z")).build();
    future.writeChain(dir.resolve("future-cert.pem"));
    future.writePrivateKey(dir.resolve("future-key.pem"), KeyFormat.PKCS8, new char[0]);

    IssuedCertificate rsa = ca.issue().dnsName("rsa.example.com").keyType(KeyType.RSA_2048).validity(from, to).build();
    rsa.writeChain(dir.resolve("rsa-cert.pem"));

    String certPem = leaf.certificatePem();
    String[] lines = certPem.split("\n");
    write(dir, "empty.pem", "");
    write(dir, "comments-only.pem", "# a CA bundle that lost its certificates\n\n# nothing here\n");
    byte[] garbage = new byte[512];
    new Random(42).nextBytes(garbage);
    Files.write(dir.resolve("garbage.pem"), garbage);
    write(dir, "truncated-cert.pem", String.join("\n", java.util.Arrays.copyOf(lines, lines.length / 2)) + "\n");
    StringBuilder truncatedDer = new StringBuilder(lines[0]).append('\n');
    for (int i = 1; i < lines.length / 2; i++) {
      truncatedDer.append(lines[i]).append('\n');
    }
    write(dir, "truncated-der.pem", truncatedDer.append(lines[lines.length - 1]).append('\n').toString());
    write(dir, "bad-base64.pem", certPem.replace(lines[2], lines[2].substring(0, 10) + "!!!*" + lines[2].substring(14)));
    write(dir, "mismatched-headers.pem", certPem.replace("-----END CERTIFICATE-----", "-----END PRIVATE KEY-----"));
    write(dir, "unknown-type.pem", certPem.replace("CERTIFICATE", "FOO BAR"));
    write(dir, "dsa-key.pem", "-----BEGIN DSA PRIVATE KEY-----\nMAA=\n-----END DSA PRIVATE KEY-----\n");
    write(dir, "openssh-key.pem", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n");
    write(dir, "bundle-with-comments.pem", "# corpus root\n\n" + ca.rootPem() + "\n# the api leaf, not a CA\n" + certPem);
  }

  private static void write(Path dir, String name, String text) throws IOException {
    Files.writeString(dir.resolve(name), text, StandardCharsets.US_ASCII);
  }
}
