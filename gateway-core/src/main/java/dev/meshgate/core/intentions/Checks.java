package dev.meshgate.core.intentions;

import dev.meshgate.core.internal.Problems;
import java.util.Objects;

/** Argument and state checks for the builders of this package, Caffeine style. */
final class Checks {
  private Checks() {}

  /**
   * Fails when a once-only setting was already given, quoting the earlier value.
   *
   * @param earlier the current value of the setting, {@code null} when unset
   * @param setting the setting's name as the message shows it
   */
  static void requireUnset(Object earlier, String setting) {
    if (earlier != null) {
      throw new IllegalStateException(setting + " was already set to " + render(earlier));
    }
  }

  /**
   * Sets a once-only setting: checks the new value for null and the setting for an earlier value.
   *
   * @param earlier the current value, {@code null} when unset
   * @param value the new value
   * @param setting the setting's name as messages show it
   * @return {@code value}
   */
  static <T> T once(T earlier, T value, String setting) {
    notNull(value, setting);
    requireUnset(earlier, setting);
    return value;
  }

  /** Fails with {@code field: value (expected: constraint)} unless {@code ok}. */
  static void requireArgument(boolean ok, String field, Object value, String expected) {
    if (!ok) {
      throw new IllegalArgumentException(field + ": " + render(value) + " (expected: " + expected + ")");
    }
  }

  /** A null check whose message names the argument. */
  static <T> T notNull(T value, String field) {
    return Objects.requireNonNull(value, field);
  }

  private static String render(Object value) {
    return value instanceof String s ? Problems.quote(s) : String.valueOf(value);
  }
}
