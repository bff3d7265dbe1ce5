package dev.meshgate.core.ingress;

import dev.meshgate.core.internal.Require;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Outlier detection for an upstream cluster, as Consul's {@code PassiveHealthCheck}: Envoy ejects
 * an instance after {@code maxFailures} consecutive 5xx (or connection) failures, checking every
 * {@code interval}. Immutable and thread-safe.
 *
 * @param interval the time between ejection sweeps; positive
 * @param maxFailures consecutive failures before an ejection; at least 1
 * @param enforcingConsecutive5xx the percent chance an ejection is enforced, 0-100, or empty for
 *     Envoy's default (100)
 * @param maxEjectionPercent the most instances that may be ejected at once, in percent 0-100, or
 *     empty for Envoy's default (10)
 * @param baseEjectionTime how long an ejection lasts at first, or empty for Envoy's default (30 s)
 */
public record PassiveHealthCheck(
    Duration interval,
    int maxFailures,
    OptionalInt enforcingConsecutive5xx,
    OptionalInt maxEjectionPercent,
    Optional<Duration> baseEjectionTime) {
  /**
   * Checks the ranges.
   *
   * @param interval the sweep interval
   * @param maxFailures consecutive failures before an ejection
   * @param enforcingConsecutive5xx the enforcement percentage, or empty
   * @param maxEjectionPercent the ejection cap in percent, or empty
   * @param baseEjectionTime the base ejection time, or empty
   * @throws IllegalArgumentException naming the field and its range
   */
  public PassiveHealthCheck {
    Require.field(!interval.isNegative() && !interval.isZero(), "interval", interval, "a positive duration");
    Require.field(maxFailures >= 1, "maxFailures", maxFailures, "at least 1");
    percent("enforcingConsecutive5xx", enforcingConsecutive5xx);
    percent("maxEjectionPercent", maxEjectionPercent);
    baseEjectionTime.ifPresent(
        t -> Require.field(!t.isNegative() && !t.isZero(), "baseEjectionTime", t, "a positive duration"));
  }

  /**
   * Returns a check with Envoy's defaults for the optional fields.
   *
   * @param interval the sweep interval
   * @param maxFailures consecutive failures before an ejection
   * @return the check
   */
  public static PassiveHealthCheck of(Duration interval, int maxFailures) {
    return new PassiveHealthCheck(interval, maxFailures, OptionalInt.empty(), OptionalInt.empty(), Optional.empty());
  }

  private static void percent(String field, OptionalInt value) {
    if (value.isPresent()) {
      Require.field(value.getAsInt() >= 0 && value.getAsInt() <= 100, field, value.getAsInt(), "0-100");
    }
  }
}
