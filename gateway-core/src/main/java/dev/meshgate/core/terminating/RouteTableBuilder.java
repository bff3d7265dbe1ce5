package dev.meshgate.core.terminating;

import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.Endpoint;
import dev.meshgate.core.catalog.ServiceDefaults;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.catalog.ServiceResolver;
import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.internal.IpLiterals;
import dev.meshgate.core.internal.NameTable;
import dev.meshgate.core.internal.Problems;
import dev.meshgate.core.naming.SniName;
import dev.meshgate.core.naming.SpiffeId;
import dev.meshgate.core.naming.TrustDomain;
import dev.meshgate.core.routing.SniDecision;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a {@link RouteTable}: the gateway-services rows, then per routable row its routes.
 *
 * <p>Names are inserted in three passes, service routes, then subset routes, then destination
 * routes, so when a dotted service name produces the same SNI as another service's subset
 * ({@code v1.api} versus subset {@code v1} of {@code api}) the service keeps the name and the
 * collision is reported. Envoy would reject the whole listener for duplicate server names.
 */
final class RouteTableBuilder {
  private static final Comparator<Route> BY_SNI =
      Comparator.comparing(Route::sni, String.CASE_INSENSITIVE_ORDER).thenComparing(Route::sni);

  private final CatalogSnapshot catalog;
  private final String datacenter;
  private final TrustDomain td;
  private final List<String> warnings = new ArrayList<>();
  private final List<Route> serviceRoutes = new ArrayList<>();
  private final List<Route> subsetRoutes = new ArrayList<>();
  private final List<Route> destinationRoutes = new ArrayList<>();

  private RouteTableBuilder(CatalogSnapshot catalog, String datacenter, TrustDomain td) {
    this.catalog = catalog;
    this.datacenter = datacenter;
    this.td = td;
  }

  static RouteTable build(TerminatingGatewayEntry entry, CatalogSnapshot catalog, String datacenter, TrustDomain td) {
    RouteTableBuilder b = new RouteTableBuilder(catalog, datacenter, td);
    List<GatewayService> rows = Linker.rows(entry, catalog, datacenter);
    for (GatewayService row : Linker.routable(rows)) {
      b.add(row);
    }
    NameTable.Builder<SniDecision.Routed<Route>> names =
        NameTable.builder(b.serviceRoutes.size() + b.subsetRoutes.size() + b.destinationRoutes.size());
    List<Route> kept = new ArrayList<>();
    for (List<Route> pass : List.of(b.serviceRoutes, b.subsetRoutes, b.destinationRoutes)) {
      for (Route route : pass) {
        boolean added;
        try {
          added = names.putIfAbsent(route.sni(), new SniDecision.Routed<>(route));
        } catch (IllegalArgumentException e) {
          b.warnings.add(String.format(Locale.ROOT, "SNI %s of %s is not a usable server name: %s",
              Problems.quote(route.sni()), describe(route), e.getMessage()));
          continue;
        }
        if (added) {
          kept.add(route);
        } else {
          Route winner = findBySni(kept, route.sni());
          b.warnings.add(String.format(Locale.ROOT,
              "SNI %s of %s collides with the same name of %s; the gateway routes it to %s",
              Problems.quote(route.sni()), describe(route), describe(winner), describe(winner)));
        }
      }
    }
    kept.sort(BY_SNI);
    return new RouteTable(entry.gateway(), datacenter, td, catalog.version(), rows, kept, b.warnings,
        names.build());
  }

  private void add(GatewayService row) {
    ServiceName svc = row.service();
    switch (row.serviceKind()) {
      case UNKNOWN -> warnings.add(String.format(Locale.ROOT,
          "linked service %s has no instance in %s and no service-defaults Destination: the gateway rejects"
              + " connections for it until one is registered",
          Problems.quote(svc.toString()), datacenter));
      case SERVICE -> addService(row);
      case DESTINATION -> addDestination(row);
    }
  }

