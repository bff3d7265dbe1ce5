package dev.meshgate.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshgate.core.terminating.TlsMode;
import dev.meshgate.testkit.IssuedCertificate;
import dev.meshgate.testkit.TestCa;
import dev.meshgate.tls.TlsMaterialException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only regular files are opened: a FIFO would block {@code open(2)} until a writer comes, a
 * device could be read forever. Each test runs under a hang guard on its own thread, so a
 * regression fails the test instead of stopping the build.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NonRegularFileTest {
  static final String NOT_REGULAR = "is a FIFO, socket or device, not a regular file (expected: a regular PEM file)";
  static final TestCa UPSTREAM = TestCa.named("upstream CA");

  @TempDir Path dir;

  @Test
  void rejectsAFifoWithoutOpeningIt() throws Exception {
    Path fifo = TlsFixtures.mkfifo(dir.resolve("ca.pem"));
    TlsMaterialException e = assertThrows(TlsMaterialException.class, () -> TrustBundle.load(fifo));
    assertEquals(Reason.UNREADABLE, e.reason());
    assertEquals(fifo + ": " + NOT_REGULAR, e.getMessage());
  }

  @Test
  void rejectsASymbolicLinkThatLeadsToAFifoNamingTheTarget() throws Exception {
    Path fifo = TlsFixtures.mkfifo(dir.resolve("real-ca.pem"));
    Path link = Files.createSymbolicLink(dir.resolve("ca.pem"), fifo.getFileName());
    TlsMaterialException e = assertThrows(TlsMaterialException.class, () -> TrustBundle.load(link));
    assertEquals(link + ": resolves to " + fifo.toRealPath() + ", which " + NOT_REGULAR, e.getMessage());
  }

  @Test
  void rejectsACharacterDevice() {
    Path zero = Path.of("/dev/zero");
    TlsMaterialException e = assertThrows(TlsMaterialException.class, () -> TrustBundle.load(zero));
    assertEquals("/dev/zero: " + NOT_REGULAR, e.getMessage());
  }

  @Test
  void originationOfAModeWithAFifoKeyFileFailsNamingIt() throws Exception {
    IssuedCertificate client = TestCa.named("clients").client("gw");
    String ca = UPSTREAM.writeRoot(dir.resolve("ca.pem")).toString();
    String cert = client.writeChain(dir.resolve("cert.pem")).toString();
    Path key = TlsFixtures.mkfifo(dir.resolve("key.pem"));
    TlsContexts contexts = TlsContexts.builder().build();
    TlsMaterialException e = assertThrows(TlsMaterialException.class,
        () -> contexts.origination(TlsMode.of(ca, cert, key.toString(), "api.example.com")));
    assertEquals(key + ": " + NOT_REGULAR, e.getMessage());
  }
}
