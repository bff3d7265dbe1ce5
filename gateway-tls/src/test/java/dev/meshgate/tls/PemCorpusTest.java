package dev.meshgate.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshgate.tls.TlsMaterialException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every file of the malformed-PEM corpus is rejected with its own reason and full message. */
class PemCorpusTest {
  static final Path DIR = Path.of("src/test/resources/pem").toAbsolutePath();
  static final Instant NOW = PemCorpusGenerator.NOW;
  static final char[] NO_PASSWORD = new char[0];

  @TempDir Path temp;

  static Consumer<Path> ca(String file) {
    return dir -> TrustBundle.load(dir.resolve(file));
  }

  static Consumer<Path> pair(String cert, String key) {
    return pair(cert, key, NO_PASSWORD);
  }

  static Consumer<Path> pair(String cert, String key, char[] password) {
    return dir -> KeyMaterial.load(dir.resolve(cert), dir.resolve(key), password.clone(), NOW);
  }

  static Stream<Arguments> corpus() {
    return Stream.of(
        row("missing file", ca("no-such-file.pem"), Reason.UNREADABLE, "no-such-file.pem: file does not exist"),
        row("empty", ca("empty.pem"), Reason.NO_PEM_BLOCK, "empty.pem: no PEM block found (expected: -----BEGIN ...-----)"),
        row("comments only", ca("comments-only.pem"), Reason.NO_PEM_BLOCK,
            "comments-only.pem: no PEM block found (expected: -----BEGIN ...-----)"),
        row("garbage", ca("garbage.pem"), Reason.NO_PEM_BLOCK,
            "garbage.pem: no PEM block found (expected: -----BEGIN ...-----)"),
        row("truncated", ca("truncated-cert.pem"), Reason.MALFORMED,
            "truncated-cert.pem: PEM block 1 is malformed: no matching -----END line (truncated?)"),
        row("truncated DER", ca("truncated-der.pem"), Reason.MALFORMED,
            "truncated-der.pem: PEM block 1 (CERTIFICATE) is not a valid X.509 certificate"),
        row("bad base64", ca("bad-base64.pem"), Reason.MALFORMED,
            "bad-base64.pem: PEM block 1 is malformed: invalid base64"),
        row("mismatched headers", ca("mismatched-headers.pem"), Reason.MALFORMED,
            "mismatched-headers.pem: PEM block 1 is malformed: no matching -----END line (truncated?)"),
        row("unknown block type", ca("unknown-type.pem"), Reason.WRONG_BLOCK_TYPE,
            "unknown-type.pem: PEM block 1 is \"FOO BAR\" (expected: CERTIFICATE)"),
        row("key as CA file", ca("leaf-key.pem"), Reason.WRONG_BLOCK_TYPE,
            "leaf-key.pem: PEM block 1 is \"PRIVATE KEY\" (expected: CERTIFICATE)"),
        row("CA file without a CA", ca("leaf-cert.pem"), Reason.NO_CA_CERTIFICATE,
            "leaf-cert.pem: none of the 1 certificate(s) is a CA (expected: at least one with basicConstraints CA:TRUE)"),
        row("certificate as key file", pair("leaf-cert.pem", "ca.pem"), Reason.WRONG_BLOCK_TYPE,
            "ca.pem: PEM block 1 is \"CERTIFICATE\" (expected: a private key)"),
        row("mismatched pair", pair("leaf-cert.pem", "other-key.pem"), Reason.KEY_MISMATCH,
            "other-key.pem: the EC private key does not match certificate 1 (\"CN=meshgate test leaf\") of "
                + DIR.resolve("leaf-cert.pem")),
        row("chain out of order", pair("chain-out-of-order.pem", "chained-key.pem"), Reason.CHAIN_OUT_OF_ORDER,
            "chain-out-of-order.pem: certificate 2 (\"CN=meshgate test leaf\") did not issue certificate 1"
                + " (\"CN=corpus intermediate\") (expected: the leaf first, then each issuer in order)"),
        row("expired", pair("expired-cert.pem", "expired-key.pem"), Reason.EXPIRED,
            "expired-cert.pem: certificate 1 (\"CN=meshgate test leaf\") expired at 2021-01-01T00:00:00Z"),
        row("not yet valid", pair("future-cert.pem", "future-key.pem"), Reason.NOT_YET_VALID,
            "future-cert.pem: certificate 1 (\"CN=meshgate test leaf\") is not valid before 2040-01-01T00:00:00Z"),
        row("encrypted PKCS#8 without password", pair("leaf-cert.pem", "leaf-key-pkcs8-encrypted.pem"),
            Reason.PASSWORD_REQUIRED,
            "leaf-key-pkcs8-encrypted.pem: PEM block 1 (ENCRYPTED PRIVATE KEY) is encrypted and no password was given"),
        row("encrypted PKCS#8 wrong password",
            pair("leaf-cert.pem", "leaf-key-pkcs8-encrypted.pem", "wrong".toCharArray()), Reason.WRONG_PASSWORD,
            "leaf-key-pkcs8-encrypted.pem: PEM block 1 (ENCRYPTED PRIVATE KEY) cannot be decrypted with the password given"),
        row("legacy encrypted without password", pair("leaf-cert.pem", "leaf-key-legacy-encrypted.pem"),
            Reason.PASSWORD_REQUIRED,
            "leaf-key-legacy-encrypted.pem: PEM block 1 (EC PRIVATE KEY) is encrypted and no password was given"),
        row("legacy encrypted wrong password",
            pair("leaf-cert.pem", "leaf-key-legacy-encrypted.pem", "wrong".toCharArray()), Reason.WRONG_PASSWORD,
            "leaf-key-legacy-encrypted.pem: PEM block 1 (EC PRIVATE KEY) cannot be decrypted with the password given"),
        row("two keys", pair("leaf-cert.pem", "two-keys.pem"), Reason.WRONG_BLOCK_TYPE,
            "two-keys.pem: PEM block 2 is a second private key (expected: exactly one)"),
        row("DSA key", pair("leaf-cert.pem", "dsa-key.pem"), Reason.UNSUPPORTED_KEY,
            "dsa-key.pem: PEM block 1 is \"DSA PRIVATE KEY\": unsupported key type DSA"
                + " (expected: an RSA, EC or EdDSA private key)"),
        row("OpenSSH key", pair("leaf-cert.pem", "openssh-key.pem"), Reason.UNSUPPORTED_KEY,
            "openssh-key.pem: PEM block 1 is \"OPENSSH PRIVATE KEY\", a key format not supported (expected: PKCS#8,"
                + " PKCS#1 RSA or SEC1 EC, e.g. converted with `openssl pkcs8 -topk8`)"),
        row("SEC1 without curve beside an RSA certificate", pair("rsa-cert.pem", "leaf-key-sec1-no-curve.pem"),
            Reason.MALFORMED,
            "leaf-key-sec1-no-curve.pem: PEM block 1 (EC PRIVATE KEY) names no curve (expected: the curve in the key,"
                + " an EC PARAMETERS block, or the key's certificate)"));
  }

