package dev.meshgate.consul.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigEntryDecodingTest {
  private static Decoded decode(String json) {
    return ConfigEntryCodec.decode("f.json", json);
  }

  private static String only(String json) {
    Decoded d = decode(json);
    assertEquals(List.of(), d.errors().stream().map(Object::toString).toList());
    assertEquals(1, d.entries().size());
    return d.entries().get(0).toJson();
  }

  private static List<String> errors(String json) {
    return decode(json).errors().stream().map(Object::toString).toList();
  }

  @Test
  void matchesFieldNamesWithoutRegardToCase() {
    assertEquals("{\"Kind\":\"terminating-gateway\",\"Name\":\"tgw\",\"Services\":[{\"Name\":\"db\",\"CAFile\":\"/ca\"}]}",
        only("{\"kind\":\"terminating-gateway\",\"NAME\":\"tgw\",\"services\":[{\"name\":\"db\",\"cafile\":\"/ca\"}]}"));
  }

  @Test
  void readsSnakeCaseOnlyThroughConsulsAliases() {
    assertEquals("{\"Kind\":\"terminating-gateway\",\"Name\":\"tgw\",\"Services\":[{\"Name\":\"db\",\"CAFile\":\"/ca\","
        + "\"CertFile\":\"/c\",\"KeyFile\":\"/k\"}]}",
        only("{\"Kind\":\"terminating-gateway\",\"Name\":\"tgw\",\"Services\":[{\"Name\":\"db\",\"ca_file\":\"/ca\","
            + "\"cert_file\":\"/c\",\"KEY_FILE\":\"/k\"}]}"));
    // SNI has no alias: a generic snake_case rule would accept "s_n_i".
    assertEquals(List.of("f.json: invalid config key \"Services[0].s_n_i\""),
        errors("{\"Kind\":\"terminating-gateway\",\"Name\":\"tgw\",\"Services\":[{\"Name\":\"db\",\"s_n_i\":\"x\"}]}"));
  }

  @Test
  void canonicalSpellingWinsOverAnAliasInAnyOrder() {
    String expected = "{\"Kind\":\"terminating-gateway\",\"Name\":\"tgw\",\"Services\":[{\"Name\":\"db\",\"CAFile\":\"/right\"}]}";
    assertEquals(expected, only("{\"Kind\":\"terminating-gateway\",\"Name\":\"tgw\",\"Services\":[{\"Name\":\"db\","
        + "\"ca_file\":\"/wrong\",\"CAFile\":\"/right\"}]}"));
    assertEquals(expected, only("{\"Kind\":\"terminating-gateway\",\"Name\":\"tgw\",\"Services\":[{\"Name\":\"db\","
        + "\"CAFile\":\"/right\",\"ca_file\":\"/wrong\"}]}"));
  }

  @Test
  void reportsUnknownKeysInConsulsWordsWithTheirPath() {
    assertEquals(List.of("f.json: invalid config key \"cornfig\""),
        errors("{\"Kind\":\"proxy-defaults\",\"Name\":\"global\",\"cornfig\":{}}"));
    assertEquals(List.of("f.json: invalid config key \"Sources[1].Permissions[0].HTTP.PathExcat\""),
        errors("{\"Kind\":\"service-intentions\",\"Name\":\"db\",\"Sources\":[{\"Name\":\"a\",\"Action\":\"allow\"},"
            + "{\"Name\":\"b\",\"Permissions\":[{\"Action\":\"allow\",\"HTTP\":{\"PathExcat\":\"/x\"}}]}]}"));
  }

  @Test
  void reportsASecondSpellingOfOneNameAsConsulDoes() {
    assertEquals(List.of("f.json: invalid config key \"name\""),
        errors("{\"Kind\":\"terminating-gateway\",\"Name\":\"a\",\"name\":\"b\"}"));
  }

  @Test
  void namesTheFileTheEntryAndTheFieldPathOfATypeError() {
    String entry = "{\"Kind\":\"service-intentions\",\"Name\":\"db\",\"Sources\":[{\"Name\":\"a\",\"Action\":\"allow\"},"
        + "{\"Name\":\"b\",\"Permissions\":[{\"Action\":\"allow\",\"HTTP\":{\"Methods\":[{\"x\":1}]}}]}]}";
    Decoded d = ConfigEntryCodec.decode("intentions.json", "[{\"Kind\":\"mesh\"},{\"Kind\":\"mesh\"}," + entry + "]");
    assertEquals(List.of("intentions.json[#2]: Sources[1].Permissions[0].HTTP.Methods[0]: expected a string"),
        d.errors().stream().map(Object::toString).toList());
    assertEquals(2, d.entries().size());
  }

  @Test
  void reportsEveryProblemOfEveryEntryAtOnce() {
    List<String> e = errors("[{\"Kind\":\"ingress-gateway\",\"Name\":\"i\",\"Listeners\":[{\"Port\":\"eighty\","
        + "\"Protocol\":[\"a\",\"b\"]}],\"bogus\":1},{\"Kind\":\"nope\"},{\"Name\":\"x\"},7]");
    assertEquals(List.of(
        "f.json[#0]: Listeners[0].Port: expected an integer",
        "f.json[#0]: Listeners[0].Protocol: expected a string",
        "f.json[#0]: invalid config key \"bogus\"",
        "f.json[#1]: invalid config entry kind: nope",
        "f.json[#2]: Payload does not contain a kind/Kind key at the top level",
        "f.json[#3]: expected a config entry object"), e);
  }

  @Test
  void typesValuesWeaklyAsConsulDoes() {
    assertEquals("{\"Kind\":\"ingress-gateway\",\"Name\":\"7\",\"TLS\":{\"Enabled\":true},\"Listeners\":[{\"Port\":8080,"
        + "\"Services\":[{\"Name\":\"web\",\"Hosts\":[\"web.example\"],\"MaxConnections\":16}]}]}",
        only("{\"Kind\":\"ingress-gateway\",\"Name\":7,\"TLS\":{\"Enabled\":\"true\"},\"Listeners\":{\"Port\":\"8080\","
            + "\"Services\":{\"Name\":\"web\",\"Hosts\":\"web.example\",\"MaxConnections\":\"0x10\"}}}"));
  }

  @Test
  void treatsNullAsAbsent() {
    assertEquals("{\"Kind\":\"terminating-gateway\",\"Name\":\"tgw\"}",
        only("{\"Kind\":\"terminating-gateway\",\"Name\":\"tgw\",\"Services\":null,\"Meta\":null}"));
  }

  @Test
  void readsDurationsInGoSyntaxOrNanosecondsAndWritesNanoseconds() {
    String expected = "{\"Kind\":\"ingress-gateway\",\"Name\":\"i\",\"Defaults\":{\"PassiveHealthCheck\":"
        + "{\"Interval\":10000000000,\"MaxFailures\":3}}}";
    assertEquals(expected, only("{\"Kind\":\"ingress-gateway\",\"Name\":\"i\",\"Defaults\":{\"passive_health_check\":"
        + "{\"Interval\":\"10s\",\"max_failures\":3}}}"));
    assertEquals(expected, only("{\"Kind\":\"ingress-gateway\",\"Name\":\"i\",\"Defaults\":{\"PassiveHealthCheck\":"
        + "{\"Interval\":10000000000,\"MaxFailures\":3}}}"));
    assertEquals(List.of("f.json: Defaults.PassiveHealthCheck.Interval: expected a duration such as \"5s\": "
        + "time: unknown unit \"d\" in duration \"1d\""),
        errors("{\"Kind\":\"ingress-gateway\",\"Name\":\"i\",\"Defaults\":{\"PassiveHealthCheck\":{\"Interval\":\"1d\"}}}"));
  }

  @Test
  void keepsOpaqueMapsVerbatim() {
    assertEquals("{\"Kind\":\"proxy-defaults\",\"Name\":\"global\",\"Config\":{\"protocol\":\"HTTP\",\"local_connect_timeout_ms\":"
        + "1000,\"Nested\":{\"snake_case\":[1,{\"A\":null}]}},\"Meta\":{\"Owner_Team\":\"42\"}}",
        only("{\"Kind\":\"proxy-defaults\",\"Name\":\"global\",\"Config\":{\"protocol\":\"HTTP\",\"local_connect_timeout_ms\":"
            + "1000,\"Nested\":{\"snake_case\":[1,{\"A\":null}]}},\"Meta\":{\"Owner_Team\":42}}"));
  }

  @Test
  void acceptsNamespacesAndPartitionsBecauseMeshgateModelsThem() {
    assertEquals("{\"Kind\":\"service-intentions\",\"Name\":\"db\",\"Sources\":[{\"Name\":\"web\",\"Action\":\"allow\","
        + "\"Partition\":\"p2\",\"Namespace\":\"ns2\"}],\"Partition\":\"p1\",\"Namespace\":\"ns1\"}",
        only("{\"Kind\":\"service-intentions\",\"Name\":\"db\",\"Namespace\":\"ns1\",\"Partition\":\"p1\","
            + "\"Sources\":[{\"Name\":\"web\",\"Namespace\":\"ns2\",\"Partition\":\"p2\",\"Action\":\"allow\"}]}"));
  }

  @Test
  void dropsTheIndexesAndHashOfConsulsAnswers() {
    assertEquals("{\"Kind\":\"mesh\"}", only("{\"Kind\":\"mesh\",\"CreateIndex\":5,\"ModifyIndex\":9,\"Hash\":123}"));
  }

  @Test
  void refusesKeysAnEntryDoesNotHave() {
    // mesh has no Name in Consul.
    assertEquals(List.of("f.json: invalid config key \"Name\""), errors("{\"Kind\":\"mesh\",\"Name\":\"mesh\"}"));
  }

  @Test
  void reportsMalformedJsonWithItsPosition() {
    List<String> e = errors("{\"Kind\": \"mesh\",\n  oops}");
    assertEquals(1, e.size());
    assertTrue(e.get(0).startsWith("f.json: invalid JSON at line 2, column 3: "), e.get(0));
    assertEquals(List.of("f.json: empty (expected: a config entry object or an array of them)"), errors(""));
    assertEquals(List.of("f.json: expected a config entry object or an array of them"), errors("\"mesh\""));
  }

  @Test
  void namesConsulKindsMeshgateDoesNotModel() {
    assertEquals(List.of("f.json: invalid config entry kind: api-gateway (a Consul kind meshgate does not model)"),
        errors("{\"Kind\":\"api-gateway\",\"Name\":\"web\"}"));
  }

  @Test
  void refusesNumbersWithHugeExponentsInsteadOfExpandingThem() {
    assertEquals(List.of(
        "f.json: Name: expected a string",
        "f.json: Listeners[0].Port: expected an integer"),
        errors("{\"Kind\":\"ingress-gateway\",\"Name\":1e999999999,\"Listeners\":[{\"Port\":-1E999999999}]}"));
    assertEquals("{\"Kind\":\"proxy-defaults\",\"Name\":\"global\",\"Config\":{\"big\":1E+999999999,\"five\":5}}",
        only("{\"Kind\":\"proxy-defaults\",\"Name\":\"global\",\"Config\":{\"big\":1e999999999,\"five\":5.00}}"));
  }

  @Test
  void mergesAListOfObjectsIntoAMapAsConsulsWeakDecodingDoes() {
    assertEquals("{\"Kind\":\"mesh\",\"Meta\":{\"a\":\"1\",\"b\":\"2\"}}",
        only("{\"Kind\":\"mesh\",\"Meta\":[{\"a\":\"1\"},{\"b\":2}]}"));
  }

  @Test
  void readsAliasesWithoutRegardToCaseInNestedStructs() {
    assertEquals("{\"Kind\":\"service-defaults\",\"Name\":\"web\",\"UpstreamConfig\":{\"Defaults\":"
        + "{\"ConnectTimeoutMs\":500,\"PassiveHealthCheck\":{\"MaxFailures\":2}}}}",
        only("{\"Kind\":\"service-defaults\",\"Name\":\"web\",\"Upstream_Config\":{\"defaults\":"
            + "{\"CONNECT_TIMEOUT_MS\":\"500\",\"passive_health_check\":{\"max_failures\":2}}}}"));
  }
}
