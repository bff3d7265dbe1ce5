package dev.meshgate.consul.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.consul.config.ConfigEntryKind;
import dev.meshgate.consul.config.Decoded;
import dev.meshgate.core.catalog.HealthStatus;
import dev.meshgate.core.catalog.ServiceAddress;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.catalog.ServiceKind;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.catalog.Weights;
import dev.meshgate.core.intentions.DefaultPolicy;
import dev.meshgate.core.intentions.DestinationService;
import dev.meshgate.core.intentions.IntentionSet;
import dev.meshgate.core.intentions.SourceIdentity;
import dev.meshgate.testkit.TestCa;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConsulAnswersTest {
  static byte[] fixture(String name) {
    try (InputStream in = ConsulAnswersTest.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsHealthServiceEntriesIntoInstancesWithWorstCheckStatus() throws AnswerException {
    List<ServiceInstance> instances = ConsulAnswers.healthService(
        "/v1/health/service/billing?connect", "dc1", fixture("health-service-connect.json"));
    assertEquals(2, instances.size());
    ServiceInstance proxy = instances.get(0);
    assertEquals("node-a", proxy.node().name());
    assertEquals("dc1", proxy.node().datacenter());
    assertEquals(Map.of("lan", "10.1.0.4", "wan", "198.51.100.4"), proxy.node().taggedAddresses());
    assertTrue(proxy.node().agentManaged());
    assertEquals(ServiceKind.CONNECT_PROXY, proxy.kind());
    assertEquals("billing", proxy.proxyDestination());
    assertEquals("billing-sidecar-proxy", proxy.id());
    assertEquals(21000, proxy.port());
    assertEquals(new ServiceAddress("198.51.100.4", 21000), proxy.taggedAddresses().get("wan"));
    assertEquals(List.of("primary"), proxy.tags());
    assertEquals(Map.of("version", "2"), proxy.meta());
    assertEquals(new Weights(10, 1), proxy.weights());
    assertEquals(HealthStatus.WARNING, proxy.health());

    ServiceInstance nativeInstance = instances.get(1);
    assertEquals(ServiceKind.CONNECT_NATIVE, nativeInstance.kind());
    assertEquals("", nativeInstance.address());
    assertEquals(List.of(), nativeInstance.tags());
    assertEquals(HealthStatus.CRITICAL, nativeInstance.health());
  }

  @Test
  void healthEntryWithoutChecksIsPassingAndTakesTheAskedDatacenterWhenTheNodeNamesNone() throws AnswerException {
    List<ServiceInstance> instances = ConsulAnswers.healthService("/v1/health/service/web", "dc7", utf8(
        "[{\"Node\":{\"Node\":\"n1\",\"Address\":\"10.0.0.1\",\"Meta\":{\"external-node\":\"true\"}},"
            + "\"Service\":{\"ID\":\"web-1\",\"Service\":\"web\",\"Port\":80},\"Checks\":[]}]"));
    assertEquals(HealthStatus.PASSING, instances.get(0).health());
    assertEquals("dc7", instances.get(0).datacenter());
    assertFalse(instances.get(0).node().agentManaged());
    assertEquals(Weights.DEFAULT, instances.get(0).weights());
  }

  @Test
  void healthCheckStatusOutsideConsulsThreeFailsClosedNamingItsPath() {
    AnswerException e = assertThrows(AnswerException.class, () -> ConsulAnswers.healthService(
        "/v1/health/service/web", "dc1", utf8("[{\"Node\":{\"Node\":\"n1\",\"Address\":\"10.0.0.1\"},"
            + "\"Service\":{\"ID\":\"web-1\",\"Service\":\"web\",\"Port\":80},"
            + "\"Checks\":[{\"Status\":\"passing\"},{\"Status\":\"maintenance\"}]}]")));
    assertEquals("/v1/health/service/web: [0].Checks[1].Status: expected \"passing\", \"warning\" or \"critical\"",
        e.getMessage());
    assertEquals("/v1/health/service/web", e.endpoint());
  }

  @Test
  void reportsEveryWrongTypeInAHealthAnswerWithEndpointAndPath() {
    AnswerException e = assertThrows(AnswerException.class, () -> ConsulAnswers.healthService(
        "/v1/health/service/web", "dc1", utf8("[{\"Node\":{\"Node\":\"n1\",\"Address\":\"10.0.0.1\"},"
            + "\"Service\":{\"ID\":\"web-1\",\"Service\":\"web\",\"Port\":\"eighty\"}},"
            + "7, {\"Node\":[], \"Service\":{}}]")));
    assertEquals(List.of("[0].Service.Port: expected an integer", "[1]: expected an object",
        "[2].Node: expected an object"), e.problems());
    assertEquals("/v1/health/service/web: [0].Service.Port: expected an integer; [1]: expected an object; "
        + "[2].Node: expected an object", e.getMessage());
  }

  @Test
  void anInvalidInstanceIsReportedWithCoresMessage() {
    AnswerException e = assertThrows(AnswerException.class, () -> ConsulAnswers.healthService(
        "/v1/health/service/web", "dc1", utf8("[{\"Node\":{\"Node\":\"n1\",\"Address\":\"10.0.0.1\"},"
            + "\"Service\":{\"ID\":\"web-1\",\"Service\":\"web\",\"Port\":70000}}]")));
    assertEquals(List.of("[0]: service web-1 port: 70000 (expected: 0-65535)"), e.problems());
  }

  @Test
  void unknownServiceKindIsAnError() {
    AnswerException e = assertThrows(AnswerException.class, () -> ConsulAnswers.healthService(
        "/v1/health/service/web", "dc1", utf8("[{\"Node\":{\"Node\":\"n1\",\"Address\":\"10.0.0.1\"},"
            + "\"Service\":{\"Kind\":\"api-gateway\",\"ID\":\"g\",\"Service\":\"g\",\"Port\":1}}]")));
    assertEquals(List.of("[0].Service.Kind: unknown service kind \"api-gateway\""), e.problems());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "not JSON        | [{                | invalid JSON at line 1, column 3: Unexpected end-of-input",
      "empty body      | ''                | empty answer (expected: JSON)",
      "object, no list | {}                | expected a list",
      "trailing tokens | [] []             | invalid JSON at line 1, column 4: Trailing token"})
  void malformedHealthAnswerNamesEndpointAndProblem(String title, String body, String problemStart) {
    AnswerException e = assertThrows(AnswerException.class,
        () -> ConsulAnswers.healthService("/v1/health/service/web", "dc1", utf8(body)));
    assertEquals(1, e.problems().size());
    assertTrue(e.problems().get(0).startsWith(problemStart), e.problems().get(0));
    assertTrue(e.getMessage().startsWith("/v1/health/service/web: "), e.getMessage());
  }

  @Test
  void readsTerminatingGatewayServices() throws AnswerException {
    List<GatewayService> rows = ConsulAnswers.gatewayServices(
        "/v1/catalog/gateway-services/legacy-gateway", fixture("gateway-services-terminating.json"));
    assertEquals(List.of(
        new GatewayService(ServiceName.of("legacy-gateway"), ServiceName.of("billing"), "terminating-gateway", 0, "",
            List.of(), "/etc/certs/ca-chain.cert.pem", "/etc/certs/gateway.cert.pem", "/etc/certs/gateway.key.pem",
            "billing.example.internal", false),
        new GatewayService(ServiceName.of("legacy-gateway"), ServiceName.of("orders"), "terminating-gateway", 0, "",
            List.of(), "", "", "", "", true)), rows);
  }

  @Test
  void readsIngressGatewayServicesWithListenerPortProtocolAndHosts() throws AnswerException {
    GatewayService row = ConsulAnswers.gatewayServices(
        "/v1/catalog/gateway-services/edge", fixture("gateway-services-ingress.json")).get(0);
    assertEquals("ingress-gateway", row.gatewayKind());
    assertEquals(8080, row.port());
    assertEquals("http", row.protocol());
    assertEquals(List.of("shop.example.com", "shop.example.com:8080"), row.hosts());
  }

  @Test
  void gatewayServiceWithoutServiceNameIsAnError() {
    AnswerException e = assertThrows(AnswerException.class, () -> ConsulAnswers.gatewayServices(
        "/v1/catalog/gateway-services/gw", utf8("[{\"Gateway\":{\"Name\":\"gw\"},\"Service\":{}}]")));
    assertEquals(List.of("[0].Service.Name: expected a service name"), e.problems());
  }

  @Test
  void readsConfigEntryAnswerDroppingIndexes() throws AnswerException {
    Decoded d = ConsulAnswers.configEntries(
        "/v1/config/terminating-gateway/legacy-gateway", fixture("config-terminating-gateway.json"));
    assertEquals(1, d.entries().size());
    assertEquals(ConfigEntryKind.TERMINATING_GATEWAY, d.entries().get(0).kind());
    assertEquals("legacy-gateway", d.entries().get(0).name());
  }

  @Test
  void configEntryAnswerWithUnknownFieldIsRefusedNamingEndpointIndexAndPath() {
    AnswerException e = assertThrows(AnswerException.class, () -> ConsulAnswers.configEntries(
        "/v1/config/service-defaults", utf8("[{\"Kind\":\"service-defaults\",\"Name\":\"a\",\"Protocol\":\"http\"},"
            + "{\"Kind\":\"service-defaults\",\"Name\":\"b\",\"Protocl\":\"http\"}]")));
    assertEquals(List.of("[1]: invalid config key \"Protocl\""), e.problems());
  }

  @Test
  void readsServiceIntentionsAnswerIntoAnIntentionSet() throws AnswerException {
    IntentionSet set = ConsulAnswers.intentions(
        "/v1/config/service-intentions", fixture("config-service-intentions.json"));
    assertTrue(set.decide(SourceIdentity.of("web"), DestinationService.of("billing"), DefaultPolicy.ALLOW).allowed());
    assertFalse(set.decide(SourceIdentity.of("api"), DestinationService.of("billing"), DefaultPolicy.ALLOW).allowed());
    assertEquals(3, set.intentions().size());
  }

  @Test
  void invalidIntentionEntryRefusesTheWholeAnswer() {
    AnswerException e = assertThrows(AnswerException.class, () -> ConsulAnswers.intentions(
        "/v1/config/service-intentions", utf8("[{\"Kind\":\"service-intentions\",\"Name\":\"db\",\"Sources\":"
            + "[{\"Name\":\"web\",\"Action\":\"allow\"}]},{\"Kind\":\"service-intentions\",\"Name\":\"api\","
            + "\"Sources\":[{\"Name\":\"web\",\"Action\":\"maybe\"}]}]")));
    assertEquals(1, e.problems().size(), e.problems().toString());
    assertTrue(e.problems().get(0).startsWith("[1]"), e.problems().toString());
  }

  @Test
  void readsCaRootsAndTheActiveOne() throws AnswerException {
    CaRoots roots = ConsulAnswers.caRoots("/v1/agent/connect/ca/roots", fixture("ca-roots.json"));
    assertEquals("7f42f496-fbc7-8692-05ed-334aa5340c1e.consul", roots.trustDomain());
    assertEquals(2, roots.roots().size());
    CaRoot active = roots.activeRoot().orElseThrow();
    assertTrue(active.active());
    assertEquals("Consul CA Root Cert", active.name());
    assertEquals(List.of(), active.intermediateCertsPem());
    assertEquals(1, roots.roots().get(1).intermediateCertsPem().size());
  }

  @Test
  void caRootsWhoseActiveIdNamesNoRootAreRefused() {
    AnswerException e = assertThrows(AnswerException.class, () -> ConsulAnswers.caRoots(
        "/v1/agent/connect/ca/roots", utf8("{\"ActiveRootID\":\"x\",\"TrustDomain\":\"t.consul\",\"Roots\":"
            + "[{\"ID\":\"y\",\"RootCert\":\"pem\",\"Active\":true}]}")));
    assertEquals("/v1/agent/connect/ca/roots: ActiveRootID: names no root in Roots", e.getMessage());
  }

  @Test
  void caRootsBecomeOneTrustBundleOfEveryRoot() throws AnswerException {
    TestCa now = TestCa.named("new root");
    TestCa old = TestCa.named("old root");
    String json = "{\"ActiveRootID\":\"a\",\"TrustDomain\":\"t.consul\",\"Roots\":["
        + "{\"ID\":\"a\",\"RootCert\":" + quoted(now.rootPem()) + ",\"Active\":true},"
        + "{\"ID\":\"b\",\"RootCert\":" + quoted(old.rootPem()) + ",\"Active\":false}]}";
    CaRoots roots = ConsulAnswers.caRoots("/v1/agent/connect/ca/roots", utf8(json));
    assertEquals(List.of(now.root(), old.root()), roots.trustBundle().certificates());
  }

  private static String quoted(String s) {
    return "\"" + s.replace("\n", "\\n") + "\"";
  }

  @Test
  void readsLeafCertificateAndKeepsTheKeyOutOfToString() throws AnswerException {
    LeafCertificate leaf = ConsulAnswers.leaf("/v1/agent/connect/ca/leaf/billing", fixture("ca-leaf.json"));
    assertEquals("billing", leaf.service());
    assertEquals("spiffe://7f42f496-fbc7-8692-05ed-334aa5340c1e.consul/ns/default/dc/dc1/svc/billing",
        leaf.serviceUri());
    assertEquals(Instant.parse("2026-12-01T10:00:00Z"), leaf.validAfter());
    assertEquals(Instant.parse("2026-12-04T10:00:00Z"), leaf.validBefore());
    assertTrue(leaf.privateKeyPem().contains("SECRET-KEY-BYTES"));
    assertFalse(leaf.toString().contains("SECRET"), leaf.toString());
  }

  @Test
  void leafWithoutKeyOrWithBadTimeIsRefused() {
    AnswerException e = assertThrows(AnswerException.class, () -> ConsulAnswers.leaf(
        "/v1/agent/connect/ca/leaf/web", utf8("{\"CertPEM\":\"c\",\"ValidAfter\":\"yesterday\","
            + "\"ValidBefore\":\"2026-12-04T10:00:00Z\"}")));
    assertEquals(List.of("ValidAfter: expected an RFC 3339 time such as \"2024-01-02T15:04:05Z\""), e.problems());
    AnswerException missing = assertThrows(AnswerException.class, () -> ConsulAnswers.leaf(
        "/v1/agent/connect/ca/leaf/web", utf8("{\"CertPEM\":\"c\",\"ValidAfter\":\"2026-12-04T10:00:00Z\","
            + "\"ValidBefore\":\"2026-12-04T10:00:00Z\"}")));
    assertEquals(List.of("PrivateKeyPEM: missing"), missing.problems());
  }

  @Test
  void readsDatacenters() throws AnswerException {
    assertEquals(List.of("dc1", "dc2", "dc3"),
        ConsulAnswers.datacenters("/v1/catalog/datacenters", fixture("catalog-datacenters.json")));
    AnswerException e = assertThrows(AnswerException.class,
        () -> ConsulAnswers.datacenters("/v1/catalog/datacenters", utf8("[\"dc1\", 3, \"\"]")));
    assertEquals(List.of("[1]: expected a datacenter name", "[2]: expected a datacenter name"), e.problems());
  }

  @Test
  void readsCatalogServices() throws AnswerException {
    String ep = "/v1/catalog/services";
    Map<String, List<String>> services = ConsulAnswers.catalogServices(ep,
        utf8("{\"consul\":[],\"web\":[\"v1\",\"primary\"],\"legacy\":null,\"NewField\":[]}"));
    assertEquals(List.of("consul", "web", "legacy", "NewField"), List.copyOf(services.keySet()));
    assertEquals(List.of("v1", "primary"), services.get("web"));
    assertEquals(List.of(), services.get("legacy"));
    AnswerException e = assertThrows(AnswerException.class,
        () -> ConsulAnswers.catalogServices(ep, utf8("{\"web\":\"v1\",\"api\":[1],\"\":[]}")));
    assertEquals(List.of("[\"web\"]: expected a list of tags", "[\"api\"][0]: expected a tag (a string)",
        "[\"\"]: expected a service name"), e.problems());
    assertTrue(e.getMessage().startsWith(ep), e.getMessage());
    AnswerException list = assertThrows(AnswerException.class, () -> ConsulAnswers.catalogServices(ep,
        utf8("[\"web\"]")));
    assertEquals(List.of("expected an object of service names"), list.problems());
  }
}
