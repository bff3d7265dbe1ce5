package dev.meshgate.core.mesh;

import static dev.meshgate.core.routing.Decisions.routed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.meshgate.core.ReadmeSnippets;
import dev.meshgate.core.catalog.Catalog;
import dev.meshgate.core.catalog.Endpoint;
import dev.meshgate.core.catalog.HealthStatus;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.config.MeshGatewayMode;
import dev.meshgate.core.naming.TrustDomain;
import dev.meshgate.core.routing.SniDecision;
import dev.meshgate.core.upstream.Caller;
import dev.meshgate.core.upstream.Dial;
import dev.meshgate.core.upstream.MeshUpstreams;
import dev.meshgate.core.upstream.Upstream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The mesh-gateway example of the README, verbatim between the markers, so it cannot go stale. */
class ReadmeExampleTest {
  @Test
  void routesAnotherDatacentersSniToItsGatewaysAndDialsThroughTheLocalOnes() {
    TrustDomain td = MeshFixtures.TD;
    Catalog catalog = new Catalog(MeshFixtures.threeDatacenters().build());
    catalog.register(MeshFixtures.sidecar("api", "dc2", 3, HealthStatus.PASSING));
    String sni = "api.default.dc2.internal." + td;
    // README example start
    MeshGateway gateway = MeshGateway.builder()
        .name("mesh-gateway").datacenter("dc1").trustDomain(td).catalog(catalog).build();

    SniDecision<Route> decision = gateway.route(sni); // the ClientHello's SNI: api.default.dc2.internal.<td>
    if (decision instanceof SniDecision.Routed<Route> routed) {
      Endpoint next = routed.route().endpoints().get(0); // REMOTE_GATEWAYS: a dc2 gateway at its WAN address
    }

    // The caller's side: reach api in dc2 through dc1's gateways, still sending api's own SNI.
    Dial dial = MeshUpstreams.dial(catalog.snapshot(), td, Caller.in("dc1"),
        Upstream.to(ServiceName.of("api")).inDatacenter("dc2").withMode(MeshGatewayMode.LOCAL));
    // dial.via() == LOCAL_GATEWAYS, dial.sni() == sni, dial.identity(): api's SPIFFE ID in dc2
    // README example end

    Route route = routed(decision);
    assertEquals(Route.Kind.REMOTE_GATEWAYS, route.kind());
    assertEquals("203.0.2.1", route.endpoints().get(0).address());
    assertEquals(Dial.Via.LOCAL_GATEWAYS, dial.via());
    assertEquals(sni, dial.sni());
    assertEquals("spiffe://" + td + "/ns/default/dc/dc2/svc/api", dial.identity().uri());
    gateway.close();
  }

  @Test
  void theReadmeShowsExactlyTheCodeThisTestRuns() throws IOException {
    assertEquals(ReadmeSnippets.example("src/test/java/dev/meshgate/core/mesh/ReadmeExampleTest.java"),
        ReadmeSnippets.readmeBlock("MeshGateway gateway = MeshGateway.builder()"));
  }
}
