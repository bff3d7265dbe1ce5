package dev.meshgate.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code chain compile} contract (issue 13, "Command line"), through the jar's real entry
 * point: the compiled chain on stdout as Consul's {@code /v1/discovery-chain/NAME} returns it
 * under {@code Chain}, exit 1 with Consul's message for an invalid set, exit 2 for a usage error.
 */
class ChainCommandsTest {
  /**
   * service-defaults "Set the default protocol", service-router "Path prefix matching",
   * service-splitter "Split traffic between two subsets of the same service" and service-resolver
   * "Filter on service version" of Consul's config-entry documentation pages, for service web.
   */
  private static final String WEB_HTTP = "{\"Kind\":\"service-defaults\",\"Name\":\"web\",\"Protocol\":\"http\"}";
  private static final String ADMIN_HTTP = "{\"Kind\":\"service-defaults\",\"Name\":\"admin\",\"Protocol\":\"http\"}";
  private static final String ROUTER = "{\"Kind\":\"service-router\",\"Name\":\"web\",\"Routes\":[{\"Match\":"
      + "{\"HTTP\":{\"PathPrefix\":\"/admin\"}},\"Destination\":{\"Service\":\"admin\"}}]}";
  private static final String SPLITTER = "{\"Kind\":\"service-splitter\",\"Name\":\"web\",\"Splits\":["
      + "{\"Weight\":90,\"ServiceSubset\":\"v1\"},{\"Weight\":10,\"ServiceSubset\":\"v2\"}]}";
  private static final String RESOLVER = "{\"Kind\":\"service-resolver\",\"Name\":\"web\",\"DefaultSubset\":\"v1\","
      + "\"Subsets\":{\"v1\":{\"Filter\":\"Service.Meta.version == v1\"},"
      + "\"v2\":{\"Filter\":\"Service.Meta.version == v2\"}}}";

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private Cli.Result result = new Cli.Result(-1, "", "");

  private int run(String... args) {
    result = Cli.run(args);
    return result.status();
  }

  /** Runs {@code chain compile --entries <dir> <args>}. */
  private int compile(String... args) {
    List<String> all = new ArrayList<>(List.of("chain", "compile", "--entries", dir.toString()));
    all.addAll(List.of(args));
    return run(all.toArray(String[]::new));
  }

  private String out() {
    return result.out();
  }

  private String err() {
    return result.err();
  }

  private JsonNode chain() throws IOException {
    return JSON.readTree(out());
  }

  private void file(String name, String json) throws IOException {
    Files.writeString(dir.resolve(name), json);
  }

  @Test
  void anEmptyDirectoryCompilesTheDefaultChain() throws IOException {
    assertEquals(0, compile("--service", "web"), err());
    assertEquals("", err());
    JsonNode c = chain();
    assertEquals("web", c.path("ServiceName").asText());
    assertEquals("default", c.path("Namespace").asText());
    assertEquals("default", c.path("Partition").asText());
    assertEquals("dc1", c.path("Datacenter").asText());
    assertTrue(c.path("Default").asBoolean());
    assertEquals("tcp", c.path("Protocol").asText());
    assertEquals("resolver:web.default.default.dc1", c.path("StartNode").asText());
    assertFalse(c.has("CustomizationHash"));
    JsonNode resolver = c.path("Nodes").path("resolver:web.default.default.dc1");
    assertEquals("resolver", resolver.path("Type").asText());
    assertEquals("5s", resolver.path("Resolver").path("ConnectTimeout").asText());
    assertTrue(resolver.path("Resolver").path("Default").asBoolean());
    assertEquals(List.of("web.default.default.dc1"), fieldNames(c.path("Targets")));
    JsonNode target = c.path("Targets").path("web.default.default.dc1");
    assertEquals("web.default.dc1.internal.trustdomain.consul", target.path("SNI").asText());
    assertEquals("web.default.dc1.internal.trustdomain.consul", target.path("Name").asText());
    assertEquals("5s", target.path("ConnectTimeout").asText());
    assertTrue(out().endsWith("}\n"), "one object, indented, ending with a newline: " + out());
  }

