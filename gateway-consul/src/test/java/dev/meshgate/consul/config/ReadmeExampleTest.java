package dev.meshgate.consul.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.catalog.Catalog;
import dev.meshgate.core.catalog.Node;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.intentions.Decision;
import dev.meshgate.core.intentions.DefaultPolicy;
import dev.meshgate.core.intentions.DestinationService;
import dev.meshgate.core.intentions.SourceIdentity;
import dev.meshgate.core.naming.TrustDomain;
import dev.meshgate.core.routing.SniDecision;
import dev.meshgate.core.terminating.Route;
import dev.meshgate.core.terminating.TerminatingGateway;
import dev.meshgate.core.terminating.TerminatingGatewayEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Consul-data example, verbatim between the markers, so it cannot go stale. */
class ReadmeExampleTest {
  @TempDir
  Path dir;

  @Test
  void loadsADirectoryOfConsulJsonAndAsksADecisionAndARoute() throws IOException {
    Path entries = Files.createDirectories(dir.resolve("consul-entries"));
    Files.writeString(entries.resolve("billing.json"), """
        [
          {"Kind": "terminating-gateway", "Name": "tgw",
           "Services": [{"Name": "billing", "CAFile": "/etc/tgw/billing-ca.pem", "SNI": "billing.example.com"}]},
          {"Kind": "service-intentions", "Name": "billing",
           "Sources": [{"Name": "web", "Action": "allow"}, {"Name": "*", "Action": "deny"}]},
          {"Kind": "service-defaults", "Name": "billing", "Protocol": "tcp"}
        ]
        """);
    TrustDomain td = TrustDomain.fromClusterId("5fcd4b81-a2ca-405a-ac62-0fac602c1949");
    String sni = "billing.default.dc1.internal." + td;
    Path consulEntries = entries;
    // README example start
    ConfigDirectory config = ConfigDirectory.load(consulEntries, DefaultPolicy.DENY); // every *.json, name order
    config.errors().forEach(System.err::println); // "<file>[#<index>]: <field path>: <message>", all at once

    Decision decision = config.decide(SourceIdentity.of("web"), DestinationService.of("billing"));
    // decision.allowed() == true; decision.text(): "Matched L4 intention: ALLOW default/web => ..."

    Catalog catalog = config.newCatalog(); // service-defaults, proxy-defaults, mesh, exported-services applied
    catalog.register(ServiceInstance.builder(Node.external("billing-ext", "dc1", "billing.example.com"), "billing")
        .port(443).build());
    TerminatingGatewayEntry entry = config.models(ConfigEntryKind.TERMINATING_GATEWAY).get(0);
    TerminatingGateway gateway = TerminatingGateway.builder()
        .name(entry.name()).datacenter("dc1").trustDomain(td).catalog(catalog).entry(entry).build();
    SniDecision<Route> route = gateway.route(sni); // billing.default.dc1.internal.<td>: a Route with one-way TLS
    // README example end

    assertEquals(List.of(), config.errors());
    assertTrue(decision.allowed(), decision.text());
    assertTrue(decision.text().startsWith("Matched L4 intention: "), decision.text());
    assertTrue(!config.decide(SourceIdentity.of("ops"), DestinationService.of("billing")).allowed());
    assertEquals(Protocol.TCP, catalog.snapshot().protocol(dev.meshgate.core.catalog.ServiceName.of("billing")));
    Route r = assertInstanceOf(Route.class, route.routeOrNull());
    assertEquals("billing.example.com", r.endpoints().get(0).address());
    assertTrue(r.tls().originatesTls());
    gateway.close();
  }

  @Test
  void theReadmeShowsExactlyTheCodeThisTestRuns() throws IOException {
    List<String> source = Files.readAllLines(Path.of("src/test/java/dev/meshgate/consul/config/ReadmeExampleTest.java"));
    List<String> lines = source.subList(source.indexOf("    // README example start") + 1,
        source.indexOf("    // README example end")).stream().map(l -> l.length() >= 4 ? l.substring(4) : l.strip()).toList();
    String example = String.join("\n", lines) + "\n";
    String readme = Files.readString(Path.of("../README.md"));
    String first = "ConfigDirectory config = ConfigDirectory.load(";
    int at = readme.indexOf("```java\n" + first);
    assertTrue(at >= 0, "README has no java block starting with: " + first);
    String block = readme.substring(at + "```java\n".length());
    assertEquals(example, block.substring(0, block.indexOf("```")));
  }
}
