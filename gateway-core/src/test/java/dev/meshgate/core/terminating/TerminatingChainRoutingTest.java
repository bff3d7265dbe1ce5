package dev.meshgate.core.terminating;

import static dev.meshgate.core.routing.Decisions.routed;
import static dev.meshgate.core.terminating.Fixtures.TD1;
import static dev.meshgate.core.terminating.Fixtures.sni;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.catalog.Catalog;
import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.Node;
import dev.meshgate.core.catalog.ServiceDefaults;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.catalog.ServiceResolver;
import dev.meshgate.core.chain.ChainEntries;
import dev.meshgate.core.chain.ChainRequest;
import dev.meshgate.core.chain.HttpMatch;
import dev.meshgate.core.chain.RouteDestination;
import dev.meshgate.core.chain.ServiceRoute;
import dev.meshgate.core.chain.ServiceRouter;
import dev.meshgate.core.config.Protocol;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** HTTP requests of a terminating gateway's connections, routed to resolver subsets by a router. */
class TerminatingChainRoutingTest {
  private static final Node EXT = Node.external("api-ext", "dc1", "10.0.0.20");

  private static ServiceInstance api(String id, String version, int port) {
    return ServiceInstance.builder(EXT, "api").id(id).port(port).meta(Map.of("version", version)).build();
  }

  private static CatalogSnapshot catalog() {
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    b.register(api("api-1", "v1", 8001));
    b.register(api("api-2", "v2", 8002));
    b.register(ServiceInstance.builder(Node.external("db-ext", "dc1", "10.0.0.30"), "db").port(5432).build());
    b.serviceDefaults(ServiceDefaults.builder(ServiceName.of("api")).protocol(Protocol.HTTP).build());
    b.resolver(ServiceResolver.builder(ServiceName.of("api")).subset("v2", "Service.Meta.version == v2", false).build());
    return b.build();
  }

  private static ChainEntries routing(RouteDestination.Builder v2) {
    return ChainEntries.builder()
        .router(ServiceRouter.builder(ServiceName.of("api"))
            .route(ServiceRoute.of(HttpMatch.builder().pathPrefix("/v2/").build(), v2.build())).build())
        .build();
  }

  private static TerminatingGateway gateway(CatalogSnapshot catalog, ChainEntries chains) {
    TerminatingGatewayEntry entry = TerminatingGatewayEntry.builder("tgw")
        .services(LinkedService.of("api"), LinkedService.of("db")).build();
    return TerminatingGateway.builder().name("tgw").datacenter("dc1").trustDomain(TD1).catalog(new Catalog(catalog))
        .entry(entry).chains(chains).build();
  }

  private static ChainRequest get(String target) {
    return ChainRequest.builder().target(target).build();
  }

  @Test
  void aRouterSendsAPathToTheSubsetsRouteWithItsEndpointsAndTheRestToTheService() {
    try (TerminatingGateway gw = gateway(catalog(), routing(RouteDestination.builder().serviceSubset("v2")))) {
      RouteTable table = gw.table();
      Route connection = routed(table.route(sni("api")));
      Forward v2 = assertInstanceOf(Forward.class, table.route(connection, get("/v2/orders"), 0));
      assertEquals(Route.Kind.SUBSET, v2.route().kind());
      assertEquals("v2", v2.route().subset());
      assertEquals(List.of(8002), v2.endpoints().stream().map(e -> e.port()).toList());

      Forward rest = assertInstanceOf(Forward.class, table.route(connection, get("/v1/orders"), 0));
      assertSame(connection, rest.route());
      assertEquals(2, rest.endpoints().size());
      assertSame(rest, gw.route(connection, get("/"), 0), "decisions are made when the table is built");
    }
  }

  @Test
  void aChainThatWouldLeaveTheLinkedServiceIsRefusedNotFollowed() {
    CatalogSnapshot catalog = catalog().toBuilder()
        .serviceDefaults(ServiceDefaults.builder(ServiceName.of("db")).protocol(Protocol.HTTP).build()).build();
    try (TerminatingGateway gw = gateway(catalog, routing(RouteDestination.builder().service("db")))) {
      assertEquals(List.of(), gw.table().warnings());
      Route connection = routed(gw.table().route(sni("api")));
      Refuse refused = assertInstanceOf(Refuse.class, gw.route(connection, get("/v2/x"), 0));
      assertEquals(403, refused.status());
      assertTrue(refused.reason().contains("does not link"), refused.reason());
      assertInstanceOf(Forward.class, gw.route(connection, get("/other"), 0));
    }
  }

  @Test
  void aChainThatDoesNotCompileLeavesItsServiceRoutedWithoutItAndSaysWhy() {
    try (TerminatingGateway gw = gateway(catalog(), routing(RouteDestination.builder().serviceSubset("nope")))) {
      String warning = gw.table().warnings().get(0);
      assertTrue(warning.startsWith("linked service \"api\" is routed without its discovery chain, which does not"
          + " compile: "), warning);
      Route connection = routed(gw.table().route(sni("api")));
      assertSame(connection, ((Forward) gw.route(connection, get("/v2/x"), 0)).route());
    }
  }

  @Test
  void aTcpServiceForwardsAsItIsAndAForeignRouteIsRefusedByName() {
    try (TerminatingGateway gw = gateway(catalog(), ChainEntries.empty())) {
      RouteTable table = gw.table();
      Route db = routed(table.route(sni("db")));
      Forward forward = assertInstanceOf(Forward.class, table.route(db, get("/"), 0));
      assertTrue(forward.chain().isEmpty());
      assertTrue(table.chain(db).isEmpty());
      Route stranger = new Route("x." + sni("db"), db.service(), "", Route.Kind.SERVICE, Protocol.TCP, db.tls(),
          db.identity(), List.of());
      assertThrows(IllegalArgumentException.class, () -> table.route(stranger, get("/"), 0));
    }
  }

  @Test
  void newChainEntriesApplyLiveAndALongLivedConnectionFollowsThem() {
    try (TerminatingGateway gw = gateway(catalog(), ChainEntries.empty())) {
      Route connection = routed(gw.table().route(sni("api")));
      assertSame(Route.Kind.SERVICE, ((Forward) gw.route(connection, get("/v2/x"), 0)).route().kind());
      gw.updateChains(routing(RouteDestination.builder().serviceSubset("v2")));
      assertEquals("v2", ((Forward) gw.route(connection, get("/v2/x"), 0)).route().subset(),
          "a route of the previous table is looked up again by its SNI");
    }
  }
}
