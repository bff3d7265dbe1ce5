package dev.meshgate.netty;

import dev.meshgate.core.catalog.Endpoint;
import dev.meshgate.core.chain.ActiveRequests;
import java.util.concurrent.ConcurrentHashMap;

/*
 * The requests in flight to each endpoint, shared by every connection of one flow, for the
 * least_request load balancer. An endpoint without a request in flight has no entry, so the map
 * stays as small as the set of busy endpoints. Thread-safe.
 */
final class InFlight implements ActiveRequests {
  private final ConcurrentHashMap<Endpoint, Integer> counts = new ConcurrentHashMap<>();

  @Override
  public int of(Endpoint endpoint) {
    Integer n = counts.get(endpoint);
    return n == null ? 0 : n;
  }

  /** A request was sent to {@code endpoint}. */
  void started(Endpoint endpoint) {
    counts.merge(endpoint, 1, Integer::sum);
  }

  /** A request sent to {@code endpoint} was answered, failed or abandoned; called once per {@link #started}. */
  void finished(Endpoint endpoint) {
    counts.computeIfPresent(endpoint, (e, n) -> n == 1 ? null : n - 1);
  }
}
