package dev.meshgate.core.terminating;

import static dev.meshgate.core.routing.Decisions.routed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.meshgate.core.catalog.Catalog;
import dev.meshgate.core.catalog.Endpoint;
import dev.meshgate.core.catalog.Node;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.naming.TrustDomain;
import dev.meshgate.core.routing.SniDecision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The terminating-gateway example of the README, verbatim between the markers, so it cannot go stale. */
class ReadmeExampleTest {
  @Test
  void routesAnSniToTheLinkedExternalServiceWithItsTls() {
    // README example start
    Catalog catalog = new Catalog();
    Node external = Node.external("billing-ext", "dc1", "billing.example.com"); // no agent on this node
    catalog.register(ServiceInstance.builder(external, "billing").port(443).build());

    TerminatingGatewayEntry entry = TerminatingGatewayEntry.builder("tgw")
        .services(LinkedService.builder("billing").caFile("/etc/tgw/billing-ca.pem").sni("billing.example.com").build())
        .build();
    TrustDomain td = TrustDomain.fromClusterId("5fcd4b81-a2ca-405a-ac62-0fac602c1949");
    TerminatingGateway gateway = TerminatingGateway.builder()
        .name("tgw").datacenter("dc1").trustDomain(td).catalog(catalog).entry(entry).build();

    SniDecision<Route> decision = gateway.route("billing.default.dc1.internal." + td); // the SNI a mesh caller sends
    if (decision instanceof SniDecision.Routed<Route> routed) {
      Route route = routed.route();
      Endpoint target = route.endpoints().get(0); // billing.example.com:443, hostname=true: resolve by DNS
      TlsMode tls = route.tls(); // OneWay[caFile=/etc/tgw/billing-ca.pem, sni=Optional[billing.example.com]]
    }
    // README example end

    Route route = routed(decision);
    assertEquals(new TlsMode.OneWay("/etc/tgw/billing-ca.pem", Optional.of("billing.example.com")), route.tls());
    assertEquals("billing.example.com", route.endpoints().get(0).address());
    assertEquals(true, route.endpoints().get(0).hostname());
    assertEquals(SniDecision.unknownSni(), gateway.route("other.default.dc1.internal." + td));
    gateway.close();
  }

  @Test
  void theReadmeShowsExactlyTheCodeThisTestRuns() throws IOException {
    List<String> source = Files.readAllLines(
        Path.of("src/test/java/dev/meshgate/core/terminating/ReadmeExampleTest.java"));
    List<String> example = source.subList(
            source.indexOf("    // README example start") + 1, source.indexOf("    // README example end"))
        .stream().map(line -> line.length() >= 4 ? line.substring(4) : line.strip()).toList();
    String readme = Files.readString(Path.of("../README.md"));
    String block = readme.substring(readme.indexOf("```java\nCatalog catalog = new Catalog();") + "```java\n".length());
    block = block.substring(0, block.indexOf("```"));
    assertEquals(String.join("\n", example) + "\n", block);
  }
}
