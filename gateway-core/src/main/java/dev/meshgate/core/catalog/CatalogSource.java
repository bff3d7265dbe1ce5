package dev.meshgate.core.catalog;

import java.util.function.Consumer;

/**
 * Where gateways get their catalog from: the current {@link CatalogSnapshot} and a notification
 * whenever a new one is published. {@link Catalog} is the in-memory implementation; embedders
 * implement this interface to feed snapshots from elsewhere (a Consul blocking query or watch, a
 * file, a test fixture), building them with {@link CatalogSnapshot#builder()}.
 *
 * <p>Contract for implementations: {@link #snapshot()} never blocks and never returns null;
 * listeners see snapshots in the order they were published (intermediate ones may be skipped when
 * they are published faster than delivered); a listener that throws does not stop delivery to the
 * others. Implementations must be thread-safe. Versions need not be distinct: a source that builds
 * each full state afresh hands out snapshots that are all version 1, and gateways treat every
 * published snapshot object as new, whatever its version.
 */
public interface CatalogSource {
  /**
   * Returns the current snapshot.
   *
   * @return the latest published snapshot
   */
  CatalogSnapshot snapshot();

  /**
   * Registers a listener for snapshots published from now on. It is not called for the current
   * snapshot; read {@link #snapshot()} after subscribing to start from it.
   *
   * @param listener called with each newly published snapshot, on the publishing thread
   * @return a handle that unsubscribes the listener when closed
   */
  Subscription subscribe(Consumer<CatalogSnapshot> listener);

  /** A subscription; closing it stops further notifications. */
  interface Subscription extends AutoCloseable {
    /** Stops notifications to the listener; closing twice does nothing. */
    @Override
    void close();
  }
}
