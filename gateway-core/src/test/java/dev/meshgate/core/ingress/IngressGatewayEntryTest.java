package dev.meshgate.core.ingress;

import static dev.meshgate.core.ingress.IngressFixtures.entry;
import static dev.meshgate.core.ingress.IngressFixtures.errors;
import static dev.meshgate.core.ingress.IngressFixtures.listener;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshgate.core.config.InvalidConfigEntryException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Validation beyond the spec vectors: every problem at once, TLS settings, and meshgate's stricter checks. */
class IngressGatewayEntryTest {
  private static final GatewayTls ENABLED = GatewayTls.builder().enabled(true).build();

  private static IngressService hosts(String name, String... hosts) {
    return IngressService.builder(name).hosts(hosts).build();
  }

  @Test
  void reportsEveryProblemWithConsulsFirstErrorFirst() {
    InvalidConfigEntryException e = assertThrows(InvalidConfigEntryException.class,
        () -> IngressGatewayEntry.builder("")
            .listeners(listener(1111, "tcp", IngressService.of("*"), IngressService.of("db")),
                listener(1111, "udp", IngressService.of("x")),
                listener(0, "http", IngressService.of(""), hosts("api", "a b")))
            .build());
    assertEquals(List.of(
        "Name is required",
        "Multiple services per listener are only supported for L7 protocols, 'http', 'grpc' and 'http2' (listener on"
            + " port 1111)",
        "Wildcard service name is only valid for protocol = 'http' (listener on port 1111)",
        "port 1111 declared on two listeners",
        "protocol must be 'tcp', 'http', 'http2', or 'grpc'. 'udp' is an unsupported protocol",
        "Service name cannot be blank (listener on port 0)",
        "listener port 0 not in the range 1-65535",
        "Host \"a b\" must be a valid DNS hostname: it contains ' '"), e.errors());
    assertEquals("Name is required", e.firstError());
    assertEquals("ingress-gateway", e.kind());
  }

  @ParameterizedTest(name = "[{index}] min={0} max={1} suites={2}")
  @CsvSource(delimiter = '|', value = {
    "TLSv1_4 | ''      | ''  | no matching TLS version found for TLSv1_4, please specify one of [TLS_AUTO, TLSv1_0, TLSv1_1, TLSv1_2, TLSv1_3]",
    "''      | tls13   | ''  | no matching TLS version found for tls13, please specify one of [TLS_AUTO, TLSv1_0, TLSv1_1, TLSv1_2, TLSv1_3]",
    "TLSv1_3 | TLSv1_2 | ''  | configuring max version TLSv1_2 less than the configured min version TLSv1_3 is invalid",
    "TLSv1_3 | ''      | TLS_RSA_WITH_AES_128_CBC_SHA | configuring CipherSuites is only applicable to connections negotiated with TLS 1.2 or earlier, TLSMinVersion is set to TLSv1_3",
    "TLSv1_2 | ''      | TLS_AES_128_GCM_SHA256 | no matching Envoy TLS cipher suite found for TLS_AES_128_GCM_SHA256",
  })
  void checksTlsVersionsAndSuitesWithConsulsTexts(String min, String max, String suite, String message) {
    GatewayTls.Builder tls = GatewayTls.builder().minVersion(min).maxVersion(max);
    if (!suite.isEmpty()) {
      tls.cipherSuites(suite);
    }
    GatewayTls built = tls.build();
    assertEquals(List.of(message), errors(IngressGatewayEntry.builder("ingress").tls(built)
        .listeners(listener(1111, "http", IngressService.of("db")))));
    assertEquals(List.of(message), errors(IngressGatewayEntry.builder("ingress")
        .listeners(IngressListener.builder(1111).protocol("http").tls(built).service("db").build())));
  }

