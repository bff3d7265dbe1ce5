package dev.meshgate.core.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshgate.core.ReadmeSnippets;
import dev.meshgate.core.catalog.Endpoint;
import dev.meshgate.core.catalog.ProxyDefaults;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.naming.TrustDomain;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The discovery-chain example of the README, verbatim between the markers, so it cannot go stale. */
class ReadmeExampleTest {
  @Test
  void routesByPathToAServiceAndByHeaderToASubset() {
    TrustDomain td = Fixtures.TD;
    Map<String, List<Endpoint>> endpoints = Map.of("admin.default.default.dc1", Fixtures.healthy(1),
        "web.default.default.dc1", Fixtures.healthy(2), "canary.web.default.default.dc1", Fixtures.healthy(1));
    EndpointSource source = target -> endpoints.getOrDefault(target.id(), List.of());
    // README example start
    ChainEntries entries = ChainEntries.builder()
        .proxyDefaults(ProxyDefaults.builder().protocol(Protocol.HTTP).build())
        .resolver(ServiceResolver.builder(ServiceName.of("web"))
            .subset("canary", "Service.Meta.version == canary", false).build())
        .router(ServiceRouter.builder(ServiceName.of("web"))
            .route(ServiceRoute.prefixTo("/admin/", "admin"))
            .route(ServiceRoute.of(HttpMatch.builder().header(HeaderMatch.exact("x-debug", "1")).build(),
                RouteDestination.builder().serviceSubset("canary").numRetries(3).build()))
            .build())
        .build();

    ChainCompiler compiler = ChainCompiler.create(entries); // recompiles only what an update touches
    CompiledDiscoveryChain chain = compiler.chain(CompileRequest.of(ServiceName.of("web"), "dc1", td));
    ChainRouter router = ChainRouter.bind(chain, source); // source: each target's endpoints

    ChainRequest request = ChainRequest.builder().target("/admin/users").build();
    if (router.route(request, random.nextLong()) instanceof ChainRoute route) {
      Endpoint endpoint = route.choose(request, random.nextLong(), ActiveRequests.NONE);
      // route.target().sni() == "admin.default.dc1.internal.<td>", route.explanation():
      // route 0 of router:web.default.default matched: PathPrefix "/admin/", to resolver:admin...
    }
    // README example end
    ChainRoute admin = (ChainRoute) router.route(request, 0);
    assertEquals("admin.default.dc1.internal." + td, admin.target().sni());
    ChainRoute canary = (ChainRoute) router.route(ChainRequest.builder().target("/").header("x-debug", "1").build(), 0);
    assertEquals("canary.web.default.default.dc1", canary.target().id());
    assertEquals(3, canary.retryPolicy().get().numRetries());
  }

  private final java.util.Random random = new java.util.Random(1);

  @Test
  void theReadmeShowsThisExample() throws IOException {
    assertEquals(ReadmeSnippets.example("src/test/java/dev/meshgate/core/chain/ReadmeExampleTest.java"),
        ReadmeSnippets.readmeBlock("ChainEntries entries = ChainEntries.builder()"));
  }
}
