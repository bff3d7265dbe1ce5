package dev.meshgate.core.terminating;

import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.Endpoint;
import dev.meshgate.core.catalog.ServiceResolver;
import dev.meshgate.core.chain.ChainCompiler;
import dev.meshgate.core.chain.ChainDecision;
import dev.meshgate.core.chain.ChainEntries;
import dev.meshgate.core.chain.ChainRoute;
import dev.meshgate.core.chain.ChainRouter;
import dev.meshgate.core.chain.CompileRequest;
import dev.meshgate.core.chain.DiscoveryTarget;
import dev.meshgate.core.chain.EndpointSource;
import dev.meshgate.core.internal.Problems;
import dev.meshgate.core.naming.TrustDomain;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The per-request routing of a terminating gateway's table: each HTTP-like service route bound to
 * its discovery chain, and every other route's one {@link Forward}, all decisions made here.
 */
final class RequestRoutes {
  static final RequestRoutes NONE = new RequestRoutes(new IdentityHashMap<>(), new IdentityHashMap<>());

  /** A bound chain with each outcome already mapped to this gateway's decision. */
  static final class Bound {
    final ChainRouter router;
    final Map<ChainDecision, RequestDecision> decisions = new IdentityHashMap<>();

    Bound(ChainRouter router) {
      this.router = router;
    }
  }

  final Map<Route, Bound> chains;
  final Map<Route, Forward> plain;

  private RequestRoutes(Map<Route, Bound> chains, Map<Route, Forward> plain) {
    this.chains = chains;
    this.plain = plain;
  }

  static RequestRoutes bind(List<Route> routes, ChainEntries given, CatalogSnapshot catalog, String datacenter,
      TrustDomain td, List<String> warnings) {
    Map<Route, Bound> chains = new IdentityHashMap<>();
    Map<Route, Forward> plain = new IdentityHashMap<>();
    ChainEntries entries = given.withCatalogFacts(catalog);
    for (Route route : routes) {
      plain.put(route, new Forward(route, Optional.empty()));
    }
    for (Route route : routes) {
      if (route.kind() != Route.Kind.SERVICE || !route.protocol().isHttpLike()) {
        continue;
      }
      ChainRouter router;
      try {
        router = ChainRouter.bind(ChainCompiler.compile(CompileRequest.of(route.service(), datacenter, td), entries),
            direct(catalog, datacenter));
      } catch (IllegalArgumentException e) {
        warnings.add(String.format(Locale.ROOT, "linked service %s is routed without its discovery chain, which does"
            + " not compile: %s", Problems.quote(route.service().toString()), e.getMessage()));
        continue;
      }
      Bound bound = new Bound(router);
      for (ChainDecision d : router.outcomes()) {
        bound.decisions.put(d, decide(route, d, routes, datacenter));
      }
      chains.put(route, bound);
    }
    return new RequestRoutes(chains, plain);
  }

  private static RequestDecision decide(Route connection, ChainDecision d, List<Route> routes, String datacenter) {
    if (d instanceof ChainDecision.NoRoute n) {
      return new Refuse(connection, 404, n.explanation().toString());
    }
    if (d instanceof ChainDecision.Unavailable u) {
      return new Refuse(connection, 503, u.explanation().toString());
    }
    ChainRoute r = (ChainRoute) d;
    DiscoveryTarget target = r.target();
    if (target.datacenter().equalsIgnoreCase(datacenter) && connection.service().matches(target.serviceName())) {
      for (Route candidate : routes) {
        boolean same = candidate.service().matches(target.serviceName());
        if (same && candidate.kind() == Route.Kind.SERVICE && target.serviceSubset().isEmpty()
            || same && candidate.kind() == Route.Kind.SUBSET && candidate.subset().equals(target.serviceSubset())) {
          return new Forward(candidate, Optional.of(r));
        }
      }
    }
    return new Refuse(connection, 403, "the discovery chain of " + connection.service() + " sends the request to "
        + target.id() + ", which this terminating gateway does not link: " + r.explanation());
  }

  /** A terminating gateway dials a target's own instances in its datacenter, never through proxies. */
  private static EndpointSource direct(CatalogSnapshot catalog, String datacenter) {
    return target -> target.datacenter().equalsIgnoreCase(datacenter)
        ? Endpoint.healthyFirst(catalog.instances(datacenter, target.serviceName()),
            new ServiceResolver.Subset(target.subset().filter(), target.subset().onlyPassing()), datacenter,
            target.partition())
        : List.of();
  }
}
