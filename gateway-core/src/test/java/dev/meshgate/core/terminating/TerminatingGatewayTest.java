package dev.meshgate.core.terminating;

import static dev.meshgate.core.routing.Decisions.routed;
import static dev.meshgate.core.terminating.Fixtures.TD1;
import static dev.meshgate.core.terminating.Fixtures.sni;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshgate.core.FailingCatalogSource;
import dev.meshgate.core.catalog.Catalog;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.catalog.ServiceKind;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.routing.SniDecision;
import dev.meshgate.core.routing.Subscription;
import dev.meshgate.core.routing.TableListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TerminatingGatewayTest {
  private static final TerminatingGatewayEntry ENTRY =
      TerminatingGatewayEntry.builder("tgw").services(LinkedService.builder("*").caFile("/ca.pem").build()).build();

  private static TerminatingGateway gateway(Catalog catalog, TerminatingGatewayEntry entry) {
    TerminatingGateway.Builder b = TerminatingGateway.builder().name("tgw").datacenter("dc1").trustDomain(TD1)
        .catalog(catalog);
    if (entry != null) {
      b.entry(entry);
    }
    return b.build();
  }

  @Test
  void followsRegistrationsAndDeregistrations() {
    Catalog catalog = new Catalog();
    try (TerminatingGateway gw = gateway(catalog, ENTRY)) {
      assertSame(SniDecision.unknownSni(), gw.route(sni("api")));
      catalog.register(Fixtures.plain("api", "api-1"));
      Route api = routed(gw.route(sni("api")));
      assertEquals("/ca.pem", ((TlsMode.OneWay) api.tls()).caFile());
      assertEquals(1, gw.table().catalogVersion());
      catalog.deregister("dc1", "", "ext-node", "api-1");
      assertSame(SniDecision.unknownSni(), gw.route(sni("api")));
    }
  }

  @Test
  void appliesNewEntriesAndRejectsEverythingWithoutOne() {
    Catalog catalog = new Catalog(Fixtures.vector9Catalog());
    try (TerminatingGateway gw = gateway(catalog, null)) {
      assertSame(SniDecision.unknownSni(), gw.route(sni("api")));
      gw.update(TerminatingGatewayEntry.builder("tgw").service("api").build());
      RouteTable before = gw.table();
      routed(gw.route(sni("api")));
      gw.update(ENTRY);
      assertNotSame(before, gw.table());
      routed(gw.route(sni("db")));
      gw.removeEntry();
      assertSame(SniDecision.unknownSni(), gw.route(sni("db")));
    }
  }

  @Test
  void listenersHearEveryNewTableInOrderOnceItServes() {
    Catalog catalog = new Catalog();
    try (TerminatingGateway gw = gateway(catalog, ENTRY)) {
      List<String> heard = new ArrayList<>();
      gw.subscribe((before, after) -> {
        assertSame(after, gw.table(), "the new table serves before listeners hear of it");
        heard.add(before.routes().size() + "->" + after.routes().size());
      });
      catalog.register(Fixtures.plain("api", "api-1"));
      gw.update(TerminatingGatewayEntry.builder("tgw").service("api").service("db").build());
      gw.removeEntry();
      assertEquals(List.of("0->1", "1->1", "1->0"), heard);
    }
  }

  @Test
  void aFailingListenerNeitherStopsTheOthersNorTheGateway() {
    Catalog catalog = new Catalog();
    try (TerminatingGateway gw = gateway(catalog, ENTRY)) {
      List<RouteTable> heard = new ArrayList<>();
      gw.subscribe((before, after) -> {
        throw new IllegalStateException("listener bug");
      });
      gw.subscribe((before, after) -> heard.add(after));
      catalog.register(Fixtures.plain("api", "api-1"));
      routed(gw.route(sni("api")));
      assertEquals(List.of(gw.table()), heard);
    }
  }

  @Test
  void aClosedSubscriptionHearsNothingMoreAndClosingTwiceIsHarmless() {
    Catalog catalog = new Catalog();
    try (TerminatingGateway gw = gateway(catalog, ENTRY)) {
      List<RouteTable> first = new ArrayList<>();
      List<RouteTable> second = new ArrayList<>();
      TableListener<RouteTable> same = (before, after) -> first.add(after);
      Subscription a = gw.subscribe(same);
      gw.subscribe(same);
      gw.subscribe((before, after) -> second.add(after));
      a.close();
      a.close();
      catalog.register(Fixtures.plain("api", "api-1"));
      assertEquals(1, first.size(), "the second registration of the same listener still hears");
      assertEquals(1, second.size());
    }
  }

  /**
   * Consul decides a wildcard link in three places (the entry write, a registration, a
   * deregistration's cleanup) with one predicate: the service has an instance of its own name that
   * is neither Connect-native nor a proxy. Sidecars carry their own name, so a service registered
   * only through a sidecar or only as Connect-native is never linked, whichever came first.
   */
  @Test
  void aWildcardLinksNoServiceWhoseOnlyInstancesAreSidecarsOrConnectNativeInEitherWriteOrder() {
    ServiceInstance nativeOnly = ServiceInstance.builder(Fixtures.APP_NODE, "legacy").id("legacy-1")
        .kind(ServiceKind.CONNECT_NATIVE).build();
    ServiceInstance sidecarOnly = ServiceInstance.builder(Fixtures.APP_NODE, "orphan-sidecar-proxy")
        .id("orphan-proxy").port(21000).connectProxyFor("orphan").build();
    ServiceInstance plainLegacy = Fixtures.plain("legacy", "legacy-2");
    for (boolean entryFirst : new boolean[] {true, false}) {
      Catalog catalog = new Catalog();
      try (TerminatingGateway gw = gateway(catalog, entryFirst ? ENTRY : null)) {
        catalog.register(nativeOnly);
        catalog.register(sidecarOnly);
        if (!entryFirst) {
          gw.update(ENTRY);
        }
        assertEquals(List.of("*"), gw.table().gatewayServices().stream().map(r -> r.service().name()).toList(),
            "entry first: " + entryFirst);
        assertSame(SniDecision.unknownSni(), gw.route(sni("legacy")));
        assertSame(SniDecision.unknownSni(), gw.route(sni("orphan")));

        catalog.register(plainLegacy); // an instance that is neither native nor a proxy links it
        routed(gw.route(sni("legacy")));
        catalog.deregister("dc1", "", plainLegacy.node().name(), plainLegacy.id()); // and its removal unlinks it
        assertSame(SniDecision.unknownSni(), gw.route(sni("legacy")));
      }
    }
  }

  @Test
  void stopsFollowingTheCatalogWhenClosed() {
    Catalog catalog = new Catalog();
    TerminatingGateway gw = gateway(catalog, ENTRY);
    gw.close();
    catalog.register(Fixtures.plain("api", "api-1"));
    assertSame(SniDecision.unknownSni(), gw.route(sni("api")));
  }

  @Test
  void refusesAnotherGatewaysEntry() {
    Catalog catalog = new Catalog();
    TerminatingGatewayEntry other = TerminatingGatewayEntry.builder("other").service("api").build();
    assertEquals("entry: \"other\" (expected: the entry of gateway \"tgw\")",
        assertThrows(IllegalArgumentException.class, () -> gateway(catalog, other)).getMessage());
    try (TerminatingGateway gw = gateway(catalog, null)) {
      assertThrows(IllegalArgumentException.class, () -> gw.update(other));
    }
  }

  @Test
  void requiresItsIdentityAndCatalog() {
    assertEquals("catalog is required", assertThrows(IllegalStateException.class,
        () -> TerminatingGateway.builder().name("tgw").datacenter("dc1").trustDomain(TD1).build()).getMessage());
    assertEquals("name was already set to " + ServiceName.of("tgw"), assertThrows(IllegalStateException.class,
        () -> TerminatingGateway.builder().name("tgw").name("x")).getMessage());
  }

  @Test
  void routesByBytesWithTheCurrentTable() {
    Catalog catalog = new Catalog(Fixtures.vector9Catalog());
    try (TerminatingGateway gw = gateway(catalog, ENTRY)) {
      byte[] name = sni("db").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      assertSame(gw.table().route(sni("db")), gw.route(name, 0, name.length));
    }
  }

  @Test
  void aFailedUpdateKeepsTheOldEntryAndTableForLaterRebuilds() {
    Catalog catalog = new Catalog(Fixtures.vector9Catalog());
    FailingCatalogSource source = new FailingCatalogSource(catalog);
    try (TerminatingGateway gw = TerminatingGateway.builder().name("tgw").datacenter("dc1").trustDomain(TD1)
        .catalog(source).entry(TerminatingGatewayEntry.builder("tgw").service("api").build()).build()) {
      source.failing(true);
      assertEquals("catalog unavailable",
          assertThrows(IllegalStateException.class, () -> gw.update(ENTRY)).getMessage());
      assertEquals("catalog unavailable", assertThrows(IllegalStateException.class, gw::removeEntry).getMessage());
      source.failing(false);
      catalog.register(Fixtures.plain("cache", "cache-1"));
      routed(gw.route(sni("api")), "rebuilt with the old entry");
      assertSame(SniDecision.unknownSni(), gw.route(sni("db")));
      assertSame(SniDecision.unknownSni(), gw.route(sni("cache")));
      gw.update(ENTRY);
      routed(gw.route(sni("db")));
      routed(gw.route(sni("cache")));
    }
  }

  @Test
  void aSettingFirstSetToNullCannotBeSetAgain() {
    TerminatingGateway.Builder b = TerminatingGateway.builder().entry(null);
    assertEquals("entry was already set to null",
        assertThrows(IllegalStateException.class, () -> b.entry(ENTRY)).getMessage());
    LinkedService.Builder link = LinkedService.builder("api").caFile(null);
    assertEquals("CAFile was already set to null",
        assertThrows(IllegalStateException.class, () -> link.caFile("/ca.pem")).getMessage());
  }
}
