package dev.meshgate.consul.api;

import static dev.meshgate.consul.api.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.consul.config.ConfigEntryKind;
import dev.meshgate.core.intentions.DefaultPolicy;
import dev.meshgate.core.intentions.DestinationService;
import dev.meshgate.core.intentions.IntentionSet;
import dev.meshgate.core.intentions.SourceIdentity;
import dev.meshgate.core.terminating.TerminatingGatewayEntry;
import dev.meshgate.testkit.FakeConsulAgent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConsulWatchesTest {
  private FakeConsulAgent agent;
  private ConsulClient client;
  private Watch<?> watch;

  @BeforeEach
  void startAgent() throws IOException {
    agent = new FakeConsulAgent();
    client = ConsulClient.builder().address(agent.address(), false).timeoutMargin(Duration.ofMillis(300)).build();
  }

  @AfterEach
  void stop() {
    if (watch != null) {
      watch.close();
    }
    agent.close();
  }


  private <T> Watch<T> start(Watch.Builder<T> b) {
    Watch<T> w = b.wait(Duration.ofMillis(200)).minInterval(Duration.ofMillis(20))
        .backoff(Duration.ofMillis(10), Duration.ofMillis(80)).listener((v, i) -> { }).start();
    watch = w;
    return w;
  }

  @Test
  void gatewaysOwnEntryIsFollowedAndAnInvalidUpdateKeepsTheLastValidOne() {
    String ep = "/v1/config/terminating-gateway/legacy-gateway";
    agent.set(ep, 30, new String(ConsulAnswersTest.fixture("config-terminating-gateway.json"), StandardCharsets.UTF_8));
    Watch<TerminatingGatewayEntry> w = start(
        ConsulWatches.configEntry(client, ConfigEntryKind.TERMINATING_GATEWAY, "legacy-gateway"));
    await("entry", () -> w.latest().isPresent());
    assertEquals("legacy-gateway", w.latest().orElseThrow().gateway().name());
    agent.set(ep, 31, "{\"Kind\":\"terminating-gateway\",\"Name\":\"legacy-gateway\",\"Services\":[{\"Nme\":\"x\"}]}");
    await("the invalid update refused", () -> w.status().lastError().isPresent());
    assertEquals("/v1/config/terminating-gateway/legacy-gateway: invalid config key \"Services[0].Nme\"",
        w.status().lastError().orElseThrow());
    assertEquals(30, w.status().index());
    assertEquals("legacy-gateway", w.latest().orElseThrow().gateway().name());
  }

  @Test
  void aDeletedEntryIsHeardAsAbsentAndItsReturnAsPresentAgain() {
    String ep = "/v1/config/terminating-gateway/legacy-gateway";
    String body = new String(ConsulAnswersTest.fixture("config-terminating-gateway.json"), StandardCharsets.UTF_8);
    agent.set(ep, 30, body);
    List<String> heard = new CopyOnWriteArrayList<>();
    Watch<Optional<TerminatingGatewayEntry>> w = ConsulWatches
        .configEntryOrAbsent(client, ConfigEntryKind.TERMINATING_GATEWAY, "legacy-gateway")
        .wait(Duration.ofMillis(200)).minInterval(Duration.ofMillis(20)).backoff(Duration.ofMillis(10),
            Duration.ofMillis(80))
        .listener((v, i) -> heard.add(i + ":" + v.map(e -> e.gateway().name()).orElse("absent"))).start();
    watch = w;
    await("entry", () -> heard.size() == 1);
    agent.delete(ep, 31);
    await("deletion", () -> heard.size() == 2);
    agent.set(ep, 32, body);
    await("return", () -> heard.size() == 3);
    assertEquals(List.of("30:legacy-gateway", "31:absent", "32:legacy-gateway"), heard);
    assertTrue(w.status().lastError().isEmpty(), "a deletion is a value, not a failure");
  }

  @Test
  void aDeletedEntryIsAFailureForTheWatchThatDoesNotFollowDeletions() {
    String ep = "/v1/config/terminating-gateway/legacy-gateway";
    agent.set(ep, 30, new String(ConsulAnswersTest.fixture("config-terminating-gateway.json"), StandardCharsets.UTF_8));
    Watch<TerminatingGatewayEntry> w = start(
        ConsulWatches.configEntry(client, ConfigEntryKind.TERMINATING_GATEWAY, "legacy-gateway"));
    await("entry", () -> w.latest().isPresent());
    agent.delete(ep, 31);
    await("the 404 is a failure", () -> w.status().lastError().isPresent());
    assertTrue(w.status().lastError().orElseThrow().startsWith(ep + ": HTTP 404"), w.status().lastError().orElseThrow());
    assertEquals("legacy-gateway", w.latest().orElseThrow().gateway().name());
  }

  @Test
  void entryOfAnotherNameIsRefused() {
    String ep = "/v1/config/terminating-gateway/other";
    agent.set(ep, 30, new String(ConsulAnswersTest.fixture("config-terminating-gateway.json"), StandardCharsets.UTF_8));
    Watch<TerminatingGatewayEntry> w = start(
        ConsulWatches.configEntry(client, ConfigEntryKind.TERMINATING_GATEWAY, "other"));
    await("refused", () -> w.status().lastError().isPresent());
    assertEquals(ep + ": expected one terminating-gateway entry named other", w.status().lastError().orElseThrow());
    assertTrue(w.latest().isEmpty());
  }

  @Test
  void intentionsFollowConsulAndAnInvalidSetFailsClosedToThePreviousOne() {
    String ep = "/v1/config/service-intentions";
    agent.set(ep, 50, new String(ConsulAnswersTest.fixture("config-service-intentions.json"), StandardCharsets.UTF_8));
    Watch<IntentionSet> w = start(ConsulWatches.intentions(client));
    await("intentions", () -> w.latest().isPresent());
    assertTrue(w.latest().orElseThrow()
        .decide(SourceIdentity.of("web"), DestinationService.of("billing"), DefaultPolicy.DENY).allowed());
    agent.set(ep, 51, "[{\"Kind\":\"service-intentions\",\"Name\":\"billing\",\"Sources\":[{\"Name\":\"web\","
        + "\"Action\":\"perhaps\"}]}]");
    await("refused", () -> w.status().lastError().isPresent());
    assertEquals(50, w.status().index());
    assertTrue(w.latest().orElseThrow()
        .decide(SourceIdentity.of("web"), DestinationService.of("billing"), DefaultPolicy.DENY).allowed());
  }
}
