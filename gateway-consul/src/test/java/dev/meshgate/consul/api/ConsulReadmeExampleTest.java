package dev.meshgate.consul.api;

import static dev.meshgate.consul.api.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.consul.config.ConfigEntryKind;
import dev.meshgate.core.naming.TrustDomain;
import dev.meshgate.core.routing.SniDecision;
import dev.meshgate.core.terminating.Route;
import dev.meshgate.core.terminating.TerminatingGateway;
import dev.meshgate.core.terminating.TerminatingGatewayEntry;
import dev.meshgate.testkit.FakeConsulAgent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's "follow a Consul agent" example, verbatim between the markers, run against the fake agent. */
class ConsulReadmeExampleTest {
  private static final String TD = "7f42f496-fbc7-8692-05ed-334aa5340c1e.consul";


  private static String links(String... services) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < services.length; i++) {
      s.append(i > 0 ? "," : "").append("{\"Gateway\":{\"Name\":\"tgw\"},\"Service\":{\"Name\":\"")
          .append(services[i]).append("\"},\"GatewayKind\":\"terminating-gateway\",\"SNI\":\"")
          .append(services[i]).append(".example.com\"}");
    }
    return s.append(']').toString();
  }

  private static String external(String service) {
    return "[{\"Node\":{\"Node\":\"" + service + "-ext\",\"Address\":\"" + service + ".example.com\","
        + "\"Datacenter\":\"dc1\",\"Meta\":{\"external-node\":\"true\"}},\"Service\":{\"ID\":\"" + service
        + "\",\"Service\":\"" + service + "\",\"Port\":443},\"Checks\":[]}]";
  }

  private static String entry(String... services) {
    StringBuilder s = new StringBuilder("{\"Kind\":\"terminating-gateway\",\"Name\":\"tgw\",\"Services\":[");
    for (int i = 0; i < services.length; i++) {
      s.append(i > 0 ? "," : "").append("{\"Name\":\"").append(services[i])
          .append("\",\"CAFile\":\"/etc/tgw/ca.pem\",\"SNI\":\"").append(services[i]).append(".example.com\"}");
    }
    return s.append("],\"CreateIndex\":3,\"ModifyIndex\":3}").toString();
  }

  @Test
  void pointsATerminatingGatewayAtAConsulAgentAndFollowsNewLinks() throws Exception {
    try (FakeConsulAgent agent = new FakeConsulAgent()) {
      agent.set("/v1/agent/connect/ca/roots", 2, "{\"ActiveRootID\":\"r\",\"TrustDomain\":\"" + TD + "\","
          + "\"Roots\":[{\"ID\":\"r\",\"RootCert\":\"pem\",\"Active\":true}]}");
      agent.set("/v1/config/terminating-gateway/tgw", 3, entry("billing"));
      agent.set("/v1/catalog/gateway-services/tgw", 4, links("billing"));
      agent.set("/v1/health/service/billing", 5, external("billing"));
      agent.set("/v1/health/service/orders", 6, external("orders"));
      Map<String, String> env = Map.of("CONSUL_HTTP_ADDR", "http://" + agent.address());
      String sni = "billing.default.dc1.internal." + TD;

      // README Consul example start
      ConsulClient consul = ConsulClient.fromEnvironment(env); // System.getenv(): CONSUL_HTTP_ADDR, CONSUL_HTTP_TOKEN, ...
      CaRoots roots = ConsulAnswers.caRoots("/v1/agent/connect/ca/roots",
          consul.get("/v1/agent/connect/ca/roots", Map.of(), 0, Duration.ZERO).body());
      ConsulCatalog catalog = ConsulCatalog.builder(consul, "dc1").linkedServicesOf("tgw").start();
      TerminatingGateway gateway = TerminatingGateway.builder().name("tgw").datacenter("dc1")
          .trustDomain(new TrustDomain(roots.trustDomain())).catalog(catalog).build();
      Watch<TerminatingGatewayEntry> entry = ConsulWatches
          .configEntry(consul, ConfigEntryKind.TERMINATING_GATEWAY, "tgw")
          .listener((e, index) -> gateway.update(e)).start();
      // services linked in Consul later get routes with no restart; failing watches keep the last good state
      SniDecision<Route> route = gateway.route(sni); // sni: "billing.default.dc1.internal.<trust domain>"
      // README Consul example end

      try {
        assertTrue(route != null);
        await("billing routed", () -> gateway.route(sni) instanceof SniDecision.Routed<Route> r && !r.route().endpoints().isEmpty());
        Route billing = gateway.route(sni).routeOrNull();
        assertEquals("billing.example.com", billing.endpoints().get(0).address());
        assertTrue(billing.tls().originatesTls());

        String orders = "orders.default.dc1.internal." + TD;
        assertTrue(gateway.route(orders).routeOrNull() == null);
        agent.set("/v1/config/terminating-gateway/tgw", 7, entry("billing", "orders"));
        agent.set("/v1/catalog/gateway-services/tgw", 8, links("billing", "orders"));
        await("orders routed with no restart",
            () -> gateway.route(orders) instanceof SniDecision.Routed<Route> r && !r.route().endpoints().isEmpty());
        assertEquals("orders.example.com", gateway.route(orders).routeOrNull().endpoints().get(0).address());
      } finally {
        entry.close();
        catalog.close();
        gateway.close();
      }
    }
  }

  @Test
  void theReadmeShowsExactlyTheCodeThisTestRuns() throws IOException {
    List<String> source = Files.readAllLines(
        Path.of("src/test/java/dev/meshgate/consul/api/ConsulReadmeExampleTest.java"));
    List<String> lines = source.subList(source.indexOf("      // README Consul example start") + 1,
        source.indexOf("      // README Consul example end")).stream()
        .map(l -> l.length() >= 6 ? l.substring(6) : l.strip()).toList();
    assertTrue(lines.size() < 20, lines.size() + " lines");
    String example = String.join("\n", lines) + "\n";
    String readme = Files.readString(Path.of("../README.md"));
    String first = "ConsulClient consul = ConsulClient.fromEnvironment(";
    int at = readme.indexOf("```java\n" + first);
    assertTrue(at >= 0, "README has no java block starting with: " + first);
    String block = readme.substring(at + "```java\n".length());
    assertEquals(example, block.substring(0, block.indexOf("```")));
  }
}
