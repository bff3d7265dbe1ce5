package dev.meshgate.core.chain;

import static dev.meshgate.core.chain.Fixtures.TD;
import static dev.meshgate.core.chain.Fixtures.resolver;
import static dev.meshgate.core.chain.Fixtures.svc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.Endpoint;
import dev.meshgate.core.catalog.HealthStatus;
import dev.meshgate.core.catalog.Node;
import dev.meshgate.core.catalog.ServiceAddress;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.catalog.ServiceKind;
import dev.meshgate.core.config.MeshGatewayMode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A chain's targets resolved to catalog endpoints: subsets, OnlyPassing, mesh gateways. */
class CatalogEndpointsTest {
  private static ServiceInstance sidecar(String dc, int n, String version, HealthStatus health) {
    Node node = Node.agent("api-" + dc + "-" + n, dc, "10." + dc.charAt(2) + ".1." + n)
        .withTaggedAddresses(Map.of("wan", "198.51." + dc.charAt(2) + "." + n));
    return ServiceInstance.builder(node, "api-sidecar-proxy").id("api-proxy-" + n).connectProxyFor("api").port(21000)
        .meta(Map.of("version", version)).health(health).build();
  }

  private static ServiceInstance gateway(String dc, int n) {
    Node node = Node.agent("gw-" + dc + "-" + n, dc, "10." + dc.charAt(2) + ".0." + n);
    return ServiceInstance.builder(node, "mesh-gateway").id("mgw-" + n).kind(ServiceKind.MESH_GATEWAY).port(8443)
        .taggedAddress("wan", new ServiceAddress("203.0." + dc.charAt(2) + "." + n, 443)).build();
  }

  private static CatalogSnapshot catalog() {
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    b.register(sidecar("dc1", 1, "v1", HealthStatus.PASSING));
    b.register(sidecar("dc1", 2, "v1", HealthStatus.WARNING));
    b.register(sidecar("dc1", 3, "v2", HealthStatus.PASSING));
    b.register(sidecar("dc2", 1, "v1", HealthStatus.PASSING));
    b.register(gateway("dc1", 1));
    b.register(gateway("dc2", 1));
    b.register(gateway("dc2", 2));
    return b.build();
  }

  private static ChainRouter router(ServiceResolver resolver) {
    CompiledDiscoveryChain chain = ChainCompiler.compile(CompileRequest.of(svc("api"), "dc1", TD),
        ChainEntries.builder().resolver(resolver).build());
    return ChainRouter.bind(chain, EndpointSource.fromCatalog(catalog(), "dc1", ""));
  }

  @Test
  void aSubsetTargetHasOnlyTheInstancesItsFilterSelects() {
    ChainRouter r = router(resolver("api").defaultSubset("v1").subset("v1", "Service.Meta.version == v1", false)
        .subset("v2", "Service.Meta.version == v2", false).build());
    ChainRoute route = assertInstanceOf(ChainRoute.class, r.route(ChainRequest.builder().build(), 0));
    assertEquals("v1.api.default.default.dc1", route.target().id());
    assertEquals(List.of("10.1.1.1", "10.1.1.2"), route.endpoints().stream().map(Endpoint::address).toList());
    assertTrue(route.endpoints().get(1).healthy(), "a warning instance is healthy without OnlyPassing");
  }

  @Test
  void onlyPassingMakesWarningInstancesUnhealthy() {
    ChainRouter r = router(resolver("api").defaultSubset("v1").subset("v1", "Service.Meta.version == v1", true)
        .build());
    ChainRoute route = assertInstanceOf(ChainRoute.class, r.route(ChainRequest.builder().build(), 0));
    assertEquals(2, route.endpoints().size());
    assertFalse(route.endpoints().get(1).healthy());
    for (int i = 0; i < 10; i++) {
      assertEquals("10.1.1.1", route.choose(ChainRequest.builder().build(), i, ActiveRequests.NONE).address());
    }
  }

  @Test
  void aRemoteTargetInRemoteModeIsReachedThroughItsDatacentersGateways() {
    CompiledDiscoveryChain chain = ChainCompiler.compile(CompileRequest.of(svc("api"), "dc1", TD)
            .withOverrideMeshGateway(MeshGatewayMode.REMOTE),
        ChainEntries.builder().resolver(resolver("api").redirect(ServiceResolver.Redirect.toDatacenter("dc2")).build())
            .build());
    TargetEndpoints t = ChainRouter.bind(chain, EndpointSource.fromCatalog(catalog(), "dc1", "")).targets().get(0);
    assertEquals("api.default.default.dc2", t.target().id());
    assertEquals(List.of("203.0.2.1", "203.0.2.2"), t.endpoints().stream().map(Endpoint::address).toList());
    assertEquals(List.of(443, 443), t.endpoints().stream().map(Endpoint::port).toList());
    assertTrue(t.endpoints().get(0).healthy());
  }

  @Test
  void aLocalTargetIgnoresTheMeshGatewayMode() {
    CompiledDiscoveryChain chain = ChainCompiler.compile(CompileRequest.of(svc("api"), "dc1", TD)
        .withOverrideMeshGateway(MeshGatewayMode.LOCAL), ChainEntries.empty());
    TargetEndpoints t = ChainRouter.bind(chain, EndpointSource.fromCatalog(catalog(), "dc1", "")).targets().get(0);
    assertEquals(3, t.endpoints().size());
    assertEquals(21000, t.endpoints().get(0).port());
  }
}
