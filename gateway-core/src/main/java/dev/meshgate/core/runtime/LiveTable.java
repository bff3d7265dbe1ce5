package dev.meshgate.core.runtime;

import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.CatalogSource;
import dev.meshgate.core.routing.Subscription;
import dev.meshgate.core.routing.TableListener;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * A gateway's current configuration and the routing table built from it and the latest catalog
 * snapshot, rebuilt whenever the catalog publishes a snapshot or the configuration changes, and
 * read without locking.
 *
 * <p>Configuration and table are held together in one volatile reference to an immutable pair, so
 * a reader sees a table with the configuration it was built from, and a connection is routed by
 * the table before a change or by the one after, never by a mix. A new configuration is built into
 * a table first and published with it only when the build succeeded; a build that throws changes
 * nothing. Rebuilds are serialized and always read the latest snapshot; a catalog rebuild is
 * skipped only when that is the very snapshot object the table was built from, never because two
 * snapshots carry the same version. A warning is logged once, when it first appears. Listeners
 * hear of every table made current, in order, under the rebuild lock and after publication; one
 * that throws is logged and skipped. Thread-safe.
 *
 * @param <C> the configuration type; may be null when the gateway has none
 * @param <T> the table type
 */
public final class LiveTable<C, T> implements AutoCloseable {
  /*
   * The snapshot is compared by identity: a version number is only a caller's claim (every
   * snapshot built with CatalogSnapshot.builder() is version 1), and a repeated number must never
   * make a fresh snapshot look unchanged.
   */
  private record State<C, T>(C config, T table, CatalogSnapshot builtFrom) {}

  private final CatalogSource catalog;
  private final BiFunction<C, CatalogSnapshot, T> build;
  private final Function<T, List<String>> warnings;
  private final Logger log;
  private final String subject;
  private final Object rebuildLock = new Object();
  private final CatalogSource.Subscription subscription;
  private final List<TableListener<T>> listeners = new CopyOnWriteArrayList<>();
  private volatile State<C, T> state;

  /**
   * Builds the first table and starts following the catalog.
   *
   * @param catalog the catalog to follow
   * @param config the first configuration
   * @param build builds a table from a configuration and a snapshot; called under this object's lock
   * @param warnings what a table could not route, logged at WARN when new
   * @param log the gateway's logger
   * @param subject the gateway as log lines name it, e.g. {@code mesh gateway mgw in dc1}
   */
  public LiveTable(CatalogSource catalog, C config, BiFunction<C, CatalogSnapshot, T> build,
      Function<T, List<String>> warnings, Logger log, String subject) {
    this.catalog = catalog;
    this.build = build;
    this.warnings = warnings;
    this.log = log;
    this.subject = subject;
    synchronized (rebuildLock) {
      CatalogSnapshot snapshot = catalog.snapshot();
      state = new State<>(config, build.apply(config, snapshot), snapshot);
      logNew(List.of(), warnings.apply(state.table()));
    }
    this.subscription = catalog.subscribe(snapshot -> rebuild());
    rebuild();
  }

  /**
   * Returns the current table.
   *
   * @return the latest table
   */
  public T current() {
    return state.table();
  }

  /**
   * Returns the configuration the current table was built from.
   *
   * @return the latest applied configuration
   */
  public C config() {
    return state.config();
  }

  /**
   * Rebuilds from the latest snapshot with the current configuration, unless the table was built
   * from that snapshot already.
   *
   * @return the table now current
   */
  public T rebuild() {
    synchronized (rebuildLock) {
      State<C, T> previous = state;
      CatalogSnapshot snapshot = catalog.snapshot();
      if (snapshot == previous.builtFrom()) {
        return previous.table();
      }
      return publish(previous, previous.config(), snapshot);
    }
  }

  /**
   * Builds a table from a new configuration and the latest snapshot, then makes both current
   * together. If the build throws, the previous configuration and table stay current.
   *
   * @param config the new configuration
   * @return the table now current
   */
  public T update(C config) {
    synchronized (rebuildLock) {
      return publish(state, config, catalog.snapshot());
    }
  }

  /**
   * Adds a listener told of every table made current from now on.
   *
   * @param listener the listener
   * @return the registration; close it to stop notifications
   */
  public Subscription subscribe(TableListener<T> listener) {
    if (listener == null) {
      throw new NullPointerException("listener");
    }
    TableListener<T> registration = listener::changed; // its own identity: closing twice removes once
    listeners.add(registration);
    return () -> listeners.remove(registration);
  }

  private T publish(State<C, T> previous, C config, CatalogSnapshot snapshot) {
    T next = build.apply(config, snapshot);
    state = new State<>(config, next, snapshot);
    logNew(warnings.apply(previous.table()), warnings.apply(next));
    for (TableListener<T> listener : listeners) {
      try {
        listener.changed(previous.table(), next);
      } catch (RuntimeException e) {
        log.warn("{}: a table listener failed: {}", subject, e.toString(), e);
      }
    }
    return next;
  }

  /** Stops following the catalog; the last table stays readable. */
  @Override
  public void close() {
    subscription.close();
  }

  private void logNew(List<String> before, List<String> after) {
    Set<String> known = new HashSet<>(before);
    for (String warning : after) {
      if (!known.contains(warning)) {
        log.warn("{}: {}", subject, warning);
      }
    }
  }
}