  @Test
  void compilesTheDocumentationsRouterSplitterAndResolverIntoConsulsNodesAndTargets() throws IOException {
    file("defaults.json", "[" + WEB_HTTP + "," + ADMIN_HTTP + "]");
    file("router.json", ROUTER);
    file("splitter.json", SPLITTER);
    file("resolver.json", RESOLVER);
    assertEquals(0, compile("--service", "web"), err());
    JsonNode c = chain();
    assertEquals("http", c.path("Protocol").asText());
    assertFalse(c.has("Default"));
    assertEquals("router:web.default.default", c.path("StartNode").asText());
    assertEquals(List.of("resolver:admin.default.default.dc1", "resolver:v1.web.default.default.dc1",
        "resolver:v2.web.default.default.dc1", "router:web.default.default", "splitter:web.default.default"),
        fieldNames(c.path("Nodes")));

    JsonNode routes = c.path("Nodes").path("router:web.default.default").path("Routes");
    assertEquals(2, routes.size(), "the route and the compiler's catch-all");
    assertEquals("/admin", routes.get(0).path("Definition").path("Match").path("HTTP").path("PathPrefix").asText());
    assertEquals("resolver:admin.default.default.dc1", routes.get(0).path("NextNode").asText());
    assertEquals("/", routes.get(1).path("Definition").path("Match").path("HTTP").path("PathPrefix").asText());
    assertEquals("splitter:web.default.default", routes.get(1).path("NextNode").asText());

    JsonNode splits = c.path("Nodes").path("splitter:web.default.default").path("Splits");
    assertEquals(2, splits.size());
    assertEquals(90, splits.get(0).path("Weight").asInt());
    assertEquals("resolver:v1.web.default.default.dc1", splits.get(0).path("NextNode").asText());
    assertEquals(10, splits.get(1).path("Weight").asInt());
    assertEquals("resolver:v2.web.default.default.dc1", splits.get(1).path("NextNode").asText());

    assertEquals(List.of("admin.default.default.dc1", "v1.web.default.default.dc1", "v2.web.default.default.dc1"),
        fieldNames(c.path("Targets")));
    JsonNode v2 = c.path("Targets").path("v2.web.default.default.dc1");
    assertEquals("v2", v2.path("ServiceSubset").asText());
    assertEquals("Service.Meta.version == v2", v2.path("Subset").path("Filter").asText());
    assertEquals("v2.web.default.dc1.internal.trustdomain.consul", v2.path("SNI").asText());
  }

  @Test
  void readsSnakeCaseEntries() throws IOException {
    file("entries.json", "[{\"kind\":\"service-defaults\",\"name\":\"web\",\"protocol\":\"http\"},"
        + "{\"kind\":\"service-router\",\"name\":\"web\",\"routes\":[{\"match\":{\"http\":{\"path_prefix\":\"/v2\"}},"
        + "\"destination\":{\"service_subset\":\"v2\",\"prefix_rewrite\":\"/\",\"request_timeout\":\"20s\"}}]},"
        + "{\"kind\":\"service-resolver\",\"name\":\"web\",\"connect_timeout\":\"15s\",\"subsets\":"
        + "{\"v2\":{\"filter\":\"Service.Meta.version == v2\",\"only_passing\":true}}}]");
    assertEquals(0, compile("--service", "web"), err());
    JsonNode c = chain();
    JsonNode route = c.path("Nodes").path("router:web.default.default").path("Routes").get(0);
    assertEquals("/v2", route.path("Definition").path("Match").path("HTTP").path("PathPrefix").asText());
    JsonNode destination = route.path("Definition").path("Destination");
    assertEquals("v2", destination.path("ServiceSubset").asText());
    assertEquals("/", destination.path("PrefixRewrite").asText());
    assertEquals("20s", destination.path("RequestTimeout").asText());
    assertEquals("resolver:v2.web.default.default.dc1", route.path("NextNode").asText());
    JsonNode v2 = c.path("Targets").path("v2.web.default.default.dc1");
    assertTrue(v2.path("Subset").path("OnlyPassing").asBoolean());
    assertEquals("15s", v2.path("ConnectTimeout").asText());
  }

  @Test
  void placesTheChainInTheGivenNamespacePartitionDatacenterAndTrustDomain() throws IOException {
    assertEquals(0, compile("--service", "web", "--namespace", "ns1", "--partition", "ap1", "--datacenter", "dc2",
        "--trust-domain", "7f2e.consul"), err());
    JsonNode c = chain();
    assertEquals("ns1", c.path("Namespace").asText());
    assertEquals("ap1", c.path("Partition").asText());
    assertEquals("dc2", c.path("Datacenter").asText());
    assertEquals("resolver:web.ns1.ap1.dc2", c.path("StartNode").asText());
    JsonNode target = c.path("Targets").path("web.ns1.ap1.dc2");
    assertEquals("web.ns1.ap1.dc2.internal-v1.7f2e.consul", target.path("SNI").asText());
  }

