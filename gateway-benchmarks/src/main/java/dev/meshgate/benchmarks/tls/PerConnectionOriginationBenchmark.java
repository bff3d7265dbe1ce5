package dev.meshgate.benchmarks.tls;

import dev.meshgate.core.terminating.TlsMode;
import dev.meshgate.testkit.IssuedCertificate;
import dev.meshgate.testkit.KeyFormat;
import dev.meshgate.testkit.TestCa;
import dev.meshgate.tls.Origination;
import dev.meshgate.tls.TlsContexts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What a terminating gateway pays per new upstream connection: {@code
 * contexts.origination(route.tls())} for a mode whose files were loaded before, among {@code
 * modes} distinct modes (one-way: one CA file; mutual: CA, chain and key files). Expected: no file
 * read, a hash probe, nothing allocated.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PerConnectionOriginationBenchmark {
  @Param({"1", "100"})
  int modes;

  @Param({"oneWay", "mutual"})
  String tls;

  Path dir;
  TlsContexts contexts;
  TlsMode[] tlsModes;
  int next;

  @Setup(Level.Trial)
  public void load() throws IOException {
    dir = Files.createTempDirectory("meshgate-bench");
    TestCa upstream = TestCa.named("benchmark upstream CA");
    String caFile = upstream.writeRoot(dir.resolve("ca.pem")).toString();
    IssuedCertificate client = TestCa.named("benchmark clients").client("terminating-gateway");
    String certFile = client.writeChain(dir.resolve("client.pem")).toString();
    String keyFile = client.writePrivateKey(dir.resolve("client-key.pem"), KeyFormat.PKCS8, new char[0]).toString();
    contexts = TlsContexts.builder().build();
    tlsModes = new TlsMode[modes];
    for (int i = 0; i < modes; i++) {
      // Each SNI makes a distinct mode over the same files, as links to different services do.
      String sni = "svc" + i + ".example.com";
      tlsModes[i] = tls.equals("mutual") ? TlsMode.of(caFile, certFile, keyFile, sni) : TlsMode.of(caFile, "", "", sni);
      contexts.origination(tlsModes[i]);
    }
  }

  @TearDown(Level.Trial)
  public void removeFiles() throws IOException {
    try (var files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.delete(file);
      }
    }
    Files.delete(dir);
  }

  @Benchmark
  public Origination perConnection() {
    TlsMode mode = tlsModes[next];
    next = next + 1 == tlsModes.length ? 0 : next + 1;
    return contexts.origination(mode);
  }
}
