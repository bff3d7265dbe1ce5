package dev.meshgate.benchmarks.mesh;

import dev.meshgate.core.catalog.Catalog;
import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.Node;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.catalog.ServiceKind;
import dev.meshgate.core.mesh.MeshGateway;
import dev.meshgate.core.mesh.Route;
import dev.meshgate.core.mesh.RouteTable;
import dev.meshgate.core.naming.TrustDomain;
import dev.meshgate.core.routing.SniDecision;
import java.nio.charset.StandardCharsets;
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
 * SNI to route lookup in a mesh gateway's table with 10 and 100,000 local Connect services and 20
 * remote datacenters. The time should not grow with the table, and nothing should be allocated
 * ({@code -prof gc}). Lookups cycle through 1,024 random names: a local service (every filter-chain
 * probe misses, then the catch-all cluster hits), a service in a remote datacenter (the exact probe
 * misses, then a wildcard suffix hits), the same as ClientHello bytes, or a name nothing answers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MeshSniLookupBenchmark {
  static final TrustDomain TD = new TrustDomain("5fcd4b81-a2ca-405a-ac62-0fac602c1949.consul");
  private static final int PROBES = 1024;
  private static final int REMOTE_DATACENTERS = 20;

  @Param({"10", "100000"})
  int services;

  private RouteTable table;
  private String[] local;
  private String[] remote;
  private byte[][] remoteBytes;
  private String[] misses;
  private int next;

  @Setup
  public void setUp() {
    table = MeshGateway.builder().name("mesh-gateway").datacenter("dc1").trustDomain(TD)
        .catalog(new Catalog(catalog(services))).build().table();
    int expected = services + REMOTE_DATACENTERS;
    if (table.routes().size() != expected) {
      throw new IllegalStateException("expected " + expected + " routes, got " + table.routes().size());
    }
    Random random = new Random(42);
    local = new String[PROBES];
    remote = new String[PROBES];
    remoteBytes = new byte[PROBES][];
    misses = new String[PROBES];
    for (int i = 0; i < PROBES; i++) {
      int svc = random.nextInt(services);
      local[i] = "svc-" + svc + ".default.dc1.internal." + TD;
      remote[i] = "svc-" + svc + ".default.dc" + (2 + random.nextInt(REMOTE_DATACENTERS)) + ".internal." + TD;
      remoteBytes[i] = remote[i].getBytes(StandardCharsets.US_ASCII);
      misses[i] = "svc-" + (services + i) + ".default.dc1.internal." + TD;
      if (table.route(local[i]).routeOrNull() == null || table.route(remote[i]).routeOrNull() == null
          || table.route(misses[i]).routeOrNull() != null) {
        throw new IllegalStateException("unexpected decision for probe " + i);
      }
    }
  }

  static CatalogSnapshot catalog(int services) {
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    for (int dc = 1; dc <= REMOTE_DATACENTERS + 1; dc++) {
      Node gateway = Node.agent("gw-dc" + dc, "dc" + dc, "10." + dc + ".0.1");
      b.register(ServiceInstance.builder(gateway, "mesh-gateway").kind(ServiceKind.MESH_GATEWAY).port(8443).build());
    }
    for (int i = 0; i < services; i++) {
      Node node = Node.agent("node-" + (i % 1000), "dc1", "10.0." + (i % 1000 / 250) + "." + (i % 250 + 1));
      b.register(ServiceInstance.builder(node, "svc-" + i + "-sidecar-proxy").id("svc-" + i + "-proxy").port(21000)
          .connectProxyFor("svc-" + i).build());
    }
    return b.build();
  }

  /** A local service: every chain probe misses, then the catch-all cluster hits. */
  @Benchmark
  public SniDecision<Route> localService() {
    return table.route(local[next++ & (PROBES - 1)]);
  }

  /** A service in a remote datacenter: the exact probe misses, then a wildcard suffix hits. */
  @Benchmark
  public SniDecision<Route> remoteDatacenter() {
    return table.route(remote[next++ & (PROBES - 1)]);
  }

  /** The same as ClientHello bytes, without building a String. */
  @Benchmark
  public SniDecision<Route> remoteDatacenterBytes() {
    byte[] name = remoteBytes[next++ & (PROBES - 1)];
    return table.route(name, 0, name.length);
  }

  /** A name nothing answers: every probe misses. */
  @Benchmark
  public SniDecision<Route> miss() {
    return table.route(misses[next++ & (PROBES - 1)]);
  }
}
