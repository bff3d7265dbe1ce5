package dev.meshgate.core.chain;

import static dev.meshgate.core.chain.Fixtures.TD;
import static dev.meshgate.core.chain.Fixtures.svc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.catalog.Endpoint;
import dev.meshgate.core.catalog.ProxyDefaults;
import dev.meshgate.core.catalog.ServiceDefaults;
import dev.meshgate.core.config.InvalidConfigEntryException;
import dev.meshgate.core.config.MeshGatewayMode;
import dev.meshgate.core.config.Protocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;

/** Invariants of compiling and routing discovery chains, over random entries and requests. */
class ChainProperties {
  private static final String[] SERVICES = {"a", "b", "c", "d"};
  private static final String[] SUBSETS = {"v1", "v2"};
  private static final String[] DCS = {"dc1", "dc2"};

  /**
   * Splits land on their legs in exact proportion over one period of the random value. The
   * proportions are the weights Consul hands Envoy, {@code int(weight * 100)} in 32-bit floating
   * point, which truncation can leave 0.01 % below the configured weight (20.46 % becomes 2045
   * units, of a total then below 10,000).
   */
  @Property(tries = 300)
  void splitsDistributeAsWeighted(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int legs) {
    Random random = new Random(seed);
    int[] basisPoints = partition(random, 10_000, legs);
    ServiceResolver.Builder resolver = ServiceResolver.builder(svc("web"));
    ServiceSplitter.Builder splitter = ServiceSplitter.builder(svc("web"));
    Map<String, List<Endpoint>> endpoints = new HashMap<>();
    int[] envoyWeights = new int[legs];
    int total = 0;
    for (int i = 0; i < legs; i++) {
      resolver.subset("s" + i, "Service.Meta.leg == s" + i, false);
      float weight = basisPoints[i] / 100f;
      splitter.split(ServiceSplit.builder(weight).serviceSubset("s" + i).build());
      endpoints.put("s" + i + ".web.default.default.dc1", Fixtures.healthy(1));
      envoyWeights[i] = (int) (weight * 100f);
      assertTrue(basisPoints[i] - envoyWeights[i] <= 1, weight + " became " + envoyWeights[i]);
      total += envoyWeights[i];
    }
    ChainEntries entries = ChainEntries.builder().serviceDefaults(Fixtures.protocol("web", Protocol.HTTP))
        .resolver(resolver.build()).splitter(splitter.build()).build();
    ChainRouter router = ChainRouter.bind(ChainCompiler.compile(CompileRequest.of(svc("web"), "dc1", TD), entries),
        Fixtures.source(endpoints));
    int[] counts = new int[legs];
    ChainRequest request = ChainRequest.builder().build();
    long base = (random.nextLong() >>> 1) / total * total;
    for (int r = 0; r < total; r++) {
      ChainRoute route = (ChainRoute) router.route(request, base + r);
      counts[route.splitIndex()]++;
    }
    assertEquals(java.util.Arrays.toString(envoyWeights), java.util.Arrays.toString(counts));
  }