  @Test
  void autoAndUnsetVersionsAllowSuitesAndAreNeverCompared() {
    entry(IngressListener.builder(1).protocol("http").service("db").tls(GatewayTls.builder().minVersion("TLS_AUTO")
        .maxVersion("TLSv1_0").cipherSuites("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256").build()).build());
    entry(IngressListener.builder(1).protocol("http").service("db").tls(GatewayTls.builder().minVersion("TLSv1_2")
        .maxVersion("TLS_AUTO").build()).build());
  }

  @Test
  void listenerTlsOverridesTheGatewaysFieldByField() {
    IngressGatewayEntry e = IngressGatewayEntry.builder("ingress")
        .tls(GatewayTls.builder().sds("sds-cluster", "").minVersion("TLSv1_2").cipherSuites(
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256").build())
        .listeners(IngressListener.builder(443).protocol("http").service("db")
            .tls(GatewayTls.builder().sds("", "listener-cert").maxVersion("TLSv1_3").build()).build())
        .build();
    GatewayTls effective = e.tlsFor(e.listeners().get(0));
    assertEquals(Optional.of(new Sds("sds-cluster", "listener-cert")), effective.sds());
    assertEquals("TLSv1_2", effective.minVersion());
    assertEquals("TLSv1_3", effective.maxVersion());
    assertEquals(List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), effective.cipherSuites());
    assertEquals(true, effective.servesTls());
    assertEquals(false, effective.enabled());
  }

  @Test
  void servicesInheritTheEntrysNamespaceAndPartition() {
    IngressGatewayEntry e = IngressGatewayEntry.builder("ingress").namespace("frontend").partition("part1")
        .listeners(listener(1111, "http", IngressService.of("web"),
            IngressService.builder("api").namespace("backend").build()))
        .build();
    List<IngressService> services = e.listeners().get(0).services();
    assertEquals("frontend/part1", services.get(0).namespace() + "/" + services.get(0).partition());
    assertEquals("backend/part1", services.get(1).namespace() + "/" + services.get(1).partition());
    assertEquals(Optional.of(e.listeners().get(0)), e.listener(1111));
    assertEquals(Optional.empty(), e.listener(2222));
  }

  @Test
  void servicesThatDifferOnlyInCaseAreTheSameService() {
    assertEquals(List.of("Service WEB cannot be added multiple times (listener on port 1111)"),
        errors(listener(1111, "http", IngressService.of("web"), IngressService.of("WEB"))));
  }

  @Test
  void hostStarIsRefusedOnlyWhenGatewayLevelTlsIsEnabledAsInConsul() {
    assertEquals(List.of(EntryValidator.STAR_WITH_TLS), errors(IngressGatewayEntry.builder("ingress").tls(ENABLED)
        .listeners(IngressListener.builder(1111).protocol("http").services(hosts("db", "*")).build())));
    IngressGatewayEntry listenerTls = entry(IngressListener.builder(1111).protocol("http").tls(ENABLED)
        .services(hosts("db", "*")).build());
    assertEquals(List.of("*"), listenerTls.listeners().get(0).services().get(0).hosts());
  }

  @Test
  void hostStarIsAcceptedWhenTheCertificateComesFromSdsOnly() {
    GatewayTls sdsOnly = GatewayTls.builder().sds("c", "cert").build();
    IngressGatewayEntry gatewaySds = IngressGatewayEntry.builder("ingress").tls(sdsOnly)
        .listeners(IngressListener.builder(1111).protocol("http").services(hosts("db", "*")).build()).build();
    assertEquals(List.of("*"), gatewaySds.listeners().get(0).services().get(0).hosts());
    IngressGatewayEntry listenerSds = entry(IngressListener.builder(1111).protocol("http").tls(sdsOnly)
        .services(hosts("db", "*")).build());
    assertEquals(List.of("*"), listenerSds.listeners().get(0).services().get(0).hosts());
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
    "exa_mple.com:8080  | ",
    "*.example.com.     | ",
    "EXAMPLE.com        | ",
    "example.com:0      | the port must be 1-65535",
    "example.com:70000  | the port must be 1-65535",
    "example.com:       | the port must be 1-65535",
    "example.com:http   | the port must be 1-65535",
    ".example.com       | it has an empty label",
    "ex\\.ample.com     | it contains '\\'",
    "a-b!.com           | it contains '!'",
  })
  void hostsMustBeWhatAHostHeaderCanCarry(String host, String why) {
    if (why == null) {
      entry(listener(1111, "http", hosts("db", host)));
    } else {
      assertEquals(List.of("Host \"" + host.replace("\\", "\\\\") + "\" must be a valid DNS hostname: " + why),
          errors(listener(1111, "http", hosts("db", host))));
    }
  }

