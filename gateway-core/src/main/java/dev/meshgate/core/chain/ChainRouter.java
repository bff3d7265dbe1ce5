package dev.meshgate.core.chain;

import dev.meshgate.core.catalog.Endpoint;
import dev.meshgate.core.internal.Problems;
import dev.meshgate.core.internal.Require;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A compiled discovery chain bound to the endpoints of its targets: routes one request at a time
 * as the proxy Consul configures (Envoy) would.
 *
 * <ol>
 *   <li><b>Route</b>: the router's routes in order, the first that matches wins (the compiler's
 *       catch-all, prefix {@code /}, is last); a chain without a router behaves as that catch-all.
 *   <li><b>Split</b>: a splitter's legs by weight, in 0.01 % units: the caller's random value
 *       {@code r} picks the leg holding {@code r mod total}, where {@code total} is the sum of the
 *       legs' weights × 100 (10,000 once validated).
 *   <li><b>Failover</b>: the resolver's targets, the primary first, share requests by Envoy's
 *       priority load: each target's health is {@code min(100, 140 × healthy / total)} percent of
 *       its endpoints, the first targets take up to their health and the rest spills to the next;
 *       {@code (r / total) mod 100} picks the step. A target without healthy endpoints takes
 *       nothing; when none has any the decision is {@link ChainDecision.Unavailable}.
 * </ol>
 *
 * <p>Every possible outcome ({@link ChainRoute}, {@link ChainDecision.Unavailable},
 * {@link ChainDecision.NoRoute}) is built by {@link #bind}, so {@link #route} only matches and does
 * arithmetic: it allocates nothing and never locks (regex criteria allocate inside RE2/J).
 * Endpoints are those of the binding; bind again when the catalog changes. Immutable and
 * thread-safe.
 */
public final class ChainRouter {
  private final CompiledDiscoveryChain chain;
  private final RouteEntry[] routes;
  private final ChainDecision.NoRoute noRoute;
  private final List<TargetEndpoints> targets;
  private final List<ChainDecision> outcomes;

  private ChainRouter(CompiledDiscoveryChain chain, RouteEntry[] routes, ChainDecision.NoRoute noRoute,
      List<TargetEndpoints> targets) {
    this.chain = chain;
    this.routes = routes;
    this.noRoute = noRoute;
    this.targets = List.copyOf(targets);
    Map<ChainDecision, Boolean> seen = new IdentityHashMap<>();
    List<ChainDecision> all = new ArrayList<>();
    for (RouteEntry entry : routes) {
      for (Leg leg : entry.legs) {
        for (ChainDecision d : leg.steps == null ? new ChainDecision[0] : leg.steps) {
          if (d != null && seen.put(d, Boolean.TRUE) == null) { // a step without load is never taken
            all.add(d);
          }
        }
        if (leg.unavailable != null && seen.put(leg.unavailable, Boolean.TRUE) == null) {
          all.add(leg.unavailable);
        }
      }
    }
    all.add(noRoute);
    this.outcomes = List.copyOf(all);
  }

  /**
   * Binds a chain to endpoints, computing every route, leg and failover step.
   *
   * @param chain the compiled chain
   * @param source the endpoints of each target, asked once per target
   * @return the router
   */
  public static ChainRouter bind(CompiledDiscoveryChain chain, EndpointSource source) {
    return new Binder(Require.notNull(chain, "chain"), Require.notNull(source, "source")).bind();
  }

  /**
   * Routes one request.
   *
   * @param request the request
   * @param random a uniformly random value for the split and failover choice; pin it in tests
   * @return the decision; never null
   */
  public ChainDecision route(ChainRequest request, long random) {
    for (RouteEntry entry : routes) {
      if (entry.matcher.matches(request)) {
        return entry.decide(random);
      }
    }
    return noRoute;
  }

  /**
   * Returns every decision {@link #route} can return, each once: the objects themselves, so that a
   * host can attach its own data to each outcome when it binds (in an identity map) and look it up
   * per request without allocating.
   *
   * @return the outcomes, in route, leg and failover order, then the no-route decision
   */
  public List<ChainDecision> outcomes() {
    return outcomes;
  }

  /**
   * Returns the chain this router evaluates.
   *
   * @return the chain
   */
  public CompiledDiscoveryChain chain() {
    return chain;
  }

  /**
   * Returns every target of the chain with the endpoints it was bound to, in ID order.
   *
   * @return the targets
   */
  public List<TargetEndpoints> targets() {
    return targets;
  }

  @Override
  public String toString() {
    return "ChainRouter[" + chain.serviceName() + ", " + Problems.count(routes.length, "route") + ", "
        + Problems.count(targets.size(), "target") + "]";
  }

  /** One route (or the implicit catch-all): its matcher and its legs. */
  private static final class RouteEntry {
    final RouteMatcher matcher;
    final Leg[] legs;
    final int[] cumulative;
    final int total;

    RouteEntry(RouteMatcher matcher, Leg[] legs, int[] weights) {
      this.matcher = matcher;
      this.legs = legs;
      this.cumulative = new int[weights.length];
      int sum = 0;
      for (int i = 0; i < weights.length; i++) {
        sum += weights[i];
        cumulative[i] = sum;
      }
      this.total = Math.max(sum, 1);
    }

    ChainDecision decide(long random) {
      Leg leg = legs[0];
      if (legs.length > 1) {
        int bucket = (int) Long.remainderUnsigned(random, total);
        for (int i = 0; i < legs.length; i++) {
          if (bucket < cumulative[i]) {
            leg = legs[i];
            break;
          }
        }
      }
      return leg.decide(Long.divideUnsigned(random, total));
    }
  }

  /** One leg: its failover steps, their priority loads and the decision of each. */
  private static final class Leg {
    final int[] loads;
    final ChainDecision[] steps;
    final ChainDecision unavailable;

    Leg(int[] loads, ChainDecision[] steps, ChainDecision unavailable) {
      this.loads = loads;
      this.steps = steps;
      this.unavailable = unavailable;
    }

    ChainDecision decide(long random) {
      if (loads == null) {
        return unavailable;
      }
      int bucket = (int) Long.remainderUnsigned(random, 100) + 1;
      int aggregate = 0;
      for (int i = 0; i < loads.length; i++) {
        aggregate += loads[i];
        if (bucket <= aggregate) {
          return steps[i];
        }
      }
      return unavailable;
    }
  }

  /** Builds a router: everything {@link #route} may return is made here. */
  private static final class Binder {
    private static final int OVERPROVISIONING = 140;

    private final CompiledDiscoveryChain chain;
    private final EndpointSource source;
    private final Map<String, TargetEndpoints> endpoints = new HashMap<>();
    private final Map<String, EndpointPicker> pickers = new HashMap<>();

    Binder(CompiledDiscoveryChain chain, EndpointSource source) {
      this.chain = chain;
      this.source = source;
    }

    ChainRouter bind() {
      ChainNode start = chain.node(chain.startNode());
      List<RouteEntry> entries = new ArrayList<>();
      if (start instanceof ChainNode.Router router) {
        for (int i = 0; i < router.routes().size(); i++) {
          ChainNode.DiscoveryRoute route = router.routes().get(i);
          boolean implicit = i == router.routes().size() - 1;
          entries.add(entry(i, route.definition(), routeText(router, i, route, implicit),
              chain.node(route.nextNode()), false));
        }
      } else {
        String text = "the chain has no router: every request goes to " + chain.startNode();
        entries.add(entry(-1, ChainCompilation.defaultServiceRoute(
            new dev.meshgate.core.catalog.ServiceName(chain.serviceName(), chain.namespace(), chain.partition())),
            text, start, true));
      }
      List<TargetEndpoints> all = new ArrayList<>();
      for (String id : chain.targets().keySet()) {
        all.add(endpointsOf(chain.target(id)));
      }
      ChainDecision.NoRoute noRoute = new ChainDecision.NoRoute(new Explanation(
          "no route of " + chain.startNode() + " matched (every route needs a path starting with \"/\")", "", ""));
      return new ChainRouter(chain, entries.toArray(new RouteEntry[0]), noRoute, all);
    }

    private RouteEntry entry(int index, ServiceRoute definition, String routeText, ChainNode next,
        boolean implicit) {
      RouteDestination dest = implicit ? null : definition.destination().orElse(null);
      Optional<Duration> requestTimeout = Optional.empty();
      Optional<Duration> idleTimeout = Optional.empty();
      Optional<RetryPolicy> retry = Optional.empty();
      String prefixRewrite = "";
      String matchedPath = "";
      HttpHeaderModifiers routeRequest = HttpHeaderModifiers.NONE;
      HttpHeaderModifiers routeResponse = HttpHeaderModifiers.NONE;
      if (dest != null) {
        requestTimeout = timeout(dest.requestTimeout());
        idleTimeout = timeout(dest.idleTimeout());
        retry = dest.hasRetryFeatures() ? Optional.of(RetryPolicy.of(dest)) : Optional.empty();
        prefixRewrite = dest.prefixRewrite();
        if (definition.match().isPresent()) {
          HttpMatch h = definition.match().get();
          matchedPath = !h.pathPrefix().isEmpty() ? h.pathPrefix() : h.pathExact();
        }
        routeRequest = dest.requestHeaders();
        routeResponse = dest.responseHeaders();
      }
      if (next instanceof ChainNode.Resolver resolver && implicit) {
        requestTimeout = timeout(resolver.requestTimeout());
      }
      RouteMatcher matcher = RouteMatcher.of(definition);
      RouteContext context = new RouteContext(index, routeText, routeRequest, routeResponse, matchedPath,
          prefixRewrite, requestTimeout, idleTimeout, retry);
      if (next instanceof ChainNode.Splitter splitter) {
        RequestHasher hasher = new RequestHasher(
            splitter.loadBalancer().map(LoadBalancer::hashPolicies).orElse(List.of()));
        int n = splitter.splits().size();
        Leg[] legs = new Leg[n];
        int[] weights = new int[n];
        for (int i = 0; i < n; i++) {
          ChainNode.DiscoverySplit split = splitter.splits().get(i);
          weights[i] = (int) (split.weight() * 100f);
          String splitText = String.format(Locale.ROOT, "leg %d of %s (%s of requests) to %s", i, splitter.mapKey(),
              percent(weights[i]), split.nextNode());
          legs[i] = leg(context, i, splitText, split.definition(), (ChainNode.Resolver) chain.node(split.nextNode()),
              hasher);
        }
        return new RouteEntry(matcher, legs, weights);
      }
      ChainNode.Resolver resolver = (ChainNode.Resolver) next;
      RequestHasher hasher = new RequestHasher(resolver.loadBalancer().map(LoadBalancer::hashPolicies)
          .orElse(List.of()));
      return new RouteEntry(matcher, new Leg[] {leg(context, -1, "", null, resolver, hasher)}, new int[] {10_000});
    }

    private Leg leg(RouteContext context, int splitIndex, String splitText, ServiceSplit split,
        ChainNode.Resolver resolver, RequestHasher hasher) {
      List<TargetEndpoints> order = new ArrayList<>();
      order.add(endpointsOf(chain.target(resolver.target())));
      resolver.failover().ifPresent(f -> {
        for (String id : f.targets()) {
          order.add(endpointsOf(chain.target(id)));
        }
      });
      List<HttpHeaderModifiers> request = new ArrayList<>();
      List<HttpHeaderModifiers> response = new ArrayList<>();
      if (split != null) {
        addIfAny(request, split.requestHeaders());
        addIfAny(response, split.responseHeaders());
      }
      addIfAny(request, context.requestHeaders);
      addIfAny(response, context.responseHeaders);

      int[] health = new int[order.size()];
      int totalHealth = 0;
      for (int i = 0; i < order.size(); i++) {
        TargetEndpoints t = order.get(i);
        int total = t.endpoints().size();
        health[i] = total == 0 ? 0 : Math.min(100, OVERPROVISIONING * t.healthyCount() / total);
        totalHealth += health[i];
      }
      totalHealth = Math.min(100, totalHealth);
      if (totalHealth == 0) {
        StringBuilder why = new StringBuilder("no healthy endpoint in any target:");
        for (TargetEndpoints t : order) {
          why.append(' ').append(t.target().id()).append(" (0 of ").append(t.endpoints().size()).append(')');
        }
        ChainDecision unavailable = new ChainDecision.Unavailable(
            new Explanation(context.routeText, splitText, why.toString()), order);
        return new Leg(null, null, unavailable);
      }
      int[] loads = new int[order.size()];
      int remaining = 100;
      int first = -1;
      for (int i = 0; i < order.size(); i++) {
        loads[i] = Math.min(remaining, health[i] * 100 / totalHealth);
        remaining -= loads[i];
        if (loads[i] > 0 && first < 0) {
          first = i;
        }
      }
      loads[first] += remaining;
      ChainDecision[] steps = new ChainDecision[order.size()];
      ChainDecision unavailable = null;
      for (int i = 0; i < order.size(); i++) {
        TargetEndpoints t = order.get(i);
        if (loads[i] == 0) {
          continue;
        }
        String failoverText = failoverText(order, loads, i);
        EndpointPicker picker = pickers.computeIfAbsent(resolver.mapKey() + " " + t.target().id(),
            k -> EndpointPicker.create(resolver.loadBalancer().orElse(null), t.healthy()));
        steps[i] = new ChainRoute(new Explanation(context.routeText, splitText, failoverText), context.index,
            splitIndex, i, t, order, request, response, context.matchedPath, context.prefixRewrite,
            context.requestTimeout, context.idleTimeout, context.retry, resolver.loadBalancer(), picker, hasher);
        if (unavailable == null) {
          unavailable = steps[i];
        }
      }
      return new Leg(loads, steps, unavailable);
    }

    private static void addIfAny(List<HttpHeaderModifiers> out, HttpHeaderModifiers m) {
      if (!m.isEmpty()) {
        out.add(m);
      }
    }

    private static String failoverText(List<TargetEndpoints> order, int[] loads, int step) {
      TargetEndpoints t = order.get(step);
      String self = String.format(Locale.ROOT, "%s (%d of %d endpoints healthy, %d %% of requests)",
          t.target().id(), t.healthyCount(), t.endpoints().size(), loads[step]);
      if (step == 0) {
        return "target " + self;
      }
      StringBuilder out = new StringBuilder("failover step ").append(step).append(": target ").append(self)
          .append(", after");
      for (int i = 0; i < step; i++) {
        TargetEndpoints before = order.get(i);
        out.append(i == 0 ? " " : ", ").append(before.target().id()).append(" (").append(before.healthyCount())
            .append(" of ").append(before.endpoints().size()).append(" healthy, ").append(loads[i]).append(" %)");
      }
      return out.toString();
    }

    private TargetEndpoints endpointsOf(DiscoveryTarget target) {
      return endpoints.computeIfAbsent(target.id(), id -> {
        List<Endpoint> list = source.endpoints(target);
        return new TargetEndpoints(target, list == null ? List.of() : list);
      });
    }

    private static Optional<Duration> timeout(Duration d) {
      if (d.isZero()) {
        return Optional.empty();
      }
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    }

    private static String routeText(ChainNode.Router router, int i, ChainNode.DiscoveryRoute route,
        boolean implicit) {
      if (implicit) {
        return "no route of " + router.mapKey() + " matched: its default route (PathPrefix \"/\") goes to "
            + route.nextNode();
      }
      return "route " + i + " of " + router.mapKey() + " matched: " + describe(route.definition()) + ", to "
          + route.nextNode();
    }

    static String describe(ServiceRoute route) {
      if (route.isCatchAll()) {
        return "no criteria (every request)";
      }
      HttpMatch h = route.match().get();
      List<String> parts = new ArrayList<>();
      if (!h.pathExact().isEmpty()) {
        parts.add("PathExact " + Problems.quote(h.pathExact()));
      }
      if (!h.pathPrefix().isEmpty()) {
        parts.add("PathPrefix " + Problems.quote(h.pathPrefix()));
      }
      if (!h.pathRegex().isEmpty()) {
        parts.add("PathRegex " + Problems.quote(h.pathRegex()));
      }
      if (h.caseInsensitive()) {
        parts.add("CaseInsensitive");
      }
      for (HeaderMatch m : h.headers()) {
        String what = m.present() ? "Present" : !m.exact().isEmpty() ? "Exact " + Problems.quote(m.exact())
            : !m.prefix().isEmpty() ? "Prefix " + Problems.quote(m.prefix())
            : !m.suffix().isEmpty() ? "Suffix " + Problems.quote(m.suffix()) : "Regex " + Problems.quote(m.regex());
        parts.add("Header " + m.name() + (m.invert() ? " not " : " ") + what);
      }
      for (QueryParamMatch q : h.queryParams()) {
        String what = q.present() ? "Present" : !q.exact().isEmpty() ? "Exact " + Problems.quote(q.exact())
            : "Regex " + Problems.quote(q.regex());
        parts.add("QueryParam " + q.name() + " " + what);
      }
      if (!h.methods().isEmpty()) {
        parts.add("Methods " + h.methods());
      }
      return String.join(", ", parts);
    }

    private static String percent(int basisPoints) {
      return basisPoints % 100 == 0 ? basisPoints / 100 + " %"
          : String.format(Locale.ROOT, "%d.%02d %%", basisPoints / 100, basisPoints % 100);
    }
  }

  /** What a route contributes to each of its decisions. */
  private record RouteContext(int index, String routeText, HttpHeaderModifiers requestHeaders,
      HttpHeaderModifiers responseHeaders, String matchedPath, String prefixRewrite,
      Optional<Duration> requestTimeout, Optional<Duration> idleTimeout, Optional<RetryPolicy> retry) {}
}
