package dev.meshgate.core.chain;

import java.util.List;

/**
 * The retry policy of a route, as Consul gives it to Envoy: {@code NumRetries} (0 means Envoy's
 * default of 1), and the conditions, {@code RetryOn} first, then {@code connect-failure} for
 * {@code RetryOnConnectFailure} (once), then {@code retriable-status-codes} when status codes are
 * listed. Immutable and thread-safe.
 *
 * @param numRetries the number of retries; 0 when unset
 * @param retryOn Envoy's {@code retry_on} conditions, in order
 * @param retriableStatusCodes the status codes {@code retriable-status-codes} refers to
 */
public record RetryPolicy(int numRetries, List<String> retryOn, List<Integer> retriableStatusCodes) {
  /**
   * Copies the lists.
   *
   * @param numRetries the number of retries
   * @param retryOn the conditions
   * @param retriableStatusCodes the status codes
   */
  public RetryPolicy {
    retryOn = List.copyOf(retryOn);
    retriableStatusCodes = List.copyOf(retriableStatusCodes);
  }

  /** Consul's {@code getRetryPolicyForDestination}. */
  static RetryPolicy of(RouteDestination d) {
    java.util.ArrayList<String> on = new java.util.ArrayList<>(d.retryOn());
    if (d.retryOnConnectFailure() && !on.contains("connect-failure")) {
      on.add("connect-failure");
    }
    if (!d.retryOnStatusCodes().isEmpty()) {
      on.add("retriable-status-codes");
    }
    return new RetryPolicy(d.numRetries(), on, d.retryOnStatusCodes());
  }
}
