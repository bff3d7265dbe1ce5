package dev.meshgate.consul.api;

import static dev.meshgate.consul.api.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.catalog.HealthStatus;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.testkit.FakeConsulAgent;
import dev.meshgate.testkit.FakeConsulAgent.Fault;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/*
 * Every wait here is an await on a condition with a generous deadline, never an assertion on how
 * fast something happened; the only time-based assertions are upper bounds on request counts,
 * which a slower machine can only make easier to meet.
 */
class WatchTest {
  private static final String EP = "/v1/catalog/datacenters";
  private static final Duration WAIT = Duration.ofMillis(200);
  private static final Duration MIN_INTERVAL = Duration.ofMillis(20);
  private static final Duration BACKOFF_BASE = Duration.ofMillis(10);
  private static final Duration BACKOFF_MAX = Duration.ofMillis(80);

  private FakeConsulAgent agent;
  private ConsulClient client;
  private final List<Published> published = Collections.synchronizedList(new ArrayList<>());
  private Watch<?> watch;

  private record Published(List<String> value, long index) {}

  @BeforeEach
  void startAgent() throws IOException {
    agent = new FakeConsulAgent();
    client = ConsulClient.builder().address(agent.address(), false).token("secret-token").datacenter("dc1")
        .consistency(ConsulClient.Consistency.STALE).timeoutMargin(Duration.ofMillis(300)).build();
  }

  @AfterEach
  void stop() {
    if (watch != null) {
      watch.close();
    }
    agent.close();
  }

  private Watch<List<String>> startWatch() {
    Watch<List<String>> w = Watch.builder(client, EP, ConsulAnswers::datacenters)
        .wait(WAIT).minInterval(MIN_INTERVAL).backoff(BACKOFF_BASE, BACKOFF_MAX)
        .listener((value, index) -> published.add(new Published(value, index)))
        .start();
    watch = w;
    return w;
  }


  private List<Published> publishedNow() {
    synchronized (published) {
      return List.copyOf(published);
    }
  }

