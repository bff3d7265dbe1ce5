package dev.meshgate.consul.api;

/*
 * Consul's rules for a blocking loop, from its documentation of blocking queries:
 *
 * - the first request carries no index and returns at once; each later one carries the last
 *   X-Consul-Index and waits for a change past it;
 * - an index lower than the one sent means the state was rebuilt (a snapshot restored, a KV
 *   entry with the highest index deleted, an upgrade changing index granularity): reset to 0 and
 *   start again, or updates may be missed for an unbounded time;
 * - an index of 0 after a request is a Consul bug; 1 is always safe to wait on, whereas 0 would
 *   not block and make a busy loop;
 * - calls are spaced by a minimum interval whatever the agent answers, and errors back off
 *   exponentially with jitter, up to a cap.
 *
 * Publishing follows from the first two rules: within one run of the loop (from an index of 0 to
 * the next reset) an answer is published only when its index is above the last published one, so
 * listeners see values in index order; the answer that went backwards is not published (it may
 * come from a server that is behind), the loop restarts from 0, and the answer to that restart is
 * published whatever its index, because it is the state as it is now.
 */

/** The pure decisions of a blocking loop; stateless and thread-safe. */
final class BlockingRules {
  private BlockingRules() {}

  /**
   * Returns the index to send next after a successful answer.
   *
   * @param sent the index sent (0 for a first or restarted request)
   * @param returned the answer's {@code X-Consul-Index}
   * @return 1 when the agent returned 0 or less; 0 when the index went backwards; else {@code returned}
   */
  static long nextIndex(long sent, long returned) {
    if (returned <= 0) {
      return 1;
    }
    if (returned < sent) {
      return 0;
    }
    return returned;
  }

  /**
   * Tells whether a successful answer is a value to publish.
   *
   * @param sent the index sent
   * @param returned the answer's index
   * @param lastPublished the index of the last published value of this run, or -1 for none
   * @return true for the first answer of a run (sent 0), and for an answer whose index is above the
   *     last published one; false when the index went backwards
   */
  static boolean publishes(long sent, long returned, long lastPublished) {
    long r = Math.max(returned, 1);
    if (sent > 0 && r < sent) {
      return false;
    }
    return sent == 0 || r > lastPublished;
  }

  /**
   * Returns the delay before the next request.
   *
   * @param sinceLastStartNanos the time since the previous request started
   * @param consecutiveFailures 0 after a success; else how many requests in a row failed
   * @param minIntervalNanos the least time between the starts of two requests
   * @param baseBackoffNanos the backoff after the first failure (before jitter)
   * @param maxBackoffNanos the cap of the backoff
   * @param random a number in [0, 1) choosing the jitter
   * @return at least what remains of the minimum interval; after failures, also at least half of
   *     {@code min(maxBackoff, baseBackoff * 2^(failures - 1))} and at most all of it
   */
  static long delayNanos(
      long sinceLastStartNanos,
      int consecutiveFailures,
      long minIntervalNanos,
      long baseBackoffNanos,
      long maxBackoffNanos,
      double random) {
    long remaining = Math.max(0, minIntervalNanos - Math.max(0, sinceLastStartNanos));
    if (consecutiveFailures <= 0) {
      return remaining;
    }
    long backoff = baseBackoffNanos;
    for (int i = 1; i < consecutiveFailures && backoff < maxBackoffNanos; i++) {
      backoff = backoff > maxBackoffNanos / 2 ? maxBackoffNanos : backoff * 2;
    }
    backoff = Math.min(backoff, maxBackoffNanos);
    long half = backoff / 2;
    long jittered = half + (long) (random * (backoff - half));
    return Math.max(remaining, Math.min(jittered, backoff));
  }
}