  @Test
  void overridesTheProtocolAsConsulsEndpointDoes() throws IOException {
    assertEquals(0, compile("--service", "web", "--override-protocol", "http2"), err());
    JsonNode c = chain();
    assertEquals("http2", c.path("Protocol").asText());
    assertTrue(c.path("CustomizationHash").asText().matches("[0-9a-f]{8}"), out());
  }

  @Test
  void overridesTheConnectTimeoutAsConsulsEndpointDoes() throws IOException {
    file("resolver.json", "{\"Kind\":\"service-resolver\",\"Name\":\"web\",\"ConnectTimeout\":\"15s\"}");
    assertEquals(0, compile("--service", "web", "--override-connect-timeout", "1m30s"), err());
    JsonNode c = chain();
    assertEquals("1m30s", c.path("Nodes").path("resolver:web.default.default.dc1").path("Resolver")
        .path("ConnectTimeout").asText());
    assertEquals("1m30s", c.path("Targets").path("web.default.default.dc1").path("ConnectTimeout").asText());
    assertTrue(c.path("CustomizationHash").asText().matches("[0-9a-f]{8}"), out());
  }

  @Test
  void overridesTheMeshGatewayModeAsConsulsEndpointDoes() throws IOException {
    file("proxy-defaults.json", "{\"Kind\":\"proxy-defaults\",\"Name\":\"global\",\"MeshGateway\":{\"Mode\":\"local\"}}");
    assertEquals(0, compile("--service", "web"), err());
    assertEquals("local", chain().path("Targets").path("web.default.default.dc1").path("MeshGateway").path("Mode")
        .asText());
    assertEquals(0, compile("--service", "web", "--override-mesh-gateway", "remote"), err());
    JsonNode c = chain();
    assertEquals("remote", c.path("Targets").path("web.default.default.dc1").path("MeshGateway").path("Mode").asText());
    assertTrue(c.path("CustomizationHash").asText().matches("[0-9a-f]{8}"), out());
  }

