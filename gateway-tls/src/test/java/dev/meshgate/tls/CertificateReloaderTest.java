package dev.meshgate.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.terminating.TlsMode;
import dev.meshgate.tls.TlsMaterialException.Reason;
import dev.meshgate.testkit.IssuedCertificate;
import dev.meshgate.testkit.KeyFormat;
import dev.meshgate.testkit.TestCa;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot reload. Nothing here asserts on elapsed time: each test waits for a condition with a
 * generous timeout, so a slow CI machine makes it slower, not red.
 */
class CertificateReloaderTest {
  static final TestCa UPSTREAM = TestCa.named("upstream CA");
  static final TestCa CLIENTS = TestCa.named("gateway clients");
  static final IssuedCertificate SERVER = UPSTREAM.server("api.example.com");
  static final Duration POLL = Duration.ofMillis(50);
  static final Duration PATIENCE = Duration.ofSeconds(30);

  @TempDir Path dir;
  final List<String> events = new CopyOnWriteArrayList<>();
  final List<TlsMaterialException> rejections = new CopyOnWriteArrayList<>();
  final TlsContexts contexts = TlsContexts.builder().build();
  CertificateReloader reloader;
  int version;

  final ReloadListener listener = new ReloadListener() {
    @Override
    public void onReloaded(TlsMode mode, OriginationContext context) {
      events.add("reloaded");
    }

    @Override
    public void onRejected(TlsMode mode, TlsMaterialException problem) {
      rejections.add(problem);
      events.add("rejected");
    }

    @Override
    public void onExpiringSoon(TlsMode mode, List<ExpiryWarning> warnings) {
      for (ExpiryWarning warning : warnings) {
        events.add("expiring " + warning.position());
      }
    }
  };

  @BeforeEach
  void start() {
    reloader = CertificateReloader.builder(contexts).pollInterval(POLL).listener(listener).build();
  }

