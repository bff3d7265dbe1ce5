package dev.meshgate.core.mesh;

import static dev.meshgate.core.mesh.MeshFixtures.TD;
import static dev.meshgate.core.mesh.MeshFixtures.TD_TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.ExportedServices;
import dev.meshgate.core.catalog.HealthStatus;
import dev.meshgate.core.catalog.MeshConfig;
import dev.meshgate.core.catalog.Node;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.catalog.ServiceKind;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.catalog.ServiceResolver;
import dev.meshgate.core.config.MeshGatewayMode;
import dev.meshgate.core.routing.SniDecision;
import dev.meshgate.core.upstream.Caller;
import dev.meshgate.core.upstream.Dial;
import dev.meshgate.core.upstream.MeshUpstreams;
import dev.meshgate.core.upstream.Upstream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The mesh gateway's table against a naive model of Envoy's listener, and the caller's dial invariants. */
class RouteTablePropertiesTest {
  private static final List<String> DCS = List.of("dc1", "dc2", "dc3");
  private static final List<String> PARTITIONS = List.of("default", "part1");
  private static final List<String> SERVICES = List.of("api", "db", "web", "v1.api", "a.b.c", "API");

  record Placement(String kind, String service, String dc, String partition, HealthStatus health) {}

  record Scenario(CatalogSnapshot catalog, MeshGatewaySettings settings, List<String> probes) {}

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<Placement> placement = Combinators.combine(
            Arbitraries.of("gateway", "sidecar", "native", "server"), Arbitraries.of(SERVICES), Arbitraries.of(DCS),
            Arbitraries.of(PARTITIONS), Arbitraries.of(HealthStatus.class))
        .as(Placement::new);
    Arbitrary<List<Placement>> placements = placement.list().ofMaxSize(25);
    Arbitrary<Boolean> flags = Arbitraries.of(true, false);
    Arbitrary<String> probe = Arbitraries.oneOf(
        Combinators.combine(Arbitraries.of(SERVICES), Arbitraries.of("", "v1.", "v2."), Arbitraries.of(DCS),
                Arbitraries.of(PARTITIONS))
            .as((s, subset, dc, ap) -> ap.equals("default")
                ? subset + s + ".default." + dc + ".internal." + TD_TEXT
                : subset + s + ".default." + ap + "." + dc + ".internal-v1." + TD_TEXT),
        Combinators.combine(Arbitraries.of("", "s0.", "s1.", "x."), Arbitraries.of(DCS))
            .as((node, dc) -> node + "server." + dc + ".consul"),
        Arbitraries.of(SERVICES).map(s -> s + ".default.default.peerA.external." + TD_TEXT),
        Arbitraries.of("server.dc1.peering." + TD_TEXT, "dc2.internal." + TD_TEXT, "*.dc2.internal." + TD_TEXT,
            "exported~api.default.dc1.internal." + TD_TEXT, "", ".", "\u00e9.dc2.internal." + TD_TEXT),
        Arbitraries.strings().ofMaxLength(30));
    return Combinators.combine(placements, flags, flags, Arbitraries.of(PARTITIONS), probe.list().ofMaxSize(30))
        .as((ps, wan, peering, gatewayPartition, probes) -> {
          CatalogSnapshot.Builder b = CatalogSnapshot.builder();
          int id = 0;
          for (Placement p : ps) {
            Node node = Node.agent("s" + (id % 3), p.dc(), "10.0.0." + id).withPartition(p.partition());
            ServiceInstance.Builder i = ServiceInstance.builder(node, p.service()).id("i" + id++).port(8000)
                .health(p.health()).meta(Map.of("grpc_tls_port", "8503"));
            switch (p.kind()) {
              case "gateway" -> i.kind(ServiceKind.MESH_GATEWAY);
              case "sidecar" -> i.connectProxyFor(p.service());
              case "native" -> i.kind(ServiceKind.CONNECT_NATIVE);
              default -> { }
            }
            if (p.kind().equals("server")) {
              b.register(ServiceInstance.builder(node, "consul").id("consul" + id).port(8300).build());
            } else {
              b.register(i.build());
            }
          }
          b.resolver(ServiceResolver.builder(ServiceName.of("api")).subset("v1", "", true).build());
          b.meshConfig(new MeshConfig("", peering));
          b.exportedServices(new ExportedServices("", List.of(new ExportedServices.Service("*", "", Set.of("peerA")))));
          MeshGatewaySettings settings =
              new MeshGatewaySettings(new ServiceName("mgw", "", gatewayPartition), "dc1", TD, "consul", wan);
          return new Scenario(b.build(), settings, probes);
        });
  }

  @Property(tries = 300)
  void lookupAgreesWithANaiveEnvoyOrderReference(@ForAll("scenarios") Scenario s) {
    RouteTable table = RouteTable.build(s.settings(), s.catalog());
    for (String probe : s.probes()) {
      SniDecision<Route> expected = naive(table.routes(), probe);
      assertEquals(expected, table.route(probe), probe);
      String variant = probe.toUpperCase(Locale.ROOT) + ".";
      assertEquals(naive(table.routes(), variant), table.route(variant), variant);
      // Keys are ASCII here, so a non-ASCII byte can only sit in a label a wildcard covers, as in chars.
      byte[] latin1 = probe.getBytes(StandardCharsets.ISO_8859_1);
      assertEquals(isLatin1(probe) ? expected : naive(table.routes(), new String(latin1, StandardCharsets.ISO_8859_1)),
          table.route(latin1, 0, latin1.length), probe);
    }
  }

  @Property(tries = 200)
  void dialAlwaysSendsTheTargetsNameAndFollowsTheMode(
      @ForAll("scenarios") Scenario s,
      @ForAll MeshGatewayMode proxy,
      @ForAll MeshGatewayMode upstreamMode,
      @ForAll("dcs") String targetDc) {
    Caller caller = new Caller("dc1", "", proxy);
    Dial dial = MeshUpstreams.dial(s.catalog(), TD, caller,
        Upstream.to(ServiceName.of("db")).inDatacenter(targetDc).withMode(upstreamMode));
    assertEquals("db.default." + targetDc + ".internal." + TD_TEXT, dial.sni());
    assertEquals("spiffe://" + TD_TEXT + "/ns/default/dc/" + targetDc + "/svc/db", dial.identity().uri());
    MeshGatewayMode mode = proxy.overlayWith(upstreamMode);
    assertEquals(mode, dial.mode());
    Dial.Via via = targetDc.equals("dc1") || mode == MeshGatewayMode.NONE || mode == MeshGatewayMode.DEFAULT
        ? Dial.Via.DIRECT
        : mode == MeshGatewayMode.LOCAL ? Dial.Via.LOCAL_GATEWAYS : Dial.Via.REMOTE_GATEWAYS;
    assertEquals(via, dial.via());
    boolean seenUnhealthy = false;
    for (var e : dial.endpoints()) {
      assertNotNull(e.instance().orElseThrow());
      seenUnhealthy |= !e.healthy();
      assertEquals(false, seenUnhealthy && e.healthy(), "healthy endpoints come first");
    }
  }

  @Provide
  Arbitrary<String> dcs() {
    return Arbitraries.of(DCS);
  }

  /**
   * Envoy's listener as plainly as possible: a filter chain with the exact name; else the chain
   * whose {@code *.suffix} is the longest suffix of the name after at least one character; else a
   * cluster whose name is the SNI (the catch-all chain's {@code sni_cluster}); else rejected.
   */
  private static SniDecision<Route> naive(List<Route> routes, String sni) {
    if (sni.isEmpty()) {
      return SniDecision.noSni();
    }
    String name = sni.endsWith(".") ? sni.substring(0, sni.length() - 1) : sni;
    Route best = null;
    for (Route r : routes) {
      if (isChain(r) && !r.serverName().startsWith("*.") && r.serverName().equalsIgnoreCase(name)) {
        return new SniDecision.Routed<>(r);
      }
    }
    for (Route r : routes) {
      if (isChain(r) && r.serverName().startsWith("*.")) {
        String suffix = r.serverName().substring(1).toLowerCase(Locale.ROOT);
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.length() > suffix.length() && lower.endsWith(suffix) && !lower.startsWith(".")
            && (best == null || r.serverName().length() > best.serverName().length())) {
          best = r;
        }
      }
    }
    if (best != null) {
      return new SniDecision.Routed<>(best);
    }
    for (Route r : routes) {
      if (!isChain(r) && r.serverName().equalsIgnoreCase(name)) {
        return new SniDecision.Routed<>(r);
      }
    }
    return SniDecision.unknownSni();
  }

  private static boolean isChain(Route r) {
    return r.kind() != Route.Kind.LOCAL_SERVICE && r.kind() != Route.Kind.LOCAL_SERVERS;
  }

  private static boolean isLatin1(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0xff) {
        return false;
      }
    }
    return true;
  }

}
