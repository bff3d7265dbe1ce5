package dev.meshgate.core.chain;

import dev.meshgate.core.catalog.Endpoint;

/**
 * The number of requests in flight to each endpoint, which the {@code least_request} policy
 * compares. The host keeps the counts (it opens and finishes the requests); implementations must be
 * thread-safe and should not allocate.
 */
@FunctionalInterface
public interface ActiveRequests {
  /** Every endpoint idle: {@code least_request} then picks the first of its samples. */
  ActiveRequests NONE = endpoint -> 0;

  /**
   * Returns the number of requests in flight to an endpoint.
   *
   * @param endpoint one of the endpoints of a {@link ChainRoute}
   * @return the count, 0 or more
   */
  int of(Endpoint endpoint);
}
