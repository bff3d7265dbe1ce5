package dev.meshgate.consul.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.intentions.DefaultPolicy;
import dev.meshgate.core.intentions.DestinationService;
import dev.meshgate.core.intentions.HttpRequest;
import dev.meshgate.core.intentions.SourceIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigDirectoryTest {
  @TempDir
  Path dir;

  private void write(String name, String json) throws IOException {
    Files.writeString(dir.resolve(name), json);
  }

  private static List<String> lines(List<ConfigProblem> problems) {
    return problems.stream().map(Object::toString).toList();
  }

  @Test
  void loadsEveryJsonFileInNameOrderIntoEntriesIntentionsAndCatalog() throws IOException {
    write("20-intentions.json", "[{\"Kind\":\"service-intentions\",\"Name\":\"db\",\"Sources\":[{\"Name\":\"web\","
        + "\"Action\":\"allow\"},{\"Name\":\"*\",\"Action\":\"deny\"}]},"
        + "{\"Kind\":\"service-intentions\",\"Name\":\"api\",\"Sources\":[{\"Name\":\"web\",\"Permissions\":[{\"Action\":"
        + "\"allow\",\"HTTP\":{\"PathPrefix\":\"/v1\",\"Methods\":[\"GET\"]}}]}]}]");
    write("10-defaults.json", "{\"Kind\":\"service-defaults\",\"Name\":\"api\",\"Protocol\":\"http\"}");
    write("notes.txt", "not read");
    ConfigDirectory loaded = ConfigDirectory.load(dir, DefaultPolicy.DENY);
    assertEquals(List.of(), lines(loaded.errors()));
    assertEquals(List.of("10-defaults.json", "20-intentions.json[#0]", "20-intentions.json[#1]"),
        loaded.entries().stream().map(ConfigEntry::location).toList());
    SourceIdentity web = SourceIdentity.of("web");
    SourceIdentity ops = SourceIdentity.of("ops");
    assertTrue(loaded.decide(web, DestinationService.of("db")).allowed());
    assertFalse(loaded.decide(ops, DestinationService.of("db")).allowed());
    assertTrue(loaded.decide(web, DestinationService.of("api"), HttpRequest.of("GET", "/v1/x")).allowed());
    assertFalse(loaded.decide(web, DestinationService.of("api"), HttpRequest.of("POST", "/v1/x")).allowed());
    assertEquals(Protocol.HTTP, loaded.newCatalog().snapshot().protocol(ServiceName.of("api")));
  }

  @Test
  void describesItselfWithCountsInTheRightNumber() throws IOException {
    write("one.json", "{\"Kind\":\"service-defaults\",\"Name\":\"api\",\"Protocol\":\"http\"}");
    write("bad.json", "{oops");
    ConfigDirectory loaded = ConfigDirectory.load(dir, DefaultPolicy.DENY);
    assertEquals("ConfigDirectory[" + dir + ", 1 entry, 1 error]", loaded.toString());
  }

  @Test
  void reportsEveryProblemOfEveryFileWithFileAndIndex() throws IOException {
    write("a.json", "[{\"Kind\":\"mesh\"},{\"Kind\":\"terminating-gateway\",\"Name\":\"t\",\"Services\":[{\"Nmae\":\"x\"}]}]");
    write("b.json", "{\"Kind\":\"ingress-gateway\",\"Name\":\"in\",\"Listeners\":[{\"Port\":80,\"Protocol\":\"udp\","
        + "\"Services\":[{\"Name\":\"web\"}]}]}");
    write("c.json", "{oops");
    ConfigDirectory loaded = ConfigDirectory.load(dir, DefaultPolicy.DENY);
    List<String> errors = lines(loaded.errors());
    assertEquals(3, errors.size(), errors.toString());
    assertEquals("a.json[#1]: invalid config key \"Services[0].Nmae\"", errors.get(0));
    assertEquals("b.json: protocol must be 'tcp', 'http', 'http2', or 'grpc'. 'udp' is an unsupported protocol",
        errors.get(1));
    assertTrue(errors.get(2).startsWith("c.json: invalid JSON at line 1, column 2: "), errors.get(2));
    assertEquals(1, loaded.entries().size());
  }

  @Test
  void checksTheRulesAcrossIntentionsEntriesAndFailsClosed() throws IOException {
    write("a.json", "{\"Kind\":\"service-intentions\",\"Name\":\"db\",\"Sources\":[{\"Name\":\"web\",\"Action\":\"allow\"}]}");
    write("b.json", "{\"Kind\":\"service-intentions\",\"Name\":\"db\",\"Sources\":[{\"Name\":\"ops\",\"Action\":\"deny\"}]}");
    ConfigDirectory loaded = ConfigDirectory.load(dir, DefaultPolicy.ALLOW);
    assertEquals(List.of("b.json: Name: destination \"default/default/db\" is already defined by another"
        + " service-intentions entry"), lines(loaded.errors()));
    assertFalse(loaded.hasIntentions());
    assertThrows(IllegalStateException.class,
        () -> loaded.decide(SourceIdentity.of("ops"), DestinationService.of("db")));
  }

  @Test
  void declaresJwtProvidersForTheIntentionsThatNameThem() throws IOException {
    String intentions = "{\"Kind\":\"service-intentions\",\"Name\":\"api\",\"JWT\":{\"Providers\":[{\"Name\":\"okta\"}]},"
        + "\"Sources\":[{\"Name\":\"web\",\"Action\":\"allow\"}]}";
    write("i.json", intentions);
    ConfigDirectory without = ConfigDirectory.load(dir, DefaultPolicy.DENY);
    assertEquals(List.of("i.json: JWT.Providers[0]: provider specified in intention does not exist. Provider name: okta"),
        lines(without.errors()));
    write("j.json", "{\"Kind\":\"jwt-provider\",\"Name\":\"okta\",\"Issuer\":\"https://okta.example\"}");
    ConfigDirectory with = ConfigDirectory.load(dir, DefaultPolicy.DENY);
    assertEquals(List.of(), lines(with.errors()));
    assertTrue(with.hasIntentions());
  }

  @Test
  void anEntryWhoseKindCannotBeReadFailsTheIntentionsClosed() throws IOException {
    write("a.json", "{\"Kind\":\"service-intentions\",\"Name\":\"db\",\"Sources\":[{\"Name\":\"*\",\"Action\":\"deny\"}]}");
    write("b.json", "{\"Name\":\"db\"}");
    assertFalse(ConfigDirectory.load(dir, DefaultPolicy.ALLOW).hasIntentions());
  }

  @Test
  void anInvalidEntryOfAnotherKindLeavesTheIntentionsBuilt() throws IOException {
    write("a.json", "{\"Kind\":\"service-intentions\",\"Name\":\"db\",\"Sources\":[{\"Name\":\"*\",\"Action\":\"deny\"}]}");
    write("b.json", "{\"Kind\":\"proxy-defaults\",\"Name\":\"web\"}");
    ConfigDirectory loaded = ConfigDirectory.load(dir, DefaultPolicy.ALLOW);
    assertEquals(1, loaded.errors().size());
    assertTrue(loaded.hasIntentions());
  }
}
