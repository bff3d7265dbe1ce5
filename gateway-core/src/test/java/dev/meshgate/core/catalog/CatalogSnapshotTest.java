package dev.meshgate.core.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CatalogSnapshotTest {
  private static final Node WEB_NODE = Node.agent("web-node", "dc1", "10.0.0.1");
  private static final Node EXT_NODE = Node.external("ext-node", "dc1", "api.example.com");

  private static ServiceInstance web(String id) {
    return ServiceInstance.builder(WEB_NODE, "web").id(id).port(8080).build();
  }

  private static List<String> ids(List<ServiceInstance> instances) {
    return instances.stream().map(ServiceInstance::id).toList();
  }

  @Test
  void registersInstancesAndTheirNodes() {
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    b.register(web("web-2"));
    b.register(web("web-1"));
    CatalogSnapshot s = b.build();
    assertEquals(1, s.version());
    assertEquals(List.of("web-1", "web-2"), ids(s.instances("dc1", ServiceName.of("web"))));
    assertEquals(Optional.of(WEB_NODE), s.node("dc1", "", "web-node"));
    assertEquals(Set.of("dc1"), s.datacenters());
    assertEquals(List.of(ServiceName.of("web")), s.services("dc1"));
  }

  @Test
  void lookupsIgnoreLetterCaseAndResultsKeepTheSpelling() {
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    b.register(ServiceInstance.builder(WEB_NODE, "Web").id("Web-1").build());
    CatalogSnapshot t = b.build();
    assertEquals(List.of("Web-1"), ids(t.instances("DC1", ServiceName.of("WEB"))));
    assertEquals("Web", t.services("dc1").get(0).name());
    assertTrue(t.node("DC1", "DEFAULT", "WEB-NODE").isPresent());
  }

  @Test
  void reRegisteringTheSameIdReplacesTheInstance() {
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    b.register(web("web-1"));
    b.register(ServiceInstance.builder(WEB_NODE, "web").id("web-1").port(9090).build());
    assertEquals(9090, b.build().instances("dc1", ServiceName.of("web")).get(0).port());
  }

  @Test
  void anInstanceMovedToAnotherNameLeavesItsOldService() {
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    b.register(web("x"));
    b.register(ServiceInstance.builder(WEB_NODE, "api").id("x").build());
    CatalogSnapshot s = b.build();
    assertEquals(List.of(), s.instances("dc1", ServiceName.of("web")));
    assertEquals(List.of("x"), ids(s.instances("dc1", ServiceName.of("api"))));
  }

  @Test
  void snapshotsAreImmutableAndBuildsDoNotTouchTheBase() {
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    b.register(web("web-1"));
    CatalogSnapshot first = b.build();
    CatalogSnapshot.Builder next = first.toBuilder();
    next.register(web("web-2"));
    assertTrue(next.deregister("dc1", "", "web-node", "web-1"));
    CatalogSnapshot second = next.build();
    assertEquals(List.of("web-1"), ids(first.instances("dc1", ServiceName.of("web"))));
    assertEquals(List.of("web-2"), ids(second.instances("dc1", ServiceName.of("web"))));
    assertEquals(2, second.version());
  }

  @Test
  void deregisteringANodeRemovesItsInstances() {
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    b.register(web("web-1"));
    b.register(ServiceInstance.builder(EXT_NODE, "api").build());
    assertTrue(b.deregisterNode("dc1", "", "WEB-node"));
    assertFalse(b.deregisterNode("dc1", "", "web-node"));
    CatalogSnapshot s = b.build();
    assertEquals(List.of(), s.instances("dc1", ServiceName.of("web")));
    assertEquals(List.of(EXT_NODE), s.nodes("dc1"));
  }

  @Test
  void updatingANodeUpdatesTheNodeOfItsInstances() {
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    b.register(web("web-1"));
    b.registerNode(Node.agent("web-node", "dc1", "10.0.0.9"));
    CatalogSnapshot s = b.build();
    assertEquals("10.0.0.9", s.instances("dc1", ServiceName.of("web")).get(0).node().address());
  }

  @Test
  void datacentersAreSeparateCatalogs() {
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    b.register(web("web-1"));
    b.register(ServiceInstance.builder(Node.agent("n2", "dc2", "10.1.0.1"), "web").build());
    CatalogSnapshot s = b.build();
    assertEquals(List.of("web-1"), ids(s.instances("dc1", ServiceName.of("web"))));
    assertEquals(List.of("web"), ids(s.instances("dc2", ServiceName.of("web"))));
    assertEquals(List.of(), s.instances("dc3", ServiceName.of("web")));
    assertEquals(Set.of("dc1", "dc2"), s.datacenters());
  }

  @Test
  void healthServiceCanDropInstancesThatAreNotPassing() {
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    b.register(ServiceInstance.builder(WEB_NODE, "web").id("a").health(HealthStatus.PASSING).build());
    b.register(ServiceInstance.builder(WEB_NODE, "web").id("b").health(HealthStatus.WARNING).build());
    b.register(ServiceInstance.builder(WEB_NODE, "web").id("c").health(HealthStatus.CRITICAL).build());
    CatalogSnapshot s = b.build();
    assertEquals(List.of("a", "b", "c"), ids(s.healthService("dc1", ServiceName.of("web"), false)));
    assertEquals(List.of("a"), ids(s.healthService("dc1", ServiceName.of("web"), true)));
  }

  @Test
  void connectCapableListsTheProxiesFrontingAServiceAndItsNativeInstances() {
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    b.register(web("web-1"));
    b.register(ServiceInstance.builder(WEB_NODE, "web-sidecar-proxy").id("web-1-proxy").connectProxyFor("web").build());
    b.register(ServiceInstance.builder(WEB_NODE, "web").id("web-native").kind(ServiceKind.CONNECT_NATIVE).build());
    b.register(ServiceInstance.builder(WEB_NODE, "db-sidecar-proxy").connectProxyFor("db").build());
    CatalogSnapshot s = b.build();
    assertEquals(List.of("web-1-proxy", "web-native"), ids(s.connectCapable("dc1", ServiceName.of("web"), false)));
    assertEquals(List.of("web-1", "web-native"), ids(s.instances("dc1", ServiceName.of("web"))));
    assertEquals(List.of("db-sidecar-proxy"), ids(s.connectCapable("dc1", ServiceName.of("db"), false)));
    assertEquals(List.of("db-sidecar-proxy", "web-1-proxy"), ids(s.instancesOfKind("dc1", ServiceKind.CONNECT_PROXY)));
  }

  @Test
  void namespacesAndPartitionsSeparateServices() {
    Node p1 = Node.agent("n", "dc1", "10.0.0.2").withPartition("p1");
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    b.register(web("web-1"));
    b.register(ServiceInstance.builder(WEB_NODE, "web").id("web-ns").namespace("ns1").build());
    b.register(ServiceInstance.builder(p1, "web").id("web-p1").build());
    CatalogSnapshot s = b.build();
    assertEquals(List.of("web-1"), ids(s.instances("dc1", ServiceName.of("web"))));
    assertEquals(List.of("web-ns"), ids(s.instances("dc1", new ServiceName("web", "ns1", ""))));
    assertEquals(List.of("web-p1"), ids(s.instances("dc1", new ServiceName("web", "", "p1"))));
    assertEquals(List.of("web-p1"), ids(s.instancesOnNode("dc1", "p1", "n")));
  }

  @Test
  void warnsWhenAnExternalServiceIsRegisteredOnAnAgentManagedNode() {
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    assertEquals(List.of(), b.register(web("web-1")));
    List<String> warnings = b.register(
        ServiceInstance.builder(Node.external("WEB-NODE", "dc1", "10.0.0.1"), "ext").id("ext-1").build());
    assertEquals(List.of("node \"web-node\" in dc1 is managed by a Consul agent: its anti-entropy would deregister"
        + " service \"ext\" (ID \"ext-1\"), which was registered without the agent; register external services on a"
        + " node without an agent"), warnings);
    CatalogSnapshot s = b.build();
    assertTrue(s.node("dc1", "", "web-node").orElseThrow().agentManaged());
    assertTrue(s.instances("dc1", ServiceName.of("ext")).get(0).node().agentManaged());
  }

  @Test
  void externalServicesOnTheirOwnNodeRegisterWithoutWarning() {
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    assertEquals(List.of(), b.register(ServiceInstance.builder(EXT_NODE, "api").build()));
    assertEquals(List.of(), b.register(ServiceInstance.builder(EXT_NODE, "db").build()));
    assertFalse(b.build().node("dc1", "", "ext-node").orElseThrow().agentManaged());
  }

  @Test
  void storesTheConfigFactsGatewaysNeed() {
    ServiceDefaults defaults = ServiceDefaults.builder(ServiceName.of("api"))
        .protocol(dev.meshgate.core.config.Protocol.HTTP).build();
    ServiceResolver resolver = ServiceResolver.builder(ServiceName.of("api")).subset("v1", "", false).build();
    CatalogSnapshot s = CatalogSnapshot.builder().serviceDefaults(defaults).resolver(resolver).build();
    assertEquals(Optional.of(defaults), s.serviceDefaults(ServiceName.of("API")));
    assertEquals(Optional.of(resolver), s.resolver(ServiceName.of("api")));
    assertEquals(List.of(defaults), List.copyOf(s.allServiceDefaults()));
    CatalogSnapshot.Builder b = s.toBuilder();
    assertTrue(b.removeServiceDefaults(ServiceName.of("api")));
    assertTrue(b.removeResolver(ServiceName.of("api")));
    CatalogSnapshot t = b.build();
    assertEquals(Optional.empty(), t.serviceDefaults(ServiceName.of("api")));
    assertEquals(Optional.empty(), t.resolver(ServiceName.of("api")));
  }

  @Test
  void untouchedDatacentersAreSharedBetweenSnapshots() {
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    b.register(web("web-1"));
    b.register(ServiceInstance.builder(Node.agent("n2", "dc2", "10.1.0.1"), "web").build());
    CatalogSnapshot first = b.build();
    CatalogSnapshot.Builder next = first.toBuilder();
    next.register(web("web-2"));
    CatalogSnapshot second = next.build();
    assertSame(first.instances("dc2", ServiceName.of("web")), second.instances("dc2", ServiceName.of("web")));
  }

  @Test
  void bestAddressPrefersTheServiceAddressAndTheWanAddressAcrossDatacenters() {
    Node node = Node.agent("n", "dc1", "10.0.0.1").withTaggedAddresses(Map.of(Node.WAN, "198.51.100.1"));
    ServiceInstance plain = ServiceInstance.builder(node, "web").port(80).build();
    ServiceInstance own = ServiceInstance.builder(node, "web").address("10.0.0.7").port(80)
        .taggedAddress(Node.WAN, new ServiceAddress("203.0.113.7", 443)).build();
    assertEquals(new ServiceAddress("10.0.0.1", 80), plain.bestAddress(false));
    assertEquals(new ServiceAddress("198.51.100.1", 80), plain.bestAddress(true));
    assertEquals(new ServiceAddress("10.0.0.7", 80), own.bestAddress(false));
    assertEquals(new ServiceAddress("203.0.113.7", 443), own.bestAddress(true));
  }
}
