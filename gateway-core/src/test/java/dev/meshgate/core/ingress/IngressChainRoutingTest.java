package dev.meshgate.core.ingress;

import static dev.meshgate.core.ingress.IngressFixtures.TD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.catalog.Catalog;
import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.HealthStatus;
import dev.meshgate.core.catalog.Node;
import dev.meshgate.core.catalog.ServiceDefaults;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.catalog.ServiceResolver;
import dev.meshgate.core.chain.ChainEntries;
import dev.meshgate.core.chain.ChainRequest;
import dev.meshgate.core.chain.HeaderMatch;
import dev.meshgate.core.chain.HttpMatch;
import dev.meshgate.core.chain.RouteDestination;
import dev.meshgate.core.chain.ServiceRoute;
import dev.meshgate.core.chain.ServiceRouter;
import dev.meshgate.core.config.Protocol;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** HTTP requests through an ingress listener, routed by their services' discovery chains. */
class IngressChainRoutingTest {
  private static final Node NODE = Node.agent("app-node", "dc1", "10.0.0.10");

  private static void http(CatalogSnapshot.Builder b, String service, String version, HealthStatus health, int n) {
    b.register(ServiceInstance.builder(NODE, service + "-sidecar-proxy").id(service + "-proxy-" + n)
        .port(21000 + n).connectProxyFor(service).meta(Map.of("version", version)).health(health).build());
    b.serviceDefaults(ServiceDefaults.builder(ServiceName.of(service)).protocol(Protocol.HTTP).build());
  }

  private static IngressGatewayEntry webOn8080() {
    return IngressGatewayEntry.builder("ingress")
        .listeners(IngressListener.builder(8080).protocol("http")
            .services(IngressService.builder("web").hosts("web.example.com").build()).build())
        .build();
  }

  private static IngressGateway gateway(CatalogSnapshot catalog, ChainEntries chains) {
    return IngressGateway.builder().entry(webOn8080()).datacenter("dc1").trustDomain(TD)
        .catalog(new Catalog(catalog)).chains(chains).build();
  }

  private static ChainRequest get(String target) {
    return ChainRequest.builder().target(target).build();
  }

  private static CatalogSnapshot.Builder webAndAdmin() {
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    http(b, "web", "v1", HealthStatus.PASSING, 1);
    http(b, "admin", "v1", HealthStatus.PASSING, 2);
    return b;
  }

  @Test
  void aPathPrefixRouteSendsItsRequestsToAnotherServiceAndTheRestToTheVirtualHostsOwn() {
    ChainEntries chains = ChainEntries.builder()
        .router(ServiceRouter.builder(ServiceName.of("web")).route(ServiceRoute.prefixTo("/admin/", "admin")).build())
        .build();
    try (IngressGateway gateway = gateway(webAndAdmin().build(), chains)) {
      HttpRoute admin = assertInstanceOf(HttpRoute.class,
          gateway.route(8080, "WEB.example.com:443", get("/admin/users?page=2"), 0));
      assertEquals("web", admin.virtualHost().service().name());
      assertEquals("admin", admin.chain().target().service());
      assertEquals("admin.default.dc1.internal." + TD.value(), admin.chain().target().sni());
      assertEquals(List.of(21002), admin.chain().endpoints().stream().map(e -> e.port()).toList());
      assertTrue(admin.chain().explanation().toString().contains("/admin/"), admin.chain().explanation().toString());

      HttpRoute home = assertInstanceOf(HttpRoute.class, gateway.route(8080, "web.example.com", get("/home"), 0));
      assertEquals("web", home.chain().target().service());
      assertSame(home, gateway.route(8080, "web.example.com", get("/other"), 0),
          "decisions are made when the router is built, not per request");
      assertSame(Reject.NO_HOST_MATCH, gateway.route(8080, "api.example.com", get("/admin/"), 0));
      assertSame(Reject.NO_LISTENER, gateway.route(9090, "web.example.com", get("/"), 0));
    }
  }

