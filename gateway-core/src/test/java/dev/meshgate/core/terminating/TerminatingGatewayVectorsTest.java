package dev.meshgate.core.terminating;

import static dev.meshgate.core.routing.Decisions.routed;
import static dev.meshgate.core.terminating.Fixtures.TD1;
import static dev.meshgate.core.terminating.Fixtures.TD1_TEXT;
import static dev.meshgate.core.terminating.Fixtures.sni;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.Endpoint;
import dev.meshgate.core.catalog.Node;
import dev.meshgate.core.catalog.ServiceDefaults;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.catalog.ServiceResolver;
import dev.meshgate.core.config.InvalidConfigEntryException;
import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.naming.SpiffeId;
import dev.meshgate.core.routing.SniDecision;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 19 terminating-gateway vectors of spec §3.6. Envoy-listener vectors are checked on the route
 * table: a filter chain is a route with the same server name, the catch-all chain is a rejection.
 */
class TerminatingGatewayVectorsTest {
  private static Arguments vector(int number, String description, Executable check) {
    return Arguments.of(number, description, check);
  }

  private static List<String> errors(LinkedService... services) {
    return assertThrows(InvalidConfigEntryException.class,
        () -> TerminatingGatewayEntry.builder("tgw").services(services).build()).errors();
  }

  private static TerminatingGatewayEntry entry(LinkedService... services) {
    return TerminatingGatewayEntry.builder("tgw").services(services).build();
  }

  private static Map<String, GatewayService> rowsByName(TerminatingGatewayEntry entry, CatalogSnapshot catalog) {
    Map<String, GatewayService> rows = new LinkedHashMap<>();
    for (GatewayService row : TerminatingGateways.gatewayServices(entry, catalog, "dc1")) {
      rows.put(row.service().name(), row);
    }
    return rows;
  }

  private static void assertVector9Rows(TerminatingGatewayEntry entry) {
    Map<String, GatewayService> rows = rowsByName(entry, Fixtures.vector9Catalog());
    assertEquals(List.of("api", "db", "web", "*"), List.copyOf(rows.keySet()));
    assertEquals(TlsMode.none(), rows.get("api").tlsMode());
    assertFalse(rows.get("api").fromWildcard());
    for (String wildcard : List.of("db", "web")) {
      assertEquals(new TlsMode.OneWay("ca.pem", Optional.empty()), rows.get(wildcard).tlsMode(), wildcard);
      assertTrue(rows.get(wildcard).fromWildcard(), wildcard);
    }
    assertTrue(rows.get("*").isWildcardTemplate());
    assertEquals("ca.pem", rows.get("*").tls().caFile());
  }

  private static final LinkedService WILDCARD_CA = LinkedService.builder("*").caFile("ca.pem").build();

  private static CatalogSnapshot withRegistration(CatalogSnapshot base, ServiceInstance instance) {
    CatalogSnapshot.Builder b = base.toBuilder();
    b.register(instance);
    return b.build();
  }

  private static RouteTable table(CatalogSnapshot catalog, LinkedService... services) {
    return RouteTable.build(entry(services), catalog, "dc1", TD1);
  }

