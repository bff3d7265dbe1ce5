package dev.meshgate.core.chain;

import dev.meshgate.core.catalog.Endpoint;
import dev.meshgate.core.internal.Require;
import java.util.List;

/**
 * A target of a bound chain with the endpoints a caller can dial for it, healthy ones first.
 * Immutable and thread-safe.
 *
 * @param target the target
 * @param endpoints its endpoints, healthy first
 */
public record TargetEndpoints(DiscoveryTarget target, List<Endpoint> endpoints) {
  /**
   * Copies the endpoints and puts the healthy ones first (each group keeps its order).
   *
   * @param target the target
   * @param endpoints the endpoints
   */
  public TargetEndpoints {
    Require.notNull(target, "target");
    List<Endpoint> healthy = new java.util.ArrayList<>(endpoints.size());
    List<Endpoint> unhealthy = new java.util.ArrayList<>();
    for (Endpoint e : endpoints) {
      (e.healthy() ? healthy : unhealthy).add(e);
    }
    healthy.addAll(unhealthy);
    endpoints = List.copyOf(healthy);
  }

  /**
   * Returns how many endpoints are healthy.
   *
   * @return the number of healthy endpoints
   */
  public int healthyCount() {
    int n = 0;
    for (Endpoint e : endpoints) {
      if (e.healthy()) {
        n++;
      }
    }
    return n;
  }

  /**
   * Returns the healthy endpoints.
   *
   * @return the leading healthy part of {@link #endpoints()}
   */
  public List<Endpoint> healthy() {
    return endpoints.subList(0, healthyCount());
  }
}
