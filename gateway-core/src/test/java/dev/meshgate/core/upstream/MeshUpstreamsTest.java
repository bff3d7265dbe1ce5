package dev.meshgate.core.upstream;

import static dev.meshgate.core.mesh.MeshFixtures.API;
import dev.meshgate.core.mesh.MeshFixtures;
import static dev.meshgate.core.mesh.MeshFixtures.TD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.Node;
import dev.meshgate.core.catalog.ProxyDefaults;
import dev.meshgate.core.catalog.ServiceDefaults;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.catalog.ServiceKind;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.catalog.ServiceResolver;
import dev.meshgate.core.config.MeshGatewayMode;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeshUpstreamsTest {
  private static final ServiceName WEB = ServiceName.of("web");

  @Test
  void theSourceProxysRegistrationBeatsItsServiceDefaultsWhichBeatProxyDefaults() {
    CatalogSnapshot.Builder b = CatalogSnapshot.builder()
        .proxyDefaults(ProxyDefaults.builder().meshGatewayMode(MeshGatewayMode.REMOTE).build());
    assertEquals(MeshGatewayMode.REMOTE, MeshGatewayModes.sourceProxy(MeshGatewayMode.DEFAULT, b.build(), WEB));
    b.serviceDefaults(ServiceDefaults.builder(WEB).meshGatewayMode(MeshGatewayMode.NONE).build());
    assertEquals(MeshGatewayMode.NONE, MeshGatewayModes.sourceProxy(MeshGatewayMode.DEFAULT, b.build(), WEB));
    assertEquals(MeshGatewayMode.LOCAL, MeshGatewayModes.sourceProxy(MeshGatewayMode.LOCAL, b.build(), WEB));
  }

  @Test
  void targetProxyDefaultsSendCrossDatacenterCallsThroughTheTargetsGateways() {
    CatalogSnapshot catalog = MeshFixtures.threeDatacenters()
        .proxyDefaults(ProxyDefaults.builder().meshGatewayMode(MeshGatewayMode.REMOTE).build()).build();
    Dial dial = MeshUpstreams.dial(catalog, TD, Caller.in("dc1"), Upstream.to(API).inDatacenter("dc2"));
    assertEquals(MeshGatewayMode.REMOTE, dial.mode());
    assertEquals(Dial.Via.REMOTE_GATEWAYS, dial.via());
  }

  @Test
  void localModeAcrossPartitionsUsesTheCallersPartitionGateways() {
    CatalogSnapshot.Builder b = MeshFixtures.threeDatacenters();
    Node p1 = Node.agent("gw-p1", "dc1", "10.1.7.1").withPartition("part1");
    b.register(ServiceInstance.builder(p1, "mesh-gateway").kind(ServiceKind.MESH_GATEWAY).port(8443).build());
    Caller caller = new Caller("dc1", "part1", MeshGatewayMode.LOCAL);
    Dial dial = MeshUpstreams.dial(b.build(), TD, caller, Upstream.to(API));
    assertEquals(Dial.Via.LOCAL_GATEWAYS, dial.via());
    assertEquals(List.of("10.1.7.1"), dial.endpoints().stream().map(e -> e.address()).toList());
    assertEquals("api.default.dc1.internal." + MeshFixtures.TD_TEXT, dial.sni());
  }

  @Test
  void anUnknownSubsetNamesTheResolversSubsets() {
    CatalogSnapshot catalog = MeshFixtures.threeDatacenters()
        .resolver(ServiceResolver.builder(API).subset("v1", "", false).subset("v2", "", false).build()).build();
    assertEquals("upstream subset: \"v3\" (expected: a subset of service-resolver \"api\": [v1, v2])",
        assertThrows(IllegalArgumentException.class, () -> MeshUpstreams.dial(catalog, TD, Caller.in("dc1"),
            Upstream.to(API).withSubset("v3"))).getMessage());
    assertEquals("upstream subset: \"v3\" (expected: a subset of service-resolver \"web\": [])",
        assertThrows(IllegalArgumentException.class, () -> MeshUpstreams.dial(catalog, TD, Caller.in("dc1"),
            Upstream.to(WEB).withSubset("v3"))).getMessage());
  }

  @Test
  void aTargetWithoutInstancesHasNothingToDialAndItsGatewaysAreUnhealthy() {
    CatalogSnapshot catalog = MeshFixtures.threeDatacenters().build();
    assertEquals(List.of(), MeshUpstreams.dial(catalog, TD, Caller.in("dc1"), Upstream.to(WEB)).endpoints());
    Dial viaGateways = MeshUpstreams.dial(catalog, TD, Caller.in("dc1"),
        Upstream.to(WEB).inDatacenter("dc3").withMode(MeshGatewayMode.REMOTE));
    assertEquals(List.of(false, false), viaGateways.endpoints().stream().map(e -> e.healthy()).toList());
  }

  @Test
  void aCallerNeedsADatacenter() {
    assertEquals("caller datacenter: \"\" (expected: a datacenter name)",
        assertThrows(IllegalArgumentException.class, () -> Caller.in("")).getMessage());
    assertEquals("default", new Caller("dc1", "", MeshGatewayMode.DEFAULT).partition());
  }
}
