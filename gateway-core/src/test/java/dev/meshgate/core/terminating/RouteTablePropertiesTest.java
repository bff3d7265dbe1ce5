package dev.meshgate.core.terminating;

import dev.meshgate.core.catalog.Endpoint;
import static dev.meshgate.core.terminating.Fixtures.TD1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.HealthStatus;
import dev.meshgate.core.catalog.Node;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.catalog.ServiceKind;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.catalog.ServiceResolver;
import dev.meshgate.core.catalog.SubsetFilter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Invariants of the route table over random catalogs and link lists. */
class RouteTablePropertiesTest {
  private static final List<String> NAMES =
      List.of("api", "db", "web", "cache", "legacy", "consul", "v1.api", "a..b", "x*y", "API");
  private static final Node N1 = Node.external("n1", "dc1", "10.0.0.1");
  private static final Node N2 = Node.external("n2", "dc1", "ext.example.com");

  record InstanceSpec(String service, int node, ServiceKind kind, String version, HealthStatus health) {}

  record Scenario(CatalogSnapshot catalog, List<LinkedService> links, List<LinkedService> shuffled) {}

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<InstanceSpec> instance = Combinators.combine(
            Arbitraries.of(NAMES), Arbitraries.integers().between(0, 1),
            Arbitraries.of(ServiceKind.TYPICAL, ServiceKind.TYPICAL, ServiceKind.CONNECT_NATIVE,
                ServiceKind.CONNECT_PROXY, ServiceKind.MESH_GATEWAY),
            Arbitraries.of("v1", "v2", ""), Arbitraries.of(HealthStatus.class))
        .as(InstanceSpec::new);
    Arbitrary<List<InstanceSpec>> instances = instance.list().ofMaxSize(14);
    Arbitrary<Set<String>> resolved = Arbitraries.of(NAMES).set().ofMaxSize(3);
    Arbitrary<LinkedService> link = Combinators.combine(
            Arbitraries.of(NAMES), Arbitraries.of("", "/ca.pem"), Arbitraries.of("", "v1"))
        .as((name, ca, subsetTls) -> {
          LinkedService.Builder b = LinkedService.builder(name).caFile(ca);
          if (!subsetTls.isEmpty()) {
            b.subsetTls(subsetTls, TlsSettings.oneWay("/ca-" + subsetTls + ".pem", "v1.example.com"));
          }
          return b.build();
        });
    Arbitrary<List<LinkedService>> explicit = link.list().ofMaxSize(4).uniqueElements(l -> l.name().toLowerCase(java.util.Locale.ROOT));
    Arbitrary<List<LinkedService>> wildcard = Arbitraries.of(
        List.of(), List.of(LinkedService.of("*")), List.of(LinkedService.builder("*").caFile("/wild.pem").build()));
    return Combinators.combine(instances, resolved, explicit, wildcard).flatAs((specs, res, ex, wild) -> {
      CatalogSnapshot catalog = catalog(specs, res);
      List<LinkedService> links = new ArrayList<>(ex);
      links.addAll(wild);
      return Arbitraries.shuffle(links).map(s -> new Scenario(catalog, links, s));
    });
  }

  private static CatalogSnapshot catalog(List<InstanceSpec> specs, Set<String> resolved) {
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    int id = 0;
    for (InstanceSpec s : specs) {
      ServiceInstance.Builder i = ServiceInstance.builder(s.node() == 0 ? N1 : N2, s.service()).id("i" + id++)
          .port(443).health(s.health()).meta(s.version().isEmpty() ? Map.of() : Map.of("version", s.version()));
      if (s.kind() == ServiceKind.CONNECT_PROXY) {
        i.connectProxyFor("web");
      } else {
        i.kind(s.kind());
      }
      b.register(i.build());
    }
    for (String name : resolved) {
      b.resolver(ServiceResolver.builder(ServiceName.of(name))
          .subset("v1", "Service.Meta.version == v1", false)
          .subset("v2", "Service.Meta.version == v2", true).build());
    }
    return b.build();
  }

  private static RouteTable table(CatalogSnapshot catalog, List<LinkedService> links) {
    return RouteTable.build(TerminatingGatewayEntry.builder("tgw").services(links.toArray(LinkedService[]::new))
        .build(), catalog, "dc1", TD1);
  }

  @Property(tries = 400)
  void theTableDoesNotDependOnTheOrderOfServices(@ForAll("scenarios") Scenario s) {
    RouteTable a = table(s.catalog(), s.links());
    RouteTable b = table(s.catalog(), s.shuffled());
    assertEquals(a.routes(), b.routes());
    assertEquals(new HashSet<>(a.gatewayServices()), new HashSet<>(b.gatewayServices()));
    assertEquals(new HashSet<>(a.warnings()), new HashSet<>(b.warnings()));
  }

  @Property(tries = 400)
  void everyEndpointBelongsToTheLinkedServiceAndPassesItsSubsetFilter(@ForAll("scenarios") Scenario s) {
    for (Route route : table(s.catalog(), s.links()).routes()) {
      SubsetFilter filter = s.catalog().resolver(route.service())
          .map(r -> {
            String subset = route.kind() == Route.Kind.SUBSET ? route.subset() : r.defaultSubset();
            return subset.isEmpty() ? SubsetFilter.ALL : r.subsets().get(subset).filter();
          })
          .orElse(SubsetFilter.ALL);
      for (Endpoint e : route.endpoints()) {
        ServiceInstance i = e.instance().orElseThrow();
        assertTrue(i.serviceName().matches(route.service()), route + " has " + i);
        assertTrue(filter.matches(i), route.sni() + " has " + i);
        assertTrue(s.catalog().instances("dc1", route.service()).contains(i));
      }
    }
  }

  @Property(tries = 400)
  void onlyLinkedServicesAreRoutedAndEveryLinkedServiceWithAnInstanceIs(@ForAll("scenarios") Scenario s) {
    RouteTable t = table(s.catalog(), s.links());
    Set<String> explicit = new HashSet<>();
    boolean wildcard = false;
    for (LinkedService l : s.links()) {
      if (l.isWildcard()) {
        wildcard = true;
      } else {
        explicit.add(l.name());
      }
    }
    Set<String> routed = new HashSet<>();
    for (Route r : t.routes()) {
      String name = r.service().name();
      routed.add(name);
      boolean byWildcard = wildcard && !name.equals("consul") && eligibleForWildcard(s.catalog(), r.service());
      assertTrue(explicit.contains(name) || byWildcard, r.sni() + " routes unlinked service " + name);
    }
    for (String name : explicit) {
      boolean hasInstance = !s.catalog().instances("dc1", ServiceName.of(name)).isEmpty();
      boolean shadowed = name.equals("v1.api") && explicit.contains("api") && s.catalog().resolver(ServiceName.of("api"))
          .isPresent();
      boolean explained = t.warnings().stream().anyMatch(w -> w.contains("\"" + name + "\""));
      if (hasInstance && !shadowed) {
        assertTrue(routed.contains(name) || explained, name + " is linked and registered but neither routed nor"
            + " explained: " + t.warnings());
      }
    }
  }

  private static boolean eligibleForWildcard(CatalogSnapshot catalog, ServiceName service) {
    boolean typical = false;
    boolean nonConnect = false;
    for (ServiceInstance i : catalog.instances("dc1", service)) {
      typical |= i.kind() == ServiceKind.TYPICAL || i.kind() == ServiceKind.CONNECT_NATIVE;
      nonConnect |= i.kind() != ServiceKind.CONNECT_NATIVE && i.kind() != ServiceKind.CONNECT_PROXY;
    }
    return typical && nonConnect;
  }

  @Property(tries = 200)
  void theRowOfOneServiceAgreesWithAllRows(@ForAll("scenarios") Scenario s) {
    TerminatingGatewayEntry entry = TerminatingGatewayEntry.builder("tgw")
        .services(s.links().toArray(LinkedService[]::new)).build();
    List<GatewayService> rows = TerminatingGateways.gatewayServices(entry, s.catalog(), "dc1");
    TerminatingGateways all = TerminatingGateways.of(List.of(entry));
    for (String name : NAMES) {
      ServiceName service = ServiceName.of(name);
      List<GatewayService> expected = rows.stream()
          .filter(r -> !r.isWildcardTemplate() && r.service().matches(service)).toList();
      assertEquals(expected, all.gatewaysFor(service, s.catalog(), "dc1"), name);
    }
  }
}
