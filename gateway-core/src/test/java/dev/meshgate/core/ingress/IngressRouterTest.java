package dev.meshgate.core.ingress;

import static dev.meshgate.core.ingress.IngressFixtures.TD;
import static dev.meshgate.core.ingress.IngressFixtures.TD_TEXT;
import static dev.meshgate.core.ingress.IngressFixtures.entry;
import static dev.meshgate.core.ingress.IngressFixtures.listener;
import static dev.meshgate.core.ingress.IngressFixtures.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.ServiceDefaults;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.upstream.Dial;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IngressRouterTest {
  private static final GatewayTls ENABLED = GatewayTls.builder().enabled(true).build();

  private static CatalogSnapshot catalog(Protocol protocol, String... names) {
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    for (String name : names) {
      service(b, name, protocol, true);
    }
    return b.build();
  }

  private static String serviceOf(RouteDecision decision) {
    return decision instanceof Route r ? r.service().name() : decision.toString();
  }

  @ParameterizedTest(name = "Host {0} -> {1}")
  @CsvSource({
    "api.example.com, exact",
    "API.Example.COM:8443, exact",
    "api.example.com., exact",
    "x.api.example.com, suffix-long",
    "x.y.example.com, suffix-short",
    "web.ingress.consul, web",
    "web.ingress.dc1.consul:443, web",
    "anything.else, catch-all",
    "[::1]:8080, catch-all",
  })
  void matchesInEnvoysOrderIgnoringCaseTrailingDotAndAnyPort(String host, String expected) {
    IngressGatewayEntry e = entry(listener(8080, "http",
        IngressService.builder("exact").hosts("api.example.com").build(),
        IngressService.builder("suffix-long").hosts("*.api.example.com").build(),
        IngressService.builder("suffix-short").hosts("*.example.com").build(),
        IngressService.builder("catch-all").hosts("*").build(),
        IngressService.of("web")));
    IngressRouter router = IngressRouter.build(e,
        catalog(Protocol.HTTP, "exact", "suffix-long", "suffix-short", "catch-all", "web"), "dc1", TD);
    assertEquals(expected, serviceOf(router.route(8080, host, "/")));
  }

  @Test
  void configuredHostsMatchByTheirHostPartWhateverPortTheyName() {
    IngressRouter router = IngressRouter.build(
        entry(listener(8080, "http", IngressService.builder("api").hosts("other.example.com:9090").build())),
        catalog(Protocol.HTTP, "api"), "dc1", TD);
    for (String host : List.of("other.example.com", "other.example.com:9090", "other.example.com:443")) {
      assertEquals("api", serviceOf(router.route(8080, host, "/")), host);
    }
    assertEquals(List.of("other.example.com:9090"), ((Route) router.route(8080, "other.example.com", "/")).domains());
  }

  @Test
  void rejectsUnknownPortsAndMissingHosts() {
    IngressRouter router = IngressRouter.build(entry(listener(8080, "http", IngressService.of("api"))),
        catalog(Protocol.HTTP, "api"), "dc1", TD);
    assertSame(Reject.NO_LISTENER, router.route(9090, "api.ingress.consul", "/"));
    assertSame(Reject.NO_HOST_MATCH, router.route(8080, null, "/"));
    assertSame(Reject.NO_HOST_MATCH, router.route(8080, "", "/"));
    assertSame(Reject.NO_HOST_MATCH, router.route(8080, ":8080", "/"));
  }

  @Test
  void aTcpListenerSendsEveryConnectionToItsServiceAndDialsItThroughTheMesh() {
    IngressRouter router = IngressRouter.build(entry(listener(5432, "tcp", IngressService.of("db"))),
        catalog(Protocol.TCP, "db"), "dc1", TD);
    Route db = assertInstanceOf(Route.class, router.route(5432, null, null));
    assertSame(db, router.route(5432, "whatever", null));
    assertSame(db, router.route(5432, new byte[0], 0, 0));
    Dial upstream = db.upstream();
    assertEquals("db.default.dc1.internal." + TD_TEXT, upstream.sni());
    assertEquals(Dial.Via.DIRECT, upstream.via());
    assertEquals(List.of("10.0.0.10:21000"), upstream.endpoints().stream().map(x -> x.address() + ":" + x.port())
        .toList());
    assertEquals(List.of(), db.domains());
  }

  @Test
  void anSniRoutedTcpListenerChoosesByServerNameFromStringsOrBytes() {
    IngressGatewayEntry e = entry(IngressListener.builder(9093).tls(ENABLED).sniRouting(true)
        .services(IngressService.builder("kafka-a").hosts("a.kafka.example.com").build(),
            IngressService.builder("kafka-b").hosts("*.b.kafka.example.com").build())
        .build());
    IngressRouter router = IngressRouter.build(e, catalog(Protocol.TCP, "kafka-a", "kafka-b"), "dc1", TD);
    assertEquals("kafka-a", serviceOf(router.route(9093, "A.kafka.example.com", null)));
    assertEquals("kafka-b", serviceOf(router.route(9093, "broker-1.b.kafka.example.com", null)));
    byte[] sni = "broker-2.b.kafka.example.com".getBytes(StandardCharsets.US_ASCII);
    assertEquals("kafka-b", serviceOf(router.route(9093, sni, 0, sni.length)));
    assertSame(Reject.NO_HOST_MATCH, router.route(9093, "c.kafka.example.com", null));
    assertSame(Reject.NO_HOST_MATCH, router.route(9093, null, null));
    assertSame(Reject.NO_LISTENER, router.route(1, sni, 0, sni.length));
    assertEquals(List.of("a.kafka.example.com"), ((Route) router.route(9093, "a.kafka.example.com", null)).domains());
  }

  @Test
  void explicitServicesWithAnotherProtocolAreReportedAndRoutedOnceServiceDefaultsArrive() {
    IngressGatewayEntry e = entry(listener(8080, "http", IngressService.of("api")));
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    service(b, "api", Protocol.TCP, true);
    IngressRouter before = IngressRouter.build(e, b.build(), "dc1", TD);
    assertEquals(List.of("service \"api\" has protocol \"tcp\", which does not match defined listener protocol"
        + " \"http\""), before.warnings());
    assertEquals(before.warnings(), IngressGateways.protocolMismatches(e, b.build()));
    assertSame(Reject.NO_HOST_MATCH, before.route(8080, "api.ingress.consul", "/"));
    b.serviceDefaults(ServiceDefaults.builder(ServiceName.of("api")).protocol(Protocol.HTTP).build());
    IngressRouter after = IngressRouter.build(e, b.build(), "dc1", TD);
    assertEquals(List.of(), after.warnings());
    assertEquals("api", serviceOf(after.route(8080, "api.ingress.consul", "/")));
  }

  @Test
  void wildcardRowsCarryTheWildcardsHeadersAndLimitsAndExplicitServicesKeepTheirOwn() {
    HeaderModifiers wildcardHeaders = HeaderModifiers.builder().add("x-via", "ingress").build();
    HeaderModifiers apiHeaders = HeaderModifiers.builder().remove("cookie").build();
    IngressGatewayEntry e = entry(listener(8080, "http",
        IngressService.builder("*").requestHeaders(wildcardHeaders)
            .limits(ServiceLimits.builder().maxConcurrentRequests(5).build()).build(),
        IngressService.builder("api").requestHeaders(apiHeaders).build()));
    IngressRouter router = IngressRouter.build(e, catalog(Protocol.HTTP, "api", "web"), "dc1", TD);
    Route web = (Route) router.route(8080, "web.ingress.consul", "/");
    assertEquals(wildcardHeaders, web.requestHeaders());
    assertEquals(true, web.fromWildcard());
    assertEquals(5, web.limits().maxConcurrentRequests().getAsInt());
    Route api = (Route) router.route(8080, "api.ingress.consul", "/");
    assertEquals(apiHeaders, api.requestHeaders());
    assertEquals(false, api.fromWildcard());
    assertEquals(RouteMatch.ALL_PATHS, api.match());
    assertEquals(List.of("web", "api").size(), router.routes().size());
  }

  @Test
  void theSameServiceOnTwoListenersIsRoutedOnBoth() {
    IngressRouter router = IngressRouter.build(
        entry(listener(8080, "http", IngressService.of("api")), listener(8443, "http", IngressService.of("api"))),
        catalog(Protocol.HTTP, "api"), "dc1", TD);
    assertEquals(8080, ((Route) router.route(8080, "api.ingress.consul", null)).port());
    assertEquals(8443, ((Route) router.route(8443, "api.ingress.consul", null)).port());
  }

  @Test
  void defaultDomainsFollowTheNamespace() {
    CatalogSnapshot.Builder b = CatalogSnapshot.builder()
        .serviceDefaults(ServiceDefaults.builder(new ServiceName("web", "frontend", "")).protocol(Protocol.HTTP).build());
    IngressRouter router = IngressRouter.build(
        entry(listener(8080, "http", IngressService.builder("web").namespace("frontend").build())), b.build(), "dc1",
        TD);
    assertEquals(List.of(), router.warnings());
    assertEquals("web", serviceOf(router.route(8080, "web.ingress.frontend.consul", null)));
    assertSame(Reject.NO_HOST_MATCH, router.route(8080, "web.ingress.consul", null));
    assertEquals(List.of(), ((Route) router.route(8080, "web.ingress.frontend.dc1.consul", null)).upstream()
        .endpoints());
  }

  @Test
  void servesTheServicesOwnCertificateForItsHostsAndTheListenersOtherwise() {
    IngressGatewayEntry e = IngressGatewayEntry.builder("ingress")
        .tls(GatewayTls.builder().sds("sds", "").minVersion("TLSv1_2").build())
        .listeners(IngressListener.builder(443).protocol("http")
            .tls(GatewayTls.builder().sds("", "default-cert").build())
            .services(IngressService.builder("api").hosts("*.api.example.com").tls("", "api-cert").build(),
                IngressService.of("web"))
            .build())
        .build();
    IngressRouter router = IngressRouter.build(e, catalog(Protocol.HTTP, "api", "web"), "dc1", TD);
    GatewayTls api = router.tls(443, "v1.api.example.com").orElseThrow();
    assertEquals(new Sds("sds", "api-cert"), api.sds().orElseThrow());
    assertEquals("TLSv1_2", api.minVersion());
    assertEquals(new Sds("sds", "default-cert"), router.tls(443, "web.ingress.consul").orElseThrow().sds().orElseThrow());
    assertEquals(new Sds("sds", "default-cert"), router.tls(443, null).orElseThrow().sds().orElseThrow());
    assertEquals(Optional.empty(), router.tls(1, "web.ingress.consul"));
    IngressRouter plaintext = IngressRouter.build(entry(listener(8080, "http", IngressService.of("web"))),
        catalog(Protocol.HTTP, "web"), "dc1", TD);
    assertEquals(Optional.empty(), plaintext.tls(8080, "web.ingress.consul"));
  }
}
