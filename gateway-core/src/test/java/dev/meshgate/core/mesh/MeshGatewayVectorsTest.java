package dev.meshgate.core.mesh;

import static dev.meshgate.core.mesh.MeshFixtures.API;
import static dev.meshgate.core.mesh.MeshFixtures.TD;
import static dev.meshgate.core.mesh.MeshFixtures.TD_TEXT;
import static dev.meshgate.core.mesh.MeshFixtures.settings;
import static dev.meshgate.core.mesh.MeshFixtures.sidecar;
import static dev.meshgate.core.routing.Decisions.routed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.Endpoint;
import dev.meshgate.core.catalog.ExportedServices;
import dev.meshgate.core.catalog.HealthStatus;
import dev.meshgate.core.catalog.Node;
import dev.meshgate.core.catalog.ProxyDefaults;
import dev.meshgate.core.catalog.ServiceDefaults;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.catalog.ServiceKind;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.catalog.ServiceResolver;
import dev.meshgate.core.config.InvalidConfigEntryException;
import dev.meshgate.core.config.MeshGatewayMode;
import dev.meshgate.core.routing.SniDecision;
import dev.meshgate.core.upstream.Caller;
import dev.meshgate.core.upstream.Dial;
import dev.meshgate.core.upstream.MeshGatewayModes;
import dev.meshgate.core.upstream.MeshUpstreams;
import dev.meshgate.core.upstream.Upstream;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 15 mesh-gateway vectors of spec §5.3. Envoy-listener vectors are checked on the route table:
 * a filter chain or a catch-all cluster is a route with that server name, "connection closed" is a
 * rejection.
 */
class MeshGatewayVectorsTest {
  private static final ServiceName DB = ServiceName.of("db");
  private static final MeshGatewayMode DEFAULT = MeshGatewayMode.DEFAULT;
  private static final MeshGatewayMode NONE = MeshGatewayMode.NONE;
  private static final MeshGatewayMode LOCAL = MeshGatewayMode.LOCAL;
  private static final MeshGatewayMode REMOTE = MeshGatewayMode.REMOTE;

  private static Arguments vector(int number, String description, Executable check) {
    return Arguments.of(number, description, check);
  }

  private static String sni(String service, String dc) {
    return service + ".default." + dc + ".internal." + TD_TEXT;
  }

  private static Dial dialApiInDc2(CatalogSnapshot catalog, MeshGatewayMode mode) {
    return MeshUpstreams.dial(catalog, TD, Caller.in("dc1"), Upstream.to(API).inDatacenter("dc2").withMode(mode));
  }

  private static List<String> addresses(List<Endpoint> endpoints) {
    return endpoints.stream().map(e -> e.address() + ":" + e.port()).toList();
  }

  private static List<Boolean> health(List<Endpoint> endpoints) {
    return endpoints.stream().map(Endpoint::healthy).toList();
  }

  private static CatalogSnapshot apiInDc2With(HealthStatus... statuses) {
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    for (String dc : new String[] {"dc1", "dc2"}) {
      b.register(MeshFixtures.meshGateway(dc, 1));
      b.register(MeshFixtures.meshGateway(dc, 2));
    }
    for (int i = 0; i < statuses.length; i++) {
      b.register(sidecar("api", "dc2", i + 1, statuses[i]));
    }
    return b.build();
  }

  private static Endpoint weighted(int passing, int warning, HealthStatus health) {
    Node node = Node.agent("n", "dc1", "10.0.0.1");
    return Endpoint.of(ServiceInstance.builder(node, "api-sidecar-proxy").connectProxyFor("api")
        .weights(passing, warning).health(health).build(), false, false);
  }

