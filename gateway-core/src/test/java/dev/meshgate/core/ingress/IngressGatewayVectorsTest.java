package dev.meshgate.core.ingress;

import static dev.meshgate.core.ingress.IngressFixtures.TD;
import static dev.meshgate.core.ingress.IngressFixtures.entry;
import static dev.meshgate.core.ingress.IngressFixtures.errors;
import static dev.meshgate.core.ingress.IngressFixtures.listener;
import static dev.meshgate.core.ingress.IngressFixtures.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.config.Protocol;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 23 ingress-gateway vectors of spec §4.7. Validation vectors check the complete message list
 * (Consul's first error is the only one for each of them); Envoy vectors are checked on the router.
 */
class IngressGatewayVectorsTest {
  private static final String ON_1111 = " (listener on port 1111)";

  private static Arguments vector(int number, String description, Executable check) {
    return Arguments.of(number, description, check);
  }

  private static IngressService svc(String name) {
    return IngressService.of(name);
  }

  private static IngressService withHosts(String name, String... hosts) {
    return IngressService.builder(name).hosts(hosts).build();
  }

  private static String protocolOf(String written) {
    return listener(1111, written, svc("db")).protocol();
  }

  static Stream<Arguments> vectors() {
    return Stream.of(
        vector(1, "an empty protocol is tcp and protocols are lower-cased", () -> {
          assertEquals("tcp", protocolOf(""));
          assertEquals("tcp", protocolOf("TCP"));
          assertEquals("http", protocolOf("HtTP"));
          assertEquals("http", entry(listener(1111, "HtTP", svc("db"))).listeners().get(0).protocol());
        }),
        vector(2, "two listeners on one port", () -> assertEquals(List.of("port 1111 declared on two listeners"),
            errors(listener(1111, "tcp", svc("db")), listener(1111, "tcp", svc("api"))))),
        vector(3, "* is valid on http, not on tcp", () -> {
          entry(listener(1111, "http", svc("*")));
          assertEquals(List.of("Wildcard service name is only valid for protocol = 'http'" + ON_1111),
              errors(listener(1111, "tcp", svc("*"))));
        }),
        vector(4, "several services are valid on http, not on tcp", () -> {
          entry(listener(1111, "http", svc("db1"), svc("db2")));
          assertEquals(List.of("Multiple services per listener are only supported for L7 protocols, 'http', 'grpc'"
              + " and 'http2'" + ON_1111), errors(listener(1111, "tcp", svc("db1"), svc("db2"))));
        }),
        vector(5, "a listener without services", () -> {
          for (String protocol : List.of("tcp", "http")) {
            assertEquals(List.of("No service declared for listener with port 1111"),
                errors(listener(1111, protocol)));
          }
        }),
        vector(6, "a blank service name", () -> assertEquals(List.of("Service name cannot be blank" + ON_1111),
            errors(listener(1111, "http", svc(""))))),
        vector(7, "an unknown protocol", () -> assertEquals(
            List.of("protocol must be 'tcp', 'http', 'http2', or 'grpc'. 'asdf' is an unsupported protocol"),
            errors(listener(1111, "asdf", svc("db"))))),
        vector(8, "hosts on a tcp listener", () -> assertEquals(
            List.of("Associating hosts to a service is not supported for the tcp protocol" + ON_1111),
            errors(listener(1111, "tcp", withHosts("db", "db.example.com"))))),
        vector(9, "hosts on *", () -> assertEquals(
            List.of("Associating hosts to a wildcard service is not supported" + ON_1111),
            errors(listener(1111, "http", withHosts("*", "db.example.com"))))),
        vector(10, "the same host on two services of a listener", () -> assertEquals(
            List.of("Hosts must be unique within a specific listener" + ON_1111),
            errors(listener(1111, "http", withHosts("db", "test.example.com"), withHosts("api", "test.example.com"))))),
        vector(11, "a host that is not a DNS name", () -> assertEquals(
            List.of("Host \"example..com\" must be a valid DNS hostname"),
            errors(listener(1111, "http", withHosts("db", "example..com"))))),
        vector(12, "a wildcard only as the whole leftmost label", () -> {
          entry(listener(1111, "http", withHosts("db", "*.example.com")));
          for (String host : List.of("example.*.com", "*-test.example.com")) {
            assertEquals(List.of("Host \"" + host + "\" is not valid, a wildcard specifier is only allowed as the"
                + " leftmost label"), errors(listener(1111, "http", withHosts("db", host))));
          }
        }),
        vector(13, "host * only while gateway TLS is disabled", () -> {
          entry(listener(1111, "http", withHosts("db", "*")));
          assertEquals(List.of("Host '*' is not allowed when TLS is enabled, all hosts must be valid DNS records to"
              + " add as a DNSSAN"), errors(IngressGatewayEntry.builder("ingress")
              .tls(GatewayTls.builder().enabled(true).build())
              .listeners(listener(1111, "http", withHosts("db", "*")))));
        }),
        vector(14, "header modifiers on HTTP-like listeners only", () -> {
          HeaderModifiers setFoo = HeaderModifiers.builder().set("x-foo", "bar").build();
          entry(listener(1111, "http", IngressService.builder("db").requestHeaders(setFoo).build()));
          entry(listener(1111, "http2", IngressService.builder("db").responseHeaders(setFoo).build()));
          entry(listener(1111, "grpc", IngressService.builder("db")
              .responseHeaders(HeaderModifiers.builder().remove("x-foo").build()).build()));
          assertEquals(List.of("request headers only valid for http, http2 and grpc protocols (service \"db\" on"
              + " listener on port 1111)"),
              errors(listener(1111, "tcp", IngressService.builder("db").requestHeaders(setFoo).build())));
        }),
        vector(15, "the same service twice on a listener", () -> assertEquals(
            List.of("Service web cannot be added multiple times" + ON_1111),
            errors(listener(1111, "http", svc("web"), svc("web"))))),
        vector(16, "SDS: certificate and cluster rules of the three levels", () -> {
          assertEquals(List.of("TLS.SDS.ClusterName is required if CertResource is set"),
              errors(IngressGatewayEntry.builder("ingress").tls(GatewayTls.builder().sds("", "foo").build())
                  .listeners(listener(1111, "http", svc("db")))));
          assertEquals(List.of("TLS.SDS.CertResource is required if ClusterName is set for gateway" + ON_1111),
              errors(IngressGatewayEntry.builder("ingress").tls(GatewayTls.builder().sds("foo", "").build())
                  .listeners(listener(1111, "http", svc("db")))));
          assertEquals(List.of("A service specifying TLS.SDS.CertResource must have at least one item in Hosts"
              + " (service \"*\" on listener on port 1111)"),
              errors(listener(1111, "http", IngressService.builder("*").tls("", "cert").build())));
          assertEquals(List.of("TLS.SDS.ClusterName is required if CertResource is set (service \"foo\" on listener"
              + " on port 1111)"), errors(listener(1111, "http",
                  IngressService.builder("foo").hosts("foo.example.com").tls("", "cert").build())));
        }),
        vector(17, "domains: defaults by namespace, hosts, and port variants", () -> {
          assertEquals(List.of("web.ingress.*", "web.ingress.*:8080"),
              IngressDomains.domains(ServiceName.of("web"), List.of(), 8080));
          assertEquals(List.of("web.ingress.frontend.*", "web.ingress.frontend.*:8080"),
              IngressDomains.domains(new ServiceName("web", "frontend", ""), List.of(), 8080));
          assertEquals(List.of("test.example.com", "other.example.com:9090", "test.example.com:8080"),
              IngressDomains.domains(ServiceName.of("web"), List.of("test.example.com", "other.example.com:9090"),
                  8080));
        }),
        vector(18, "Envoy host matching: exact host, port variant, default domains, 404", () -> {
          CatalogSnapshot.Builder b = CatalogSnapshot.builder();
          service(b, "api", Protocol.HTTP, true);
          service(b, "web", Protocol.HTTP, true);
          IngressRouter router = IngressRouter.build(
              entry(listener(8080, "http", withHosts("api", "api.example.com"), svc("*"))), b.build(), "dc1", TD);
          assertEquals("api", ((Route) router.route(8080, "api.example.com", "/")).service().name());
          assertEquals("api", ((Route) router.route(8080, "api.example.com:8080", "/")).service().name());
          assertEquals("web", ((Route) router.route(8080, "web.ingress.consul", "/")).service().name());
          assertEquals("web", ((Route) router.route(8080, "web.ingress.dc1.consul:8080", "/")).service().name());
          assertSame(Reject.NO_HOST_MATCH, router.route(8080, "unknown.local", "/"));
        }),
        vector(19, "gateway-service addresses: trimmed hosts with the port", () -> {
          assertEquals(List.of(), IngressDomains.addresses(0, List.of(), List.of("a.b")));
          assertEquals(List.of(), IngressDomains.addresses(8080, List.of(), List.of()));
          assertEquals(List.of("service.ingress.dc.domain:8080", "service.ingress.dc.alt.domain:8080",
                  "service.ingress.dc.alt.domain:8080"),
              IngressDomains.addresses(8080, List.of(), List.of("service.ingress.dc.domain",
                  "service.ingress.dc.alt.domain", "service.ingress.dc.alt.domain.")));
          assertEquals(List.of("*.test.example.com:8080", "other.example.com:8080", "other.example.com:8080"),
              IngressDomains.addresses(8080, List.of("*.test.example.com", "other.example.com", "other.example.com."),
                  List.of()));
        }),
        vector(20, "leaf DNS SANs for namespaces default and foo, and the hosts", () -> {
          IngressGatewayEntry e = IngressGatewayEntry.builder("ingress")
              .tls(GatewayTls.builder().enabled(true).build())
              .listeners(listener(8080, "http", withHosts("api", "api.example.com"),
                  IngressService.builder("web").namespace("foo").build()))
              .build();
          List<String> sans = IngressGateways.dnsSans(e, IngressGateways.exposedServices(e, CatalogSnapshot.empty(),
              "dc1"), "dc1", "consul", "");
          assertEquals(Set.of("*.ingress.consul", "*.ingress.dc1.consul", "*.ingress.foo.consul",
              "*.ingress.foo.dc1.consul", "api.example.com"), Set.copyOf(sans));
          assertEquals(5, sans.size());
          assertEquals(sans, IngressRouter.build(e, CatalogSnapshot.empty(), "dc1", TD).dnsSans("consul", ""),
              "the router answers the same SANs for the rows it exposes");
        }),
        vector(21, "circuit breakers: the service's fields over the gateway's defaults", () -> {
          CatalogSnapshot.Builder b = CatalogSnapshot.builder();
          service(b, "api", Protocol.TCP, true);
          IngressGatewayEntry e = IngressGatewayEntry.builder("ingress")
              .defaults(ServiceLimits.builder().maxConnections(100).maxPendingRequests(50).build())
              .listeners(listener(1111, "tcp", IngressService.builder("api")
                  .limits(ServiceLimits.builder().maxConnections(10).build()).build()))
              .build();
          ServiceLimits limits = ((Route) IngressRouter.build(e, b.build(), "dc1", TD).route(1111, null, null))
              .limits();
          assertEquals(OptionalInt.of(10), limits.maxConnections());
          assertEquals(OptionalInt.of(50), limits.maxPendingRequests());
          assertEquals(OptionalInt.empty(), limits.maxConcurrentRequests());
        }),
        vector(22, "* on http exposes http services with a sidecar only", () -> {
          CatalogSnapshot.Builder b = CatalogSnapshot.builder();
          service(b, "a", Protocol.HTTP, true);
          service(b, "b", Protocol.TCP, true);
          service(b, "c", Protocol.HTTP, false);
          IngressGatewayEntry e = entry(listener(8080, "http", svc("*")));
          assertEquals(List.of("a"), IngressGateways.exposedServices(e, b.build(), "dc1").stream()
              .map(r -> r.service().name()).toList());
          IngressRouter router = IngressRouter.build(e, b.build(), "dc1", TD);
          assertInstanceOf(Route.class, router.route(8080, "a.ingress.consul", null));
          assertSame(Reject.NO_HOST_MATCH, router.route(8080, "b.ingress.consul", null));
          assertSame(Reject.NO_HOST_MATCH, router.route(8080, "c.ingress.consul", null));
        }),
        vector(23, "related services: explicit ones, sorted, * never expanded", () -> assertEquals(
            List.of("api", "blah", "db", "web"),
            entry(listener(1111, "http", svc("api"), svc("web")),
                listener(2222, "http", svc("web"), svc("*"), svc("db"), svc("blah")))
                .relatedServices().stream().map(ServiceName::name).toList())));
  }

  @ParameterizedTest(name = "vector {0}: {1}")
  @MethodSource("vectors")
  void satisfiesIngressGatewayVector(int number, String description, Executable check) throws Throwable {
    check.execute();
  }
}