  static Stream<Arguments> vectors() {
    return Stream.of(
        vector(1, "the same service twice is an error", () -> assertEquals(
            List.of("Service \"foo\" was specified more than once within a namespace"),
            errors(LinkedService.of("foo"), LinkedService.of("foo")))),
        vector(2, "a blank service name is an error", () -> assertEquals(
            List.of("Service name cannot be blank."), errors(LinkedService.of("")))),
        vector(3, "CertFile without CAFile and KeyFile is an error", () -> assertEquals(
            List.of("Service \"web\" must have a CertFile, CAFile, and KeyFile specified for TLS origination"),
            errors(LinkedService.builder("web").certFile("/etc/client.crt").build()))),
        vector(4, "KeyFile alone is the same error", () -> assertEquals(
            List.of("Service \"web\" must have a CertFile, CAFile, and KeyFile specified for TLS origination"),
            errors(LinkedService.builder("web").keyFile("/etc/tls.key").build()))),
        vector(5, "all three files mean mutual TLS", () -> {
          TerminatingGatewayEntry e = entry(LinkedService.builder("web").caFile("/etc/ca.crt")
              .certFile("/etc/client.crt").keyFile("/etc/tls.key").build());
          assertEquals(new TlsMode.Mutual("/etc/ca.crt", "/etc/client.crt", "/etc/tls.key", Optional.empty()),
              e.services().get(0).tls().mode());
        }),
        vector(6, "CAFile alone is one-way TLS, with Consul's SNI warning", () -> {
          TerminatingGatewayEntry e = entry(LinkedService.builder("web").caFile("/etc/ca.crt").build());
          assertEquals(new TlsMode.OneWay("/etc/ca.crt", Optional.empty()), e.services().get(0).tls().mode());
          assertEquals(List.of("TLS is configured but SNI is not set for service \"web\". Enabling SNI is strongly"
              + " recommended when using TLS."), e.warnings());
        }),
        vector(7, "CAFile with SNI: one-way TLS sending and checking that name, no warning", () -> {
          TerminatingGatewayEntry e = entry(
              LinkedService.builder("web").caFile("/etc/ca.crt").sni("web.example.com").build());
          assertEquals(new TlsMode.OneWay("/etc/ca.crt", Optional.of("web.example.com")),
              e.services().get(0).tls().mode());
          assertEquals(List.of(), e.warnings());
        }),
        vector(8, "a wildcard namespace is an error", () -> assertEquals(
            List.of("Wildcard namespace is not supported for terminating gateway services"),
            errors(LinkedService.builder("web").namespace("*").build()))),
        vector(9, "* with CAFile plus explicit api: api plain, db and web from *, legacy and consul absent",
            () -> assertVector9Rows(entry(WILDCARD_CA, LinkedService.of("api")))),
        vector(10, "the same rows with * after api",
            () -> assertVector9Rows(entry(LinkedService.of("api"), WILDCARD_CA))),
        vector(11, "a newly registered plain service gets a wildcard row", () -> {
          CatalogSnapshot catalog = withRegistration(Fixtures.vector9Catalog(), Fixtures.plain("cache", "cache-1"));
          GatewayService cache = rowsByName(entry(WILDCARD_CA, LinkedService.of("api")), catalog).get("cache");
          assertEquals("ca.pem", cache.tls().caFile());
          assertTrue(cache.fromWildcard());
        }),
        vector(12, "deregistering the last instance drops a wildcard row but keeps an explicit one", () -> {
          CatalogSnapshot.Builder b = withRegistration(Fixtures.vector9Catalog(), Fixtures.plain("cache", "cache-1"))
              .toBuilder();
          assertTrue(b.deregister("dc1", "", "ext-node", "cache-1"));
          assertTrue(b.deregister("dc1", "", "ext-node", "api-1"));
          Map<String, GatewayService> rows = rowsByName(entry(WILDCARD_CA, LinkedService.of("api")), b.build());
          assertFalse(rows.containsKey("cache"));
          assertEquals(GatewayService.Kind.UNKNOWN, rows.get("api").serviceKind());
          assertFalse(rows.get("api").fromWildcard());
        }),
        vector(13, "tcp api with subsets v1 and v2: three sorted chains, then the catch-all", () -> {
          CatalogSnapshot catalog = Fixtures.vector9Catalog().toBuilder()
              .resolver(ServiceResolver.builder(ServiceName.of("api"))
                  .subset("v2", "Service.Meta.version == v2", false)
                  .subset("v1", "Service.Meta.version == v1", false).build())
              .build();
          RouteTable t = table(catalog, LinkedService.of("api"));
          assertEquals(List.of(sni("api"), "v1." + sni("api"), "v2." + sni("api")),
              t.routes().stream().map(Route::sni).toList());
          for (Route r : t.routes()) {
            assertEquals(Protocol.TCP, r.protocol());
            assertSame(r, t.route(r.sni()).routeOrNull());
          }
          assertSame(SniDecision.unknownSni(), t.route("v3." + sni("api")));
        }),
        vector(14, "http web: an L7 route for the same name with host rewrite", () -> {
          CatalogSnapshot catalog = Fixtures.vector9Catalog().toBuilder()
              .serviceDefaults(ServiceDefaults.builder(ServiceName.of("web")).protocol(Protocol.HTTP).build())
              .build();
          Route web = routed(table(catalog, LinkedService.of("web")).route(sni("web")));
          assertEquals(Protocol.HTTP, web.protocol());
          assertTrue(web.autoHostRewrite());
          assertEquals(List.of("web-1"), web.endpoints().stream().map(e -> e.instance().orElseThrow().id()).toList());
        }),
        vector(15, "an unknown SNI hits the catch-all and is closed", () -> assertSame(SniDecision.unknownSni(),
            table(Fixtures.vector9Catalog(), LinkedService.of("api")).route("unknown.default.dc1.internal." + TD1_TEXT))),
        vector(16, "a linked service with zero instances has no chain", () -> {
          RouteTable t = table(Fixtures.vector9Catalog(), LinkedService.of("ghost"));
          assertEquals(List.of(), t.routes());
          assertSame(SniDecision.unknownSni(), t.route(sni("ghost")));
        }),
        vector(17, "a host-name endpoint is resolved by DNS", () -> {
          CatalogSnapshot catalog = withRegistration(Fixtures.vector9Catalog(),
              ServiceInstance.builder(Node.external("ext-dns", "dc1", "api.example.com"), "ext").port(443).build());
          Route ext = routed(table(catalog, LinkedService.of("ext")).route(sni("ext")));
          assertTrue(ext.resolvesByDns());
          assertEquals(new Endpoint("api.example.com", 443, true, true, 1, ext.endpoints().get(0).instance()),
              ext.endpoints().get(0));
        }),
        vector(18, "the chain for api terminates as api, whose intentions decide (intentions engine not here)", () -> {
          Route api = routed(table(Fixtures.vector9Catalog(), LinkedService.of("api")).route(sni("api")));
          assertEquals(SpiffeId.Service.of(TD1, "default", "dc1", "api"), api.identity());
          assertEquals("spiffe://" + TD1_TEXT + "/ns/default/dc/dc1/svc/api", api.identity().uri());
        }),
        vector(19, "a gateway in partition part1 accepts the internal-v1 name", () -> {
          Node node = Node.external("ext-p1", "dc1", "10.2.0.1").withPartition("part1");
          CatalogSnapshot catalog = withRegistration(CatalogSnapshot.empty(),
              ServiceInstance.builder(node, "api").port(443).build());
          TerminatingGatewayEntry e = TerminatingGatewayEntry.builder("tgw").partition("part1")
              .services(LinkedService.builder("api").namespace("default").build()).build();
          RouteTable t = RouteTable.build(e, catalog, "dc1", TD1);
          assertEquals(List.of("api.default.part1.dc1.internal-v1." + TD1_TEXT),
              t.routes().stream().map(Route::sni).toList());
        }));
  }

  @ParameterizedTest(name = "vector {0}: {1}")
  @MethodSource("vectors")
  void satisfiesTerminatingGatewayVector(int number, String description, Executable check) throws Throwable {
    check.execute();
  }
}
