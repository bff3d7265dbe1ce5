package dev.meshgate.core.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.meshgate.core.ReadmeSnippets;
import dev.meshgate.core.catalog.Catalog;
import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.Endpoint;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.chain.ChainEntries;
import dev.meshgate.core.chain.ChainRequest;
import dev.meshgate.core.chain.ServiceRoute;
import dev.meshgate.core.chain.ServiceRouter;
import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.naming.TrustDomain;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's path-routing example through an ingress listener, verbatim between the markers. */
class ReadmeChainExampleTest {
  @Test
  void routesAPathPrefixOfAVirtualHostToAnotherService() {
    TrustDomain td = IngressFixtures.TD;
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    IngressFixtures.service(b, "web", Protocol.HTTP, true);
    IngressFixtures.service(b, "admin", Protocol.HTTP, true);
    Catalog catalog = new Catalog(b.build());
    long random = 42;
    // README example start
    ChainEntries routing = ChainEntries.builder()
        .router(ServiceRouter.builder(ServiceName.of("web")).route(ServiceRoute.prefixTo("/admin/", "admin")).build())
        .build();
    IngressGateway gateway = IngressGateway.builder()
        .entry(IngressGatewayEntry.builder("ingress").listeners(IngressListener.builder(8080).protocol("http")
            .services(IngressService.builder("web").hosts("web.example.com").build()).build()).build())
        .datacenter("dc1").trustDomain(td).catalog(catalog).chains(routing).build();

    ChainRequest request = ChainRequest.builder().method("GET").target("/admin/users").build();
    RouteDecision decision = gateway.route(8080, "web.example.com", request, random);
    if (decision instanceof HttpRoute route) {
      Endpoint next = route.chain().endpoints().get(0); // one of admin's sidecars
      String sni = route.chain().target().sni();        // admin.default.dc1.internal.<td>
    } // Unavailable: 503; Reject NO_HOST_MATCH / NO_ROUTE: 404
    // README example end

    HttpRoute route = assertInstanceOf(HttpRoute.class, decision);
    assertEquals("admin.default.dc1.internal." + td.value(), route.chain().target().sni());
    assertEquals(List.of("admin-proxy"), route.chain().endpoints().stream()
        .map(e -> e.instance().orElseThrow().id()).toList());
    assertEquals("web", assertInstanceOf(HttpRoute.class,
        gateway.route(8080, "web.example.com", ChainRequest.builder().target("/").build(), random))
        .chain().target().service());
    gateway.close();
  }

  @Test
  void theReadmeShowsExactlyTheCodeThisTestRuns() throws IOException {
    assertEquals(ReadmeSnippets.example("src/test/java/dev/meshgate/core/ingress/ReadmeChainExampleTest.java"),
        ReadmeSnippets.readmeBlock("ChainEntries routing = ChainEntries"));
  }
}