  @AfterEach
  void stop() {
    reloader.close();
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(5);
    }
  }

  /** Lays out files as a Kubernetes secret mount: dir/name -> ..data/name, ..data -> ..vN. */
  private TlsMode kubernetesMount(IssuedCertificate client) throws IOException {
    writeVersion(UPSTREAM.rootPem(), client.chainPem(), client.privateKeyPem(KeyFormat.PKCS8));
    for (String name : List.of("ca.pem", "cert.pem", "key.pem")) {
      Files.createSymbolicLink(dir.resolve(name), Path.of("..data", name));
    }
    return TlsMode.of(dir.resolve("ca.pem").toString(), dir.resolve("cert.pem").toString(),
        dir.resolve("key.pem").toString(), "api.example.com");
  }

  /** Writes a new version directory and swaps ..data to it with one atomic rename. */
  private void writeVersion(String ca, String cert, String key) throws IOException {
    Path next = Files.createDirectory(dir.resolve("..v" + (++version)));
    Files.writeString(next.resolve("ca.pem"), ca);
    Files.writeString(next.resolve("cert.pem"), cert);
    Files.writeString(next.resolve("key.pem"), key);
    Path link = Files.createSymbolicLink(dir.resolve("..data_tmp"), next.getFileName());
    Files.move(link, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static Path atomicWrite(Path target, String text) throws IOException {
    Path temp = Files.writeString(target.resolveSibling(target.getFileName() + ".tmp"), text);
    return Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static OriginationContext context(ReloadingOrigination origination) {
    return assertInstanceOf(OriginationContext.class, origination.current());
  }

  private static java.security.cert.X509Certificate clientLeaf(ReloadingOrigination origination) {
    return context(origination).material().keyMaterial().orElseThrow().leaf();
  }

  @Test
  void reloadsACaFileReplacedByAnAtomicRename() throws Exception {
    Path ca = UPSTREAM.writeRoot(dir.resolve("ca.pem"));
    ReloadingOrigination origination = reloader.watch(TlsMode.of(ca.toString(), "", "", "api.example.com"));
    TestCa next = TestCa.named("next upstream CA");
    atomicWrite(ca, next.rootPem());
    await("the new CA is in use",
        () -> context(origination).material().trust().certificates().get(0).equals(next.root()));
    assertEquals(List.of("reloaded"), events);
  }

  @Test
  void reloadsAfterAKubernetesDataSymlinkSwap() throws Exception {
    ReloadingOrigination origination = reloader.watch(kubernetesMount(CLIENTS.client("gw-1")));
    IssuedCertificate second = CLIENTS.client("gw-2");
    writeVersion(UPSTREAM.rootPem(), second.chainPem(), second.privateKeyPem(KeyFormat.SEC1));
    await("the second client certificate is in use", () -> clientLeaf(origination).equals(second.certificate()));
  }

  @Test
  void keepsThePreviousContextWhenNewFilesAreBadAndReportsWhy() throws Exception {
    TlsMode mode = kubernetesMount(CLIENTS.client("gw-1"));
    ReloadingOrigination origination = reloader.watch(mode);
    Origination before = origination.current();
    IssuedCertificate second = CLIENTS.client("gw-2");
    writeVersion(UPSTREAM.rootPem(), second.chainPem(), CLIENTS.client("gw-3").privateKeyPem(KeyFormat.PKCS8));
    await("the bad files are reported", () -> !rejections.isEmpty());
    assertSame(before, origination.current());
    TlsMaterialException problem = rejections.get(0);
    assertEquals(Reason.KEY_MISMATCH, problem.reason());
    assertEquals(dir.resolve("key.pem") + ": the EC private key does not match certificate 1 (\"CN=gw-2\") of "
        + dir.resolve("cert.pem"), problem.getMessage());

    writeVersion(UPSTREAM.rootPem(), second.chainPem(), second.privateKeyPem(KeyFormat.PKCS8));
    await("the fixed files are in use", () -> clientLeaf(origination).equals(second.certificate()));
    assertEquals(List.of("rejected", "reloaded"), events);
  }

  @Test
  void reportsAVanishedFileAndReloadsWhenItReturnsChanged() throws Exception {
    Path ca = UPSTREAM.writeRoot(dir.resolve("ca.pem"));
    ReloadingOrigination origination = reloader.watch(TlsMode.of(ca.toString(), "", "", "api.example.com"));
    Origination before = origination.current();
    Files.delete(ca);
    await("the missing file is reported", () -> !rejections.isEmpty());
    assertEquals(ca + ": file does not exist", rejections.get(0).getMessage());
    assertSame(before, origination.current());
    TestCa next = TestCa.named("next upstream CA");
    atomicWrite(ca, next.rootPem());
    await("the new CA is in use",
        () -> context(origination).material().trust().certificates().get(0).equals(next.root()));
    assertEquals(List.of("rejected", "reloaded"), events);
  }

  @Test
  void warnsAboutCertificatesThatExpireSoon() throws Exception {
    Instant now = Instant.now();
    IssuedCertificate shortLived = CLIENTS.issue().commonName("gw").validity(now.minusSeconds(60), now.plus(Duration.ofDays(2))).build();
    reloader.watch(kubernetesMount(shortLived));
    assertEquals(List.of("expiring 1"), events);
  }

  @Test
  void plaintextIsReturnedAsIsAndNotWatched() {
    assertInstanceOf(Origination.Plaintext.class, reloader.watch(TlsMode.none()).current());
  }

  @Test
  void refusesToWatchBadFilesAtStart() throws IOException {
    Path ca = Files.writeString(dir.resolve("ca.pem"), "not pem");
    TlsMaterialException e = assertThrows(TlsMaterialException.class,
        () -> reloader.watch(TlsMode.of(ca.toString(), "", "", "")));
    assertEquals(ca + ": no PEM block found (expected: -----BEGIN ...-----)", e.getMessage());
  }

  @Test
  void closeEndsThePollingThreadAndRefusesNewWatches() throws Exception {
    await("the poller runs", () -> pollerThreads() == 1);
    reloader.close();
    await("the poller is gone", () -> pollerThreads() == 0);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> reloader.watch(TlsMode.none()));
    assertEquals("the reloader is closed", e.getMessage());
  }

  private static long pollerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().equals(CertificateReloader.THREAD_NAME))
        .count();
  }

  @Test
  void builderRejectsAPollIntervalOutOfRange() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CertificateReloader.builder(contexts).pollInterval(Duration.ZERO));
    assertEquals("pollInterval: PT0S (expected: between PT0.01S and PT1H)", e.getMessage());
  }

  @Test
  void builderSettersMayBeCalledOnce() {
    CertificateReloader.Builder builder = CertificateReloader.builder(contexts).pollInterval(Duration.ofSeconds(2));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> builder.pollInterval(POLL));
    assertEquals("poll interval was already set to PT2S", e.getMessage());
  }

  /**
   * A client opens connections back to back while the client certificate is rotated 20 times, the
   * tenth time to a key that does not match: no handshake fails, each good rotation is served, and
   * after the bad one the previous certificate goes on being served.
   */
  @Test
  void rotationsUnderLoadFailNoHandshake() throws Exception {
    SSLContext serverContext = TlsFixtures.jdkContext(TestMaterial.key(SERVER), TestMaterial.roots(CLIENTS));
    SSLParameters needClient = serverContext.getDefaultSSLParameters();
    needClient.setNeedClientAuth(true);
    IssuedCertificate first = CLIENTS.client("gw-0");
    ReloadingOrigination origination = reloader.watch(kubernetesMount(first));
    AtomicReference<String> lastServed = new AtomicReference<>();
    AtomicInteger handshakes = new AtomicInteger();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    try (TlsFixtures.Server server = new TlsFixtures.Server(serverContext, needClient, TlsFixtures::peerSerial)) {
      Thread client = new Thread(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          OriginationContext context = (OriginationContext) origination.current();
          try {
            lastServed.set(TlsFixtures.exchange(server.port(),
                s -> TlsFixtures.wrap(context, s, "127.0.0.1", server.port())));
            handshakes.incrementAndGet();
          } catch (IOException | RuntimeException e) {
            failures.add(e);
          }
        }
      }, "rotation-client");
      client.start();
      try {
        String previous = serial(first);
        for (int rotation = 1; rotation <= 20; rotation++) {
          IssuedCertificate next = CLIENTS.client("gw-" + rotation);
          if (rotation == 10) {
            int rejected = rejections.size();
            writeVersion(UPSTREAM.rootPem(), next.chainPem(), CLIENTS.client("stray").privateKeyPem(KeyFormat.PKCS8));
            await("the broken rotation is rejected", () -> rejections.size() > rejected);
            int after = handshakes.get();
            await("five more handshakes", () -> handshakes.get() >= after + 5);
            assertEquals(previous, lastServed.get(), "the previous certificate is still served");
          } else {
            writeVersion(UPSTREAM.rootPem(), next.chainPem(), next.privateKeyPem(KeyFormat.PKCS8));
            String expected = serial(next);
            await("rotation " + rotation + " is served", () -> expected.equals(lastServed.get()));
            previous = expected;
          }
        }
      } finally {
        client.interrupt();
        client.join(PATIENCE.toMillis());
      }
    }
    assertEquals(List.of(), failures);
    assertEquals(1, rejections.size());
    assertTrue(handshakes.get() >= 20 + 5, "handshakes: " + handshakes.get());
  }

  private static String serial(IssuedCertificate certificate) {
    return certificate.certificate().getSerialNumber().toString(16);
  }
}
