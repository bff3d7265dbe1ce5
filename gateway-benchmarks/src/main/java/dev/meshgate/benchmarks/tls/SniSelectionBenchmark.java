package dev.meshgate.benchmarks.tls;

import dev.meshgate.core.naming.SpiffeId;
import dev.meshgate.core.naming.TrustDomain;
import dev.meshgate.tls.KeyMaterial;
import dev.meshgate.tls.MeshServerTls;
import dev.meshgate.tls.TlsContexts;
import dev.meshgate.tls.TrustBundle;
import dev.meshgate.testkit.IssuedCertificate;
import dev.meshgate.testkit.TestCa;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.X509ExtendedKeyManager;
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
 * The terminating gateway's per-handshake leaf choice: the JDK asks the key manager for an alias
 * with the handshake session's SNI. Measured through the public key manager with a stub engine
 * whose handshake session returns a fixed SNI list, so only the selection is timed. Expected:
 * nothing allocated, also for an upper-case SNI.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SniSelectionBenchmark {
  @Param({"10", "1000"})
  int services;

  X509ExtendedKeyManager keys;
  StubEngine[] lowerCase;
  StubEngine[] upperCase;
  int next;

  @Setup(Level.Trial)
  public void build() {
    TrustDomain td = new TrustDomain("5fcd4b81-a2ca-405a-ac62-0fac602c1949.consul");
    TestCa ca = TestCa.forTrustDomain(td);
    // One leaf shared by every name: selection cost does not depend on the leaf, and issuing 1000 is slow.
    IssuedCertificate issued = ca.leaf(SpiffeId.Service.of(td, "", "dc1", "web"));
    KeyMaterial leaf = KeyMaterial.of(issued.subject(), issued.chain(), issued.keyPair().getPrivate());
    Map<String, KeyMaterial> leaves = new HashMap<>();
    lowerCase = new StubEngine[services];
    upperCase = new StubEngine[services];
    for (int i = 0; i < services; i++) {
      String sni = "svc" + i + ".default.dc1.internal." + td.value();
      leaves.put(sni, leaf);
      lowerCase[i] = new StubEngine(List.<SNIServerName>of(new SNIHostName(sni)));
      upperCase[i] = new StubEngine(List.<SNIServerName>of(new SNIHostName(sni.toUpperCase(Locale.ROOT))));
    }
    MeshServerTls server = TlsContexts.builder().build().meshServer(td, TrustBundle.of(ca.name(), List.of(ca.root())), leaves);
    keys = server.keyManager();
  }

  @Benchmark
  public String selectBySni() {
    StubEngine engine = lowerCase[next];
    next = next + 1 == lowerCase.length ? 0 : next + 1;
    return keys.chooseEngineServerAlias("EC", null, engine);
  }

  @Benchmark
  public String selectByUpperCaseSni() {
    StubEngine engine = upperCase[next];
    next = next + 1 == upperCase.length ? 0 : next + 1;
    return keys.chooseEngineServerAlias("EC", null, engine);
  }
}