  /**
   * Any entries the builders accept either compile or are refused with a graph error; a compiled
   * chain routes any request to a decision, and a route's chosen endpoint is one of its target's
   * healthy endpoints.
   */
  @Property(tries = 1_000)
  void evaluatingAValidatedChainNeverFails(@ForAll long seed) {
    Random random = new Random(seed);
    ChainEntries entries = randomEntries(random);
    Map<String, List<Endpoint>> endpoints = new HashMap<>();
    for (String svc : SERVICES) {
      CompileRequest request = CompileRequest.of(svc(svc), DCS[random.nextInt(2)], TD);
      if (random.nextInt(4) == 0) {
        request = request.withOverrideProtocol(random.nextBoolean() ? Protocol.TCP : Protocol.HTTP)
            .withOverrideMeshGateway(MeshGatewayMode.values()[random.nextInt(4)])
            .withOverrideConnectTimeout(Duration.ofMillis(random.nextInt(3) * 700));
      }
      CompiledDiscoveryChain chain;
      try {
        chain = ChainCompiler.compile(request, entries);
      } catch (ConfigEntryGraphException e) {
        assertTrue(!e.getMessage().isEmpty());
        Statistics.label("chains").collect("refused");
        continue;
      }
      Statistics.label("chains").collect(chain.node(chain.startNode()).type());
      assertTrue(chain.nodes().containsKey(chain.startNode()));
      ChainRouter router = ChainRouter.bind(chain, target -> endpoints.computeIfAbsent(target.id(),
          id -> randomEndpoints(random)));
      for (int i = 0; i < 20; i++) {
        ChainRequest req = randomRequest(random);
        ChainDecision decision = router.route(req, random.nextLong());
        assertNotNull(decision.explanation());
        Statistics.label("decisions").collect(decision.getClass().getSimpleName());
        if (decision instanceof ChainRoute r) {
          Endpoint e = r.choose(req, random.nextLong(), ep -> random.nextInt(3));
          assertTrue(e.healthy() && r.endpoints().contains(e), () -> e + " not a healthy endpoint of " + r);
          assertTrue(chain.targets().containsKey(r.target().id()));
        }
      }
    }
  }

  /** A redirect cycle through any number of services is refused, naming every hop. */
  @Property(tries = 200)
  void redirectLoopsAreAlwaysRejected(@ForAll @IntRange(min = 2, max = 6) int length, @ForAll boolean viaEntry,
      @ForAll boolean crossDatacenter) {
    ChainEntries.Builder b = ChainEntries.builder();
    for (int i = 0; i < length; i++) {
      String next = "s" + ((i + 1) % length);
      b.resolver(ServiceResolver.builder(svc("s" + i))
          .redirect(new ServiceResolver.Redirect(next, "", "", "", crossDatacenter && i == 0 ? "dc2" : "")).build());
    }
    if (viaEntry) {
      b.resolver(ServiceResolver.builder(svc("entry")).redirect(ServiceResolver.Redirect.toService("s0")).build());
    }
    ConfigEntryGraphException e = assertThrows(ConfigEntryGraphException.class,
        () -> ChainCompiler.compile(CompileRequest.of(svc(viaEntry ? "entry" : "s0"), "dc1", TD), b.build()));
    assertTrue(e.getMessage().startsWith("detected circular resolver redirect: ["), e.getMessage());
    for (int i = 0; i < length; i++) {
      assertTrue(e.getMessage().contains("s" + i + ".default.default."), e.getMessage());
    }
  }

  /** A splitter cycle is refused whatever other legs surround it. */
  @Property(tries = 200)
  void splitterLoopsAreAlwaysRejected(@ForAll @IntRange(min = 1, max = 5) int length, @ForAll long seed) {
    Random random = new Random(seed);
    ChainEntries.Builder b = ChainEntries.builder().proxyDefaults(ProxyDefaults.builder().protocol(Protocol.HTTP)
        .build());
    for (int i = 0; i < length; i++) {
      String next = "s" + ((i + 1) % length);
      int loop = 1 + random.nextInt(100);
      ServiceSplitter.Builder s = ServiceSplitter.builder(svc("s" + i)).split(ServiceSplit.builder(loop).service(next)
          .build());
      if (loop < 100) {
        s.split(ServiceSplit.builder(100 - loop).service("other" + i).build());
      }
      if (length == 1) {
        // A splitter leg to its own service goes to its resolver, not back to itself: loop through a peer.
        s = ServiceSplitter.builder(svc("s0")).split(ServiceSplit.builder(100).service("t").build());
        b.splitter(ServiceSplitter.builder(svc("t")).split(ServiceSplit.builder(100).service("s0").build()).build());
      }
      b.splitter(s.build());
    }
    ConfigEntryGraphException e = assertThrows(ConfigEntryGraphException.class,
        () -> ChainCompiler.compile(CompileRequest.of(svc("s0"), "dc1", TD), b.build()));
    assertTrue(e.getMessage().startsWith("detected circular reference: [splitter:s0.default.default -> "),
        e.getMessage());
  }

