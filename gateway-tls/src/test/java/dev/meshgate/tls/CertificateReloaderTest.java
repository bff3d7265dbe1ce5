package dev.meshgate.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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

  /**
   * Asserts the listener's events once it has heard as many as expected: the reloader swaps a
   * context in before it tells the listener, so a test that saw the new context may not see the
   * event yet.
   */
  private void assertEventsSoon(List<String> expected) throws InterruptedException {
    await("the listener hears " + expected, () -> events.size() >= expected.size());
    assertEquals(expected, events);
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
    assertEventsSoon(List.of("reloaded"));
  }

  @Test
  void reloadsAfterAKubernetesDataSymlinkSwap() throws Exception {
    ReloadingOrigination origination = reloader.watch(kubernetesMount(CLIENTS.client("gw-1")));
    IssuedCertificate second = CLIENTS.client("gw-2");
    writeVersion(UPSTREAM.rootPem(), second.chainPem(), second.privateKeyPem(KeyFormat.SEC1));
    await("the second client certificate is in use", () -> clientLeaf(origination).equals(second.certificate()));
  }

  /**
   * The three files are read one after another; a rotation landing between the certificate and
   * the key gives a pair that does not match. That is a torn read, not a bad change: it is not
   * reported, and the rotation is loaded once it reads whole.
   */
  @Test
  void aRotationLandingMidReadIsNotReportedAsABadChange() throws Exception {
    IssuedCertificate second = CLIENTS.client("gw-2");
    AtomicBoolean tear = new AtomicBoolean();
    replaceReloader(builder -> builder.pollInterval(POLL).fileReader(file -> {
      byte[] bytes = Pem.read(file);
      if (file.getFileName().toString().equals("cert.pem") && tear.compareAndSet(true, false)) {
        try {
          writeVersion(UPSTREAM.rootPem(), second.chainPem(), second.privateKeyPem(KeyFormat.PKCS8));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return bytes;
    }));
    ReloadingOrigination origination = reloader.watch(kubernetesMount(CLIENTS.client("gw-1")));
    tear.set(true);
    await("the rotation is in use", () -> clientLeaf(origination).equals(second.certificate()));
    assertFalse(tear.get(), "the read was torn");
    assertEquals(List.of(), rejections);
    assertEventsSoon(List.of("reloaded"));
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
    assertEventsSoon(List.of("rejected", "reloaded"));
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
    assertEventsSoon(List.of("rejected", "reloaded"));
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

  /** Closes the shared reloader and builds one with other settings on the same contexts. */
  private void replaceReloader(UnaryOperator<CertificateReloader.Builder> settings) {
    reloader.close();
    reloader = settings.apply(CertificateReloader.builder(contexts).listener(listener)).build();
  }

  private static X509Certificate firstRoot(Origination origination) {
    return ((OriginationContext) origination).material().trust().certificates().get(0);
  }

  @Test
  void reloadsAModeAskedForOnlyThroughThePerConnectionCall() throws Exception {
    Path ca = UPSTREAM.writeRoot(dir.resolve("ca.pem"));
    TlsMode mode = TlsMode.of(ca.toString(), "", "", "api.example.com");
    contexts.origination(mode);
    TestCa next = TestCa.named("next upstream CA");
    atomicWrite(ca, next.rootPem());
    await("the per-connection call returns the new CA", () -> firstRoot(contexts.origination(mode)).equals(next.root()));
    assertEventsSoon(List.of("reloaded"));
  }

  @Test
  void loadsAModeThatFailedOnceItsFilesAreFixed() throws Exception {
    Path ca = dir.resolve("ca.pem");
    TlsMode mode = TlsMode.of(ca.toString(), "", "", "api.example.com");
    assertThrows(TlsMaterialException.class, () -> contexts.origination(mode));
    atomicWrite(ca, UPSTREAM.rootPem());
    await("the fixed files are in use", () -> {
      try {
        return firstRoot(contexts.origination(mode)).equals(UPSTREAM.root());
      } catch (TlsMaterialException e) {
        return false;
      }
    });
    // The first problem was thrown to the caller; the reloader does not report it again.
    assertEventsSoon(List.of("reloaded"));
  }

  @Test
  void warnsAboutExpiringCertificatesOfAModeAskedForThroughThePerConnectionCall() throws Exception {
    Instant now = Instant.now();
    IssuedCertificate shortLived = CLIENTS.issue().commonName("gw").validity(now.minusSeconds(60), now.plus(Duration.ofDays(2))).build();
    contexts.origination(kubernetesMount(shortLived));
    await("the reloader warns", () -> events.contains("expiring 1"));
  }

  @Test
  void warnsOnceAboutAModeThatBecameUsableWithExpiringCertificates() throws Exception {
    AtomicInteger reads = new AtomicInteger();
    replaceReloader(builder -> builder.pollInterval(POLL).fileReader(file -> {
      reads.incrementAndGet();
      return Pem.read(file);
    }));
    Instant now = Instant.now();
    IssuedCertificate shortLived = CLIENTS.issue().commonName("gw").validity(now.minusSeconds(60), now.plus(Duration.ofDays(2))).build();
    TlsMode mode = kubernetesMount(shortLived);
    writeVersion(UPSTREAM.rootPem(), shortLived.chainPem(), "not a key");
    assertThrows(TlsMaterialException.class, () -> contexts.origination(mode));
    writeVersion(UPSTREAM.rootPem(), shortLived.chainPem(), shortLived.privateKeyPem(KeyFormat.PKCS8));
    await("the fixed files are in use", () -> events.contains("reloaded"));
    int after = reads.get();
    await("ten more polls", () -> reads.get() >= after + 3 * 10);
    assertEquals(List.of("reloaded", "expiring 1"), events);
  }

  /** 100 rotations of one mode's file leave one cached context, not 101. */
  @Test
  void dropsTheContextsOfRotatedOutFiles() throws Exception {
    replaceReloader(builder -> builder.pollInterval(Duration.ofMillis(10)));
    Path ca = UPSTREAM.writeRoot(dir.resolve("ca.pem"));
    reloader.watch(TlsMode.of(ca.toString(), "", "", "api.example.com"));
    for (int rotation = 1; rotation <= 100; rotation++) {
      // Same root, other bytes (a trailing comment): new content, so a new context each time.
      atomicWrite(ca, UPSTREAM.rootPem() + "# rotation " + rotation + "\n");
      int reloads = rotation;
      await("rotation " + rotation + " is in use", () -> events.size() == reloads);
    }
    assertEquals(1, contexts.cachedContexts());
    assertEquals(java.util.Collections.nCopies(100, "reloaded"), events);
  }

  @Test
  void keepsARotatedOutContextWhileAnotherModeUsesIt() throws Exception {
    Path a = UPSTREAM.writeRoot(dir.resolve("a-ca.pem"));
    Path b = UPSTREAM.writeRoot(dir.resolve("b-ca.pem"));
    TlsMode modeA = TlsMode.of(a.toString(), "", "", "api.example.com");
    TlsMode modeB = TlsMode.of(b.toString(), "", "", "api.example.com");
    Origination before = contexts.origination(modeA);
    contexts.origination(modeB);
    assertEquals(1, contexts.cachedContexts());
    TestCa next = TestCa.named("next upstream CA");
    atomicWrite(a, next.rootPem());
    await("a is rotated", () -> events.size() == 1);
    assertEquals(2, contexts.cachedContexts());
    assertSame(((OriginationContext) before).sslContext(), ((OriginationContext) contexts.origination(modeB)).sslContext());
    atomicWrite(b, next.rootPem());
    await("b is rotated", () -> events.size() == 2);
    assertEquals(1, contexts.cachedContexts());
  }

  @Test
  @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aFifoInOneModeDoesNotStopAnotherModesReload() throws Exception {
    Path fifoCa = UPSTREAM.writeRoot(dir.resolve("fifo-ca.pem"));
    Path ca = UPSTREAM.writeRoot(dir.resolve("ca.pem"));
    reloader.watch(TlsMode.of(fifoCa.toString(), "", "", "web.example.com"));
    ReloadingOrigination other = reloader.watch(TlsMode.of(ca.toString(), "", "", "api.example.com"));
    // Swap the file for a FIFO in one rename, so no poll can see the path missing in between.
    Path fifo = TlsFixtures.mkfifo(dir.resolve("fifo-ca.pem.next"));
    Files.move(fifo, fifoCa, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    await("the FIFO is reported", () -> !rejections.isEmpty());
    assertEquals(fifoCa + ": is a FIFO, socket or device, not a regular file (expected: a regular PEM file)",
        rejections.get(0).getMessage());
    TestCa next = TestCa.named("next upstream CA");
    atomicWrite(ca, next.rootPem());
    await("the other mode is reloaded", () -> firstRoot(other.current()).equals(next.root()));
  }

  /**
   * A read that blocks past the read timeout (as a file swapped for a FIFO between the check and
   * the open would, or one on a hung mount) is reported once, the other modes go on reloading,
   * and the mode is polled again once the read returns.
   */
  @Test
  @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aReadThatHangsIsReportedWithoutStallingOtherModes() throws Exception {
    Path slowCa = UPSTREAM.writeRoot(dir.resolve("slow-ca.pem"));
    Path ca = UPSTREAM.writeRoot(dir.resolve("ca.pem"));
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean hang = new AtomicBoolean();
    replaceReloader(builder -> builder.pollInterval(POLL).readTimeout(Duration.ofMillis(200)).fileReader(file -> {
      while (hang.get() && file.equals(slowCa)) {
        try {
          if (release.await(10, TimeUnit.MILLISECONDS)) {
            break;
          }
        } catch (InterruptedException e) {
          // Like open(2) on a FIFO: an interrupt does not end the wait.
        }
      }
      return Pem.read(file);
    }));
    try {
      ReloadingOrigination slow = reloader.watch(TlsMode.of(slowCa.toString(), "", "", "web.example.com"));
      ReloadingOrigination other = reloader.watch(TlsMode.of(ca.toString(), "", "", "api.example.com"));
      hang.set(true);
      await("the hanging read is reported", () -> !rejections.isEmpty());
      assertEquals(slowCa + ": reading the file did not finish within PT0.2S (expected: a regular file that can be read)",
          rejections.get(0).getMessage());
      TestCa next = TestCa.named("next upstream CA");
      atomicWrite(ca, next.rootPem());
      await("the other mode is reloaded meanwhile", () -> firstRoot(other.current()).equals(next.root()));
      atomicWrite(slowCa, next.rootPem());
      hang.set(false);
      release.countDown();
      await("the slow mode is reloaded once its read returns", () -> firstRoot(slow.current()).equals(next.root()));
      assertEquals(1, rejections.size());
    } finally {
      hang.set(false);
      release.countDown();
    }
  }

  @Test
  void refusesASecondReloaderOnTheSameContextsUntilTheFirstIsClosed() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> CertificateReloader.builder(contexts).build());
    assertEquals("these TlsContexts already have an open CertificateReloader (expected: one reloader per TlsContexts)",
        e.getMessage());
    reloader.close();
    reloader = CertificateReloader.builder(contexts).build();
  }

  @Test
  void aWatchedModeIsReloadedEvenWhenTheCacheForgetsIt() throws Exception {
    reloader.close();
    TlsContexts small = TlsContexts.builder().maximumContexts(1).build();
    try (CertificateReloader tiny = CertificateReloader.builder(small).pollInterval(POLL).build()) {
      Path ca = UPSTREAM.writeRoot(dir.resolve("ca.pem"));
      Path others = UPSTREAM.writeRoot(dir.resolve("others-ca.pem"));
      ReloadingOrigination watched = tiny.watch(TlsMode.of(ca.toString(), "", "", "api.example.com"));
      for (int i = 0; i < 20; i++) {
        small.origination(TlsMode.of(others.toString(), "", "", "svc" + i + ".example.com"));
      }
      TestCa next = TestCa.named("next upstream CA");
      atomicWrite(ca, next.rootPem());
      await("the watched mode is reloaded", () -> firstRoot(watched.current()).equals(next.root()));
      assertSame(watched.current(), small.origination(TlsMode.of(ca.toString(), "", "", "api.example.com")));
    }
  }

  @Test
  void builderRejectsAReadTimeoutOutOfRange() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CertificateReloader.builder(contexts).readTimeout(Duration.ofMinutes(2)));
    assertEquals("readTimeout: PT2M (expected: between PT0.01S and PT1M)", e.getMessage());
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