  @Test
  void aHeaderRouteReachesASubsetTheCatalogsResolverDefines() {
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    http(b, "web", "v1", HealthStatus.PASSING, 1);
    http(b, "web", "v2", HealthStatus.PASSING, 2);
    b.resolver(ServiceResolver.builder(ServiceName.of("web")).subset("v2", "Service.Meta.version == v2", false)
        .build());
    ChainEntries chains = ChainEntries.builder()
        .router(ServiceRouter.builder(ServiceName.of("web"))
            .route(ServiceRoute.of(HttpMatch.builder().header(HeaderMatch.exact("x-version", "2")).build(),
                RouteDestination.builder().serviceSubset("v2").build()))
            .build())
        .build();
    try (IngressGateway gateway = gateway(b.build(), chains)) {
      HttpRoute v2 = assertInstanceOf(HttpRoute.class, gateway.route(8080, "web.example.com",
          ChainRequest.builder().target("/").header("x-version", "2").build(), 0));
      assertEquals("v2", v2.chain().target().serviceSubset());
      assertEquals("v2.web.default.dc1.internal." + TD.value(), v2.chain().target().sni());
      assertEquals(List.of(21002), v2.chain().endpoints().stream().map(e -> e.port()).toList());
      HttpRoute any = assertInstanceOf(HttpRoute.class, gateway.route(8080, "web.example.com", get("/"), 0));
      assertEquals("", any.chain().target().serviceSubset());
      assertEquals(2, any.chain().endpoints().size());
    }
  }

  @Test
  void aRouteWithoutAHealthyEndpointIsUnavailableWithTheTargetsItTried() {
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    http(b, "web", "v1", HealthStatus.CRITICAL, 1);
    try (IngressGateway gateway = gateway(b.build(), ChainEntries.empty())) {
      Unavailable down = assertInstanceOf(Unavailable.class, gateway.route(8080, "web.example.com", get("/"), 0));
      assertEquals("web", down.virtualHost().service().name());
      assertTrue(down.chain().explanation().toString().contains("no healthy endpoint"),
          down.chain().explanation().toString());
    }
  }

  @Test
  void aServiceWhoseChainDoesNotCompileIsNotRoutedAndTheWarningSaysWhy() {
    ChainEntries chains = ChainEntries.builder()
        .router(ServiceRouter.builder(ServiceName.of("web"))
            .route(ServiceRoute.of(HttpMatch.builder().pathPrefix("/beta/").build(),
                RouteDestination.builder().serviceSubset("beta").build()))
            .build())
        .build();
    try (IngressGateway gateway = gateway(webAndAdmin().build(), chains)) {
      assertSame(Reject.NO_HOST_MATCH, gateway.route(8080, "web.example.com", get("/"), 0));
      String warning = gateway.router().warnings().get(0);
      assertTrue(warning.startsWith("service \"web\" on listener on port 8080 cannot be routed: its discovery chain"
          + " does not compile: "), warning);
      assertTrue(warning.contains("beta"), warning);
    }
  }

  @Test
  void newChainEntriesApplyWithoutRebuildingTheGatewayAndKeepTheEntry() {
    try (IngressGateway gateway = gateway(webAndAdmin().build(), ChainEntries.empty())) {
      HttpRoute before = assertInstanceOf(HttpRoute.class,
          gateway.route(8080, "web.example.com", get("/admin/x"), 0));
      assertEquals("web", before.chain().target().service());
      gateway.updateChains(ChainEntries.builder()
          .router(ServiceRouter.builder(ServiceName.of("web")).route(ServiceRoute.prefixTo("/admin/", "admin")).build())
          .build());
      HttpRoute after = assertInstanceOf(HttpRoute.class, gateway.route(8080, "web.example.com", get("/admin/x"), 0));
      assertEquals("admin", after.chain().target().service());
      gateway.update(webOn8080());
      assertEquals("admin", assertInstanceOf(HttpRoute.class,
          gateway.route(8080, "web.example.com", get("/admin/x"), 0)).chain().target().service(),
          "a new entry keeps the chain entries");
    }
  }

  @Test
  void aTcpListenerHasNoRequestToRouteByAndAnswersItsService() {
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    IngressFixtures.service(b, "db", Protocol.TCP, true);
    IngressGatewayEntry entry = IngressGatewayEntry.builder("ingress")
        .listeners(IngressListener.builder(5432).protocol("tcp").services(IngressService.of("db")).build()).build();
    try (IngressGateway gateway = IngressGateway.builder().entry(entry).datacenter("dc1").trustDomain(TD)
        .catalog(new Catalog(b.build())).build()) {
      Route db = assertInstanceOf(Route.class, gateway.route(5432, null, get("/"), 0));
      assertEquals("db", db.service().name());
      assertTrue(gateway.router().chain(db).isEmpty());
    }
  }
}
