package dev.meshgate.tls;

import java.util.Locale;

/** Argument and state checks for builders, formatted with {@link Locale#ROOT}. */
final class Require {
  private Require() {}

  static void argument(boolean condition, String format, Object... args) {
    if (!condition) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, format, args));
    }
  }

  static void state(boolean condition, String format, Object... args) {
    if (!condition) {
      throw new IllegalStateException(String.format(Locale.ROOT, format, args));
    }
  }
}
