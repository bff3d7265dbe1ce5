package dev.meshgate.core.mesh;

import static dev.meshgate.core.mesh.MeshFixtures.API;
import static dev.meshgate.core.mesh.MeshFixtures.TD;
import static dev.meshgate.core.mesh.MeshFixtures.TD_TEXT;
import static dev.meshgate.core.mesh.MeshFixtures.settings;
import static dev.meshgate.core.mesh.MeshFixtures.sidecar;
import static dev.meshgate.core.routing.Decisions.routed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.ExportedServices;
import dev.meshgate.core.catalog.HealthStatus;
import dev.meshgate.core.catalog.MeshConfig;
import dev.meshgate.core.catalog.Node;
import dev.meshgate.core.catalog.ServiceDefaults;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.catalog.ServiceKind;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.catalog.ServiceResolver;
import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.routing.SniDecision;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteTableTest {
  private static final String API_DC1 = "api.default.dc1.internal." + TD_TEXT;

  private static ServiceInstance server(String node, Map<String, String> meta) {
    return ServiceInstance.builder(Node.agent(node, "dc1", "10.1.9." + node.charAt(1)), "consul").port(8300)
        .meta(meta).build();
  }

  @Test
  void noServerNameIsRejectedAsSuch() {
    RouteTable t = RouteTable.build(settings("dc1"), MeshFixtures.threeDatacenters().build());
    assertSame(SniDecision.noSni(), t.route(""));
    assertSame(SniDecision.noSni(), t.route((CharSequence) null));
    assertSame(SniDecision.noSni(), t.route(new byte[4], 0, 0));
  }

  @Test
  void namesMatchIgnoringCaseAndOneTrailingDotFromStringsOrBytes() {
    RouteTable t = RouteTable.build(settings("dc1"), MeshFixtures.threeDatacenters().build());
    Route api = routed(t.route(API_DC1));
    assertSame(api, t.route(API_DC1.toUpperCase(java.util.Locale.ROOT) + ".").routeOrNull());
    byte[] bytes = ("xx" + API_DC1).getBytes(StandardCharsets.US_ASCII);
    assertSame(api, t.route(bytes, 2, bytes.length - 2).routeOrNull());
    assertEquals(Route.Kind.REMOTE_GATEWAYS,
        routed(t.route(("API.DEFAULT.DC2.INTERNAL." + TD_TEXT).getBytes(StandardCharsets.US_ASCII), 0,
            API_DC1.length())).kind());
    assertEquals(t.find(API_DC1).orElseThrow(), api);
    assertTrue(t.find("nope").isEmpty());
  }

  @Test
  void theDefaultSubsetNarrowsThePlainServiceCluster() {
    CatalogSnapshot catalog = MeshFixtures.threeDatacenters()
        .resolver(ServiceResolver.builder(API).subset("v1", "Service.ID == api-proxy-1", false).defaultSubset("v1")
            .build())
        .build();
    Route api = routed(RouteTable.build(settings("dc1"), catalog).route(API_DC1));
    assertEquals(List.of("api-proxy-1"), api.endpoints().stream().map(e -> e.instance().orElseThrow().id()).toList());
  }

  @Test
  void onlyServicesOfTheGatewaysPartitionHaveClusters() {
    CatalogSnapshot.Builder b = MeshFixtures.threeDatacenters();
    Node p1 = Node.agent("p1-node", "dc1", "10.1.5.1").withPartition("part1");
    b.register(ServiceInstance.builder(p1, "billing-sidecar-proxy").connectProxyFor("billing").port(21000).build());
    RouteTable def = RouteTable.build(settings("dc1"), b.build());
    assertSame(SniDecision.unknownSni(), def.route("billing.default.part1.dc1.internal-v1." + TD_TEXT));
    RouteTable part1 = RouteTable.build(
        new MeshGatewaySettings(new ServiceName("mesh-gateway", "", "part1"), "dc1", TD, "consul", false), b.build());
    assertEquals(Route.Kind.LOCAL_SERVICE,
        routed(part1.route("billing.default.part1.dc1.internal-v1." + TD_TEXT)).kind());
    Route toDefault = routed(part1.route(API_DC1));
    assertEquals(Route.Kind.REMOTE_GATEWAYS, toDefault.kind(), "dc1's default partition is remote to part1");
    assertEquals("default", toDefault.partition());
  }

  @Test
  void connectNativeInstancesAreLocalServiceEndpointsAndPlainInstancesAreNot() {
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    Node node = Node.agent("n1", "dc1", "10.1.3.1");
    b.register(ServiceInstance.builder(node, "native").kind(ServiceKind.CONNECT_NATIVE).port(9443).build());
    b.register(ServiceInstance.builder(node, "plain").port(80).build());
    RouteTable t = RouteTable.build(settings("dc1"), b.build());
    assertEquals(List.of("10.1.3.1:9443"), routed(t.route("native.default.dc1.internal." + TD_TEXT)).endpoints()
        .stream().map(e -> e.address() + ":" + e.port()).toList());
    assertSame(SniDecision.unknownSni(), t.route("plain.default.dc1.internal." + TD_TEXT));
  }

  @Test
  void peeringServersAreTheVotersOnTheirGrpcTlsPort() {
    CatalogSnapshot.Builder b = CatalogSnapshot.builder().meshConfig(new MeshConfig("", true));
    b.register(server("s1", Map.of("grpc_tls_port", "8503")));
    b.register(server("s2", Map.of("grpc_tls_port", "8503", "read_replica", "true")));
    b.register(server("s3", Map.of()));
    RouteTable t = RouteTable.build(settings("dc1"), b.build());
    Route peering = routed(t.route("server.dc1.peering." + TD_TEXT));
    assertEquals(Route.Kind.PEERING_SERVERS, peering.kind());
    assertEquals(List.of("10.1.9.1:8503"), peering.endpoints().stream().map(e -> e.address() + ":" + e.port()).toList());
    assertEquals(List.of("peering goes through mesh gateways but server \"s3\" has no valid grpc_tls_port meta (\"\"):"
        + " peers cannot reach it"), t.warnings());
  }

  @Test
  void readReplicasAloneGetNoPeeringChainAndNeitherDoesAMeshWithoutPeeringThroughGateways() {
    CatalogSnapshot.Builder b = CatalogSnapshot.builder().meshConfig(new MeshConfig("", true));
    b.register(server("s2", Map.of("grpc_tls_port", "8503", "read_replica", "true")));
    assertSame(SniDecision.unknownSni(), RouteTable.build(settings("dc1"), b.build()).route("server.dc1.peering." + TD_TEXT));
    b.register(server("s1", Map.of("grpc_tls_port", "8503")));
    b.meshConfig(new MeshConfig("", false));
    assertSame(SniDecision.unknownSni(), RouteTable.build(settings("dc1"), b.build()).route("server.dc1.peering." + TD_TEXT));
  }

  @Test
  void httpServicesExportedToPeersAreTheOnlyRoutesThatTerminateTls() {
    CatalogSnapshot catalog = MeshFixtures.threeDatacenters()
        .serviceDefaults(ServiceDefaults.builder(API).protocol(Protocol.HTTP).build())
        .exportedServices(new ExportedServices("", List.of(new ExportedServices.Service("api", "", Set.of("peerA")))))
        .build();
    RouteTable t = RouteTable.build(settings("dc1"), catalog);
    for (Route r : t.routes()) {
      assertEquals(r.kind() == Route.Kind.EXPORTED_SERVICE, r.terminatesTls(), r.serverName());
    }
    Route exported = routed(t.route("api.default.default.peerA.external." + TD_TEXT));
    assertEquals(Protocol.HTTP, exported.protocol());
  }

  @Test
  void wildcardExportsCoverEveryConnectServiceOfTheNamespaceAndEmptyOnesAreReported() {
    CatalogSnapshot.Builder b = MeshFixtures.threeDatacenters()
        .exportedServices(new ExportedServices("", List.of(
            new ExportedServices.Service("*", "", Set.of("peerA")),
            new ExportedServices.Service("ghost", "", Set.of("peerB")))));
    b.register(sidecar("web", "dc1", 1, HealthStatus.PASSING));
    RouteTable t = RouteTable.build(settings("dc1"), b.build());
    assertEquals(List.of("api.default.default.peerA.external." + TD_TEXT,
            "ghost.default.default.peerA.external." + TD_TEXT, "ghost.default.default.peerB.external." + TD_TEXT,
            "web.default.default.peerA.external." + TD_TEXT),
        t.routes().stream().filter(r -> r.kind() == Route.Kind.EXPORTED_SERVICE).map(Route::serverName).toList());
    assertEquals(List.of("service \"ghost\" is exported to [peerA, peerB] but has no Connect instance in dc1: peers'"
        + " connections to it fail"), t.warnings());
  }

  @Test
  void wanFederationAppliesOnlyInTheDefaultPartition() {
    MeshGatewaySettings inPart1 =
        new MeshGatewaySettings(new ServiceName("mesh-gateway", "", "part1"), "dc1", TD, "consul", true);
    assertEquals(false, inPart1.routesWanFederation());
    RouteTable t = RouteTable.build(inPart1, MeshFixtures.threeDatacenters().build());
    assertTrue(t.routes().stream().noneMatch(r -> r.kind() == Route.Kind.REMOTE_SERVERS));
  }

  @Test
  void namesThatCannotBeServerNamesOrThatCollideAreReportedNotRouted() {
    CatalogSnapshot.Builder b = MeshFixtures.threeDatacenters();
    b.register(sidecar("a*b", "dc1", 1, HealthStatus.PASSING));
    b.register(sidecar("v1.api", "dc1", 2, HealthStatus.PASSING));
    b.resolver(ServiceResolver.builder(API).subset("v1", "", false).build());
    RouteTable t = RouteTable.build(settings("dc1"), b.build());
    assertEquals(List.of(
        "local service route \"a*b.default.dc1.internal." + TD_TEXT + "\" is not a usable server name: '*' in a name"
            + " that must match exactly",
        "local service route \"v1.api.default.dc1.internal." + TD_TEXT + "\" collides with a name the gateway already"
            + " routes; the earlier route keeps it"), t.warnings());
    assertEquals(API, routed(t.route("v1." + API_DC1)).service().orElseThrow());
  }

  @Test
  void settingsCheckTheirNamesAndTrimTheDnsDomain() {
    assertEquals("consul", new MeshGatewaySettings(API, "dc1", TD, "consul.", false).dnsDomain());
    assertEquals("datacenter: \"\" (expected: a datacenter name)", assertThrows(IllegalArgumentException.class,
        () -> new MeshGatewaySettings(API, "", TD, "consul", false)).getMessage());
    assertEquals("dnsDomain: \"\" (expected: a DNS domain such as consul)", assertThrows(IllegalArgumentException.class,
        () -> new MeshGatewaySettings(API, "dc1", TD, ".", false)).getMessage());
  }
}
