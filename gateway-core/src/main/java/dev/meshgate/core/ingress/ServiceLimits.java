package dev.meshgate.core.ingress;

import dev.meshgate.core.internal.Require;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Circuit-breaker limits and outlier detection for the cluster of one upstream, as Consul's
 * {@code IngressServiceConfig} (the entry's {@code Defaults}) and the same fields of an
 * {@code IngressService}. An empty value is unset: Consul's zero, which leaves Envoy's default
 * (1,024 connections, pending and concurrent requests each) unless a lower layer sets it.
 *
 * <p>{@link #withDefaults} merges a service's limits over the gateway's defaults field by field:
 * defaults {@code MaxConnections=100, MaxPendingRequests=50} and a service's
 * {@code MaxConnections=10} give max connections 10 and max pending 50, with no request limit.
 * The passive health check is taken whole, the service's over the defaults'. Immutable and
 * thread-safe.
 *
 * @param maxConnections the most connections to the upstream, or empty
 * @param maxPendingRequests the most requests queued for a connection, or empty
 * @param maxConcurrentRequests the most requests in flight, or empty
 * @param passiveHealthCheck outlier detection, or empty
 */
public record ServiceLimits(
    OptionalInt maxConnections,
    OptionalInt maxPendingRequests,
    OptionalInt maxConcurrentRequests,
    Optional<PassiveHealthCheck> passiveHealthCheck) {
  /** Nothing set: Envoy's defaults apply. */
  public static final ServiceLimits NONE =
      new ServiceLimits(OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), Optional.empty());

  /**
   * Checks that every set limit is at least 1.
   *
   * @param maxConnections the most connections, or empty
   * @param maxPendingRequests the most pending requests, or empty
   * @param maxConcurrentRequests the most concurrent requests, or empty
   * @param passiveHealthCheck outlier detection, or empty
   * @throws IllegalArgumentException naming a limit below 1
   */
  public ServiceLimits {
    positive("maxConnections", maxConnections);
    positive("maxPendingRequests", maxPendingRequests);
    positive("maxConcurrentRequests", maxConcurrentRequests);
  }

  /**
   * Starts building limits.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns these limits laid over defaults: each set field wins, each unset field takes the
   * default's; the passive health check is taken whole.
   *
   * @param defaults the gateway's {@code Defaults}
   * @return the merged limits
   */
  public ServiceLimits withDefaults(ServiceLimits defaults) {
    return new ServiceLimits(
        maxConnections.isPresent() ? maxConnections : defaults.maxConnections,
        maxPendingRequests.isPresent() ? maxPendingRequests : defaults.maxPendingRequests,
        maxConcurrentRequests.isPresent() ? maxConcurrentRequests : defaults.maxConcurrentRequests,
        passiveHealthCheck.isPresent() ? passiveHealthCheck : defaults.passiveHealthCheck);
  }

  private static void positive(String field, OptionalInt value) {
    if (value.isPresent()) {
      Require.field(value.getAsInt() >= 1, field, value.getAsInt(), "at least 1; leave it unset for Envoy's default");
    }
  }

  /**
   * Builds {@link ServiceLimits}. Each setting may be set once; {@link #build()} leaves the builder
   * reusable. Not thread-safe.
   */
  public static final class Builder {
    private Integer maxConnections;
    private Integer maxPendingRequests;
    private Integer maxConcurrentRequests;
    private PassiveHealthCheck passiveHealthCheck;

    private Builder() {}

    /**
     * Sets {@code MaxConnections}.
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder maxConnections(int value) {
      maxConnections = Require.once(maxConnections, value, "maxConnections");
      return this;
    }

    /**
     * Sets {@code MaxPendingRequests}.
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder maxPendingRequests(int value) {
      maxPendingRequests = Require.once(maxPendingRequests, value, "maxPendingRequests");
      return this;
    }

    /**
     * Sets {@code MaxConcurrentRequests}.
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder maxConcurrentRequests(int value) {
      maxConcurrentRequests = Require.once(maxConcurrentRequests, value, "maxConcurrentRequests");
      return this;
    }

    /**
     * Sets {@code PassiveHealthCheck}.
     *
     * @param value the outlier detection
     * @return this builder
     */
    public Builder passiveHealthCheck(PassiveHealthCheck value) {
      passiveHealthCheck = Require.once(passiveHealthCheck, value, "passiveHealthCheck");
      return this;
    }

    /**
     * Builds the limits.
     *
     * @return the limits
     * @throws IllegalArgumentException if a limit is below 1
     */
    public ServiceLimits build() {
      return new ServiceLimits(optional(maxConnections), optional(maxPendingRequests),
          optional(maxConcurrentRequests), Optional.ofNullable(passiveHealthCheck));
    }

    private static OptionalInt optional(Integer value) {
      return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }
  }
}
