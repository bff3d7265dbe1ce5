package dev.meshgate.core;

import dev.meshgate.core.catalog.Catalog;
import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.CatalogSource;
import java.util.function.Consumer;

/**
 * A catalog source over a {@link Catalog} whose {@link #snapshot()} can be made to throw, so a
 * gateway's rebuild fails on demand. Thread-safe.
 */
public final class FailingCatalogSource implements CatalogSource {
  private final Catalog catalog;
  private volatile boolean failing;

  /**
   * Wraps a catalog.
   *
   * @param catalog the catalog snapshots and notifications come from
   */
  public FailingCatalogSource(Catalog catalog) {
    this.catalog = catalog;
  }

  /**
   * Makes {@link #snapshot()} throw, or work again.
   *
   * @param value true to throw {@code IllegalStateException("catalog unavailable")}
   */
  public void failing(boolean value) {
    failing = value;
  }

  @Override
  public CatalogSnapshot snapshot() {
    if (failing) {
      throw new IllegalStateException("catalog unavailable");
    }
    return catalog.snapshot();
  }

  @Override
  public Subscription subscribe(Consumer<CatalogSnapshot> listener) {
    return catalog.subscribe(listener);
  }
}