  private void addService(GatewayService row) {
    ServiceName svc = row.service();
    SpiffeId.Service identity = identity(svc);
    if (identity == null) {
      return;
    }
    String serviceSni = sni(svc, "");
    List<ServiceInstance> instances = catalog.instances(datacenter, svc);
    Protocol protocol = catalog.protocol(svc);
    Optional<ServiceResolver> resolver = catalog.resolver(svc);
    Map<String, ServiceResolver.Subset> subsets = resolver.map(ServiceResolver::subsets).orElse(Map.of());

    ServiceResolver.Subset main = resolver.isPresent() && !resolver.get().defaultSubset().isEmpty()
        ? subsets.get(resolver.get().defaultSubset())
        : ServiceResolver.Subset.ALL;
    serviceRoutes.add(new Route(serviceSni, svc, "", Route.Kind.SERVICE, protocol, row.tlsMode(), identity,
        endpoints(instances, main, svc)));
    for (Map.Entry<String, ServiceResolver.Subset> e : subsets.entrySet()) {
      subsetRoutes.add(new Route(sni(svc, e.getKey()), svc, e.getKey(), Route.Kind.SUBSET, protocol,
          row.link().tlsFor(e.getKey()).mode(), identity, endpoints(instances, e.getValue(), svc)));
    }
    for (String subset : row.link().subsetTls().keySet()) {
      if (!subsets.containsKey(subset)) {
        warnings.add(String.format(Locale.ROOT,
            "linked service %s has TLS settings for subset %s, but its service-resolver defines no such subset",
            Problems.quote(svc.toString()), Problems.quote(subset)));
      }
    }
  }

  private void addDestination(GatewayService row) {
    ServiceName svc = row.service();
    ServiceDefaults defaults = catalog.serviceDefaults(svc).orElseThrow();
    ServiceDefaults.Destination destination = defaults.destination().orElseThrow();
    SpiffeId.Service identity = identity(svc);
    if (identity == null) {
      return;
    }
    for (String address : destination.addresses()) {
      String sni = SniName.Destination.forAddress(
          address, svc.name(), svc.namespace(), svc.partition(), datacenter, td).value();
      Endpoint endpoint = new Endpoint(address, destination.port(), !IpLiterals.isIpLiteral(address), true, 1,
          Optional.empty());
      destinationRoutes.add(new Route(sni, svc, "", Route.Kind.DESTINATION, defaults.protocol(), row.tlsMode(),
          identity, List.of(endpoint)));
    }
  }

  /**
   * Returns the service's SPIFFE ID, or null (with a warning) when its name can be neither a SPIFFE
   * path segment nor an SNI label sequence (a namespace with a dot, for example).
   */
  private SpiffeId.Service identity(ServiceName svc) {
    try {
      sni(svc, "");
      return new SpiffeId.Service(td, svc.partition(), svc.namespace(), datacenter, svc.name());
    } catch (IllegalArgumentException e) {
      warnings.add(String.format(Locale.ROOT, "linked service %s cannot be named in the mesh: %s",
          Problems.quote(svc.toString()), e.getMessage()));
      return null;
    }
  }

  private String sni(ServiceName svc, String subset) {
    return SniName.service(svc.name(), subset, svc.namespace(), svc.partition(), datacenter, td).value();
  }

  /** A terminating gateway only reads its own datacenter's catalog: always the LAN address. */
  private List<Endpoint> endpoints(List<ServiceInstance> instances, ServiceResolver.Subset subset, ServiceName svc) {
    return Endpoint.healthyFirst(instances, subset, datacenter, svc.partition());
  }

  private static Route findBySni(List<Route> routes, String sni) {
    for (Route r : routes) {
      if (r.sni().equalsIgnoreCase(sni)) {
        return r;
      }
    }
    throw new IllegalStateException("no route kept for " + sni);
  }

  private static String describe(Route route) {
    return switch (route.kind()) {
      case SERVICE -> "service " + Problems.quote(route.service().toString());
      case SUBSET -> "subset " + Problems.quote(route.subset()) + " of service "
          + Problems.quote(route.service().toString());
      case DESTINATION -> "a destination of service " + Problems.quote(route.service().toString());
    };
  }
}
