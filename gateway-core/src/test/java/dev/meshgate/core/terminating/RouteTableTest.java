package dev.meshgate.core.terminating;

import static dev.meshgate.core.routing.Decisions.routed;
import static dev.meshgate.core.terminating.Fixtures.EXT_NODE;
import static dev.meshgate.core.terminating.Fixtures.TD1;
import static dev.meshgate.core.terminating.Fixtures.TD1_TEXT;
import static dev.meshgate.core.terminating.Fixtures.sni;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.Endpoint;
import dev.meshgate.core.catalog.HealthStatus;
import dev.meshgate.core.catalog.Node;
import dev.meshgate.core.catalog.ServiceDefaults;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.catalog.ServiceResolver;
import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.routing.SniDecision;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteTableTest {
  private static RouteTable table(CatalogSnapshot catalog, LinkedService... links) {
    return RouteTable.build(TerminatingGatewayEntry.builder("tgw").services(links).build(), catalog, "dc1", TD1);
  }

  private static CatalogSnapshot catalog(ServiceInstance... instances) {
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    for (ServiceInstance i : instances) {
      b.register(i);
    }
    return b.build();
  }

  private static Route route(RouteTable t, String sni) {
    return routed(t.route(sni));
  }

  @ParameterizedTest(name = "mesh vector 7 [{index}]: {0} passing={1} warning={2} onlyPassing={3} -> healthy={4} weight={5}")
  @CsvSource({
    "passing,  1,   1,   false, true,  1",
    "passing,  5,   1,   false, true,  5",
    "warning,  5,   2,   false, true,  2",
    "warning,  5,   0,   false, false, 1",
    "passing,  0,   1,   false, false, 1",
    "passing,  300, 1,   false, true,  128",
    "critical, 5,   2,   false, false, 5",
    "warning,  5,   2,   true,  false, 2",
    "passing,  5,   2,   true,  true,  5",
  })
  void weighsEndpointsAsConsulDoes(
      String health, int passing, int warning, boolean onlyPassing, boolean healthy, int weight) {
    ServiceInstance i = ServiceInstance.builder(EXT_NODE, "api").port(443).weights(passing, warning)
        .health(HealthStatus.valueOf(health.toUpperCase(Locale.ROOT))).meta(Map.of("v", "1")).build();
    CatalogSnapshot c = catalog(i).toBuilder()
        .resolver(ServiceResolver.builder(ServiceName.of("api")).subset("s", "", onlyPassing).build()).build();
    Endpoint e = route(table(c, LinkedService.of("api")), "s." + sni("api")).endpoints().get(0);
    assertEquals(healthy, e.healthy());
    assertEquals(weight, e.weight());
  }

  @Test
  void listsHealthyEndpointsFirstInCatalogOrder() {
    RouteTable t = table(catalog(
        ServiceInstance.builder(EXT_NODE, "api").id("a").health(HealthStatus.CRITICAL).build(),
        ServiceInstance.builder(EXT_NODE, "api").id("b").build(),
        ServiceInstance.builder(EXT_NODE, "api").id("c").health(HealthStatus.WARNING).build()),
        LinkedService.of("api"));
    Route api = route(t, sni("api"));
    assertEquals(List.of("b", "c", "a"), api.endpoints().stream().map(e -> e.instance().orElseThrow().id()).toList());
    assertEquals(2, api.healthyEndpoints().size());
  }

  @Test
  void keepsIpAndHostNameEndpointsTogetherAndFlagsTheHostNames() {
    RouteTable t = table(catalog(
        ServiceInstance.builder(EXT_NODE, "api").id("ip").build(),
        ServiceInstance.builder(Node.external("dns", "dc1", "api.example.com"), "api").id("dns").build()),
        LinkedService.of("api"));
    Route api = route(t, sni("api"));
    assertEquals(List.of(true, false), api.endpoints().stream().map(Endpoint::hostname).toList());
    assertTrue(api.resolvesByDns());
  }

  @Test
  void subsetRoutesFilterEndpointsAndMayOriginateTheirOwnTls() {
    CatalogSnapshot c = catalog(
        ServiceInstance.builder(EXT_NODE, "api").id("api-v1").address("10.1.0.1").meta(Map.of("version", "v1")).build(),
        ServiceInstance.builder(EXT_NODE, "api").id("api-v2").address("10.1.0.2").meta(Map.of("version", "v2")).build())
        .toBuilder()
        .resolver(ServiceResolver.builder(ServiceName.of("api"))
            .subset("v1", "Service.Meta.version == v1", false)
            .subset("v2", "Service.Meta.version == v2", false).build())
        .build();
    RouteTable t = table(c, LinkedService.builder("api").caFile("/ca.pem").sni("api.example.com")
        .subsetTls("v2", TlsSettings.oneWay("/ca2.pem", "v2.api.example.com")).build());
    Route v1 = route(t, "v1." + sni("api"));
    Route v2 = route(t, "v2." + sni("api"));
    assertEquals(List.of("10.1.0.1"), v1.endpoints().stream().map(Endpoint::address).toList());
    assertEquals(List.of("10.1.0.2"), v2.endpoints().stream().map(Endpoint::address).toList());
    assertEquals(new TlsMode.OneWay("/ca.pem", Optional.of("api.example.com")), v1.tls());
    assertEquals(new TlsMode.OneWay("/ca2.pem", Optional.of("v2.api.example.com")), v2.tls());
    assertEquals(Route.Kind.SUBSET, v2.kind());
    assertEquals("v2", v2.subset());
    assertEquals(2, route(t, sni("api")).endpoints().size());
  }

  @Test
  void theServiceRouteUsesTheDefaultSubset() {
    CatalogSnapshot c = catalog(
        ServiceInstance.builder(EXT_NODE, "api").id("api-v1").meta(Map.of("version", "v1")).build(),
        ServiceInstance.builder(EXT_NODE, "api").id("api-v2").meta(Map.of("version", "v2")).build())
        .toBuilder()
        .resolver(ServiceResolver.builder(ServiceName.of("api")).subset("v1", "Service.Meta.version == v1", false)
            .defaultSubset("v1").build())
        .build();
    Route api = route(table(c, LinkedService.of("api")), sni("api"));
    assertEquals(List.of("api-v1"), api.endpoints().stream().map(e -> e.instance().orElseThrow().id()).toList());
  }

  @Test
  void routesServiceDefaultsDestinationsByTheirDestinationNames() {
    CatalogSnapshot c = CatalogSnapshot.builder()
        .serviceDefaults(ServiceDefaults.builder(ServiceName.of("google")).protocol(Protocol.HTTP)
            .destination(new ServiceDefaults.Destination(List.of("www.google.com", "142.250.0.1"), 443)).build())
        .build();
    RouteTable t = table(c, LinkedService.builder("*").caFile("/ca.pem").sni("www.google.com").build());
    assertEquals(List.of(
            "destination.142-250-0-1.google.default.dc1.internal." + TD1_TEXT,
            "destination.www-google-com.google.default.dc1.internal." + TD1_TEXT),
        t.routes().stream().map(Route::sni).toList());
    Route www = route(t, "destination.www-google-com.google.default.dc1.internal." + TD1_TEXT);
    assertEquals(List.of(new Endpoint("www.google.com", 443, true, true, 1, Optional.empty())), www.endpoints());
    assertEquals(Route.Kind.DESTINATION, www.kind());
    assertEquals(false, www.autoHostRewrite());
  }

  @Test
  void matchesNamesIgnoringCaseAndOneTrailingDotOnCharsAndBytes() {
    RouteTable t = table(catalog(Fixtures.plain("api", "api-1")), LinkedService.of("api"));
    Route api = route(t, sni("api"));
    assertSame(api, t.route(sni("api").toUpperCase(Locale.ROOT) + ".").routeOrNull());
    byte[] bytes = ("xx" + sni("API") + ".").getBytes(StandardCharsets.US_ASCII);
    assertSame(api, t.route(bytes, 2, bytes.length - 2).routeOrNull());
    assertSame(SniDecision.noSni(), t.route(bytes, 0, 0));
    assertSame(SniDecision.noSni(), t.route(null));
    assertSame(SniDecision.noSni(), t.route(""));
    assertSame(SniDecision.unknownSni(), t.route(sni("api") + ".."));
    assertEquals(Optional.of(api), t.find(sni("api")));
  }

  @Test
  void reportsWhatItCannotRouteInsteadOfDroppingItSilently() {
    CatalogSnapshot c = catalog(Fixtures.plain("api", "api-1"), Fixtures.plain("v1.api", "dotted"))
        .toBuilder().resolver(ServiceResolver.builder(ServiceName.of("api")).subset("v1", "", false).build()).build();
    RouteTable t = table(c, LinkedService.builder("api").subsetTls("v9", TlsSettings.NONE).build(),
        LinkedService.of("v1.api"), LinkedService.of("ghost"));
    assertEquals(List.of(
        "linked service \"api\" has TLS settings for subset \"v9\", but its service-resolver defines no such subset",
        "linked service \"ghost\" has no instance in dc1 and no service-defaults Destination: the gateway rejects"
            + " connections for it until one is registered",
        "SNI \"v1.api.default.dc1.internal." + TD1_TEXT + "\" of subset \"v1\" of service \"api\" collides with the"
            + " same name of service \"v1.api\"; the gateway routes it to service \"v1.api\""),
        t.warnings());
    assertEquals(ServiceName.of("v1.api"), route(t, "v1." + sni("api")).service());
  }

  @Test
  void anEmptyTableRejectsEverything() {
    RouteTable t = RouteTable.empty(ServiceName.of("tgw"), "dc1", TD1, 7);
    assertSame(SniDecision.unknownSni(), t.route(sni("api")));
    assertEquals(7, t.catalogVersion());
    assertEquals("RouteTable[tgw in dc1, 0 routes, catalog version 7]", t.toString());
  }

  @Test
  void describesASingleRouteInTheSingular() {
    RouteTable t = table(catalog(Fixtures.plain("api", "api-1")), LinkedService.builder("api").build());
    assertEquals("RouteTable[tgw in dc1, 1 route, catalog version 1]", t.toString());
  }

  @Test
  void usesOnlyTheGatewaysOwnDatacenter() {
    CatalogSnapshot c = catalog(ServiceInstance.builder(Node.external("n", "dc2", "10.9.0.1"), "api").build());
    RouteTable dc1 = table(c, LinkedService.of("api"));
    RouteTable dc2 = RouteTable.build(TerminatingGatewayEntry.builder("tgw").service("api").build(), c, "dc2", TD1);
    assertEquals(List.of(), dc1.routes());
    assertEquals(List.of("api.default.dc2.internal." + TD1_TEXT), dc2.routes().stream().map(Route::sni).toList());
  }

  @Test
  void skipsNamesNoClientCanSendInsteadOfFailingTheWholeTable() {
    RouteTable t = table(catalog(Fixtures.plain("a..b", "odd"), Fixtures.plain("api", "api-1")),
        LinkedService.of("a..b"), LinkedService.of("api"));
    assertEquals(List.of(sni("api")), t.routes().stream().map(Route::sni).toList());
    assertEquals(List.of("SNI \"a..b.default.dc1.internal." + TD1_TEXT + "\" of service \"a..b\" is not a usable"
        + " server name: name: \"a..b.default.dc1.internal." + TD1_TEXT + "\" (expected: no empty label)"),
        t.warnings());
  }

  @Test
  void skipsServicesWhoseNamesCannotBeMeshIdentities() {
    Node node = Node.external("n", "dc1", "10.0.0.5");
    CatalogSnapshot c = catalog(ServiceInstance.builder(node, "x*y").build(),
        ServiceInstance.builder(node, "api").namespace("team.a").build());
    RouteTable t = RouteTable.build(TerminatingGatewayEntry.builder("tgw")
        .services(LinkedService.of("x*y"), LinkedService.builder("api").namespace("team.a").build()).build(),
        c, "dc1", TD1);
    assertEquals(List.of(), t.routes());
    assertEquals(List.of(
        "linked service \"x*y\" cannot be named in the mesh: service: \"x*y\" (expected: only A-Z, a-z, 0-9, '.', '-'"
            + " and '_'; found '*' at index 1)",
        "linked service \"default/team.a/api\" cannot be named in the mesh: namespace: \"team.a\" (expected: a single"
            + " label without '.')"),
        t.warnings());
  }
}