  /**
   * Envoy's ring hash is consistent in the ring sense: after an endpoint is removed, a key changes
   * endpoint only if it was on the removed endpoint, or if it now lands on a point the rebuilt ring
   * added (Envoy rescales the points per endpoint to the endpoint count, so surviving endpoints
   * gain points).
   */
  @Property(tries = 200)
  void ringHashMovesOnlyTheRemovedEndpointsKeysOrKeysOnNewPoints(
      @ForAll @IntRange(min = 2, max = 16) int n, @ForAll @IntRange(min = 0, max = 15) int removed,
      @ForAll @IntRange(min = 0, max = 2048) int minRingSize, @ForAll long seed) {
    int gone = removed % n;
    List<Endpoint> all = Fixtures.healthy(n);
    List<Endpoint> less = new ArrayList<>(all);
    Endpoint removedEndpoint = less.remove(gone);
    LoadBalancer lb = new LoadBalancer("ring_hash", Optional.of(new LoadBalancer.RingHashConfig(minRingSize, 0)),
        Optional.empty(), List.of());
    EndpointPicker.RingHashPicker before = (EndpointPicker.RingHashPicker) EndpointPicker.create(lb, all);
    EndpointPicker.RingHashPicker after = (EndpointPicker.RingHashPicker) EndpointPicker.create(lb, less);
    java.util.Set<Long> oldPoints = new java.util.HashSet<>();
    for (long p : before.points) {
      oldPoints.add(p);
    }
    Random random = new Random(seed);
    for (int k = 0; k < 500; k++) {
      long h = random.nextLong();
      Endpoint was = before.endpoints[before.pick(h, 0, ActiveRequests.NONE)];
      int at = lowerBound(after.points, h ^ Long.MIN_VALUE);
      Endpoint is = after.endpoints[after.owners[at]];
      assertTrue(is != removedEndpoint);
      if (was != removedEndpoint && was != is) {
        assertTrue(!oldPoints.contains(after.points[at]), "key moved between surviving endpoints to an old point");
      }
    }
  }

  /** Envoy's Maglev keeps almost every surviving endpoint's keys when an endpoint is removed. */
  @Property(tries = 100)
  void maglevMovesAlmostOnlyTheRemovedEndpointsKeys(@ForAll @IntRange(min = 2, max = 30) int n,
      @ForAll @IntRange(min = 0, max = 29) int removed, @ForAll long seed) {
    int gone = removed % n;
    List<Endpoint> all = Fixtures.healthy(n);
    List<Endpoint> less = new ArrayList<>(all);
    Endpoint removedEndpoint = less.remove(gone);
    EndpointPicker before = EndpointPicker.create(LoadBalancer.of("maglev"), all);
    EndpointPicker after = EndpointPicker.create(LoadBalancer.of("maglev"), less);
    Random random = new Random(seed);
    int surviving = 0;
    int moved = 0;
    for (int k = 0; k < 4_000; k++) {
      long h = random.nextLong();
      Endpoint was = before.endpoints[before.pick(h, 0, ActiveRequests.NONE)];
      Endpoint is = after.endpoints[after.pick(h, 0, ActiveRequests.NONE)];
      assertTrue(is != removedEndpoint);
      if (was != removedEndpoint) {
        surviving++;
        if (was != is) {
          moved++;
        }
      }
    }
    assertTrue(moved <= surviving * 0.03, moved + " of " + surviving + " surviving keys moved");
  }

  // ---- generators ----

  private static int lowerBound(long[] points, long flipped) {
    int lo = 0;
    int hi = points.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (points[mid] < flipped) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo == points.length ? 0 : lo;
  }