  static Stream<Arguments> invalidSets() {
    return Stream.of(
        Arguments.of("resolver redirect loop", List.of(
            "{\"Kind\":\"service-resolver\",\"Name\":\"web\",\"Redirect\":{\"Service\":\"api\"}}",
            "{\"Kind\":\"service-resolver\",\"Name\":\"api\",\"Redirect\":{\"Service\":\"web\"}}"),
            "detected circular resolver redirect: [web.default.default.dc1 -> api.default.default.dc1 ->"
                + " web.default.default.dc1]"),
        Arguments.of("splitter loop", List.of(
            "{\"Kind\":\"proxy-defaults\",\"Name\":\"global\",\"Config\":{\"protocol\":\"http\"}}",
            "{\"Kind\":\"service-splitter\",\"Name\":\"web\",\"Splits\":[{\"Weight\":100,\"Service\":\"api\"}]}",
            "{\"Kind\":\"service-splitter\",\"Name\":\"api\",\"Splits\":[{\"Weight\":100,\"Service\":\"web\"}]}"),
            "detected circular reference: [splitter:web.default.default -> splitter:api.default.default ->"
                + " splitter:web.default.default]"),
        Arguments.of("unknown subset", List.of(WEB_HTTP,
            "{\"Kind\":\"service-router\",\"Name\":\"web\",\"Routes\":[{\"Match\":{\"HTTP\":{\"PathPrefix\":\"/v9\"}},"
                + "\"Destination\":{\"ServiceSubset\":\"v9\"}}]}", RESOLVER),
            "service \"web\" does not have a subset named \"v9\""),
        Arguments.of("router on a tcp service", List.of(ROUTER),
            "discovery chain \"web\" uses a protocol \"tcp\" that does not permit advanced routing or splitting"
                + " behavior"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidSets")
  void anInvalidSetExitsWithOneAndConsulsMessage(String name, List<String> entries, String message)
      throws IOException {
    for (int i = 0; i < entries.size(); i++) {
      file("entry-" + i + ".json", entries.get(i));
    }
    assertEquals(1, compile("--service", "web"));
    assertEquals(message + "\n", err());
    assertEquals("", out());
  }

  @Test
  void aBadEntryFileExitsWithOneAndEveryProblemNamingTheFile() throws IOException {
    file("a.json", "{\"Kind\":\"service-splitter\",\"Name\":\"web\",\"Splits\":[{\"Weight\":60}]}");
    file("b.json", "{\"Kind\":\"service-resolver\",\"Name\":\"web\",\"cornfig\":1}");
    assertEquals(1, compile("--service", "web"));
    assertEquals("", out());
    List<String> lines = List.of(err().split("\n"));
    assertEquals(2, lines.size(), err());
    assertTrue(lines.get(0).startsWith("a.json: "), err());
    assertTrue(lines.get(0).contains("100"), "names the sum the weights must reach: " + err());
    assertEquals("b.json: invalid config key \"cornfig\"", lines.get(1));
  }

  static Stream<Arguments> usageErrors() {
    String compile = "meshgate chain compile: ";
    return Stream.of(
        Arguments.of(List.of("chain"), "meshgate chain: missing action (expected: compile)"),
        Arguments.of(List.of("chain", "decompile"), "meshgate chain: Unmatched argument at index 1: 'decompile'"),
        Arguments.of(List.of("chain", "compile", "--entries", "<dir>"),
            compile + "Missing required option: '--service=NAME'"),
        Arguments.of(List.of("chain", "compile", "--service", "web"),
            compile + "Missing required option: '--entries=DIR'"),
        Arguments.of(List.of("chain", "compile", "--entries", "<dir>", "--service", "web", "--colour", "red"),
            compile + "Unknown options: '--colour', 'red'"),
        Arguments.of(List.of("chain", "compile", "--entries", "<dir>", "--service", "web", "--service", "api"),
            compile + "option '--service' (NAME) should be specified only once"),
        Arguments.of(List.of("chain", "compile", "--entries", "<dir>", "--service", ""),
            compile + "--service: \"\" (expected: a service name)"),
        Arguments.of(List.of("chain", "compile", "--entries", "<dir>", "--service", "web",
            "--override-connect-timeout", "5 seconds"),
            compile + "--override-connect-timeout: \"5 seconds\" (expected: a duration >= 0 in Go's syntax,"
                + " e.g. 5s or 1m30s)"),
        Arguments.of(List.of("chain", "compile", "--entries", "<dir>", "--service", "web",
            "--override-connect-timeout", "-1s"),
            compile + "--override-connect-timeout: \"-1s\" (expected: a duration >= 0 in Go's syntax, e.g. 5s or 1m30s)"),
        Arguments.of(List.of("chain", "compile", "--entries", "<dir>", "--service", "web",
            "--override-mesh-gateway", "default"),
            compile + "--override-mesh-gateway: \"default\" (expected: none, local or remote)"),
        Arguments.of(List.of("chain", "compile", "--entries", "<dir>", "--service", "web", "--override-protocol", "udp"),
            compile + "--override-protocol: \"udp\" (expected: tcp, http, http2 or grpc)"),
        Arguments.of(List.of("chain", "compile", "--entries", "<dir>", "--service", "web", "--trust-domain", "A..b"),
            compile + "--trust-domain: trust domain: \"A..b\" (expected: "),
        Arguments.of(List.of("chain", "compile", "--entries", "<dir>/missing", "--service", "web"),
            compile + "--entries: \"<dir>/missing\" (expected: an existing directory)"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("usageErrors")
  void aUsageErrorExitsWithTwoNamingTheOption(List<String> args, String message) {
    List<String> resolved = new ArrayList<>();
    for (String a : args) {
      resolved.add(a.replace("<dir>", dir.toString()));
    }
    assertEquals(2, run(resolved.toArray(String[]::new)));
    assertEquals("", out());
    assertTrue(result.firstErrLine().startsWith(message.replace("<dir>", dir.toString())), err());
    assertTrue(err().contains("\nUsage: meshgate chain"), err());
  }

  @Test
  void hasItsOwnHelpListingEveryOption() {
    assertEquals(0, run("chain", "compile", "--help"));
    for (String option : List.of("--entries", "--service", "--namespace", "--partition", "--datacenter",
        "--trust-domain", "--override-protocol", "--override-connect-timeout", "--override-mesh-gateway")) {
      assertTrue(out().contains(option), option + " in " + out());
    }
  }

  private static List<String> fieldNames(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
