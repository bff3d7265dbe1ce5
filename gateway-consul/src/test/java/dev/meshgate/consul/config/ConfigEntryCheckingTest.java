package dev.meshgate.consul.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.catalog.ServiceDefaults;
import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.ingress.IngressGatewayEntry;
import dev.meshgate.core.intentions.ServiceIntentions;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigEntryCheckingTest {
  private static Checked check(String json) {
    return ConfigEntryCodec.check(ConfigEntryCodec.decode("f.json", json));
  }

  private static String normalized(String json) {
    Checked c = check(json);
    assertEquals(List.of(), c.errors().stream().map(Object::toString).toList());
    assertEquals(1, c.entries().size());
    return c.entries().get(0).toJson();
  }

  private static List<String> errors(String json) {
    return check(json).errors().stream().map(Object::toString).toList();
  }

  @Test
  void normalizesIntentionsAsConsulDoesOnWrite() {
    assertEquals("{\"Kind\":\"service-intentions\",\"Name\":\"db\",\"Sources\":["
        + "{\"Name\":\"web\",\"Permissions\":[{\"Action\":\"allow\",\"HTTP\":{\"PathPrefix\":\"/v1\",\"Methods\":[\"GET\",\"PUT\"]}}],"
        + "\"Precedence\":9,\"Type\":\"consul\"},"
        + "{\"Name\":\"*\",\"Action\":\"deny\",\"Precedence\":8,\"Type\":\"consul\",\"Description\":\"the rest\"}]}",
        normalized("{\"Kind\":\"service-intentions\",\"Name\":\"db\",\"Sources\":["
            + "{\"Name\":\"*\",\"Action\":\"deny\",\"Precedence\":99,\"Description\":\"the rest\",\"LegacyID\":\"x\"},"
            + "{\"Name\":\"web\",\"Permissions\":[{\"Action\":\"allow\",\"HTTP\":{\"path_prefix\":\"/v1\",\"Methods\":[\"get\",\"Put\"]}}]}]}"));
  }

  @Test
  void reportsEveryProblemOfTheChainKindsAtOnceNamingFileAndEntry() {
    List<String> splitter = errors("[{\"Kind\":\"service-splitter\",\"Name\":\"web\",\"Splits\":["
        + "{\"Weight\":110,\"Service\":\"a\"},{\"Weight\":-10,\"Service\":\"b\"}]}]");
    assertEquals(2, splitter.size(), splitter.toString());
    assertTrue(splitter.get(0).startsWith("f.json"), splitter.toString());
    assertTrue(splitter.get(0).contains("110"), splitter.toString());
    assertTrue(splitter.get(1).contains("-10"), splitter.toString());

    List<String> resolver = errors("{\"Kind\":\"service-resolver\",\"Name\":\"web\","
        + "\"Redirect\":{\"Peer\":\"other\"},\"ConnectTimeout\":\"soon\"}");
    assertTrue(resolver.size() >= 1, resolver.toString());
    assertTrue(resolver.stream().allMatch(e -> e.startsWith("f.json")), resolver.toString());

    List<String> router = errors("{\"Kind\":\"service-router\",\"Name\":\"web\",\"Routes\":[{\"Match\":"
        + "{\"HTTP\":{\"PathExact\":\"x\",\"PathPrefix\":\"/y\",\"Methods\":[\"FETCH\"]}}}]}");
    assertTrue(router.size() >= 2, router.toString());
  }

  /** An omitted nested namespace inherits the entry's, so an explicit default one must stay written. */
  @Test
  void keepsAnExplicitDefaultNamespaceUnderAnEntryOfAnotherNamespace() {
    String once = normalized("{\"Kind\":\"terminating-gateway\",\"Name\":\"gw\",\"Namespace\":\"grpc\","
        + "\"Services\":[{\"Name\":\"a\",\"Namespace\":\"default\"},{\"Name\":\"b\"}]}");
    assertEquals("{\"Kind\":\"terminating-gateway\",\"Name\":\"gw\",\"Services\":[{\"Name\":\"a\",\"Namespace\":\"default\"},"
        + "{\"Name\":\"b\"}],\"Namespace\":\"grpc\"}", once);
    assertEquals(once, normalized(once));
    String sources = normalized("{\"Kind\":\"service-intentions\",\"Name\":\"db\",\"Namespace\":\"ns1\","
        + "\"Sources\":[{\"Name\":\"web\",\"Namespace\":\"default\",\"Action\":\"allow\"}]}");
    assertTrue(sources.contains("\"Namespace\":\"default\""), sources);
    assertEquals(sources, normalized(sources));
  }

  @Test
  void readsAnEmptySdsObjectAsNoSdsSoNormalizingTwiceAgrees() {
    String once = normalized("{\"Kind\":\"ingress-gateway\",\"Name\":\"in\",\"TLS\":{\"SDS\":{}},"
        + "\"Listeners\":[{\"Port\":8080,\"Protocol\":\"http\",\"Services\":[{\"Name\":\"web\",\"TLS\":{\"SDS\":{}}}]}]}");
    assertEquals("{\"Kind\":\"ingress-gateway\",\"Name\":\"in\",\"Listeners\":[{\"Port\":8080,\"Protocol\":\"http\","
        + "\"Services\":[{\"Name\":\"web\"}]}]}", once);
    assertEquals(once, normalized(once));
    IngressGatewayEntry model = check(once).models(ConfigEntryKind.INGRESS_GATEWAY).get(0);
    assertEquals(model, check("{\"Kind\":\"ingress-gateway\",\"Name\":\"in\",\"TLS\":{\"SDS\":{}},\"Listeners\":["
        + "{\"Port\":8080,\"Protocol\":\"http\",\"Services\":[{\"Name\":\"web\",\"TLS\":{\"SDS\":{}}}]}]}")
        .models(ConfigEntryKind.INGRESS_GATEWAY).get(0));
  }

  @Test
  void givesAnIngressListenerTcpWhenItNamesNoProtocolAndLowerCasesProtocols() {
    assertEquals("{\"Kind\":\"ingress-gateway\",\"Name\":\"in\",\"Listeners\":[{\"Port\":9000,\"Protocol\":\"tcp\","
        + "\"Services\":[{\"Name\":\"db\"}]},{\"Port\":8080,\"Protocol\":\"http\",\"Services\":[{\"Name\":\"web\"}]}]}",
        normalized("{\"Kind\":\"ingress-gateway\",\"Name\":\"in\",\"Listeners\":[{\"Port\":9000,\"Services\":[{\"Name\":\"db\"}]},"
            + "{\"Port\":8080,\"Protocol\":\"HTTP\",\"Services\":[{\"Name\":\"web\"}]}]}"));
  }

  @Test
  void keepsTheFieldsCoreDoesNotModelWhileNormalizingServiceDefaults() {
    Checked c = check("{\"Kind\":\"service-defaults\",\"Name\":\"web\",\"Protocol\":\"HTTP\",\"MaxInboundConnections\":\"5\","
        + "\"UpstreamConfig\":{\"Overrides\":[{\"Name\":\"db\",\"Protocol\":\"GRPC\",\"ConnectTimeoutMs\":-3}],"
        + "\"Defaults\":{\"Protocol\":\"Http2\"}},\"Meta\":{\"k\":\"v\"}}");
    assertEquals(List.of(), c.errors());
    assertEquals("{\"Kind\":\"service-defaults\",\"Name\":\"web\",\"Protocol\":\"http\",\"UpstreamConfig\":{\"Overrides\":"
        + "[{\"Name\":\"db\",\"Protocol\":\"grpc\"}],\"Defaults\":{\"Protocol\":\"http2\"}},\"MaxInboundConnections\":5,"
        + "\"Meta\":{\"k\":\"v\"}}", c.entries().get(0).toJson());
    ServiceDefaults model = c.models(ConfigEntryKind.SERVICE_DEFAULTS).get(0);
    assertEquals(Protocol.HTTP, model.protocol());
  }

  @Test
  void namesProxyDefaultsGlobalAndRefusesAnyOtherName() {
    assertEquals("{\"Kind\":\"proxy-defaults\",\"Name\":\"global\",\"Config\":{\"Protocol\":\"http\"}}",
        normalized("{\"Kind\":\"proxy-defaults\",\"Config\":{\"Protocol\":\"http\"}}"));
    assertEquals(List.of("f.json: invalid name (\"web\"), only \"global\" is supported"),
        errors("{\"Kind\":\"proxy-defaults\",\"Name\":\"web\"}"));
  }

  @Test
  void reportsCoresValidationMessagesLocatedByFileAndIndex() {
    assertEquals(List.of(
        "f.json[#1]: Sources[0].Permissions[0].HTTP.PathExact doesn't start with '/': \"x\"",
        "f.json[#1]: Sources[0].Permissions[0].HTTP.Methods contains an invalid method \"FETCH\"",
        "f.json[#2]: Service \"db\" must have a CertFile, CAFile, and KeyFile specified for TLS origination"),
        errors("[{\"Kind\":\"mesh\"},"
            + "{\"Kind\":\"service-intentions\",\"Name\":\"db\",\"Sources\":[{\"Name\":\"web\",\"Permissions\":"
            + "[{\"Action\":\"allow\",\"HTTP\":{\"PathExact\":\"x\",\"Methods\":[\"fetch\"]}}]}]},"
            + "{\"Kind\":\"terminating-gateway\",\"Name\":\"tgw\",\"Services\":[{\"Name\":\"db\",\"CertFile\":\"/c\"}]}]"));
  }

  @Test
  void reportsWhatCoresModelCannotHoldInConsulsWords() {
    assertEquals(List.of("f.json: Sources[0].Action must be set to 'allow' or 'deny'",
        "f.json: Sources[0].LegacyMeta must be omitted"),
        errors("{\"Kind\":\"service-intentions\",\"Name\":\"db\",\"Sources\":[{\"Name\":\"web\",\"Action\":\"ALLOW\","
            + "\"LegacyMeta\":{\"a\":\"b\"}}]}"));
  }

  @Test
  void placesValueRejectionsOfCoresRecordsAtTheirField() {
    assertEquals(List.of("f.json: Destination: Destination.Port: 0 (expected: 1-65535)"),
        errors("{\"Kind\":\"service-defaults\",\"Name\":\"web\",\"Destination\":{\"Addresses\":[\"a.example\"]}}"));
    assertEquals(List.of("f.json: MeshGateway.Mode: Invalid Mesh Gateway Mode: \"Local\""),
        errors("{\"Kind\":\"service-defaults\",\"Name\":\"web\",\"MeshGateway\":{\"Mode\":\"Local\"}}"));
  }

  @Test
  void reportsTerminatingGatewayWarnings() {
    Checked c = check("{\"Kind\":\"terminating-gateway\",\"Name\":\"tgw\",\"Services\":[{\"Name\":\"db\",\"CAFile\":\"/ca.pem\"}]}");
    assertTrue(c.ok());
    assertEquals(List.of("f.json: TLS is configured but SNI is not set for service \"db\". Enabling SNI is strongly"
        + " recommended when using TLS."), c.warnings().stream().map(Object::toString).toList());
  }

  @Test
  void mapsIntentionsOntoCoresNormalizedModel() {
    Checked c = check("{\"Kind\":\"service-intentions\",\"Name\":\"db\",\"Sources\":[{\"Name\":\"web\",\"Action\":\"allow\"}]}");
    ServiceIntentions model = c.models(ConfigEntryKind.SERVICE_INTENTIONS).get(0);
    assertEquals("default", model.namespace());
    assertEquals(9, model.sources().get(0).precedence());
    assertEquals("consul", model.sources().get(0).type());
  }

  @Test
  void encodesAModelAsAnEntryThatDecodesBackToIt() {
    ServiceIntentions model = check("{\"Kind\":\"service-intentions\",\"Name\":\"db\",\"Sources\":[{\"Name\":\"web\","
        + "\"Action\":\"allow\"}]}").models(ConfigEntryKind.SERVICE_INTENTIONS).get(0);
    ConfigEntry entry = ConfigEntryKind.SERVICE_INTENTIONS.entry(model);
    Checked again = ConfigEntryCodec.check(ConfigEntryCodec.decode("again", ConfigEntryCodec.encode(entry)));
    assertEquals(List.of(model), again.models(ConfigEntryKind.SERVICE_INTENTIONS));
  }

  @Test
  void keepsSectionsThatArePresentButEmptyAsGoKeepsNonNilPointers() {
    // Found by ModelSamples' chain kinds: these were written as nothing, so they read back as absent,
    // a different resolver (a load balancer present) or route (a match and a destination present).
    String resolver = "{\"Kind\":\"service-resolver\",\"Name\":\"web\",\"LoadBalancer\":{}}";
    assertEquals(resolver, normalized(resolver));
    Checked checked = check(resolver);
    assertTrue(checked.models(ConfigEntryKind.SERVICE_RESOLVER).get(0).loadBalancer().isPresent());
    String ringHash = "{\"Kind\":\"service-resolver\",\"Name\":\"web\",\"LoadBalancer\":{\"Policy\":\"ring_hash\","
        + "\"RingHashConfig\":{},\"HashPolicies\":[{\"Field\":\"cookie\",\"FieldValue\":\"s\",\"CookieConfig\":{}}]}}";
    assertEquals(ringHash, normalized(ringHash));
    String leastRequest = "{\"Kind\":\"service-resolver\",\"Name\":\"web\",\"LoadBalancer\":"
        + "{\"Policy\":\"least_request\",\"LeastRequestConfig\":{}}}";
    assertEquals(leastRequest, normalized(leastRequest));
    String router = "{\"Kind\":\"service-router\",\"Name\":\"web\",\"Routes\":[{\"Match\":{\"HTTP\":{}},"
        + "\"Destination\":{}},{}]}";
    assertEquals(router, normalized(router));
  }
}
