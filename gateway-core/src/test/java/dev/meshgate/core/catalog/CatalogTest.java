package dev.meshgate.core.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogTest {
  private static final Node NODE = Node.agent("n", "dc1", "10.0.0.1");

  @Test
  void publishesASnapshotPerWriteAndNotifiesSubscribers() {
    Catalog catalog = new Catalog();
    List<Long> seen = new ArrayList<>();
    catalog.subscribe(s -> seen.add(s.version()));
    catalog.register(ServiceInstance.builder(NODE, "web").build());
    catalog.setServiceDefaults(ServiceDefaults.builder(ServiceName.of("web")).build());
    assertEquals(List.of(1L, 2L), seen);
    assertEquals(2, catalog.snapshot().version());
  }

  @Test
  void updateAppliesManyChangesAsOneSnapshot() {
    Catalog catalog = new Catalog();
    List<Long> seen = new ArrayList<>();
    catalog.subscribe(s -> seen.add(s.version()));
    int count = catalog.update(b -> {
      for (int i = 0; i < 10; i++) {
        b.register(ServiceInstance.builder(NODE, "svc" + i).build());
      }
      return 10;
    });
    assertEquals(10, count);
    assertEquals(List.of(1L), seen);
    assertEquals(10, catalog.snapshot().services("dc1").size());
  }

  @Test
  void aFailingUpdatePublishesNothing() {
    Catalog catalog = new Catalog();
    assertThrows(IllegalStateException.class, () -> catalog.update(b -> {
      b.register(ServiceInstance.builder(NODE, "web").build());
      throw new IllegalStateException("boom");
    }));
    assertEquals(0, catalog.snapshot().version());
  }

  @Test
  void aThrowingListenerDoesNotStopTheOthers() {
    Catalog catalog = new Catalog();
    List<Long> seen = new ArrayList<>();
    catalog.subscribe(s -> {
      throw new IllegalStateException("listener bug");
    });
    catalog.subscribe(s -> seen.add(s.version()));
    catalog.registerNode(NODE);
    assertEquals(List.of(1L), seen);
  }

  @Test
  void closedSubscriptionsAreNotNotified() {
    Catalog catalog = new Catalog();
    List<Long> seen = new ArrayList<>();
    CatalogSource.Subscription sub = catalog.subscribe(s -> seen.add(s.version()));
    catalog.registerNode(NODE);
    sub.close();
    sub.close();
    catalog.registerNode(NODE);
    assertEquals(List.of(1L), seen);
  }

  @Test
  void aListenerThatWritesSeesItsOwnChangeNextWithoutRecursion() {
    Catalog catalog = new Catalog();
    List<Long> seen = new ArrayList<>();
    catalog.subscribe(s -> {
      seen.add(s.version());
      if (s.version() == 1) {
        catalog.register(ServiceInstance.builder(NODE, "added-by-listener").build());
        assertEquals(List.of(1L), seen, "delivery must not recurse into this listener");
      }
    });
    catalog.registerNode(NODE);
    assertEquals(List.of(1L, 2L), seen);
    assertTrue(catalog.deregister("dc1", "", "n", "added-by-listener"));
    assertEquals(List.of(1L, 2L, 3L), seen);
  }

  @Test
  void listenersSeeIncreasingVersionsUnderConcurrentWrites() throws InterruptedException {
    Catalog catalog = new Catalog();
    List<Long> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    catalog.subscribe(s -> seen.add(s.version()));
    Thread[] writers = new Thread[4];
    for (int t = 0; t < writers.length; t++) {
      int id = t;
      writers[t] = new Thread(() -> {
        for (int i = 0; i < 50; i++) {
          catalog.register(ServiceInstance.builder(NODE, "svc-" + id + "-" + i).build());
        }
      });
      writers[t].start();
    }
    for (Thread w : writers) {
      w.join();
    }
    for (int i = 1; i < seen.size(); i++) {
      assertTrue(seen.get(i) > seen.get(i - 1), "versions out of order: " + seen);
    }
    assertEquals(200L, seen.get(seen.size() - 1));
  }
}
