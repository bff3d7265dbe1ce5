package dev.meshgate.sni;

import java.util.Locale;

/** Argument and state checks for builders, with messages formatted in {@link Locale#ROOT}. */
final class Requirements {
  private Requirements() {}

  static void requireArgument(boolean valid, String format, Object... args) {
    if (!valid) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, format, args));
    }
  }

  static void requireState(boolean valid, String format, Object... args) {
    if (!valid) {
      throw new IllegalStateException(String.format(Locale.ROOT, format, args));
    }
  }
}
