package dev.meshgate.core.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.meshgate.core.ReadmeSnippets;
import dev.meshgate.core.catalog.Catalog;
import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.upstream.Dial;
import dev.meshgate.core.naming.TrustDomain;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The ingress-gateway example of the README, verbatim between the markers, so it cannot go stale. */
class ReadmeExampleTest {
  @Test
  void routesByHostIgnoringPortAndCaseAndExposesTheRestThroughTheWildcard() {
    TrustDomain td = IngressFixtures.TD;
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    IngressFixtures.service(b, "api", Protocol.HTTP, true);
    IngressFixtures.service(b, "web", Protocol.HTTP, true);
    Catalog catalog = new Catalog(b.build());
    // README example start
    IngressGatewayEntry entry = IngressGatewayEntry.builder("ingress")
        .listeners(IngressListener.builder(8080).protocol("http")
            .services(IngressService.builder("api").hosts("api.example.com").build(), IngressService.of("*"))
            .build())
        .build(); // validated as Consul does; InvalidConfigEntryException lists every problem
    IngressGateway gateway = IngressGateway.builder()
        .entry(entry).datacenter("dc1").trustDomain(td).catalog(catalog).build();

    RouteDecision decision = gateway.route(8080, "API.example.com:443", "/orders"); // any port, any case
    if (decision instanceof Route route) {
      Dial upstream = route.upstream(); // api's sidecars; mTLS with SNI api.default.dc1.internal.<td>
      HeaderModifiers headers = route.requestHeaders(); // for your proxy to apply
    }
    // web.ingress.<anything> reaches web through *; an unknown Host is Reject.NO_HOST_MATCH (404)
    // README example end

    Route route = assertInstanceOf(Route.class, decision);
    assertEquals("api", route.service().name());
    assertEquals("api.default.dc1.internal." + td, route.upstream().sni());
    assertEquals(1, route.upstream().endpoints().size());
    assertEquals("web", ((Route) gateway.route(8080, "web.ingress.example.org", "/")).service().name());
    assertSame(Reject.NO_HOST_MATCH, gateway.route(8080, "unknown.example.org", "/"));
    gateway.close();
  }

  @Test
  void theReadmeShowsExactlyTheCodeThisTestRuns() throws IOException {
    assertEquals(ReadmeSnippets.example("src/test/java/dev/meshgate/core/ingress/ReadmeExampleTest.java"),
        ReadmeSnippets.readmeBlock("IngressGatewayEntry entry = IngressGatewayEntry"));
  }

}
