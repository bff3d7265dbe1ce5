package dev.meshgate.core.catalog;

/**
 * The aggregated health of a service instance: the worst status among its own checks and its
 * node's checks, as Consul reports {@code passing}, {@code warning} and {@code critical}. Constants
 * are immutable and thread-safe.
 */
public enum HealthStatus {
  /** Every check passes (or there are no checks). */
  PASSING("passing"),
  /** At least one check warns and none is critical. */
  WARNING("warning"),
  /** At least one check is critical. */
  CRITICAL("critical");

  private final String wireName;

  HealthStatus(String wireName) {
    this.wireName = wireName;
  }

  /**
   * Returns Consul's name for the status.
   *
   * @return {@code passing}, {@code warning} or {@code critical}
   */
  public String wireName() {
    return wireName;
  }

  /**
   * Returns the worse of two statuses, as Consul aggregates checks.
   *
   * @param other another status
   * @return {@code CRITICAL} over {@code WARNING} over {@code PASSING}
   */
  public HealthStatus worse(HealthStatus other) {
    return compareTo(other) >= 0 ? this : other;
  }

  @Override
  public String toString() {
    return wireName;
  }
}
