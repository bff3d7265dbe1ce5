package dev.meshgate.benchmarks.terminating;

import dev.meshgate.core.catalog.Catalog;
import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.Node;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.naming.TrustDomain;
import dev.meshgate.core.routing.SniDecision;
import dev.meshgate.core.terminating.Route;
import dev.meshgate.core.terminating.RouteTable;
import dev.meshgate.core.terminating.TerminatingGateway;
import dev.meshgate.core.terminating.TerminatingGatewayEntry;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * SNI to route lookup in a terminating gateway's table with 10 and 100,000 linked services. The
 * time should not grow with the table, and nothing should be allocated ({@code -prof gc}).
 * Lookups cycle through 1,024 random names of the table (as a String, as ClientHello bytes, and in
 * upper case to exercise case folding) or miss.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SniLookupBenchmark {
  static final TrustDomain TD = new TrustDomain("5fcd4b81-a2ca-405a-ac62-0fac602c1949.consul");
  private static final int PROBES = 1024;

  @Param({"10", "100000"})
  int linkedServices;

  private RouteTable table;
  private String[] names;
  private String[] upperNames;
  private byte[][] bytes;
  private String[] misses;
  private int next;

  @Setup
  public void setUp() {
    table = TerminatingGateway.builder().name("tgw").datacenter("dc1").trustDomain(TD)
        .catalog(new Catalog(catalog(linkedServices))).entry(wildcardEntry()).build().table();
    if (table.routes().size() != linkedServices) {
      throw new IllegalStateException("expected " + linkedServices + " routes, got " + table.routes().size());
    }
    Random random = new Random(42);
    names = new String[PROBES];
    upperNames = new String[PROBES];
    bytes = new byte[PROBES][];
    misses = new String[PROBES];
    for (int i = 0; i < PROBES; i++) {
      String name = table.routes().get(random.nextInt(linkedServices)).sni();
      names[i] = name;
      upperNames[i] = name.toUpperCase(Locale.ROOT);
      bytes[i] = name.getBytes(StandardCharsets.US_ASCII);
      misses[i] = "svc-" + (linkedServices + i) + ".default.dc1.internal." + TD;
    }
  }

  static TerminatingGatewayEntry wildcardEntry() {
    return TerminatingGatewayEntry.builder("tgw").service("*").build();
  }

  static CatalogSnapshot catalog(int services) {
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    for (int i = 0; i < services; i++) {
      Node node = Node.external("ext-" + (i % 1000), "dc1", "10.0." + (i % 1000 / 250) + "." + (i % 250 + 1));
      b.register(ServiceInstance.builder(node, "svc-" + i).id("svc-" + i + "-1").port(443).build());
    }
    return b.build();
  }

  /** Route a name of the table given as a String. */
  @Benchmark
  public SniDecision<Route> hit() {
    return table.route(names[next++ & (PROBES - 1)]);
  }

  /** Route a name of the table given in upper case: case folding on the hot path. */
  @Benchmark
  public SniDecision<Route> hitUpperCase() {
    return table.route(upperNames[next++ & (PROBES - 1)]);
  }

  /** Route a name given as ClientHello bytes, without building a String. */
  @Benchmark
  public SniDecision<Route> hitBytes() {
    byte[] name = bytes[next++ & (PROBES - 1)];
    return table.route(name, 0, name.length);
  }

  /** Reject a name the table does not know. */
  @Benchmark
  public SniDecision<Route> miss() {
    return table.route(misses[next++ & (PROBES - 1)]);
  }
}
