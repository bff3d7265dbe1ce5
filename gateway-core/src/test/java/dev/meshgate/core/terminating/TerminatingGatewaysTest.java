package dev.meshgate.core.terminating;

import static dev.meshgate.core.terminating.Fixtures.TD1;
import static dev.meshgate.core.terminating.Fixtures.TD1_TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.HealthStatus;
import dev.meshgate.core.catalog.Node;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.catalog.ServiceKind;
import dev.meshgate.core.catalog.ServiceName;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TerminatingGatewaysTest {
  private static final Node GW2_NODE = Node.agent("gw2-node", "dc1", "10.0.0.31");

  private static CatalogSnapshot catalog() {
    CatalogSnapshot.Builder b = Fixtures.vector9Catalog().toBuilder();
    b.register(ServiceInstance.builder(GW2_NODE, "tgw2").id("tgw2-a").kind(ServiceKind.TERMINATING_GATEWAY).build());
    b.register(ServiceInstance.builder(GW2_NODE, "tgw2").id("tgw2-b").kind(ServiceKind.TERMINATING_GATEWAY)
        .health(HealthStatus.CRITICAL).build());
    return b.build();
  }

  private static final TerminatingGateways GATEWAYS = TerminatingGateways.of(List.of(
      TerminatingGatewayEntry.builder("tgw").service("api").build(),
      TerminatingGatewayEntry.builder("tgw2").services(LinkedService.builder("*").caFile("/ca.pem").build()).build()));

  private static List<String> answer(ServiceName service, boolean onlyPassing) {
    return GATEWAYS.healthConnect(catalog(), "dc1", service, onlyPassing, TD1).stream()
        .map(e -> e.via() + " " + e.instance().id() + " " + e.sni().value())
        .toList();
  }

  @Test
  void aLinkedServiceIsReachedThroughEveryGatewayThatLinksIt() {
    assertEquals(List.of(
            "TERMINATING_GATEWAY tgw api.default.dc1.internal." + TD1_TEXT,
            "TERMINATING_GATEWAY tgw2-a api.default.dc1.internal." + TD1_TEXT,
            "TERMINATING_GATEWAY tgw2-b api.default.dc1.internal." + TD1_TEXT),
        answer(ServiceName.of("api"), false));
  }

  @Test
  void sidecarsAndNativesComeFirstAndPassingFiltersEveryAnswer() {
    assertEquals(List.of(
            "CONNECT_PROXY web-1-proxy web.default.dc1.internal." + TD1_TEXT,
            "TERMINATING_GATEWAY tgw2-a web.default.dc1.internal." + TD1_TEXT),
        answer(ServiceName.of("web"), true));
    assertEquals(List.of("CONNECT_NATIVE legacy-1 legacy.default.dc1.internal." + TD1_TEXT),
        answer(ServiceName.of("legacy"), false));
    assertEquals(List.of(), answer(ServiceName.of("consul"), false));
  }

  @Test
  void gatewaysForAgreesWithEachGatewaysRows() {
    CatalogSnapshot c = catalog();
    for (ServiceName s : List.of(ServiceName.of("api"), ServiceName.of("db"), ServiceName.of("legacy"))) {
      List<ServiceName> viaRows = GATEWAYS.entries().stream()
          .filter(e -> TerminatingGateways.gatewayServices(e, c, "dc1").stream()
              .anyMatch(r -> !r.isWildcardTemplate() && r.service().matches(s)))
          .map(TerminatingGatewayEntry::gateway).toList();
      assertEquals(viaRows, GATEWAYS.gatewaysFor(s, c, "dc1").stream().map(GatewayService::gateway).toList(),
          s.toString());
    }
  }

  @Test
  void holdsOneEntryPerGateway() {
    TerminatingGatewayEntry a = TerminatingGatewayEntry.builder("tgw").service("api").build();
    assertEquals("entries: two entries for gateway \"tgw\" (expected: one per gateway)",
        assertThrows(IllegalArgumentException.class, () -> TerminatingGateways.of(List.of(a, a))).getMessage());
    TerminatingGateways one = TerminatingGateways.empty().with(a);
    assertEquals(Optional.of(a), one.entry(ServiceName.of("TGW")));
    assertEquals(Optional.empty(), one.without(ServiceName.of("tgw")).entry(ServiceName.of("tgw")));
  }
}
