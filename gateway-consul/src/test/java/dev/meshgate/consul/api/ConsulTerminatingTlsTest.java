package dev.meshgate.consul.api;

import static dev.meshgate.consul.api.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.catalog.Catalog;
import dev.meshgate.core.catalog.Node;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.naming.SpiffeId;
import dev.meshgate.core.naming.TrustDomain;
import dev.meshgate.core.terminating.TerminatingGateway;
import dev.meshgate.core.terminating.TerminatingGatewayEntry;
import dev.meshgate.testkit.FakeConsulAgent;
import dev.meshgate.testkit.IssuedCertificate;
import dev.meshgate.testkit.KeyFormat;
import dev.meshgate.testkit.TestCa;
import dev.meshgate.tls.TlsContexts;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A terminating gateway's roots and leaves followed from a (fake) Consul agent. */
class ConsulTerminatingTlsTest {
  static final TrustDomain TD = new TrustDomain("7f42f496-fbc7-8692-05ed-334aa5340c1e.consul");
  static final TestCa CA = TestCa.forTrustDomain(TD);
  static final SpiffeId.Service BILLING = SpiffeId.Service.of(TD, "", "dc1", "billing");
  static final SpiffeId.Service ORDERS = SpiffeId.Service.of(TD, "", "dc1", "orders");

  private FakeConsulAgent agent;
  private ConsulClient client;

  @BeforeEach
  void startAgent() throws IOException {
    agent = new FakeConsulAgent();
    client = ConsulClient.builder().address(agent.address(), false).timeoutMargin(Duration.ofMillis(300)).build();
  }

  @AfterEach
  void stop() {
    agent.close();
  }

  private static String json(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  private static String roots(TestCa... cas) {
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < cas.length; i++) {
      list.append(i == 0 ? "" : ",").append("{\"ID\":\"root-").append(i).append("\",\"Name\":").append(json(cas[i].name()))
          .append(",\"RootCert\":").append(json(cas[i].rootPem())).append(",\"IntermediateCerts\":null,\"Active\":")
          .append(i == 0).append('}');
    }
    return "{\"ActiveRootID\":\"root-0\",\"TrustDomain\":\"" + TD.value() + "\",\"Roots\":[" + list + "]}";
  }

  private static String leaf(SpiffeId.Service service, IssuedCertificate cert, String serial) {
    return "{\"SerialNumber\":\"" + serial + "\",\"CertPEM\":" + json(cert.chainPem()) + ",\"PrivateKeyPEM\":"
        + json(cert.privateKeyPem(KeyFormat.PKCS8)) + ",\"Service\":\"" + service.service() + "\",\"ServiceURI\":\""
        + service.uri() + "\",\"ValidAfter\":\"2026-01-01T00:00:00Z\",\"ValidBefore\":\"2036-01-01T00:00:00Z\"}";
  }


  private static TerminatingGateway gateway(Catalog catalog, String... services) {
    TerminatingGatewayEntry.Builder entry = TerminatingGatewayEntry.builder("tgw");
    for (String s : services) {
      entry.service(s);
    }
    return TerminatingGateway.builder().name("tgw").datacenter("dc1").trustDomain(TD).catalog(catalog)
        .entry(entry.build()).build();
  }

  private static ServiceInstance external(String service) {
    return ServiceInstance.builder(Node.external(service + "-ext", "dc1", "10.0.0.9"), service).port(443).build();
  }

  private ConsulTerminatingTls.Builder follower(TerminatingGateway gateway) {
    return ConsulTerminatingTls.builder(client, gateway, TlsContexts.builder().build())
        .timing(Duration.ofMillis(200), Duration.ofMillis(20), Duration.ofMillis(10), Duration.ofMillis(80));
  }

  private static String serialOf(ConsulTerminatingTls tls, SpiffeId.Service service) {
    return tls.tls().leafOf(service).map(k -> k.leaf().getSerialNumber().toString()).orElse("none");
  }

  @Test
  void servesEachRoutedServicesLeafFromConsulAndUsesARotatedOneWithoutRestart() throws Exception {
    agent.set("/v1/agent/connect/ca/roots", 5, roots(CA));
    IssuedCertificate first = CA.leaf(BILLING);
    agent.set("/v1/agent/connect/ca/leaf/billing", 7, leaf(BILLING, first, "01"));
    Catalog catalog = new Catalog();
    catalog.register(external("billing"));
    try (TerminatingGateway gw = gateway(catalog, "billing", "orders");
        ConsulTerminatingTls tls = follower(gw).start()) {
      String billingSni = "billing.default.dc1.internal." + TD.value();
      await("billing's leaf is served", () -> tls.tls().servedNames().equals(List.of(billingSni)));
      assertEquals(first.certificate().getSerialNumber().toString(), serialOf(tls, BILLING));

      IssuedCertificate rotated = CA.leaf(BILLING);
      agent.set("/v1/agent/connect/ca/leaf/billing", 9, leaf(BILLING, rotated, "02"));
      await("the rotated leaf is served", () -> serialOf(tls, BILLING)
          .equals(rotated.certificate().getSerialNumber().toString()));

      // orders is linked in Consul's config and registered now: its route appears, then its leaf.
      agent.set("/v1/agent/connect/ca/leaf/orders", 3, leaf(ORDERS, CA.leaf(ORDERS), "03"));
      catalog.register(external("orders"));
      await("orders' leaf is served", () -> tls.tls().servedNames().size() == 2);
      assertTrue(tls.leafStatus(ORDERS).isPresent());

      gw.update(TerminatingGatewayEntry.builder("tgw").service("orders").build());
      await("billing is no longer watched", () -> tls.leafStatus(BILLING).isEmpty());
      assertEquals(List.of("orders.default.dc1.internal." + TD.value()), tls.tls().servedNames());
    }
  }

  @Test
  void aServiceWhoseLeafConsulDoesNotAnswerIsRefusedAloneUntilItArrives() throws Exception {
    agent.set("/v1/agent/connect/ca/roots", 5, roots(CA));
    agent.set("/v1/agent/connect/ca/leaf/billing", 7, leaf(BILLING, CA.leaf(BILLING), "01"));
    Catalog catalog = new Catalog();
    catalog.register(external("billing"));
    catalog.register(external("orders"));
    try (TerminatingGateway gw = gateway(catalog, "billing", "orders");
        ConsulTerminatingTls tls = follower(gw).start()) {
      await("billing's leaf is served", () -> tls.tls().servedNames().size() == 1);
      assertEquals(List.of("billing.default.dc1.internal." + TD.value()), tls.tls().servedNames());
      agent.set("/v1/agent/connect/ca/leaf/orders", 4, leaf(ORDERS, CA.leaf(ORDERS), "03"));
      await("orders is served once Consul answers", () -> tls.tls().servedNames().size() == 2);
    }
  }

  @Test
  void withoutUsableRootsStartFailsNamingTheEndpoint() {
    agent.set("/v1/agent/connect/ca/roots", 5, "{\"ActiveRootID\":\"x\",\"TrustDomain\":\"t\",\"Roots\":[{\"ID\":\"x\","
        + "\"Name\":\"bad\",\"RootCert\":\"not a certificate\",\"Active\":true}]}");
    Catalog catalog = new Catalog();
    try (TerminatingGateway gw = gateway(catalog, "billing")) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> follower(gw).firstRootsTimeout(Duration.ofMillis(500)).start());
      assertTrue(e.getMessage().startsWith("no usable CA roots from /v1/agent/connect/ca/roots within PT0.5S"),
          e.getMessage());
    }
  }
}
