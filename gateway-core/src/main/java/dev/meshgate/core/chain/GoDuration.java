package dev.meshgate.core.chain;

import java.time.Duration;

/**
 * Formats a duration as Go's {@code time.Duration.String} does ({@code 5s}, {@code 1m39s},
 * {@code 1.5ms}, {@code 1h0m0s}), the form Consul writes router and resolver timeouts in.
 */
final class GoDuration {
  private static final long SECOND = 1_000_000_000L;

  private GoDuration() {}

  /** Tells whether a duration fits Go's {@code time.Duration} (signed 64-bit nanoseconds). */
  static boolean fits(Duration d) {
    try {
      d.toNanos();
      return true;
    } catch (ArithmeticException e) {
      return false;
    }
  }

  static String format(Duration d) {
    long n = d.toNanos();
    if (n == 0) {
      return "0s";
    }
    boolean negative = n < 0;
    // Long.MIN_VALUE has no positive counterpart; unsigned arithmetic handles it as Go does.
    long u = negative ? -n : n;
    StringBuilder out = new StringBuilder();
    if (Long.compareUnsigned(u, SECOND) < 0) {
      String unit;
      int precision;
      if (u < 1_000L) {
        unit = "ns";
        precision = 0;
      } else if (u < 1_000_000L) {
        unit = "\u00b5s";
        precision = 3;
      } else {
        unit = "ms";
        precision = 6;
      }
      out.append(Long.toUnsignedString(divide(u, precision))).append(fraction(u, precision)).append(unit);
    } else {
      String frac = fraction(u, 9);
      long seconds = Long.divideUnsigned(u, SECOND);
      long s = seconds % 60;
      long minutes = seconds / 60;
      if (minutes > 0) {
        long m = minutes % 60;
        long hours = minutes / 60;
        if (hours > 0) {
          out.append(hours).append('h');
        }
        out.append(m).append('m');
      }
      out.append(s).append(frac).append('s');
    }
    return negative ? "-" + out : out.toString();
  }

  private static long divide(long u, int precision) {
    long p = 1;
    for (int i = 0; i < precision; i++) {
      p *= 10;
    }
    return Long.divideUnsigned(u, p);
  }

  /** The fraction {@code .ddd} of u / 10^precision without trailing zeros, or empty. */
  private static String fraction(long u, int precision) {
    StringBuilder digits = new StringBuilder();
    boolean print = false;
    long v = u;
    for (int i = 0; i < precision; i++) {
      long digit = Long.remainderUnsigned(v, 10);
      print = print || digit != 0;
      if (print) {
        digits.append((char) ('0' + digit));
      }
      v = Long.divideUnsigned(v, 10);
    }
    return print ? "." + digits.reverse() : "";
  }
}
