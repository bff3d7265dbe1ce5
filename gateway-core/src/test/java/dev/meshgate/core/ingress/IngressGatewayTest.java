package dev.meshgate.core.ingress;

import static dev.meshgate.core.ingress.IngressFixtures.TD;
import static dev.meshgate.core.ingress.IngressFixtures.entry;
import static dev.meshgate.core.ingress.IngressFixtures.listener;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshgate.core.FailingCatalogSource;
import dev.meshgate.core.catalog.Catalog;
import dev.meshgate.core.catalog.Node;
import dev.meshgate.core.catalog.ServiceInstance;
import java.util.List;
import org.junit.jupiter.api.Test;

class IngressGatewayTest {
  private static final Node NODE = Node.agent("n1", "dc1", "10.0.0.1");

  @Test
  void followsTheCatalogAndEntryUpdates() {
    Catalog catalog = new Catalog();
    try (IngressGateway gateway = IngressGateway.builder().entry(entry(listener(5432, "tcp", IngressService.of("db"))))
        .datacenter("dc1").trustDomain(TD).catalog(catalog).build()) {
      Route db = assertInstanceOf(Route.class, gateway.route(5432, null, null));
      assertEquals(List.of(), db.upstream().endpoints());
      catalog.register(ServiceInstance.builder(NODE, "db-sidecar-proxy").connectProxyFor("db").port(21000).build());
      Route now = assertInstanceOf(Route.class, gateway.route(5432, null, null));
      assertEquals(1, now.upstream().endpoints().size());
      gateway.update(entry(listener(6543, "tcp", IngressService.of("db"))));
      assertSame(Reject.NO_LISTENER, gateway.route(5432, null, null));
      assertInstanceOf(Route.class, gateway.route(6543, null, null));
      assertEquals(6543, gateway.router().entry().listeners().get(0).port());
    }
  }

  @Test
  void refusesAnotherGatewaysEntryAndMissingSettings() {
    try (IngressGateway gateway = IngressGateway.builder().entry(entry(listener(1, "tcp", IngressService.of("db"))))
        .datacenter("dc1").trustDomain(TD).catalog(new Catalog()).build()) {
      IngressGatewayEntry other = IngressGatewayEntry.builder("other")
          .listeners(listener(1, "tcp", IngressService.of("db"))).build();
      assertEquals("entry: \"other\" (expected: the entry of gateway \"ingress\")",
          assertThrows(IllegalArgumentException.class, () -> gateway.update(other)).getMessage());
    }
    assertEquals("entry is required", assertThrows(IllegalStateException.class,
        () -> IngressGateway.builder().datacenter("dc1").build()).getMessage());
    assertEquals("catalog is required", assertThrows(IllegalStateException.class,
        () -> IngressGateway.builder().entry(entry(listener(1, "tcp", IngressService.of("db")))).datacenter("dc1")
            .trustDomain(TD).build()).getMessage());
  }

  @Test
  void aFailedUpdateKeepsTheOldEntryAndRouterForLaterRebuilds() {
    Catalog catalog = new Catalog();
    FailingCatalogSource source = new FailingCatalogSource(catalog);
    try (IngressGateway gateway = IngressGateway.builder().entry(entry(listener(5432, "tcp", IngressService.of("db"))))
        .datacenter("dc1").trustDomain(TD).catalog(source).build()) {
      IngressGatewayEntry moved = entry(listener(6543, "tcp", IngressService.of("db")));
      source.failing(true);
      assertEquals("catalog unavailable",
          assertThrows(IllegalStateException.class, () -> gateway.update(moved)).getMessage());
      source.failing(false);
      assertInstanceOf(Route.class, gateway.route(5432, null, null));
      catalog.register(ServiceInstance.builder(NODE, "db-sidecar-proxy").connectProxyFor("db").port(21000).build());
      Route db = assertInstanceOf(Route.class, gateway.route(5432, null, null), "rebuilt with the old entry");
      assertEquals(1, db.upstream().endpoints().size());
      assertSame(Reject.NO_LISTENER, gateway.route(6543, null, null));
      assertEquals(5432, gateway.router().entry().listeners().get(0).port());
      gateway.update(moved);
      assertInstanceOf(Route.class, gateway.route(6543, null, null));
      assertSame(Reject.NO_LISTENER, gateway.route(5432, null, null));
    }
  }
}
