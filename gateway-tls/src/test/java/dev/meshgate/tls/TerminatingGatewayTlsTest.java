package dev.meshgate.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshgate.core.catalog.Catalog;
import dev.meshgate.core.catalog.Node;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.naming.SpiffeId;
import dev.meshgate.core.naming.TrustDomain;
import dev.meshgate.core.terminating.LinkedService;
import dev.meshgate.core.terminating.TerminatingGateway;
import dev.meshgate.core.terminating.TerminatingGatewayEntry;
import dev.meshgate.testkit.TestCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerminatingGatewayTlsTest {
  static final TrustDomain TD = new TrustDomain("5fcd4b81-a2ca-405a-ac62-0fac602c1949.consul");
  static final TestCa MESH = TestCa.forTrustDomain(TD);
  static final TestCa UPSTREAM = TestCa.named("upstream CA");

  @TempDir Path dir;

  /** A leaf source that issues from the test CA and records whom it was asked for. */
  static final class Recording implements LeafSource {
    final List<String> asked = new ArrayList<>();
    final Set<String> failing = new java.util.HashSet<>();

    @Override
    public KeyMaterial leaf(SpiffeId.Service service) {
      asked.add(service.service());
      if (failing.contains(service.service())) {
        throw new IllegalStateException("no leaf issued for " + service.service());
      }
      return TestMaterial.key(MESH.leaf(service));
    }
  }

  private static ServiceInstance external(String service) {
    return ServiceInstance.builder(Node.external(service + "-ext", "dc1", "10.0.0.9"), service).port(443).build();
  }

  private static String sni(String service) {
    return service + ".default.dc1.internal." + TD.value();
  }

  private static TerminatingGateway gateway(Catalog catalog, TerminatingGatewayEntry entry) {
    return TerminatingGateway.builder().name("tgw").datacenter("dc1").trustDomain(TD).catalog(catalog).entry(entry)
        .build();
  }

  private static TerminatingGatewayEntry linking(String... services) {
    TerminatingGatewayEntry.Builder b = TerminatingGatewayEntry.builder("tgw");
    for (String s : services) {
      b.service(s);
    }
    return b.build();
  }

  @Test
  void servesTheLeafOfEveryRoutedServiceAndFollowsLinksAsTheyComeAndGo() {
    Catalog catalog = new Catalog();
    catalog.register(external("api"));
    Recording leaves = new Recording();
    try (TerminatingGateway gw = gateway(catalog, linking("api", "db"));
        TerminatingGatewayTls tls = TerminatingGatewayTls.follow(gw, TlsContexts.builder().build(),
            TestMaterial.roots(MESH), leaves)) {
      assertEquals(List.of(sni("api")), tls.servedNames());
      catalog.register(external("db"));
      assertEquals(List.of(sni("api"), sni("db")), tls.servedNames());
      gw.update(linking("db"));
      assertEquals(List.of(sni("db")), tls.servedNames());
      assertEquals(List.of("api", "db"), leaves.asked, "a served service's leaf is not asked for again");
    }
  }

  @Test
  void aServiceWithoutALeafIsNotServedWhileTheOthersAreAndARefreshKeepsAGoodLeaf() {
    Catalog catalog = new Catalog();
    catalog.register(external("api"));
    catalog.register(external("db"));
    Recording leaves = new Recording();
    leaves.failing.add("db");
    try (TerminatingGateway gw = gateway(catalog, linking("api", "db"));
        TerminatingGatewayTls tls = TerminatingGatewayTls.follow(gw, TlsContexts.builder().build(),
            TestMaterial.roots(MESH), leaves)) {
      assertEquals(List.of(sni("api")), tls.servedNames());
      leaves.failing.clear();
      leaves.failing.add("api");
      tls.refreshLeaves();
      assertEquals(List.of(sni("api"), sni("db")), tls.servedNames(), "api keeps its leaf, db gets one");
    }
  }

  @Test
  void loadsATlsModeWhenItsRouteAppearsNotOnTheFirstConnection() throws Exception {
    Path ca = UPSTREAM.writeRoot(dir.resolve("api-ca.pem"));
    Catalog catalog = new Catalog();
    catalog.register(external("api"));
    TerminatingGatewayEntry entry = TerminatingGatewayEntry.builder("tgw")
        .services(LinkedService.builder("api").caFile(ca.toString()).build()).build();
    try (TerminatingGateway gw = gateway(catalog, entry);
        TerminatingGatewayTls tls = TerminatingGatewayTls.follow(gw, TlsContexts.builder().build(),
            TestMaterial.roots(MESH), new Recording())) {
      Files.delete(ca); // read when the route appeared: the connection path reads no file
      assertInstanceOf(OriginationContext.class, tls.origination(gw.table().routes().get(0)));
    }
  }

  @Test
  void aBrokenTlsModeIsReportedToItsConnectionsAndDoesNotStopTheFollower() {
    Catalog catalog = new Catalog();
    catalog.register(external("api"));
    catalog.register(external("db"));
    TerminatingGatewayEntry entry = TerminatingGatewayEntry.builder("tgw")
        .services(LinkedService.builder("api").caFile(dir.resolve("missing.pem").toString()).build(),
            LinkedService.of("db"))
        .build();
    try (TerminatingGateway gw = gateway(catalog, entry);
        TerminatingGatewayTls tls = TerminatingGatewayTls.follow(gw, TlsContexts.builder().build(),
            TestMaterial.roots(MESH), new Recording())) {
      assertEquals(List.of(sni("api"), sni("db")), tls.servedNames());
      assertThrows(TlsMaterialException.class, () -> tls.origination(gw.table().find(sni("api")).orElseThrow()));
      assertInstanceOf(Origination.Plaintext.class, tls.origination(gw.table().find(sni("db")).orElseThrow()));
    }
  }

  @Test
  void refusesMissingArgumentsByName() {
    Catalog catalog = new Catalog();
    try (TerminatingGateway gw = gateway(catalog, linking("api"))) {
      NullPointerException e = assertThrows(NullPointerException.class,
          () -> TerminatingGatewayTls.follow(gw, TlsContexts.builder().build(), TestMaterial.roots(MESH), null));
      assertEquals("leaves", e.getMessage());
    }
  }
}
