package dev.meshgate.core.catalog;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-memory catalog: writes go through one lock, each write publishes a new immutable
 * {@link CatalogSnapshot}, and subscribers are notified. Readers never lock: {@link #snapshot()}
 * reads a volatile reference.
 *
 * <p>Use {@link #update} to apply many changes as one snapshot (one notification), e.g. when
 * loading a full state. Thread-safe.
 */
public final class Catalog implements CatalogSource {
  private static final Logger LOG = LoggerFactory.getLogger(Catalog.class);

  /*
   * Writers serialize on writeLock and publish by replacing the volatile `current`. Delivery is a
   * separate, drain-style loop: whichever thread finds no delivery in progress delivers the latest
   * snapshot to every listener, and repeats while newer ones were published meanwhile. Listeners
   * therefore see versions in increasing order and may skip intermediate ones; a listener that
   * writes to the catalog from its callback does not recurse or deadlock, its change is delivered
   * by the next turn of the loop.
   */
  private final Object writeLock = new Object();
  private final Object deliveryLock = new Object();
  private final List<Consumer<CatalogSnapshot>> listeners = new CopyOnWriteArrayList<>();
  private volatile CatalogSnapshot current;
  private boolean delivering;
  private long delivered;

  /** Creates an empty catalog. */
  public Catalog() {
    this(CatalogSnapshot.empty());
  }

  /**
   * Creates a catalog starting from a snapshot.
   *
   * @param initial the initial state
   */
  public Catalog(CatalogSnapshot initial) {
    this.current = initial;
    this.delivered = initial.version();
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

  /**
   * Registers (or replaces) a service instance and its node; see
   * {@link CatalogSnapshot.Builder#register}.
   *
   * @param instance the instance
   * @return warnings, such as an external service registered on an agent-managed node
   */
  public List<String> register(ServiceInstance instance) {
    return update(b -> b.register(instance));
  }

  /**
   * Registers (or updates) a node.
   *
   * @param node the node
   */
  public void registerNode(Node node) {
    update(b -> b.registerNode(node));
  }

  /**
   * Deregisters one instance.
   *
   * @param datacenter the datacenter
   * @param partition the node's partition; empty means {@code default}
   * @param node the node name
   * @param serviceId the service ID
   * @return true if it existed
   */
  public boolean deregister(String datacenter, String partition, String node, String serviceId) {
    return update(b -> b.deregister(datacenter, partition, node, serviceId));
  }

  /**
   * Deregisters a node and its instances.
   *
   * @param datacenter the datacenter
   * @param partition the node's partition; empty means {@code default}
   * @param node the node name
   * @return true if it existed
   */
  public boolean deregisterNode(String datacenter, String partition, String node) {
    return update(b -> b.deregisterNode(datacenter, partition, node));
  }

  /**
   * Writes a {@code service-defaults} entry.
   *
   * @param entry the entry
   */
  public void setServiceDefaults(ServiceDefaults entry) {
    update(b -> b.serviceDefaults(entry));
  }

  /**
   * Writes a {@code service-resolver} entry.
   *
   * @param entry the entry
   */
  public void setResolver(ServiceResolver entry) {
    update(b -> b.resolver(entry));
  }

  /**
   * Writes a partition's {@code proxy-defaults} entry.
   *
   * @param entry the entry
   */
  public void setProxyDefaults(ProxyDefaults entry) {
    update(b -> b.proxyDefaults(entry));
  }

  /**
   * Writes a partition's {@code mesh} config entry.
   *
   * @param entry the entry
   */
  public void setMeshConfig(MeshConfig entry) {
    update(b -> b.meshConfig(entry));
  }

  /**
   * Writes a partition's {@code exported-services} entry.
   *
   * @param entry the entry
   */
  public void setExportedServices(ExportedServices entry) {
    update(b -> b.exportedServices(entry));
  }

  /**
   * Applies changes as one new snapshot and notifies subscribers once.
   *
   * @param <R> what the changes return
   * @param changes applied to a builder started from the current snapshot; if it throws, nothing
   *     is published and the exception propagates
   * @return what {@code changes} returned
   */
  public <R> R update(Function<CatalogSnapshot.Builder, R> changes) {
    R result;
    synchronized (writeLock) {
      CatalogSnapshot.Builder builder = current.toBuilder();
      result = changes.apply(builder);
      current = builder.build();
    }
    deliver();
    return result;
  }

  private void deliver() {
    synchronized (deliveryLock) {
      if (delivering || current.version() <= delivered) {
        return;
      }
      delivering = true;
    }
    boolean done = false;
    try {
      while (true) {
        CatalogSnapshot snapshot = current;
        for (Consumer<CatalogSnapshot> listener : listeners) {
          try {
            listener.accept(snapshot);
          } catch (RuntimeException e) {
            LOG.warn("catalog listener {} failed on snapshot version {}", listener, snapshot.version(), e);
          }
        }
        synchronized (deliveryLock) {
          delivered = snapshot.version();
          if (current.version() <= delivered) {
            delivering = false;
            done = true;
            return;
          }
        }
      }
    } finally {
      if (!done) {
        synchronized (deliveryLock) {
          delivering = false;
        }
      }
    }
  }
}
