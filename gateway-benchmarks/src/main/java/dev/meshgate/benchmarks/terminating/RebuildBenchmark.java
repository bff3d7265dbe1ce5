package dev.meshgate.benchmarks.terminating;

import dev.meshgate.core.catalog.Catalog;
import dev.meshgate.core.catalog.Node;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.terminating.RouteTable;
import dev.meshgate.core.terminating.TerminatingGateway;
import dev.meshgate.core.terminating.TerminatingGatewayEntry;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What one registration costs a terminating gateway linking 10,000 services: the catalog publishes
 * a new snapshot and the gateway rebuilds its whole table ({@code registerAndRebuild}), and the
 * table rebuild alone ({@code rebuildTable}). Each registration alternates between adding and
 * removing one extra instance, so the catalog stays the same size.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RebuildBenchmark {
  @Param({"10000"})
  int linkedServices;

  private Catalog catalog;
  private TerminatingGateway gateway;
  private TerminatingGatewayEntry entry;
  private ServiceInstance extra;
  private boolean registered;

  @Setup
  public void setUp() {
    entry = SniLookupBenchmark.wildcardEntry();
    catalog = new Catalog(SniLookupBenchmark.catalog(linkedServices));
    gateway = TerminatingGateway.builder().name("tgw").datacenter("dc1").trustDomain(SniLookupBenchmark.TD)
        .catalog(catalog).entry(entry).build();
    extra = ServiceInstance.builder(Node.external("ext-new", "dc1", "10.9.0.1"), "svc-new").port(443).build();
  }

  @TearDown
  public void tearDown() {
    gateway.close();
  }

  /** Register (or deregister) one instance; the gateway rebuilds its table before this returns. */
  @Benchmark
  public RouteTable registerAndRebuild() {
    if (registered) {
      catalog.deregister("dc1", "", "ext-new", "svc-new");
    } else {
      catalog.register(extra);
    }
    registered = !registered;
    return gateway.table();
  }

  /** Re-apply the unchanged entry: a table rebuilt from the same snapshot, the gateway's share of the cost above. */
  @Benchmark
  public RouteTable rebuildTable() {
    gateway.update(entry);
    return gateway.table();
  }
}
