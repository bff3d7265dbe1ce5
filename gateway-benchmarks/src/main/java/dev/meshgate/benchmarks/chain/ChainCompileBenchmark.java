package dev.meshgate.benchmarks.chain;

import dev.meshgate.core.catalog.ProxyDefaults;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.chain.ChainCompiler;
import dev.meshgate.core.chain.ChainEntries;
import dev.meshgate.core.chain.CompileRequest;
import dev.meshgate.core.chain.CompiledDiscoveryChain;
import dev.meshgate.core.chain.HttpMatch;
import dev.meshgate.core.chain.RouteDestination;
import dev.meshgate.core.chain.ServiceResolver;
import dev.meshgate.core.chain.ServiceRoute;
import dev.meshgate.core.chain.ServiceRouter;
import dev.meshgate.core.chain.ServiceSplit;
import dev.meshgate.core.chain.ServiceSplitter;
import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.naming.TrustDomain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Compiling the discovery chains of 1,000 services, each with a router of 5 routes to 5 other
 * services, a 3-leg splitter with a nested splitter and subsets, and a resolver with subsets,
 * failover to another datacenter and a ring-hash load balancer.
 *
 * <ul>
 *   <li>{@code compileAll}: every chain from scratch ({@code ChainCompiler.compile}).
 *   <li>{@code updateOneRouterAndRecompile}: an incremental compiler with all 1,000 chains cached;
 *       one service's router changes, {@code update} drops the chains that read it, and they are
 *       compiled again.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ChainCompileBenchmark {
  static final TrustDomain TD = new TrustDomain("5fcd4b81-a2ca-405a-ac62-0fac602c1949.consul");
  private static final int SERVICES = 1000;

  private ChainEntries entries;
  private List<CompileRequest> requests;
  private ChainCompiler compiler;
  private ServiceRouter[] variants;
  private int next;

  private static ServiceRouter router(int s, int salt) {
    ServiceRouter.Builder b = ServiceRouter.builder(ServiceName.of("svc-" + s));
    for (int r = 0; r < 5; r++) {
      b.route(ServiceRoute.of(HttpMatch.pathPrefix("/r" + r + "/" + salt), RouteDestination.builder()
          .service("svc-" + ((s + r + 1) % SERVICES)).requestTimeout(Duration.ofSeconds(r + 1)).build()));
    }
    return b.build();
  }

  @Setup(Level.Trial)
  public void setUp() {
    ChainEntries.Builder b = ChainEntries.builder().proxyDefaults(ProxyDefaults.builder().protocol(Protocol.HTTP)
        .build());
    requests = new ArrayList<>();
    for (int s = 0; s < SERVICES; s++) {
      String name = "svc-" + s;
      b.router(router(s, 0));
      b.splitter(ServiceSplitter.builder(ServiceName.of(name))
          .split(ServiceSplit.builder(50).serviceSubset("v1").build(), ServiceSplit.builder(30).serviceSubset("v2")
                  .build(),
              ServiceSplit.builder(20).service(name + "-canary").build()).build());
      b.splitter(ServiceSplitter.builder(ServiceName.of(name + "-canary"))
          .split(ServiceSplit.builder(100).service(name).serviceSubset("v2").build()).build());
      b.resolver(ServiceResolver.builder(ServiceName.of(name)).subset("v1", "Service.Meta.version == v1", false)
          .subset("v2", "Service.Meta.version == v2", true).failover("*",
              ServiceResolver.Failover.toDatacenters("dc2", "dc3"))
          .loadBalancer(dev.meshgate.core.chain.LoadBalancer.hashing("ring_hash",
              dev.meshgate.core.chain.LoadBalancer.HashPolicy.hashSourceIp())).build());
      requests.add(CompileRequest.of(ServiceName.of(name), "dc1", TD));
    }
    entries = b.build();
    compiler = ChainCompiler.create(entries);
    for (CompileRequest r : requests) {
      compiler.chain(r);
    }
    variants = new ServiceRouter[] {router(500, 1), router(500, 2)};
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public int compileAll() {
    int nodes = 0;
    for (CompileRequest r : requests) {
      CompiledDiscoveryChain c = ChainCompiler.compile(r, entries);
      nodes += c.nodes().size();
    }
    return nodes;
  }

  @Benchmark
  public int updateOneRouterAndRecompile() {
    ServiceRouter changed = variants[next++ & 1];
    int recompiled = 0;
    for (CompileRequest r : compiler.update(compiler.entries().toBuilder().router(changed).build())) {
      compiler.chain(r);
      recompiled++;
    }
    return recompiled;
  }
}
