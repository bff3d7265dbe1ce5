package dev.meshgate.core.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceInstanceTest {
  private static final Node NODE = Node.agent("n", "dc1", "10.0.0.1");

  @Test
  void defaultsFollowConsul() {
    ServiceInstance i = ServiceInstance.builder(NODE, "web").build();
    assertEquals("web", i.id());
    assertEquals("default", i.namespace());
    assertEquals(ServiceKind.TYPICAL, i.kind());
    assertEquals(Weights.DEFAULT, i.weights());
    assertEquals(HealthStatus.PASSING, i.health());
    assertEquals(List.of(), i.tags());
    assertEquals(new ServiceName("web", "default", "default"), i.serviceName());
  }

  @Test
  void eachSettingCanBeSetOnceAndTheMessageQuotesTheEarlierValue() {
    ServiceInstance.Builder b = ServiceInstance.builder(NODE, "web").address("10.0.0.2").port(80);
    assertEquals("address was already set to \"10.0.0.2\"",
        assertThrows(IllegalStateException.class, () -> b.address("10.0.0.3")).getMessage());
    assertEquals("port was already set to 80", assertThrows(IllegalStateException.class, () -> b.port(81)).getMessage());
    b.kind(ServiceKind.MESH_GATEWAY);
    assertEquals("kind was already set to MESH_GATEWAY",
        assertThrows(IllegalStateException.class, () -> b.connectProxyFor("web")).getMessage());
  }

  @Test
  void buildLeavesTheBuilderReusable() {
    ServiceInstance.Builder b = ServiceInstance.builder(NODE, "web").tags("a");
    assertEquals(b.build(), b.build());
  }

  @Test
  void aConnectProxyMustNameTheServiceItFronts() {
    assertEquals("service web proxyDestination: \"\" (expected: the fronted service for a connect-proxy, empty for"
            + " kind CONNECT_PROXY)",
        assertThrows(IllegalArgumentException.class,
            () -> ServiceInstance.builder(NODE, "web").kind(ServiceKind.CONNECT_PROXY).build()).getMessage());
    ServiceInstance proxy = ServiceInstance.builder(NODE, "web-proxy").namespace("ns").connectProxyFor("web").build();
    assertEquals(new ServiceName("web", "ns", "default"), proxy.proxiedService());
    assertEquals("service web is TYPICAL, not a connect-proxy",
        assertThrows(IllegalStateException.class,
            () -> ServiceInstance.builder(NODE, "web").build().proxiedService()).getMessage());
  }

  @Test
  void rejectsPortsOutsideTheTcpRange() {
    assertEquals("service web port: 70000 (expected: 0-65535)",
        assertThrows(IllegalArgumentException.class, () -> ServiceInstance.builder(NODE, "web").port(70000).build())
            .getMessage());
  }

  @Test
  void nodesNeedANameADatacenterAndAnAddress() {
    assertEquals("node n address: \"\" (expected: an IP address or host name)",
        assertThrows(IllegalArgumentException.class, () -> Node.external("n", "dc1", "")).getMessage());
    assertEquals("node name: \"\" (expected: a non-empty name)",
        assertThrows(IllegalArgumentException.class, () -> Node.external("", "dc1", "h")).getMessage());
  }

  @Test
  void collectionsAreCopied() {
    java.util.HashMap<String, String> meta = new java.util.HashMap<>(Map.of("k", "v"));
    ServiceInstance i = ServiceInstance.builder(NODE, "web").meta(meta).build();
    meta.put("x", "y");
    assertEquals(Map.of("k", "v"), i.meta());
  }

  @Test
  void healthAggregatesToTheWorstStatus() {
    assertEquals(HealthStatus.CRITICAL, HealthStatus.WARNING.worse(HealthStatus.CRITICAL));
    assertEquals(HealthStatus.WARNING, HealthStatus.WARNING.worse(HealthStatus.PASSING));
    assertEquals("warning", HealthStatus.WARNING.toString());
  }
}
