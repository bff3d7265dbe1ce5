package dev.meshgate.core.terminating;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.meshgate.core.ReadmeSnippets;
import dev.meshgate.core.catalog.Catalog;
import dev.meshgate.core.catalog.Endpoint;
import dev.meshgate.core.catalog.Node;
import dev.meshgate.core.catalog.ServiceDefaults;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.catalog.ServiceResolver;
import dev.meshgate.core.chain.ChainEntries;
import dev.meshgate.core.chain.ChainRequest;
import dev.meshgate.core.chain.HttpMatch;
import dev.meshgate.core.chain.RouteDestination;
import dev.meshgate.core.chain.ServiceRoute;
import dev.meshgate.core.chain.ServiceRouter;
import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.naming.TrustDomain;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's terminating-gateway subset route, verbatim between the markers. */
class ReadmeChainExampleTest {
  @Test
  void sendsAPathOfALinkedServiceToItsV2Subset() {
    TrustDomain td = Fixtures.TD1;
    Catalog catalog = new Catalog();
    Node ext = Node.external("billing-ext", "dc1", "10.0.0.20");
    catalog.register(ServiceInstance.builder(ext, "billing").id("b1").port(8001).meta(Map.of("version", "v1")).build());
    catalog.register(ServiceInstance.builder(ext, "billing").id("b2").port(8002).meta(Map.of("version", "v2")).build());
    catalog.setServiceDefaults(ServiceDefaults.builder(ServiceName.of("billing")).protocol(Protocol.HTTP).build());
    catalog.setResolver(ServiceResolver.builder(ServiceName.of("billing"))
        .subset("v2", "Service.Meta.version == v2", false).build());
    long random = 7;
    // README example start
    ChainEntries subsets = ChainEntries.builder()
        .router(ServiceRouter.builder(ServiceName.of("billing")).route(ServiceRoute.of(
            HttpMatch.builder().pathPrefix("/v2/").build(), RouteDestination.builder().serviceSubset("v2").build())).build())
        .build();
    TerminatingGateway gateway = TerminatingGateway.builder().name("tgw").datacenter("dc1").trustDomain(td)
        .catalog(catalog).entry(TerminatingGatewayEntry.builder("tgw").service("billing").build()).chains(subsets).build();

    Route connection = gateway.route("billing.default.dc1.internal." + td).routeOrNull(); // at the TLS handshake
    RequestDecision decision = gateway.route(connection, ChainRequest.builder().target("/v2/invoices").build(), random);
    if (decision instanceof Forward forward) {
      Endpoint next = forward.endpoints().get(0); // billing's v2 instance, with subset v2's TLS mode
    } // Refuse: answer its status (404, 503, or 403 for a chain leaving billing)
    // README example end

    Forward forward = assertInstanceOf(Forward.class, decision);
    assertEquals("v2", forward.route().subset());
    assertEquals(List.of(8002), forward.endpoints().stream().map(Endpoint::port).toList());
    gateway.close();
  }

  @Test
  void theReadmeShowsExactlyTheCodeThisTestRuns() throws IOException {
    assertEquals(ReadmeSnippets.example("src/test/java/dev/meshgate/core/terminating/ReadmeChainExampleTest.java"),
        ReadmeSnippets.readmeBlock("ChainEntries subsets = ChainEntries"));
  }
}
