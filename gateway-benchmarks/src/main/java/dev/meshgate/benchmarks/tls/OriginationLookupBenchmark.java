package dev.meshgate.benchmarks.tls;

import dev.meshgate.core.terminating.TlsMode;
import dev.meshgate.tls.OriginationContext;
import dev.meshgate.tls.OriginationMaterial;
import dev.meshgate.tls.TlsContexts;
import dev.meshgate.testkit.TestCa;
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

/**
 * The context of a loaded material set, looked up in a {@link TlsContexts} cache that holds
 * {@code materialSets} distinct sets: the cache hit every new upstream connection pays. Expected:
 * a hash probe and a 32-byte compare, nothing allocated.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OriginationLookupBenchmark {
  @Param({"1", "100"})
  int materialSets;

  TlsContexts contexts;
  OriginationMaterial[] materials;
  int next;

  @Setup(Level.Trial)
  public void load() throws IOException {
    Path dir = Files.createTempDirectory("meshgate-bench");
    TestCa ca = TestCa.named("benchmark upstream CA");
    Path caFile = ca.writeRoot(dir.resolve("ca.pem"));
    contexts = TlsContexts.builder().build();
    materials = new OriginationMaterial[materialSets];
    for (int i = 0; i < materialSets; i++) {
      // Each SNI makes a distinct material set over the same CA file.
      materials[i] = contexts.load(TlsMode.of(caFile.toString(), "", "", "svc" + i + ".example.com"));
      contexts.origination(materials[i]);
    }
  }

  @Benchmark
  public OriginationContext cacheHit() {
    OriginationMaterial material = materials[next];
    next = next + 1 == materials.length ? 0 : next + 1;
    return contexts.origination(material);
  }
}
