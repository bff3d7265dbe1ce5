package dev.meshgate.benchmarks.chain;

import dev.meshgate.core.catalog.Endpoint;
import dev.meshgate.core.catalog.ProxyDefaults;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.chain.ActiveRequests;
import dev.meshgate.core.chain.ChainCompiler;
import dev.meshgate.core.chain.ChainDecision;
import dev.meshgate.core.chain.ChainEntries;
import dev.meshgate.core.chain.ChainRequest;
import dev.meshgate.core.chain.ChainRoute;
import dev.meshgate.core.chain.ChainRouter;
import dev.meshgate.core.chain.CompileRequest;
import dev.meshgate.core.chain.HeaderMatch;
import dev.meshgate.core.chain.HttpMatch;
import dev.meshgate.core.chain.LoadBalancer;
import dev.meshgate.core.chain.QueryParamMatch;
import dev.meshgate.core.chain.RouteDestination;
import dev.meshgate.core.chain.ServiceResolver;
import dev.meshgate.core.chain.ServiceRoute;
import dev.meshgate.core.chain.ServiceRouter;
import dev.meshgate.core.chain.ServiceSplit;
import dev.meshgate.core.chain.ServiceSplitter;
import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.naming.TrustDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * One request through the discovery chain of {@code web}, whose router has 50 routes (prefixes,
 * exact paths, header, query and method criteria; one regex route near the end), among
 * {@code services} chains of unrelated services looked up by name. The matched route leads to a
 * 90/10 split or a resolver with failover; the chosen target's endpoint is then picked by ring hash
 * on a header. The time should not grow with {@code services}, and the non-regex paths should
 * allocate nothing ({@code -prof gc}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChainEvaluationBenchmark {
  static final TrustDomain TD = new TrustDomain("5fcd4b81-a2ca-405a-ac62-0fac602c1949.consul");
  private static final int ROUTES = 50;

  @Param({"1", "10000"})
  int services;

  private Map<String, ChainRouter> routers;
  private ChainRequest first;
  private ChainRequest middle;
  private ChainRequest last;
  private ChainRequest miss;
  private ChainRequest regex;
  private long random;

  @Setup
  public void setUp() {
    ChainEntries.Builder entries = ChainEntries.builder().proxyDefaults(ProxyDefaults.builder().protocol(Protocol.HTTP)
        .build());
    ServiceRouter.Builder router = ServiceRouter.builder(ServiceName.of("web"));
    for (int i = 0; i < ROUTES; i++) {
      HttpMatch.Builder m = HttpMatch.builder();
      switch (i % 5) {
        case 0 -> m.pathPrefix("/api/v" + i + "/");
        case 1 -> m.pathExact("/exact/" + i);
        case 2 -> m.pathPrefix("/h/" + i + "/").header(HeaderMatch.exact("x-tenant", "t" + i));
        case 3 -> m.pathPrefix("/q/" + i + "/").queryParam(QueryParamMatch.exact("version", "v" + i));
        default -> m.pathPrefix("/m/" + i + "/").methods("GET", "POST");
      }
      if (i == ROUTES - 3) {
        m = HttpMatch.builder().pathRegex("/reports/[0-9]{4}/[a-z]+");
      }
      String target = "backend-" + (i % 5);
      router.route(ServiceRoute.of(m.build(), RouteDestination.builder().service(target)
          .requestHeaders(dev.meshgate.core.chain.HttpHeaderModifiers.builder().set("x-route", "r" + i).build())
          .build()));
    }
    entries.router(router.build());
    for (int b = 0; b < 5; b++) {
      String backend = "backend-" + b;
      entries.resolver(ServiceResolver.builder(ServiceName.of(backend)).subset("v1", "Service.Meta.version == v1", false)
          .subset("v2", "Service.Meta.version == v2", false)
          .failover("*", ServiceResolver.Failover.toDatacenters("dc2"))
          .loadBalancer(LoadBalancer.hashing("ring_hash", LoadBalancer.HashPolicy.header("x-user"))).build());
      if (b % 2 == 0) {
        entries.splitter(ServiceSplitter.builder(ServiceName.of(backend))
            .split(ServiceSplit.builder(90).serviceSubset("v1").build(), ServiceSplit.builder(10).serviceSubset("v2")
                .build()).build());
      }
    }
    for (int s = 0; s < services; s++) {
      String name = "svc-" + s;
      entries.router(ServiceRouter.builder(ServiceName.of(name)).route(ServiceRoute.prefixTo("/x", name + "-x")).build());
    }
    ChainEntries built = entries.build();
    routers = new HashMap<>();
    List<Endpoint> endpoints = new ArrayList<>();
    for (int e = 0; e < 8; e++) {
      endpoints.add(new Endpoint("10.0.0." + e, 21000, false, true, 1, Optional.empty()));
    }
    ChainCompiler compiler = ChainCompiler.create(built);
    routers.put("web", ChainRouter.bind(compiler.chain(CompileRequest.of(ServiceName.of("web"), "dc1", TD)),
        target -> endpoints));
    for (int s = 0; s < services; s++) {
      String name = "svc-" + s;
      routers.put(name, ChainRouter.bind(compiler.chain(CompileRequest.of(ServiceName.of(name), "dc1", TD)),
          target -> endpoints));
    }
    first = ChainRequest.builder().target("/api/v0/items").header("x-user", "alice").build();
    middle = ChainRequest.builder().target("/h/27/orders").header("x-tenant", "t27").header("x-user", "bob").build();
    last = ChainRequest.builder().method("POST").target("/m/49/upload").header("x-user", "carol").build();
    miss = ChainRequest.builder().target("/static/app.js").header("x-user", "dave").build();
    regex = ChainRequest.builder().target("/reports/2026/annual").header("x-user", "erin").build();
    check(first, 0);
    check(middle, 27);
    check(last, 49);
    check(miss, ROUTES);
    check(regex, ROUTES - 3);
    random = 0x9E3779B97F4A7C15L;
  }

  private void check(ChainRequest request, int expectedRoute) {
    ChainDecision d = routers.get("web").route(request, 1);
    if (!(d instanceof ChainRoute r) || r.routeIndex() != expectedRoute) {
      throw new IllegalStateException(request + " expected route " + expectedRoute + ", got " + d);
    }
  }

  private ChainDecision route(ChainRequest request) {
    random += 0x9E3779B97F4A7C15L;
    return routers.get("web").route(request, random);
  }

  @Benchmark
  public ChainDecision firstRoute() {
    return route(first);
  }

  @Benchmark
  public ChainDecision route27ByHeader() {
    return route(middle);
  }

  @Benchmark
  public ChainDecision route49ByMethod() {
    return route(last);
  }

  @Benchmark
  public ChainDecision defaultRouteAfter50() {
    return route(miss);
  }

  @Benchmark
  public ChainDecision regexRoute47() {
    return route(regex);
  }

  @Benchmark
  public Endpoint route27AndChooseByRingHash() {
    ChainRoute r = (ChainRoute) route(middle);
    return r.choose(middle, random, ActiveRequests.NONE);
  }
}
