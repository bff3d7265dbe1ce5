package dev.meshgate.core.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.config.MeshGatewayMode;
import dev.meshgate.core.config.Protocol;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The per-partition config-entry facts (proxy-defaults, mesh, exported-services) and protocol resolution. */
class ConfigEntryFactsTest {
  private static final ServiceName API = ServiceName.of("api");

  @Test
  void serviceDefaultsProtocolWinsOverProxyDefaultsWhichWinsOverTcp() {
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    assertEquals(Protocol.TCP, b.build().protocol(API));
    b.proxyDefaults(ProxyDefaults.builder().protocol(Protocol.HTTP).build());
    assertEquals(Protocol.HTTP, b.build().protocol(API));
    b.serviceDefaults(ServiceDefaults.builder(API).meshGatewayMode(MeshGatewayMode.LOCAL).build());
    assertEquals(Protocol.HTTP, b.build().protocol(API), "service-defaults without a protocol defers");
    b.serviceDefaults(ServiceDefaults.builder(API).protocol(Protocol.GRPC).build());
    assertEquals(Protocol.GRPC, b.build().protocol(API));
  }

  @Test
  void proxyDefaultsApplyOnlyToTheirPartition() {
    CatalogSnapshot snapshot = CatalogSnapshot.builder()
        .proxyDefaults(ProxyDefaults.builder().partition("Part1").protocol(Protocol.HTTP2)
            .meshGatewayMode(MeshGatewayMode.REMOTE).build())
        .build();
    assertEquals(Protocol.HTTP2, snapshot.protocol(new ServiceName("api", "", "part1")));
    assertEquals(Protocol.TCP, snapshot.protocol(API));
    assertEquals(MeshGatewayMode.REMOTE, snapshot.proxyDefaults("PART1").orElseThrow().meshGatewayMode());
    assertEquals(Optional.empty(), snapshot.proxyDefaults(""));
  }

  @Test
  void unsetServiceDefaultsFieldsReadAsConsulsDefaults() {
    ServiceDefaults defaults = ServiceDefaults.builder(API).build();
    assertEquals(Protocol.TCP, defaults.protocol());
    assertEquals(Optional.empty(), defaults.configuredProtocol());
    assertEquals(MeshGatewayMode.DEFAULT, defaults.meshGatewayMode());
    assertNotEquals(defaults, ServiceDefaults.builder(API).meshGatewayMode(MeshGatewayMode.NONE).build());
    assertNotEquals(defaults, ServiceDefaults.builder(API).protocol(Protocol.TCP).build());
    assertEquals("ServiceDefaults[api, protocol=tcp, meshGateway=none]",
        ServiceDefaults.builder(API).meshGatewayMode(MeshGatewayMode.NONE).build().toString());
  }

  @Test
  void proxyDefaultsSettingsMayBeSetOnceQuotingTheEarlierValue() {
    ProxyDefaults.Builder b = ProxyDefaults.builder().partition("p1");
    assertEquals("partition was already set to \"p1\"",
        assertThrows(IllegalStateException.class, () -> b.partition("p2")).getMessage());
    ProxyDefaults.Builder m = ProxyDefaults.builder().meshGatewayMode(MeshGatewayMode.LOCAL);
    assertEquals("meshGatewayMode was already set to local",
        assertThrows(IllegalStateException.class, () -> m.meshGatewayMode(MeshGatewayMode.NONE)).getMessage());
  }

  @Test
  void meshConfigAndExportedServicesAreKeptPerPartitionAndCanBeRemoved() {
    Catalog catalog = new Catalog();
    catalog.setMeshConfig(new MeshConfig("", true));
    catalog.setExportedServices(new ExportedServices("", List.of(
        new ExportedServices.Service("api", "", Set.of("peerB", "peerA")))));
    catalog.setProxyDefaults(ProxyDefaults.builder().build());
    CatalogSnapshot snapshot = catalog.snapshot();
    assertTrue(snapshot.meshConfig("default").orElseThrow().peerThroughMeshGateways());
    assertEquals(Set.of("peerA", "peerB"), snapshot.exportedServices("").orElseThrow().peersOf(API));
    CatalogSnapshot.Builder b = snapshot.toBuilder();
    assertTrue(b.removeMeshConfig("DEFAULT"));
    assertTrue(b.removeExportedServices(""));
    assertTrue(b.removeProxyDefaults(""));
    assertFalse(b.removeProxyDefaults(""));
    CatalogSnapshot after = b.build();
    assertEquals(Optional.empty(), after.meshConfig(""));
    assertEquals(Optional.empty(), after.exportedServices(""));
    assertEquals(Optional.empty(), after.proxyDefaults(""));
  }

  @Test
  void wildcardExportsEveryServiceOfItsNamespaceAndPeersAccumulate() {
    ExportedServices exported = new ExportedServices("", List.of(
        new ExportedServices.Service("*", "", Set.of("peerC")),
        new ExportedServices.Service("API", "default", Set.of("peerA")),
        new ExportedServices.Service("db", "other", Set.of("peerB"))));
    assertEquals(List.of("peerA", "peerC"), List.copyOf(exported.peersOf(API)));
    assertEquals(Set.of("peerC"), exported.peersOf(ServiceName.of("web")));
    assertEquals(Set.of("peerB"), exported.peersOf(new ServiceName("db", "other", "")));
    assertEquals(Set.of(), exported.peersOf(new ServiceName("api", "", "part1")));
  }

  @Test
  void exportedServiceNamesAndPeersMayNotBeEmpty() {
    assertEquals("exported service name: \"\" (expected: a service name or *)",
        assertThrows(IllegalArgumentException.class,
            () -> new ExportedServices.Service("", "", Set.of("p"))).getMessage());
    assertEquals("exported service api peer: \"\" (expected: a peer name)",
        assertThrows(IllegalArgumentException.class,
            () -> new ExportedServices.Service("api", "", Set.of(""))).getMessage());
  }
}
