package dev.meshgate.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code config} and {@code intention check} contract, through the jar's real entry point. */
class ConsulCommandsTest {
  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private List<String> errLines() {
    String e = err.toString(StandardCharsets.UTF_8);
    return e.isEmpty() ? List.of() : List.of(e.split("\n"));
  }

  private String file(String name, String json) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, json);
    return p.toString();
  }

  private static final String INTENTIONS = "{\"kind\":\"service-intentions\",\"name\":\"api\",\"sources\":["
      + "{\"name\":\"*\",\"action\":\"deny\"},"
      + "{\"name\":\"web\",\"permissions\":[{\"action\":\"allow\",\"http\":{\"path_prefix\":\"/v1\",\"methods\":[\"get\"],"
      + "\"header\":[{\"name\":\"x-tenant\",\"exact\":\"blue\"}]}}]}]}";

  @Test
  void decodePrintsOneArrayOfEveryEntryInInputOrderWithoutNormalizing() throws IOException {
    String a = file("a.json", INTENTIONS);
    String b = file("b.json", "[{\"Kind\":\"mesh\"},{\"Kind\":\"proxy-defaults\",\"Config\":{\"protocol\":\"HTTP\"}}]");
    assertEquals(0, run("config", "decode", a, b));
    assertEquals(List.of(), errLines());
    String printed = out();
    assertTrue(printed.startsWith("[\n  {\n    \"Kind\": \"service-intentions\",\n    \"Name\": \"api\",\n"), printed);
    assertTrue(printed.contains("\"Methods\": [\n"), printed);
    assertTrue(printed.contains("\"get\""), "decode does not upper-case methods: " + printed);
    assertTrue(!printed.contains("Precedence") && !printed.contains("\"global\""), printed);
    assertTrue(printed.indexOf("\"mesh\"") < printed.indexOf("\"proxy-defaults\""), printed);
  }

  @Test
  void decodeFailsOnlyOnDecodeErrors() throws IOException {
    String invalidButDecodable = file("a.json", "{\"Kind\":\"proxy-defaults\",\"Name\":\"web\"}");
    assertEquals(0, run("config", "decode", invalidButDecodable));
    String unknown = file("b.json", "[{\"Kind\":\"mesh\"},{\"Kind\":\"mesh\",\"cornfig\":1}]");
    assertEquals(1, run("config", "decode", invalidButDecodable, unknown));
    assertEquals(List.of(dir.resolve("b.json").getFileName() + "[#1]: invalid config key \"cornfig\""), errLines());
  }

  @Test
  void normalizePrintsTheNormalizedEntries() throws IOException {
    assertEquals(0, run("config", "normalize", file("a.json", INTENTIONS)));
    String printed = out();
    assertTrue(printed.indexOf("\"web\"") < printed.indexOf("\"*\""), "sorted by precedence: " + printed);
    assertTrue(printed.contains("\"GET\"") && printed.contains("\"Type\": \"consul\"")
        && printed.contains("\"Precedence\": 9"), printed);
  }

  @Test
  void normalizePrintsEveryProblemOfEveryFileOneALineAndNothingOnStdout() throws IOException {
    String a = file("a.json", "[{\"Kind\":\"mesh\"},{\"Kind\":\"terminating-gateway\",\"Name\":\"tgw\","
        + "\"Services\":[{\"Name\":\"db\",\"KeyFile\":\"/k\"},{\"Name\":\"db\"}]}]");
    String b = file("b.json", "{\"Kind\":\"service-intentions\",\"Name\":\"api\",\"Sources\":[{\"Name\":\"web\","
        + "\"Permissions\":[{\"Action\":\"allow\",\"HTTP\":{\"Methods\":[[\"GET\"]]}}]}]}");
    assertEquals(1, run("config", "normalize", a, b));
    assertEquals("", out());
    assertEquals(List.of(
        "a.json[#1]: Service \"db\" must have a CertFile, CAFile, and KeyFile specified for TLS origination",
        "a.json[#1]: Service \"db\" was specified more than once within a namespace",
        "b.json: Sources[0].Permissions[0].HTTP.Methods[0]: expected a string"), errLines());
  }

  @Test
  void validatePrintsWarningsAndSucceedsWhenEveryEntryIsValid() throws IOException {
    String a = file("a.json", "{\"Kind\":\"terminating-gateway\",\"Name\":\"tgw\",\"Services\":[{\"Name\":\"db\","
        + "\"CAFile\":\"/ca.pem\"}]}");
    assertEquals(0, run("config", "validate", a));
    assertEquals("", out());
    assertEquals(List.of("warning: a.json: TLS is configured but SNI is not set for service \"db\". Enabling SNI is"
        + " strongly recommended when using TLS."), errLines());
    String bad = file("b.json", "{\"Kind\":\"proxy-defaults\",\"Name\":\"web\"}");
    assertEquals(1, run("config", "validate", a, bad));
    assertTrue(errLines().contains("b.json: invalid name (\"web\"), only \"global\" is supported"), errLines().toString());
  }

  @Test
  void configUsageErrorsExitWithTwo() {
    assertEquals(2, run("config", "decode"));
    assertEquals("meshgate config decode: Missing required parameter: 'FILE'", errLines().get(0));
    err.reset();
    assertEquals(2, run("config", "frobnicate", "x.json"));
    assertEquals("meshgate config: Unmatched arguments from index 1: 'frobnicate', 'x.json'", errLines().get(0));
    err.reset();
    assertEquals(2, run("config"));
    assertEquals("meshgate config: missing action (expected: decode, normalize or validate)", errLines().get(0));
  }

  @Test
  void aFileThatCannotBeReadIsAProblemOfThatFile() {
    assertEquals(1, run("config", "validate", dir.resolve("missing.json").toString()));
    assertTrue(errLines().get(0).startsWith(dir.resolve("missing.json") + ": cannot be read: "), errLines().toString());
  }

  private List<String> check(String... extra) throws IOException {
    Path entries = Files.createDirectories(dir.resolve("entries"));
    Files.writeString(entries.resolve("intentions.json"), INTENTIONS);
    List<String> args = new ArrayList<>(List.of("intention", "check", "--entries", entries.toString()));
    args.addAll(List.of(extra));
    out.reset();
    err.reset();
    int status = run(args.toArray(String[]::new));
    List<String> result = new ArrayList<>();
    result.add(Integer.toString(status));
    result.addAll(List.of(out().split("\n")));
    return result;
  }

  @Test
  void intentionCheckAnswersL4AndL7LikeConsulWithExitStatus() throws IOException {
    List<String> l4 = check("web", "api");
    assertEquals("2", l4.get(0));
    assertEquals("Denied", l4.get(1));
    assertTrue(l4.get(2).startsWith("Matched L7 intention: "), l4.toString());
    List<String> allowed = check("web", "api", "--method", "GET", "--path", "/v1/users", "--header", "X-Tenant=blue");
    assertEquals(List.of("0", "Allowed"), allowed.subList(0, 2));
    assertTrue(allowed.get(2).contains("Permissions[0]"), allowed.toString());
    List<String> wrongTenant = check("web", "api", "--path", "/v1/users", "--header", "x-tenant=red");
    assertEquals(List.of("2", "Denied"), wrongTenant.subList(0, 2));
    List<String> other = check("ops", "api");
    assertEquals(List.of("2", "Denied"), other.subList(0, 2));
    assertTrue(other.get(2).startsWith("Matched L4 intention: "), other.toString());
    assertEquals(List.of("0", "Allowed"), check("--default-policy", "allow", "default/ops", "default/db").subList(0, 2));
  }

  @Test
  void intentionCheckUsageErrorsExitWith64NotTheDeniedStatus() throws IOException {
    assertEquals("64", check("web").get(0));
    assertEquals("meshgate intention check: Missing required parameter: 'DESTINATION'", errLines().get(0));
    assertEquals("64", check("web", "api", "--header", "novalue").get(0));
    assertEquals("meshgate intention check: --header: \"novalue\" (expected: NAME=VALUE)", errLines().get(0));
    assertEquals("64", check("web", "api", "--default-policy", "maybe").get(0));
    assertEquals("meshgate intention check: --default-policy: \"maybe\" (expected: allow or deny)",
        errLines().get(0));
    assertEquals("64", check("a/b/c/d", "api").get(0));
    assertEquals("meshgate intention check: SOURCE: \"a/b/c/d\" (expected: [[partition/]namespace/]name)",
        errLines().get(0));
    out.reset();
    err.reset();
    assertEquals(64, run("intention", "list"));
    assertEquals("meshgate intention: Unmatched argument at index 1: 'list'", errLines().get(0));
    err.reset();
    assertEquals(64, run("intention"));
    assertEquals("meshgate intention: missing action (expected: check, diff or can)", errLines().get(0));
  }

  @Test
  void intentionCheckFailsClosedWhenAnIntentionsEntryIsInvalid() throws IOException {
    Path entries = Files.createDirectories(dir.resolve("bad"));
    Files.writeString(entries.resolve("i.json"), "{\"Kind\":\"service-intentions\",\"Name\":\"api\",\"Sources\":[]}");
    assertEquals(1, run("intention", "check", "--entries", entries.toString(), "web", "api"));
    assertEquals(List.of("i.json: At least one source is required", "intentions were not loaded: fix the problems above"),
        errLines());
    assertEquals("", out());
  }

  private Path entries(String name, String json) throws IOException {
    Path d = Files.createDirectories(dir.resolve(name));
    Files.writeString(d.resolve("intentions.json"), json);
    return d;
  }

  @Test
  void intentionDiffPrintsEachChangedClassAsAJsonLineAndExitsOne() throws IOException {
    Path before = entries("before", INTENTIONS);
    Path after = entries("after", INTENTIONS.replace("/v1", "/v2"));

    assertEquals(1, run("intention", "diff", "--before", before.toString(), "--after", after.toString()));

    List<String> lines = List.of(out().split("\n"));
    assertTrue(lines.size() >= 2, lines.toString());
    assertTrue(lines.stream().allMatch(l -> l.startsWith("{\"class\": \"default/default/web -> default/api, HTTP GET, ")),
        lines.toString());
    String v1 = lines.stream().filter(l -> l.contains("\"before\": {\"allowed\": true}")).findFirst().orElseThrow();
    assertTrue(v1.contains("\"after\": {\"allowed\": false}, \"witness\": {\"source\": {\"name\": \"web\", "
        + "\"namespace\": \"default\", \"partition\": \"default\", \"peer\": \"\"}, \"destination\": {\"name\": "
        + "\"api\", \"namespace\": \"default\", \"partition\": \"default\"}, \"http\": {\"method\": \"GET\", "
        + "\"path\": \"/v1"), v1);
    assertTrue(v1.contains("\"headers\": {\"x-tenant\": \"blue\"}, \"jwt\": null}}}"), v1);
    assertEquals(List.of(), errLines());
  }

  @Test
  void intentionDiffOfIdenticalDirectoriesPrintsNothingAndExitsZero() throws IOException {
    Path before = entries("before", INTENTIONS);
    assertEquals(0, run("intention", "diff", "--before", before.toString(), "--after", before.toString(),
        "--default-policy", "allow"));
    assertEquals("", out());
  }

  @Test
  void intentionCanFindsAWitnessOrProvesThereIsNone() throws IOException {
    Path d = entries("d", INTENTIONS);
    assertEquals(0, run("intention", "can", "--entries", d.toString(), "web", "api", "--path-prefix", "/v1/admin"));
    assertTrue(out().startsWith("{\"possible\": true, \"witness\": {\"source\": {\"name\": \"web\""), out());
    out.reset();
    assertEquals(1, run("intention", "can", "--entries", d.toString(), "default/*", "api", "--path-prefix", "/v2"));
    assertEquals("{\"possible\": false, \"proven\": true}\n", out());
  }
}
