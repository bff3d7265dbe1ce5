package dev.meshgate.consul.internal.json;

/**
 * Go's {@code time.Duration} text: {@link #parse} accepts what {@code time.ParseDuration} accepts
 * ({@code "300ms"}, {@code "-1.5h"}, {@code "2h45m"}; units {@code ns}, {@code us}, {@code µs},
 * {@code ms}, {@code s}, {@code m}, {@code h}), {@link #format} writes what {@code
 * Duration.String} writes ({@code 99s} becomes {@code "1m39s"}, 1.5 ms {@code "1.5ms"}).
 *
 * <p>Durations are nanoseconds in a {@code long}, as in Go. Stateless and thread-safe.
 */
public final class GoDuration {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private GoDuration() {}

  /**
   * Parses a Go duration.
   *
   * @param text the text
   * @return the duration in nanoseconds
   * @throws IllegalArgumentException if the text is not a Go duration or overflows 64 bits; the
   *     message is Go's ({@code time: invalid duration "x"})
   */
  public static long parse(String text) {
    String s = text;
    boolean negative = false;
    int i = 0;
    if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
      negative = s.charAt(i) == '-';
      i++;
    }
    if (s.substring(i).equals("0")) {
      return 0;
    }
    if (i == s.length()) {
      throw invalid(text);
    }
    // Accumulate unsigned nanoseconds in a long; Go allows up to 1<<63 for the negative case.
    long total = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (!(c == '.' || (c >= '0' && c <= '9'))) {
        throw invalid(text);
      }
      long whole = 0;
      int start = i;
      boolean overflow = false;
      while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        if (whole > (Long.MAX_VALUE - 9) / 10) {
          overflow = true;
        }
        whole = whole * 10 + (s.charAt(i) - '0');
        i++;
      }
      if (overflow) {
        throw invalid(text);
      }
      boolean hadWhole = i > start;
      long frac = 0;
      long scale = 1;
      boolean hadFrac = false;
      if (i < s.length() && s.charAt(i) == '.') {
        i++;
        int fracStart = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
          if (scale < 1_000_000_000_000_000L) {
            frac = frac * 10 + (s.charAt(i) - '0');
            scale *= 10;
          }
          i++;
        }
        hadFrac = i > fracStart;
      }
      if (!hadWhole && !hadFrac) {
        throw invalid(text);
      }
      int unitStart = i;
      while (i < s.length() && s.charAt(i) != '.' && (s.charAt(i) < '0' || s.charAt(i) > '9')) {
        i++;
      }
      if (unitStart == i) {
        throw new IllegalArgumentException("time: missing unit in duration " + quote(text));
      }
      long unit = unit(s.substring(unitStart, i));
      if (unit == 0) {
        throw new IllegalArgumentException(
            "time: unknown unit " + quote(s.substring(unitStart, i)) + " in duration " + quote(text));
      }
      if (whole > Long.MAX_VALUE / unit) {
        throw invalid(text);
      }
      long v = whole * unit;
      if (frac > 0) {
        v += (long) (frac * ((double) unit / scale));
        if (v < 0) {
          throw invalid(text);
        }
      }
      total += v;
      if (total < 0) {
        throw invalid(text);
      }
    }
    return negative ? -total : total;
  }

  private static long unit(String u) {
    return switch (u) {
      case "ns" -> 1L;
      case "us", "\u00b5s", "\u03bcs" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> NANOS_PER_SECOND;
      case "m" -> 60 * NANOS_PER_SECOND;
      case "h" -> 3600 * NANOS_PER_SECOND;
      default -> 0L;
    };
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("time: invalid duration " + quote(text));
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /**
   * Writes a duration as Go's {@code Duration.String} does.
   *
   * @param nanos the duration in nanoseconds
   * @return e.g. {@code "0s"}, {@code "1.5ms"}, {@code "1m39s"}, {@code "2h0m0s"}
   */
  public static String format(long nanos) {
    if (nanos == 0) {
      return "0s";
    }
    boolean negative = nanos < 0;
    // Unsigned magnitude: -Long.MIN_VALUE is Long.MIN_VALUE, read as 2^63 by the unsigned helpers.
    long u = negative ? -nanos : nanos;
    StringBuilder out = new StringBuilder();
    if (Long.compareUnsigned(u, NANOS_PER_SECOND) < 0) {
      if (u < 1_000L) {
        out.append(u).append("ns");
      } else if (u < 1_000_000L) {
        out.append(fraction(u, 3)).append("\u00b5s");
      } else {
        out.append(fraction(u, 6)).append("ms");
      }
    } else {
      long seconds = Long.divideUnsigned(u, NANOS_PER_SECOND);
      String frac = fractionDigits(Long.remainderUnsigned(u, NANOS_PER_SECOND), 9);
      long hours = seconds / 3600;
      long minutes = (seconds / 60) % 60;
      long secs = seconds % 60;
      if (hours > 0) {
        out.append(hours).append('h');
      }
      if (hours > 0 || minutes > 0) {
        out.append(minutes).append('m');
      }
      out.append(secs).append(frac).append('s');
    }
    return negative ? "-" + out : out.toString();
  }

  private static String fraction(long v, int precision) {
    long pow = 1;
    for (int i = 0; i < precision; i++) {
      pow *= 10;
    }
    return (v / pow) + fractionDigits(v % pow, precision);
  }

  private static String fractionDigits(long remainder, int precision) {
    if (remainder == 0) {
      return "";
    }
    StringBuilder digits = new StringBuilder(Long.toString(remainder));
    while (digits.length() < precision) {
      digits.insert(0, '0');
    }
    int end = digits.length();
    while (digits.charAt(end - 1) == '0') {
      end--;
    }
    return "." + digits.substring(0, end);
  }
}
