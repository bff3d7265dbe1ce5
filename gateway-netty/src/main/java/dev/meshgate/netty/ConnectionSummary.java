package dev.meshgate.netty;

import dev.meshgate.core.catalog.Endpoint;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened to one relayed connection, reported once when it ends. Immutable and thread-safe.
 *
 * @param endpoint the endpoint the connection was relayed to, or empty when none accepted it
 * @param bytesFromClient bytes read from the client and written towards the endpoint
 * @param bytesToClient bytes read from the endpoint and written towards the client
 * @param duration from the relay's start (once the connection was routed) to its end
 * @param reason why it ended
 */
public record ConnectionSummary(
    Optional<Endpoint> endpoint, long bytesFromClient, long bytesToClient, Duration duration, CloseReason reason) {

  /**
   * Checks the fields.
   *
   * @param endpoint the endpoint, or empty
   * @param bytesFromClient bytes from the client, at least 0
   * @param bytesToClient bytes to the client, at least 0
   * @param duration how long the relay ran, not negative
   * @param reason why it ended
   * @throws NullPointerException if an object is null
   * @throws IllegalArgumentException if a count or the duration is negative
   */
  public ConnectionSummary {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(reason, "reason");
    if (bytesFromClient < 0 || bytesToClient < 0) {
      throw new IllegalArgumentException("bytes: " + bytesFromClient + "/" + bytesToClient
          + " (expected: at least 0)");
    }
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration: " + duration + " (expected: not negative)");
    }
  }
}