  private static Arguments row(String name, Consumer<Path> load, Reason reason, String message) {
    return Arguments.of(name, load, reason, message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void rejectsWithASpecificMessage(String name, Consumer<Path> load, Reason reason, String message) {
    TlsMaterialException e = assertThrows(TlsMaterialException.class, () -> load.accept(DIR));
    assertEquals(DIR + "/" + message, e.getMessage());
    assertEquals(reason, e.reason());
    assertEquals(DIR.resolve(message.substring(0, message.indexOf(':'))).toString(), e.source());
  }

  @Test
  void rejectsAHugeFileWithoutReadingItAll() throws IOException {
    Path huge = temp.resolve("huge.pem");
    Files.write(huge, new byte[TlsMaterialException.MAX_PEM_BYTES + 1]);
    TlsMaterialException e = assertThrows(TlsMaterialException.class, () -> TrustBundle.load(huge));
    assertEquals(huge + ": file is larger than 1048576 bytes (expected: a PEM file)", e.getMessage());
    assertEquals(Reason.TOO_LARGE, e.reason());
  }

  @Test
  void rejectsADirectoryAsUnreadable() {
    TlsMaterialException e = assertThrows(TlsMaterialException.class, () -> TrustBundle.load(temp));
    assertEquals(Reason.UNREADABLE, e.reason());
    assertEquals(temp + ": is a directory (expected: a regular PEM file)", e.getMessage());
  }

  @Test
  void loadsABundleWithCommentsBetweenBlocks() {
    TrustBundle bundle = TrustBundle.load(DIR.resolve("bundle-with-comments.pem"));
    assertEquals(2, bundle.certificates().size());
  }

  @Test
  void loadsEncryptedKeysWithTheRightPassword() {
    char[] password = PemCorpusGenerator.PASSWORD.toCharArray();
    KeyMaterial pkcs8 = KeyMaterial.load(DIR.resolve("leaf-cert.pem"), DIR.resolve("leaf-key-pkcs8-encrypted.pem"),
        password.clone(), NOW);
    KeyMaterial legacy = KeyMaterial.load(DIR.resolve("leaf-cert.pem"), DIR.resolve("leaf-key-legacy-encrypted.pem"),
        password.clone(), NOW);
    assertEquals(((java.security.interfaces.ECPrivateKey) pkcs8.privateKey()).getS(),
        ((java.security.interfaces.ECPrivateKey) legacy.privateKey()).getS());
  }

  @Test
  void takesTheCurveOfASec1KeyWithoutOneFromItsCertificate() {
    KeyMaterial material = KeyMaterial.load(DIR.resolve("leaf-cert.pem"), DIR.resolve("leaf-key-sec1-no-curve.pem"),
        NO_PASSWORD, NOW);
    assertEquals("EC", material.privateKey().getAlgorithm());
  }

  @Test
  void neverPutsPasswordsOrKeyBytesInMessages() throws IOException {
    String keyText = Files.readString(DIR.resolve("leaf-key-pkcs8-encrypted.pem"));
    String base64Line = keyText.split("\n")[1];
    TlsMaterialException e = assertThrows(TlsMaterialException.class,
        () -> KeyMaterial.load(DIR.resolve("leaf-cert.pem"), DIR.resolve("leaf-key-pkcs8-encrypted.pem"),
            "hunter2-secret".toCharArray(), NOW));
    for (Throwable t = e; t != null; t = t.getCause()) {
      String text = String.valueOf(t.getMessage());
      assertFalse(text.contains("hunter2-secret"), text);
      assertFalse(text.contains(base64Line.substring(0, 16)), text);
    }
  }

  @Test
  void keyMaterialToStringDescribesTheLeafNotTheKey() {
    KeyMaterial material = KeyMaterial.load(DIR.resolve("leaf-cert.pem"), DIR.resolve("leaf-key.pem"), NO_PASSWORD, NOW);
    assertEquals("KeyMaterial[leaf=\"CN=meshgate test leaf\", chain=1, key=EC]", material.toString());
  }
}