  @Test
  void hostsAreUniqueIgnoringCaseTrailingDotAndPort() {
    for (String other : List.of("API.example.com", "api.example.com.", "api.example.com:9090")) {
      assertEquals(List.of("Hosts must be unique within a specific listener (listener on port 1111)"),
          errors(listener(1111, "http", hosts("a", "api.example.com"), hosts("b", other))), other);
    }
    entry(listener(1111, "http", hosts("a", "api.example.com")), listener(2222, "http", hosts("b", "api.example.com")));
  }

  @Test
  void sniRoutingIsForTcpListenersServingTlsWithPortlessHosts() {
    IngressListener.Builder ok = IngressListener.builder(9092).sniRouting(true).tls(ENABLED)
        .services(hosts("kafka-a", "a.kafka.example.com"), hosts("kafka-b", "*.b.kafka.example.com"));
    assertEquals(2, entry(ok.build()).listeners().get(0).services().size());
    assertEquals(List.of("SNIRouting is only supported for the tcp protocol (listener on port 9092)"),
        errors(IngressListener.builder(9092).protocol("http").sniRouting(true).service("db").build()));
    assertEquals(List.of("SNIRouting requires TLS: set TLS.Enabled or a TLS.SDS certificate on the gateway or the"
        + " listener (listener on port 9092)"),
        errors(IngressListener.builder(9092).sniRouting(true).services(hosts("db", "db.example.com")).build()));
    assertEquals(List.of(
        "A service on an SNI-routed listener must have at least one item in Hosts (service \"db\" on listener on port"
            + " 9092)",
        "Host \"pg.example.com:5432\" on an SNI-routed listener cannot have a port (listener on port 9092)"),
        errors(IngressListener.builder(9092).sniRouting(true).tls(ENABLED)
            .services(IngressService.of("db"), hosts("pg", "pg.example.com:5432")).build()));
  }

  @Test
  void metaLimitsAreConsuls() {
    assertEquals(List.of("Meta key \"" + "k".repeat(129) + "\" exceeds maximum length 128"),
        errors(IngressGatewayEntry.builder("ingress").meta(Map.of("k".repeat(129), "v"))
            .listeners(listener(1111, "http", IngressService.of("db")))));
  }

  @Test
  void buildersRefuseSecondValuesQuotingTheFirst() {
    IngressService.Builder s = IngressService.builder("db").namespace("a");
    assertEquals("namespace was already set to \"a\"",
        assertThrows(IllegalStateException.class, () -> s.namespace("b")).getMessage());
    IngressListener.Builder l = IngressListener.builder(1).protocol("http");
    assertEquals("protocol was already set to \"http\"",
        assertThrows(IllegalStateException.class, () -> l.protocol("tcp")).getMessage());
    HeaderModifiers.Builder h = HeaderModifiers.builder().set("x", "1");
    assertEquals("Set x was already set to \"1\"", assertThrows(IllegalStateException.class, () -> h.set("x", "2"))
        .getMessage());
    assertEquals("maxConnections: 0 (expected: at least 1; leave it unset for Envoy's default)",
        assertThrows(IllegalArgumentException.class, () -> ServiceLimits.builder().maxConnections(0).build())
            .getMessage());
  }
}
