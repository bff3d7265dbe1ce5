package dev.meshgate.core.internal;

import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.CatalogSource;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * A gateway's current routing table, rebuilt from the latest catalog snapshot whenever the catalog
 * publishes one or the gateway's configuration changes, and read without locking.
 *
 * <p>Readers get a volatile reference to an immutable table, so a connection is routed by the
 * table before a change or by the one after, never by a mix. Rebuilds are serialized and always
 * read the latest snapshot; a catalog rebuild is skipped only when that is the very snapshot
 * object the table was built from, never because two snapshots carry the same version. A warning
 * is logged once, when it first appears. Thread-safe.
 *
 * @param <T> the table type
 */
public final class LiveTable<T> implements AutoCloseable {
  private final CatalogSource catalog;
  private final Function<CatalogSnapshot, T> build;
  private final Function<T, List<String>> warnings;
  private final Logger log;
  private final String subject;
  private final Object rebuildLock = new Object();
  private final CatalogSource.Subscription subscription;
  private volatile T current;
  /*
   * The snapshot the current table was built from, compared by identity: a version number is only
   * a caller's claim (every snapshot built with CatalogSnapshot.builder() is version 1), and a
   * repeated number must never make a fresh snapshot look unchanged.
   */
  private CatalogSnapshot builtFrom;

  /**
   * Builds the first table and starts following the catalog.
   *
   * @param catalog the catalog to follow
   * @param build builds a table from a snapshot; called under this object's lock
   * @param warnings what a table could not route, logged at WARN when new
   * @param log the gateway's logger
   * @param subject the gateway as log lines name it, e.g. {@code mesh gateway mgw in dc1}
   */
  public LiveTable(CatalogSource catalog, Function<CatalogSnapshot, T> build, Function<T, List<String>> warnings,
      Logger log, String subject) {
    this.catalog = catalog;
    this.build = build;
    this.warnings = warnings;
    this.log = log;
    this.subject = subject;
    synchronized (rebuildLock) {
      CatalogSnapshot snapshot = catalog.snapshot();
      current = build.apply(snapshot);
      builtFrom = snapshot;
      logNew(List.of(), warnings.apply(current));
    }
    this.subscription = catalog.subscribe(snapshot -> rebuild(false));
    rebuild(false);
  }

  /**
   * Returns the current table.
   *
   * @return the latest table
   */
  public T current() {
    return current;
  }

  /**
   * Rebuilds from the latest snapshot.
   *
   * @param configChanged true when the gateway's configuration changed, so the table is rebuilt even
   *     if the catalog did not change
   * @return the table now current
   */
  public T rebuild(boolean configChanged) {
    synchronized (rebuildLock) {
      CatalogSnapshot snapshot = catalog.snapshot();
      if (!configChanged && snapshot == builtFrom) {
        return current;
      }
      T previous = current;
      T next = build.apply(snapshot);
      current = next;
      builtFrom = snapshot;
      logNew(warnings.apply(previous), warnings.apply(next));
      return next;
    }
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