  /** Splits {@code total} into {@code parts} positive-or-zero parts. */
  private static int[] partition(Random random, int total, int parts) {
    int[] cuts = new int[parts + 1];
    cuts[parts] = total;
    for (int i = 1; i < parts; i++) {
      cuts[i] = random.nextInt(total + 1);
    }
    java.util.Arrays.sort(cuts, 1, parts);
    int[] out = new int[parts];
    for (int i = 0; i < parts; i++) {
      out[i] = cuts[i + 1] - cuts[i];
    }
    return out;
  }

  private static <T> T pick(Random random, T[] values) {
    return values[random.nextInt(values.length)];
  }

  private static String maybe(Random random, String[] values) {
    return random.nextInt(3) == 0 ? "" : pick(random, values);
  }

  private static ChainEntries randomEntries(Random random) {
    ChainEntries.Builder b = ChainEntries.builder();
    if (random.nextInt(6) > 0) {
      b.proxyDefaults(ProxyDefaults.builder().protocol(random.nextInt(8) == 0 ? Protocol.TCP : Protocol.HTTP)
          .meshGatewayMode(MeshGatewayMode.values()[random.nextInt(4)]).build());
    }
    for (String s : SERVICES) {
      if (random.nextInt(3) == 0) {
        ServiceDefaults.Builder sd = ServiceDefaults.builder(svc(s)).protocol(random.nextInt(10) == 0 ? Protocol.TCP
            : Protocol.HTTP);
        if (random.nextInt(8) == 0) {
          sd.externalSni(s + ".external.example");
        }
        b.serviceDefaults(sd.build());
      }
      tryAdd(() -> b.resolver(randomResolver(random, s)), random.nextInt(3) > 0);
      tryAdd(() -> b.splitter(randomSplitter(random, s)), random.nextBoolean());
      tryAdd(() -> b.router(randomRouter(random, s)), random.nextBoolean());
    }
    return b.build();
  }

  private static void tryAdd(Runnable add, boolean wanted) {
    if (!wanted) {
      return;
    }
    try {
      add.run();
    } catch (InvalidConfigEntryException e) {
      assertTrue(!e.errors().isEmpty());
    }
  }

  private static ServiceResolver randomResolver(Random random, String s) {
    ServiceResolver.Builder b = ServiceResolver.builder(svc(s));
    int subsets = random.nextInt(3);
    for (int i = 0; i < subsets; i++) {
      b.subset(SUBSETS[i], random.nextBoolean() ? "Service.Meta.version == " + SUBSETS[i] : "", random.nextBoolean());
    }
    if (subsets > 0 && random.nextBoolean()) {
      b.defaultSubset(SUBSETS[random.nextInt(subsets)]);
    }
    switch (random.nextInt(4)) {
      case 0 -> b.redirect(new ServiceResolver.Redirect(maybe(random, SERVICES), maybe(random, SUBSETS), "", "",
          maybe(random, DCS)));
      case 1 -> b.failover(random.nextBoolean() ? "*" : pick(random, SUBSETS), random.nextBoolean()
          ? ServiceResolver.Failover.toDatacenters(pick(random, DCS))
          : new ServiceResolver.Failover(pick(random, SERVICES), maybe(random, SUBSETS), "", List.of(), List.of(), ""));
      case 2 -> b.failover("*", ServiceResolver.Failover.toTargets(
          new ServiceResolver.FailoverTarget(maybe(random, SERVICES), "", "", "", maybe(random, DCS)),
          ServiceResolver.FailoverTarget.inDatacenter(pick(random, DCS))));
      default -> { }
    }
    if (random.nextBoolean()) {
      String[] policies = {"", "round_robin", "least_request", "random", "ring_hash", "maglev"};
      String policy = pick(random, policies);
      List<LoadBalancer.HashPolicy> hashing = policy.endsWith("hash") || policy.equals("maglev")
          ? List.of(LoadBalancer.HashPolicy.header("x-user"), LoadBalancer.HashPolicy.cookie("session").asTerminal(),
              LoadBalancer.HashPolicy.hashSourceIp())
          : List.of();
      b.loadBalancer(new LoadBalancer(policy, policy.equals("ring_hash")
          ? Optional.of(new LoadBalancer.RingHashConfig(random.nextInt(64), 0)) : Optional.empty(), Optional.empty(),
          hashing));
    }
    if (random.nextBoolean()) {
      b.connectTimeout(Duration.ofMillis(random.nextInt(10_000)));
    }
    return b.build();
  }

