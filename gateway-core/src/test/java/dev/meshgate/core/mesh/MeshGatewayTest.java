package dev.meshgate.core.mesh;

import static dev.meshgate.core.mesh.MeshFixtures.TD;
import static dev.meshgate.core.mesh.MeshFixtures.TD_TEXT;
import static dev.meshgate.core.mesh.MeshFixtures.sidecar;
import static dev.meshgate.core.routing.Decisions.routed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshgate.core.catalog.Catalog;
import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.CatalogSource;
import dev.meshgate.core.catalog.HealthStatus;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.routing.SniDecision;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class MeshGatewayTest {
  private static final String WEB = "web.default.dc1.internal." + TD_TEXT;

  @Test
  void followsTheCatalogUntilClosed() {
    Catalog catalog = new Catalog(MeshFixtures.threeDatacenters().build());
    try (MeshGateway gateway = MeshGateway.builder().name("mesh-gateway").datacenter("dc1").trustDomain(TD)
        .catalog(catalog).build()) {
      assertSame(SniDecision.unknownSni(), gateway.route(WEB));
      catalog.register(sidecar("web", "dc1", 1, HealthStatus.PASSING));
      assertEquals(Route.Kind.LOCAL_SERVICE, routed(gateway.route(WEB)).kind());
      byte[] bytes = WEB.getBytes(StandardCharsets.US_ASCII);
      assertSame(gateway.route(WEB), gateway.route(bytes, 0, bytes.length));
      assertEquals(catalog.snapshot().version(), gateway.table().catalogVersion());
      gateway.close();
      catalog.deregister("dc1", "", "web-node1-dc1", "web-proxy-1");
      assertEquals(Route.Kind.LOCAL_SERVICE, routed(gateway.route(WEB)).kind(),
          "a closed gateway keeps its last table");
    }
  }

  @Test
  void defaultsToTheConsulDnsDomainWithoutWanFederation() {
    try (MeshGateway gateway = MeshGateway.builder().name("mgw").datacenter("dc1").trustDomain(TD)
        .catalog(new Catalog()).build()) {
      assertEquals(new MeshGatewaySettings(ServiceName.of("mgw"), "dc1", TD, "consul", false),
          gateway.table().settings());
      assertEquals("MeshGateway[mgw in dc1]", gateway.toString());
    }
  }

  @Test
  void builderNamesMissingSettingsAndRefusesSecondValues() {
    assertEquals("name is required", assertThrows(IllegalStateException.class,
        () -> MeshGateway.builder().datacenter("dc1").build()).getMessage());
    assertEquals("catalog is required", assertThrows(IllegalStateException.class,
        () -> MeshGateway.builder().name("m").datacenter("dc1").trustDomain(TD).build()).getMessage());
    MeshGateway.Builder b = MeshGateway.builder().datacenter("dc1");
    assertEquals("datacenter was already set to \"dc1\"",
        assertThrows(IllegalStateException.class, () -> b.datacenter("dc2")).getMessage());
    MeshGateway.Builder w = MeshGateway.builder().wanFederation(true);
    assertEquals("wanFederation was already set to true",
        assertThrows(IllegalStateException.class, () -> w.wanFederation(false)).getMessage());
  }

  @Test
  void routesANewServiceFromASeparatelyBuiltSnapshotWithTheSameVersion() {
    FullStateSource source = new FullStateSource(MeshFixtures.threeDatacenters().build());
    try (MeshGateway gateway = MeshGateway.builder().name("mesh-gateway").datacenter("dc1").trustDomain(TD)
        .catalog(source).build()) {
      assertSame(SniDecision.unknownSni(), gateway.route(WEB));
      CatalogSnapshot.Builder fullState = MeshFixtures.threeDatacenters();
      fullState.register(sidecar("web", "dc1", 1, HealthStatus.PASSING));
      CatalogSnapshot next = fullState.build();
      assertEquals(source.snapshot().version(), next.version(), "both full states are version 1");
      source.publish(next);
      assertEquals(Route.Kind.LOCAL_SERVICE, routed(gateway.route(WEB)).kind());
    }
  }

  /** A source that publishes full states, each built from scratch, as an embedder's watch would. */
  private static final class FullStateSource implements CatalogSource {
    private final List<Consumer<CatalogSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private volatile CatalogSnapshot current;

    FullStateSource(CatalogSnapshot first) {
      current = first;
    }

    void publish(CatalogSnapshot snapshot) {
      current = snapshot;
      for (Consumer<CatalogSnapshot> listener : listeners) {
        listener.accept(snapshot);
      }
    }

    @Override
    public CatalogSnapshot snapshot() {
      return current;
    }

    @Override
    public Subscription subscribe(Consumer<CatalogSnapshot> listener) {
      listeners.add(listener);
      return () -> listeners.remove(listener);
    }
  }
}
