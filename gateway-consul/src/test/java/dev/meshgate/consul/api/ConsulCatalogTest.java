package dev.meshgate.consul.api;

import static dev.meshgate.consul.api.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.catalog.ServiceKind;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.testkit.FakeConsulAgent;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConsulCatalogTest {
  private static final String LINKS = "/v1/catalog/gateway-services/legacy-gateway";
  private FakeConsulAgent agent;
  private ConsulClient client;
  private ConsulCatalog catalog;

  @BeforeEach
  void startAgent() throws IOException {
    agent = new FakeConsulAgent();
    client = ConsulClient.builder().address(agent.address(), false).timeoutMargin(Duration.ofMillis(300)).build();
  }

  @AfterEach
  void stop() {
    if (catalog != null) {
      catalog.close();
    }
    agent.close();
  }


  private static String links(String... services) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < services.length; i++) {
      s.append(i > 0 ? "," : "").append("{\"Gateway\":{\"Name\":\"legacy-gateway\"},\"Service\":{\"Name\":\"")
          .append(services[i]).append("\"},\"GatewayKind\":\"terminating-gateway\"}");
    }
    return s.append(']').toString();
  }

  private static String health(String service, int count) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 1; i <= count; i++) {
      s.append(i > 1 ? "," : "").append("{\"Node\":{\"Node\":\"ext-").append(service).append(i)
          .append("\",\"Address\":\"").append(service).append(i).append(".example.com\",\"Datacenter\":\"dc1\"},")
          .append("\"Service\":{\"ID\":\"").append(service).append('-').append(i).append("\",\"Service\":\"")
          .append(service).append("\",\"Port\":443},\"Checks\":[]}");
    }
    return s.append(']').toString();
  }

  private int count(String service) {
    return catalog.snapshot().instances("dc1", ServiceName.of(service)).size();
  }

  private ConsulCatalog start() {
    catalog = ConsulCatalog.builder(client, "dc1").linkedServicesOf("legacy-gateway")
        .wait(Duration.ofMillis(200)).minInterval(Duration.ofMillis(20))
        .backoff(Duration.ofMillis(10), Duration.ofMillis(80)).start();
    return catalog;
  }

  @Test
  void isSettledOnlyOnceItsSubscribersHaveTheChangesTheWatchesDelivered() throws Exception {
    agent.set(LINKS, 5, links("billing"));
    agent.set("/v1/health/service/billing", 7, health("billing", 2));
    CountDownLatch handing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ConsulCatalog c = start();
    c.subscribe(snapshot -> {
      if (!snapshot.instances("dc1", ServiceName.of("billing")).isEmpty()) {
        handing.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
    assertTrue(handing.await(10, TimeUnit.SECONDS), "billing's instances handed out");
    await("every watch answered", () -> c.status().values().stream().allMatch(st -> st.index() > 0));
    assertFalse(c.settled(), "a subscriber is still being given billing");
    release.countDown();
    await("settled", c::settled);
  }

  @Test
  void followsLinkedServicesAddedAndRemovedInConsul() {
    agent.set(LINKS, 5, links("billing"));
    agent.set("/v1/health/service/billing", 7, health("billing", 2));
    agent.set("/v1/health/service/orders", 8, health("orders", 3));
    List<CatalogSnapshot> seen = Collections.synchronizedList(new ArrayList<>());
    ConsulCatalog c = start();
    c.subscribe(seen::add);
    await("billing", () -> count("billing") == 2);
    assertEquals(0, count("orders"));

    agent.set(LINKS, 6, links("billing", "orders"));
    await("orders", () -> count("orders") == 3);

    agent.set("/v1/health/service/billing", 9, health("billing", 1));
    await("billing shrinks", () -> count("billing") == 1);
    ServiceInstance left = c.snapshot().instances("dc1", ServiceName.of("billing")).get(0);
    assertEquals("billing-1", left.id());

    agent.set(LINKS, 7, links("orders"));
    await("billing unlinked", () -> count("billing") == 0);
    assertEquals(3, count("orders"));
    assertEquals(List.of(ServiceName.of("orders")), List.copyOf(c.services()));

    long last = -1;
    synchronized (seen) {
      for (CatalogSnapshot s : seen) {
        assertTrue(s.version() > last, "snapshots in the order built");
        last = s.version();
      }
    }
  }

  @Test
  void aFailingHealthWatchKeepsItsServicesInstances() {
    agent.set(LINKS, 5, links("billing", "orders"));
    agent.set("/v1/health/service/billing", 7, health("billing", 2));
    agent.set("/v1/health/service/orders", 8, health("orders", 3));
    ConsulCatalog c = start();
    await("both", () -> count("billing") == 2 && count("orders") == 3);
    FakeConsulAgent.Fault[] many = new FakeConsulAgent.Fault[100_000];
    java.util.Arrays.fill(many, FakeConsulAgent.Fault.HTTP_500);
    agent.inject(many);
    agent.set("/v1/health/service/billing", 9, health("billing", 4));
    await("failures seen", () -> c.status().get("/v1/health/service/billing").consecutiveFailures() >= 3);
    assertEquals(2, count("billing"), "the last good instances stay");
    assertEquals(3, count("orders"));
    assertTrue(c.status().get("/v1/health/service/billing").lastError().orElseThrow().contains("HTTP 500"));
  }

  @Test
  void aSlowListenerDoesNotHoldBackTheWatches() {
    String ep = "/v1/health/service/billing";
    agent.set(ep, 7, health("billing", 2));
    catalog = ConsulCatalog.builder(client, "dc1").services(ServiceName.of("billing"))
        .wait(Duration.ofMillis(200)).minInterval(Duration.ofMillis(20))
        .backoff(Duration.ofMillis(10), Duration.ofMillis(80)).start();
    await("billing", () -> count("billing") == 2);
    CountDownLatch release = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    catalog.subscribe(snapshot -> {
      calls.incrementAndGet();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    try {
      agent.set(ep, 8, health("billing", 3));
      await("the listener is busy", () -> calls.get() == 1);
      agent.set(ep, 9, health("billing", 4));
      // The watch goes on asking while the listener is busy: it waits past index 9.
      await("a request past index 9", () -> agent.requests().stream()
          .anyMatch(r -> r.path().equals(ep) && "9".equals(r.query().get("index"))));
    } finally {
      release.countDown();
    }
    await("the latest instances", () -> count("billing") == 4);
  }

  private static final String SERVICES = "/v1/catalog/services";
  private static final String DATACENTERS = "/v1/catalog/datacenters";
  private static final String MESH_GATEWAY = "/v1/health/service/mesh-gateway";

  private static String names(String... services) {
    StringBuilder s = new StringBuilder("{");
    for (int i = 0; i < services.length; i++) {
      s.append(i > 0 ? "," : "").append('"').append(services[i]).append("\":[]");
    }
    return s.append('}').toString();
  }

  /** An answer of mesh gateways (and one instance of another kind) in a datacenter. */
  private static String gateways(String dc, int count) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 1; i <= count; i++) {
      s.append("{\"Node\":{\"Node\":\"gw").append(i).append("\",\"Address\":\"10.2.0.").append(i)
          .append("\",\"Datacenter\":\"").append(dc).append("\"},\"Service\":{\"ID\":\"mesh-gateway-").append(i)
          .append("\",\"Service\":\"mesh-gateway\",\"Kind\":\"mesh-gateway\",\"Port\":8443},\"Checks\":[]},");
    }
    return s.append("{\"Node\":{\"Node\":\"n9\",\"Address\":\"10.2.0.9\"},\"Service\":{\"ID\":\"mg-lookalike\","
        + "\"Service\":\"mesh-gateway\",\"Port\":9000},\"Checks\":[]}]").toString();
  }

  private ConsulCatalog startMesh() {
    catalog = ConsulCatalog.builder(client, "dc1").allServices().connect(true).remoteGateways("mesh-gateway")
        .datacenterInterval(Duration.ofMillis(50)).wait(Duration.ofMillis(200)).minInterval(Duration.ofMillis(20))
        .backoff(Duration.ofMillis(10), Duration.ofMillis(80)).start();
    return catalog;
  }

  private int gatewaysIn(String dc) {
    return catalog.snapshot().instancesOfKind(dc, ServiceKind.MESH_GATEWAY).size();
  }

  @Test
  void followsEveryServiceOfTheDatacenterAsServicesAppearAndDisappear() {
    agent.set(SERVICES, 5, names("billing"));
    agent.set("/v1/health/service/billing", 7, health("billing", 2));
    agent.set("/v1/health/service/orders", 8, health("orders", 3));
    catalog = ConsulCatalog.builder(client, "dc1").allServices().connect(true)
        .wait(Duration.ofMillis(200)).minInterval(Duration.ofMillis(20))
        .backoff(Duration.ofMillis(10), Duration.ofMillis(80)).start();
    await("billing", () -> count("billing") == 2);
    assertTrue(catalog.listed());
    assertEquals(0, count("orders"));

    agent.set(SERVICES, 6, names("billing", "orders"));
    await("orders registered", () -> count("orders") == 3);
    assertEquals(List.of(ServiceName.of("billing"), ServiceName.of("orders")), List.copyOf(catalog.services()));

    agent.set(SERVICES, 9, names("orders"));
    await("billing deregistered", () -> count("billing") == 0);
    assertEquals(3, count("orders"));
    assertEquals(List.of(ServiceName.of("orders")), List.copyOf(catalog.services()));
    for (FakeConsulAgent.Request r : agent.requests()) {
      if (r.path().startsWith("/v1/health/service/")) {
        assertTrue(r.query().containsKey("connect"), "a mesh gateway asks for Connect-capable instances: " + r);
      }
    }
  }

  @Test
  void aMalformedServicesAnswerIsRefusedAndTheLastGoodListStays() {
    agent.set(SERVICES, 5, names("billing", "orders"));
    agent.set("/v1/health/service/billing", 7, health("billing", 2));
    agent.set("/v1/health/service/orders", 8, health("orders", 3));
    startMesh();
    await("both", () -> count("billing") == 2 && count("orders") == 3);

    agent.set(SERVICES, 6, "{\"billing\":\"not a list\"}");
    await("refused", () -> catalog.status().get(SERVICES).lastError().isPresent());
    assertTrue(catalog.status().get(SERVICES).lastError().orElseThrow()
        .contains("[\"billing\"]: expected a list of tags"), catalog.status().toString());
    assertEquals(2, count("billing"), "the last good list stays");
    assertEquals(3, count("orders"));
    assertEquals(2, catalog.services().size());

    agent.set(SERVICES, 7, names("orders"));
    await("the next good answer applies", () -> count("billing") == 0);
    assertEquals(3, count("orders"));
  }

  @Test
  void followsTheMeshGatewaysOfOtherDatacenters() {
    agent.set(SERVICES, 5, names("billing", "mesh-gateway"));
    agent.set("/v1/health/service/billing", 7, health("billing", 1));
    agent.set(MESH_GATEWAY, 7, "[]");
    agent.set(DATACENTERS, 3, "[\"dc1\",\"dc2\"]");
    agent.set(MESH_GATEWAY + "?dc=dc2", 11, gateways("dc2", 2));
    agent.set(MESH_GATEWAY + "?dc=dc3", 12, gateways("dc3", 1));
    startMesh();
    await("dc2's gateways", () -> gatewaysIn("dc2") == 2);
    assertEquals(2, catalog.snapshot().instances("dc2", ServiceName.of("mesh-gateway")).size(),
        "an instance of another kind is not a gateway to route to");
    assertEquals(List.of("dc2"), List.copyOf(catalog.remoteDatacenters()));
    assertTrue(catalog.status().containsKey(MESH_GATEWAY + "?dc=dc2"), catalog.status().toString());
    assertTrue(agent.requests().stream().anyMatch(r -> r.path().equals(MESH_GATEWAY)
        && "dc2".equals(r.query().get("dc"))), "the remote datacenter is asked by name");
    await("billing", () -> count("billing") == 1);

    agent.set(MESH_GATEWAY + "?dc=dc2", 13, gateways("dc2", 1));
    await("dc2 shrinks", () -> gatewaysIn("dc2") == 1);

    agent.set(DATACENTERS, 4, "[\"dc1\",\"dc3\"]");
    await("dc3's gateway", () -> gatewaysIn("dc3") == 1);
    await("dc2 no longer listed", () -> gatewaysIn("dc2") == 0);
    assertEquals(List.of("dc3"), List.copyOf(catalog.remoteDatacenters()));
    assertEquals(1, count("billing"));
  }
}