  private static ServiceSplitter randomSplitter(Random random, String s) {
    int legs = 1 + random.nextInt(3);
    int[] weights = partition(random, 100, legs);
    ServiceSplitter.Builder b = ServiceSplitter.builder(svc(s));
    for (int w : weights) {
      ServiceSplit.Builder leg = ServiceSplit.builder(w);
      String target = maybe(random, SERVICES);
      if (!target.isEmpty()) {
        leg.service(target);
      }
      String subset = maybe(random, SUBSETS);
      if (!subset.isEmpty()) {
        leg.serviceSubset(subset);
      }
      if (random.nextInt(4) == 0) {
        leg.requestHeaders(HttpHeaderModifiers.builder().set("x-leg", Integer.toString(w)).build());
      }
      b.split(leg.build());
    }
    return b.build();
  }

  private static ServiceRouter randomRouter(Random random, String s) {
    ServiceRouter.Builder b = ServiceRouter.builder(svc(s));
    int routes = random.nextInt(4);
    for (int i = 0; i < routes; i++) {
      HttpMatch.Builder m = HttpMatch.builder();
      switch (random.nextInt(4)) {
        case 0 -> m.pathPrefix("/" + pick(random, SERVICES));
        case 1 -> m.pathExact("/" + pick(random, SERVICES) + "/x");
        case 2 -> m.pathRegex("/(a|b)+/.*");
        default -> { }
      }
      if (random.nextBoolean()) {
        m.header(random.nextBoolean() ? HeaderMatch.exact("x-user", "alice") : HeaderMatch.present("x-debug")
            .inverted());
      }
      if (random.nextBoolean()) {
        m.queryParam(QueryParamMatch.regex("v", "[0-9]+"));
      }
      if (random.nextInt(3) == 0) {
        m.methods("GET", "POST");
      }
      RouteDestination.Builder d = RouteDestination.builder();
      String target = maybe(random, SERVICES);
      if (!target.isEmpty()) {
        d.service(target);
      }
      String subset = maybe(random, SUBSETS);
      if (!subset.isEmpty()) {
        d.serviceSubset(subset);
      }
      if (random.nextBoolean()) {
        d.numRetries(random.nextInt(4)).retryOnConnectFailure(random.nextBoolean())
            .requestTimeout(Duration.ofSeconds(random.nextInt(3) - 1));
      }
      b.route(ServiceRoute.of(m.build(), d.build()));
    }
    return b.build();
  }

  private static List<Endpoint> randomEndpoints(Random random) {
    int n = random.nextInt(4);
    List<Endpoint> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new Endpoint("10.9." + random.nextInt(4) + "." + i, 8000 + i, false, random.nextInt(4) > 0,
          1 + random.nextInt(128), Optional.empty()));
    }
    return out;
  }

  private static ChainRequest randomRequest(Random random) {
    String[] paths = {"/", "/a", "/a/x", "/b/x", "/ab/z", "", "*", "/c?v=12", "/d?v=x&v=1", "/%zz", "/\u00e9t\u00e9"};
    ChainRequest.Builder b = ChainRequest.builder().method(random.nextBoolean() ? "GET" : "DELETE")
        .target(pick(random, paths));
    if (random.nextBoolean()) {
      b.header("x-user", random.nextBoolean() ? "alice" : "b\u00f6b");
    }
    if (random.nextBoolean()) {
      b.header("cookie", "session=" + random.nextInt(10) + "; other=\"q\"");
    }
    if (random.nextBoolean()) {
      b.sourceAddress("192.0.2." + random.nextInt(255));
    }
    return b.build();
  }
}