  private static String dcs(int n) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 1; i <= n; i++) {
      s.append(i > 1 ? "," : "").append("\"dc").append(i).append('"');
    }
    return s.append(']').toString();
  }

  private static List<String> dcList(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add("dc" + i);
    }
    return out;
  }

  @Test
  void publishesTheFirstAnswerThenEachChangeInIndexOrder() {
    agent.set(EP, 10, dcs(1));
    Watch<List<String>> w = startWatch();
    await("first value", () -> w.latest().isPresent());
    for (int i = 2; i <= 30; i++) {
      agent.set(EP, 9 + i, dcs(i));
      if (i % 3 == 0) {
        int seen = i;
        await("value " + seen, () -> w.status().index() >= 9 + seen);
      }
    }
    await("last value", () -> w.status().index() == 39);
    List<Published> all = publishedNow();
    long last = 0;
    for (Published p : all) {
      assertTrue(p.index() > last, "index order: " + all);
      assertEquals(dcList((int) p.index() - 9), p.value(), "value matches its index");
      last = p.index();
    }
    assertEquals(dcList(30), w.latest().orElseThrow());
  }

  @Test
  void sendsTokenDatacenterConsistencyIndexAndWait() {
    agent.set(EP, 10, dcs(1));
    Watch<List<String>> w = startWatch();
    await("first value", () -> w.latest().isPresent());
    await("a blocking request", () -> agent.requestCount(EP) >= 2);
    FakeConsulAgent.Request first = agent.requests().get(0);
    FakeConsulAgent.Request second = agent.requests().get(1);
    assertEquals("secret-token", first.token());
    assertEquals("dc1", first.query().get("dc"));
    assertEquals("", first.query().get("stale"));
    assertFalse(first.query().containsKey("index"), "the first request does not block");
    assertEquals("10", second.query().get("index"));
    assertEquals("200ms", second.query().get("wait"));
  }

  @ParameterizedTest
  @EnumSource(value = Fault.class, names = {"HTTP_500", "HTTP_429", "HTTP_403", "RESET", "SLOW", "MALFORMED_JSON"})
  void aFewFaultsLoseNoValueAndTheWatchRecovers(Fault fault) {
    agent.slowBy(1_000);
    agent.set(EP, 10, dcs(1));
    Watch<List<String>> w = startWatch();
    await("first value", () -> w.latest().isPresent());
    agent.inject(fault, fault, fault);
    agent.set(EP, 11, dcs(2));
    await("every fault served", () -> agent.pendingFaults() == 0);
    await("the change after the faults", () -> w.status().index() == 11);
    assertEquals(List.of(new Published(dcList(1), 10), new Published(dcList(2), 11)), publishedNow(),
        "nothing lost, nothing partial, in order");
    Watch.Status s = w.status();
    assertEquals(0, s.consecutiveFailures());
    assertEquals(java.util.Optional.empty(), s.lastError());
    assertTrue(s.lastSuccess().isPresent());
  }

  @ParameterizedTest
  @EnumSource(value = Fault.class, names = {"HTTP_500", "HTTP_429", "HTTP_403", "RESET", "MALFORMED_JSON"})
  void aLastingFaultKeepsTheLastGoodValueSaysWhatFailedAndBoundsTheRequestRate(Fault fault) {
    agent.set(EP, 10, dcs(1));
    Watch<List<String>> w = startWatch();
    await("first value", () -> w.latest().isPresent());
    Fault[] many = new Fault[100_000];
    java.util.Arrays.fill(many, fault);
    agent.inject(many);
    long start = System.nanoTime();
    int before = agent.requestCount(EP);
    agent.set(EP, 11, dcs(2));
    await("failures", () -> w.status().consecutiveFailures() >= 5);
    int requests = agent.requestCount(EP) - before;
    long elapsed = System.nanoTime() - start;
    assertEquals(dcList(1), w.latest().orElseThrow(), "the last good value stays");
    assertEquals(List.of(new Published(dcList(1), 10)), publishedNow());
    String error = w.status().lastError().orElseThrow();
    String expected = switch (fault) {
      case HTTP_500 -> EP + ": HTTP 500: rpc error making call: internal failure";
      case HTTP_429 -> EP + ": HTTP 429 (rate limited by the agent): rate limit exceeded";
      case HTTP_403 -> EP + ": HTTP 403 (ACL: permission denied for the token): ACL not found";
      case MALFORMED_JSON -> EP + ": invalid JSON";
      default -> "IOException";
    };
    assertTrue(error.startsWith(expected), error);
    assertFalse(error.contains("secret-token"), error);
    assertTrue(w.status().staleness(java.time.Instant.now()).isPresent());
    long bound = elapsed / MIN_INTERVAL.toNanos() + 2;
    assertTrue(requests <= bound, requests + " requests in " + elapsed / 1_000_000 + " ms (at most " + bound + ")");
  }

  @Test
  void indexGoingBackwardsRestartsAndPublishesTheStateAsItIsNow() {
    agent.set(EP, 10, dcs(1));
    Watch<List<String>> w = startWatch();
    await("first value", () -> w.latest().isPresent());
    agent.set(EP, 5, dcs(3));
    await("the restored state", () -> w.latest().orElseThrow().size() == 3);
    agent.set(EP, 6, dcs(4));
    await("the change after the restore", () -> w.status().index() == 6);
    assertEquals(List.of(new Published(dcList(1), 10), new Published(dcList(3), 5), new Published(dcList(4), 6)),
        publishedNow());
    boolean restarted = false;
    for (FakeConsulAgent.Request r : agent.requests()) {
      restarted |= r != agent.requests().get(0) && !r.query().containsKey("index");
    }
    assertTrue(restarted, "a request without index after the reset");
  }

  @Test
  void indexZeroFromTheAgentIsWaitedOnAsOneWithoutABusyLoop() {
    Fault[] zeros = new Fault[100_000];
    java.util.Arrays.fill(zeros, Fault.ZERO_INDEX);
    agent.inject(zeros);
    agent.set(EP, 10, dcs(1));
    long start = System.nanoTime();
    Watch<List<String>> w = startWatch();
    await("first value", () -> w.latest().isPresent());
    await("more requests", () -> agent.requestCount(EP) >= 6);
    long elapsed = System.nanoTime() - start;
    List<FakeConsulAgent.Request> requests = agent.requests();
    for (int i = 1; i < requests.size(); i++) {
      assertEquals("1", requests.get(i).query().get("index"), "request " + i + " waits on index 1");
    }
    assertEquals(1, publishedNow().size());
    long bound = elapsed / MIN_INTERVAL.toNanos() + 2;
    assertTrue(requests.size() <= bound, requests.size() + " requests (at most " + bound + ")");
  }

  @Test
  void closedWatchStopsAsking() {
    agent.set(EP, 10, dcs(1));
    Watch<List<String>> w = startWatch();
    await("first value", () -> w.latest().isPresent());
    w.close();
    await("the request in flight ends", () -> true);
    int after = agent.requestCount(EP);
    agent.set(EP, 11, dcs(2));
    agent.set(EP, 12, dcs(3));
    // one request may have been in flight when closing
    assertTrue(agent.requestCount(EP) <= after + 1);
    assertEquals(1, publishedNow().size());
  }

  @Test
  void followsServiceHealthThroughTheHealthDecoder() {
    String ep = "/v1/health/service/billing";
    agent.set(ep, 3, new String(ConsulAnswersTest.fixture("health-service-connect.json"),
        java.nio.charset.StandardCharsets.UTF_8));
    List<List<ServiceInstance>> seen = Collections.synchronizedList(new ArrayList<>());
    Watch<List<ServiceInstance>> w = Watch.builder(client, ep,
            (endpoint, body) -> ConsulAnswers.healthService(endpoint, "dc1", body))
        .query("connect", "").wait(WAIT).minInterval(MIN_INTERVAL).backoff(BACKOFF_BASE, BACKOFF_MAX)
        .listener((value, index) -> seen.add(value)).start();
    watch = w;
    await("instances", () -> w.latest().isPresent());
    assertEquals(2, w.latest().orElseThrow().size());
    assertEquals(HealthStatus.WARNING, w.latest().orElseThrow().get(0).health());
    assertEquals("", agent.requests().get(0).query().get("connect"));
  }

  @Test
  void aPolledWatchAsksAfreshAndPublishesOnlyAChangedAnswer() {
    // Consul answers /v1/catalog/datacenters without an index: the same index here, new content.
    agent.set(EP, 0, dcs(1));
    Watch<List<String>> w = Watch.builder(client, EP, ConsulAnswers::datacenters).polled()
        .wait(WAIT).minInterval(MIN_INTERVAL).backoff(BACKOFF_BASE, BACKOFF_MAX)
        .listener((value, index) -> published.add(new Published(value, index)))
        .start();
    watch = w;
    await("first value", () -> publishedNow().size() == 1);
    await("asked again", () -> agent.requestCount(EP) >= 5);
    assertEquals(1, publishedNow().size(), "the same answer is not news");
    agent.set(EP, 0, dcs(2));
    await("the changed list", () -> publishedNow().size() == 2);
    assertEquals(dcList(2), publishedNow().get(1).value());
    assertEquals(Optional.of(dcList(2)), w.latest());
    for (FakeConsulAgent.Request r : agent.requests()) {
      assertFalse(r.query().containsKey("index") || r.query().containsKey("wait"), "never a blocking query: " + r);
    }
  }
}
