package dev.meshgate.examples.gateway;

import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.CatalogSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A catalog source that publishes whole snapshots, each read afresh from the config directory. */
final class SnapshotSource implements CatalogSource {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotSource.class);

  private final List<Consumer<CatalogSnapshot>> listeners = new CopyOnWriteArrayList<>();
  private volatile CatalogSnapshot current;

  SnapshotSource(CatalogSnapshot initial) {
    this.current = initial;
  }

  @Override
  public CatalogSnapshot snapshot() {
    return current;
  }

  @Override
  public Subscription subscribe(Consumer<CatalogSnapshot> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Publishes a snapshot to every listener, in order, on the calling thread. */
  synchronized void publish(CatalogSnapshot snapshot) {
    current = snapshot;
    for (Consumer<CatalogSnapshot> listener : listeners) {
      try {
        listener.accept(snapshot);
      } catch (RuntimeException e) {
        LOG.warn("catalog listener {} failed", listener, e);
      }
    }
  }
}
