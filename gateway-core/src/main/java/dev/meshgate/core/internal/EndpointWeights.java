package dev.meshgate.core.internal;

import dev.meshgate.core.catalog.HealthStatus;
import dev.meshgate.core.catalog.ServiceInstance;

/**
 * Endpoint health and weight as Consul's xDS generator computes them
 * ({@code calculateEndpointHealthAndWeight}): the weight is {@code Weights.Passing}, or
 * {@code Weights.Warning} when the instance warns; a critical instance is unhealthy, and with
 * {@code OnlyPassing} so is a warning one; a weight below 1 makes the endpoint unhealthy with
 * weight 1; weights are capped at 128.
 *
 * <p>One difference follows from the catalog keeping only the aggregated status: Consul uses the
 * warning weight when <em>any</em> check warns, even if another is critical; here a critical
 * instance carries its passing weight. Both are unhealthy, so only Envoy's panic mode (which routes
 * to unhealthy hosts) would see the difference. Stateless and thread-safe.
 */
public final class EndpointWeights {
  /** The largest weight Envoy accepts in Consul's configuration. */
  public static final int MAX_WEIGHT = 128;

  private EndpointWeights() {}

  /**
   * Returns the endpoint weight of an instance.
   *
   * @param instance the instance
   * @return the weight, 1..128
   */
  public static int weight(ServiceInstance instance) {
    int weight = rawWeight(instance);
    return weight < 1 ? 1 : Math.min(weight, MAX_WEIGHT);
  }

  /**
   * Tells whether an instance's endpoint is healthy.
   *
   * @param instance the instance
   * @param onlyPassing the subset's {@code OnlyPassing}: a warning instance is unhealthy too
   * @return true if it should receive traffic
   */
  public static boolean healthy(ServiceInstance instance, boolean onlyPassing) {
    HealthStatus status = instance.health();
    if (status == HealthStatus.CRITICAL || (onlyPassing && status != HealthStatus.PASSING)) {
      return false;
    }
    return rawWeight(instance) >= 1;
  }

  private static int rawWeight(ServiceInstance instance) {
    return instance.health() == HealthStatus.WARNING ? instance.weights().warning() : instance.weights().passing();
  }
}
