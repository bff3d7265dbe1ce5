package dev.meshgate.benchmarks.ingress;

import dev.meshgate.core.catalog.Catalog;
import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.Node;
import dev.meshgate.core.catalog.ServiceDefaults;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.ingress.IngressGateway;
import dev.meshgate.core.ingress.IngressGatewayEntry;
import dev.meshgate.core.ingress.IngressListener;
import dev.meshgate.core.ingress.IngressRouter;
import dev.meshgate.core.ingress.IngressService;
import dev.meshgate.core.ingress.Route;
import dev.meshgate.core.ingress.RouteDecision;
import dev.meshgate.core.naming.TrustDomain;
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
 * (port, Host) to route lookup in an ingress gateway with one HTTP listener exposing 10 and 100,000
 * services: half by explicit host ({@code svc-<i>.example.com}), half through {@code *} and their
 * default domains ({@code svc-<i>.ingress.*}), plus 8 services on suffix wildcards
 * ({@code *.zone-<j>.example.net}). The time should not grow with the services, and nothing should
 * be allocated ({@code -prof gc}). Lookups cycle through 1,024 random Host headers of each kind.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HostLookupBenchmark {
  static final TrustDomain TD = new TrustDomain("5fcd4b81-a2ca-405a-ac62-0fac602c1949.consul");
  private static final int PROBES = 1024;
  private static final int PORT = 8443;
  private static final int ZONES = 8;

  @Param({"10", "100000"})
  int services;

  private IngressRouter router;
  private String[] exact;
  private String[] exactWithPort;
  private String[] suffix;
  private String[] defaultDomain;
  private String[] misses;
  private int next;

  @Setup
  public void setUp() {
    int explicit = services / 2;
    IngressListener.Builder listener = IngressListener.builder(PORT).protocol("http").service("*");
    CatalogSnapshot.Builder catalog = CatalogSnapshot.builder();
    for (int i = 0; i < services; i++) {
      register(catalog, "svc-" + i, i);
      if (i < explicit) {
        listener.services(IngressService.builder("svc-" + i).hosts("svc-" + i + ".example.com").build());
      }
    }
    for (int j = 0; j < ZONES; j++) {
      register(catalog, "zone-" + j, j);
      listener.services(IngressService.builder("zone-" + j).hosts("*.zone-" + j + ".example.net").build());
    }
    router = IngressGateway.builder().entry(IngressGatewayEntry.builder("ingress").listeners(listener.build()).build())
        .datacenter("dc1").trustDomain(TD).catalog(new Catalog(catalog.build())).build().router();
    if (router.routes().size() != services + ZONES || !router.warnings().isEmpty()) {
      throw new IllegalStateException("expected " + (services + ZONES) + " routes, got " + router.routes().size()
          + " and warnings " + router.warnings());
    }
    Random random = new Random(42);
    exact = new String[PROBES];
    exactWithPort = new String[PROBES];
    suffix = new String[PROBES];
    defaultDomain = new String[PROBES];
    misses = new String[PROBES];
    for (int i = 0; i < PROBES; i++) {
      int e = random.nextInt(Math.max(1, explicit));
      exact[i] = "svc-" + e + ".example.com";
      exactWithPort[i] = exact[i] + ":" + PORT;
      suffix[i] = "host-" + i + ".rack.zone-" + random.nextInt(ZONES) + ".example.net";
      defaultDomain[i] = "svc-" + (explicit + random.nextInt(services - explicit)) + ".ingress.dc1.consul";
      misses[i] = "nope-" + i + ".example.com";
      for (String host : new String[] {exact[i], exactWithPort[i], suffix[i], defaultDomain[i]}) {
        if (!(router.route(PORT, host, "/") instanceof Route)) {
          throw new IllegalStateException("no route for " + host);
        }
      }
    }
  }

  private static void register(CatalogSnapshot.Builder b, String name, int i) {
    Node node = Node.agent("node-" + (i % 1000), "dc1", "10.0." + (i % 1000 / 250) + "." + (i % 250 + 1));
    b.register(ServiceInstance.builder(node, name).id(name + "-1").port(8080).build());
    b.register(ServiceInstance.builder(node, name + "-sidecar-proxy").id(name + "-proxy").port(21000)
        .connectProxyFor(name).build());
    b.serviceDefaults(ServiceDefaults.builder(ServiceName.of(name)).protocol(Protocol.HTTP).build());
  }

  /** An explicit host: one exact probe. */
  @Benchmark
  public RouteDecision exactHost() {
    return router.route(PORT, exact[next++ & (PROBES - 1)], "/");
  }

  /** The same with {@code :port}: the port is skipped without copying. */
  @Benchmark
  public RouteDecision exactHostWithPort() {
    return router.route(PORT, exactWithPort[next++ & (PROBES - 1)], "/");
  }

  /** A suffix wildcard: the exact probe misses, then suffixes are probed from the longest. */
  @Benchmark
  public RouteDecision suffixWildcard() {
    return router.route(PORT, suffix[next++ & (PROBES - 1)], "/");
  }

  /** A default domain through {@code *}: exact and suffix probes miss, then a prefix hits. */
  @Benchmark
  public RouteDecision defaultDomain() {
    return router.route(PORT, defaultDomain[next++ & (PROBES - 1)], "/");
  }

  /** No virtual host: every probe misses (HTTP 404). */
  @Benchmark
  public RouteDecision miss() {
    return router.route(PORT, misses[next++ & (PROBES - 1)], "/");
  }
}