  static Stream<Arguments> vectors() {
    return Stream.of(
        vector(1, "the upstream's mode overlays the proxy's unless it is empty", () -> {
          assertEquals(REMOTE, MeshGatewayModes.override(REMOTE, DEFAULT));
          assertEquals(LOCAL, MeshGatewayModes.override(REMOTE, LOCAL));
          assertEquals(NONE, MeshGatewayModes.override(DEFAULT, NONE));
        }),
        vector(2, "target service-defaults beat proxy-defaults; an override beats both", () -> {
          CatalogSnapshot.Builder b = CatalogSnapshot.builder()
              .proxyDefaults(ProxyDefaults.builder().meshGatewayMode(LOCAL).build());
          assertEquals(LOCAL, MeshGatewayModes.forTarget(DEFAULT, b.build(), DB));
          b.serviceDefaults(ServiceDefaults.builder(DB).meshGatewayMode(NONE).build());
          assertEquals(NONE, MeshGatewayModes.forTarget(DEFAULT, b.build(), DB));
          assertEquals(REMOTE, MeshGatewayModes.forTarget(REMOTE, b.build(), DB));
        }),
        vector(3, "an ExternalSNI target keeps its SNI, bypasses gateways, and may have no subsets", () -> {
          CatalogSnapshot.Builder b = MeshFixtures.threeDatacenters()
              .serviceDefaults(ServiceDefaults.builder(DB).externalSni("db.some.other.service.mesh").build());
          b.register(sidecar("db", "dc2", 1, HealthStatus.PASSING));
          Dial dial = MeshUpstreams.dial(b.build(), TD, Caller.in("dc1").withProxyMode(LOCAL),
              Upstream.to(DB).inDatacenter("dc2"));
          assertEquals("db.some.other.service.mesh", dial.sni());
          assertEquals(DEFAULT, dial.mode());
          assertEquals(Dial.Via.DIRECT, dial.via());
          assertTrue(dial.external());
          b.resolver(ServiceResolver.builder(DB).subset("v1", "", false).build());
          CatalogSnapshot withSubsets = b.build();
          InvalidConfigEntryException e = assertThrows(InvalidConfigEntryException.class,
              () -> MeshUpstreams.dial(withSubsets, TD, Caller.in("dc1"), Upstream.to(DB).inDatacenter("dc2")));
          assertEquals(List.of("service \"db\" has an external SNI set; cannot define subsets for external services"),
              e.errors());
        }),
        vector(4, "dc1 to api in dc2: local gateways, remote gateways' WAN, or the instances' WAN; SNI unchanged",
            () -> {
              CatalogSnapshot catalog = MeshFixtures.threeDatacenters().build();
              Dial local = dialApiInDc2(catalog, LOCAL);
              assertEquals(Dial.Via.LOCAL_GATEWAYS, local.via());
              assertEquals(List.of("10.1.0.1:8443", "10.1.0.2:8443"), addresses(local.endpoints()));
              Dial remote = dialApiInDc2(catalog, REMOTE);
              assertEquals(Dial.Via.REMOTE_GATEWAYS, remote.via());
              assertEquals(List.of("203.0.2.1:443", "203.0.2.2:443"), addresses(remote.endpoints()));
              Dial none = dialApiInDc2(catalog, NONE);
              assertEquals(Dial.Via.DIRECT, none.via());
              assertEquals(List.of("198.51.2.1:21000", "198.51.2.2:21000"), addresses(none.endpoints()));
              for (Dial d : List.of(local, remote, none)) {
                assertEquals(sni("api", "dc2"), d.sni());
                assertEquals("spiffe://" + TD_TEXT + "/ns/default/dc/dc2/svc/api", d.identity().uri());
              }
            }),
        vector(5, "a target in the caller's datacenter is dialed directly even in local mode", () -> {
          Dial dial = MeshUpstreams.dial(MeshFixtures.threeDatacenters().build(), TD, Caller.in("dc1"),
              Upstream.to(API).withMode(LOCAL));
          assertEquals(LOCAL, dial.mode());
          assertEquals(Dial.Via.DIRECT, dial.via());
          assertEquals(List.of("10.1.1.1:21000", "10.1.1.2:21000"), addresses(dial.endpoints()));
        }),
        vector(6, "gateway endpoints carry the target's health: any healthy instance makes them healthy", () -> {
          Dial mixed = dialApiInDc2(apiInDc2With(HealthStatus.CRITICAL, HealthStatus.PASSING), REMOTE);
          assertEquals(List.of(true, true), health(mixed.endpoints()));
          Dial dead = dialApiInDc2(apiInDc2With(HealthStatus.CRITICAL, HealthStatus.CRITICAL), REMOTE);
          assertEquals(List.of(false, false), health(dead.endpoints()));
          CatalogSnapshot warning = apiInDc2With(HealthStatus.WARNING).toBuilder()
              .resolver(ServiceResolver.builder(API).subset("strict", "", true).build()).build();
          Dial strict = MeshUpstreams.dial(warning, TD, Caller.in("dc1"),
              Upstream.to(API).inDatacenter("dc2").withSubset("strict").withMode(REMOTE));
          assertEquals(List.of(false, false), health(strict.endpoints()));
          assertEquals("strict." + sni("api", "dc2"), strict.sni());
          Dial lenient = dialApiInDc2(warning, REMOTE);
          assertEquals(List.of(true, true), health(lenient.endpoints()));
        }),
        vector(7, "endpoint weights: passing or warning weight, below 1 is unhealthy weight 1, capped at 128", () -> {
          assertEquals(5, weighted(5, 2, HealthStatus.PASSING).weight());
          assertEquals(2, weighted(5, 2, HealthStatus.WARNING).weight());
          Endpoint zero = weighted(5, 0, HealthStatus.WARNING);
          assertFalse(zero.healthy());
          assertEquals(1, zero.weight());
          assertEquals(128, weighted(500, 1, HealthStatus.PASSING).weight());
          assertEquals(1, dialApiInDc2(MeshFixtures.threeDatacenters().build(), NONE).endpoints().get(0).weight());
        }),
        vector(8, "a dc1 gateway knowing dc2 and dc3 has one wildcard chain each, then the catch-all", () -> {
          RouteTable t = RouteTable.build(settings("dc1"), MeshFixtures.threeDatacenters().build());
          List<Route> chains = t.routes().stream().filter(r -> r.kind() != Route.Kind.LOCAL_SERVICE).toList();
          assertEquals(List.of("*.dc2.internal." + TD_TEXT, "*.dc3.internal." + TD_TEXT),
              chains.stream().map(Route::serverName).toList());
          assertEquals(List.of("dc2.internal." + TD_TEXT, "dc3.internal." + TD_TEXT),
              chains.stream().map(Route::cluster).toList());
          assertEquals(Route.Kind.LOCAL_SERVICE, t.routes().get(t.routes().size() - 1).kind());
        }),
        vector(9, "api in dc2 is forwarded, still encrypted, to dc2's gateways", () -> {
          Route route = routed(RouteTable.build(settings("dc1"),
              MeshFixtures.threeDatacenters().build()).route(sni("api", "dc2")));
          assertEquals(Route.Kind.REMOTE_GATEWAYS, route.kind());
          assertEquals("*.dc2.internal." + TD_TEXT, route.serverName());
          assertEquals(List.of("203.0.2.1:443", "203.0.2.2:443"), addresses(route.endpoints()));
          assertFalse(route.terminatesTls());
        }),
        vector(10, "api in dc1 goes through the catch-all to api's sidecars in dc1", () -> {
          Route route = routed(RouteTable.build(settings("dc1"),
              MeshFixtures.threeDatacenters().build()).route(sni("api", "dc1")));
          assertEquals(Route.Kind.LOCAL_SERVICE, route.kind());
          assertEquals(sni("api", "dc1"), route.cluster());
          assertEquals(List.of("10.1.1.1:21000", "10.1.1.2:21000"), addresses(route.endpoints()));
        }),
        vector(11, "a subset SNI reaches the subset cluster only when a resolver defines it", () -> {
          CatalogSnapshot.Builder b = MeshFixtures.threeDatacenters();
          assertSame(SniDecision.unknownSni(), RouteTable.build(settings("dc1"), b.build()).route("v2." + sni("api", "dc1")));
          b.resolver(ServiceResolver.builder(API).subset("v2", "Service.ID == api-proxy-2", false).build());
          Route route = routed(
              RouteTable.build(settings("dc1"), b.build()).route("v2." + sni("api", "dc1")));
          assertEquals("v2", route.subset());
          assertEquals(List.of("10.1.1.2:21000"), addresses(route.endpoints()));
        }),
        vector(12, "an SNI without a cluster is closed", () -> assertSame(SniDecision.unknownSni(),
            RouteTable.build(settings("dc1"), MeshFixtures.threeDatacenters().build()).route(sni("nope", "dc1")))),
        vector(13, "WAN federation: *.server.dc2.consul, one exact chain per local server, server.dc1.consul", () -> {
          CatalogSnapshot.Builder b = CatalogSnapshot.builder();
          b.register(MeshFixtures.meshGateway("dc1", 1));
          b.register(MeshFixtures.meshGateway("dc2", 1));
          for (String s : List.of("s1", "s2")) {
            b.register(ServiceInstance.builder(Node.agent(s, "dc1", "10.1.9." + s.charAt(1)), "consul").port(8300)
                .build());
          }
          RouteTable t = RouteTable.build(new MeshGatewaySettings(MeshFixtures.GATEWAY, "dc1", TD, "consul.", true),
              b.build());
          Route remote = routed(t.route("s7.server.dc2.consul"));
          assertEquals("*.server.dc2.consul", remote.serverName());
          assertEquals("server.dc2.consul", remote.cluster());
          assertEquals(List.of("203.0.2.1:443"), addresses(remote.endpoints()));
          Route s1 = routed(t.route("s1.server.dc1.consul"));
          assertEquals(Route.Kind.LOCAL_SERVER, s1.kind());
          assertEquals(List.of("10.1.9.1:8300"), addresses(s1.endpoints()));
          assertEquals(Route.Kind.LOCAL_SERVER, routed(t.route("s2.server.dc1.consul")).kind());
          Route any = routed(t.route("server.dc1.consul"));
          assertEquals(Route.Kind.LOCAL_SERVERS, any.kind());
          assertEquals(List.of("10.1.9.1:8300", "10.1.9.2:8300"), addresses(any.endpoints()));
        }),
        vector(14, "api exported to peerB and peerA answers to both peered names, sorted", () -> {
          CatalogSnapshot catalog = MeshFixtures.threeDatacenters()
              .exportedServices(new ExportedServices("", List.of(
                  new ExportedServices.Service("api", "", Set.of("peerB", "peerA")))))
              .build();
          RouteTable t = RouteTable.build(settings("dc1"), catalog);
          List<Route> exported = t.routes().stream().filter(r -> r.kind() == Route.Kind.EXPORTED_SERVICE).toList();
          assertEquals(List.of("api.default.default.peerA.external." + TD_TEXT,
              "api.default.default.peerB.external." + TD_TEXT), exported.stream().map(Route::serverName).toList());
          for (Route r : exported) {
            assertSame(r, routed(t.route(r.serverName())));
            assertEquals("exported~" + sni("api", "dc1"), r.cluster());
            assertFalse(r.terminatesTls());
          }
        }),
        vector(15, "a partitioned SNI matches *.part1.dc2.internal-v1", () -> {
          CatalogSnapshot.Builder b = MeshFixtures.threeDatacenters();
          b.register(ServiceInstance.builder(MeshFixtures.meshGateway("dc2", 3).node().withPartition("part1"),
              "mesh-gateway").id("mgw-p1").kind(ServiceKind.MESH_GATEWAY).port(8443)
              .build());
          Route route = routed(RouteTable.build(settings("dc1"), b.build())
              .route("api.default.part1.dc2.internal-v1." + TD_TEXT));
          assertEquals("*.part1.dc2.internal-v1." + TD_TEXT, route.serverName());
          assertEquals("part1.dc2.internal-v1." + TD_TEXT, route.cluster());
          assertEquals("part1", route.partition());
        }));
  }

  @ParameterizedTest(name = "vector {0}: {1}")
  @MethodSource("vectors")
  void satisfiesMeshGatewayVector(int number, String description, Executable check) throws Throwable {
    check.execute();
  }
}
