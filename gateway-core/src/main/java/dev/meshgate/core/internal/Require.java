package dev.meshgate.core.internal;

import java.util.Locale;
import java.util.Objects;

/**
 * Argument and state checks for builders and value types, in the manner of Caffeine's
 * {@code requireArgument} / {@code requireState}: messages are formatted with {@link Locale#ROOT}
 * only when a check fails.
 *
 * <p>Stateless; safe to use from any thread.
 */
public final class Require {
  private Require() {}

  /**
   * Throws {@link IllegalArgumentException} when {@code ok} is false.
   *
   * @param ok the condition that must hold
   * @param format the message pattern, e.g. {@code port: %d (expected: 1-65535)}
   * @param args the pattern's arguments
   * @throws IllegalArgumentException if {@code ok} is false
   */
  public static void argument(boolean ok, String format, Object... args) {
    if (!ok) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, format, args));
    }
  }

  /**
   * Throws {@link IllegalStateException} when {@code ok} is false.
   *
   * @param ok the condition that must hold
   * @param format the message pattern, e.g. {@code address was already set to %s}
   * @param args the pattern's arguments
   * @throws IllegalStateException if {@code ok} is false
   */
  public static void state(boolean ok, String format, Object... args) {
    if (!ok) {
      throw new IllegalStateException(String.format(Locale.ROOT, format, args));
    }
  }

  /**
   * Sets a once-only builder setting: checks the new value for null and that nothing was set before.
   *
   * @param <T> the setting's type
   * @param earlier the current value, or null when unset
   * @param value the new value
   * @param setting the setting's name as messages show it
   * @return {@code value}
   * @throws NullPointerException naming the setting if {@code value} is null
   * @throws IllegalStateException naming the setting and quoting the earlier value
   */
  public static <T> T once(T earlier, T value, String setting) {
    notNull(value, setting);
    if (earlier != null) {
      throw new IllegalStateException(setting + " was already set to " + describe(earlier));
    }
    return value;
  }

  /**
   * Throws {@link IllegalArgumentException} with {@code field: value (expected: constraint)} when
   * {@code ok} is false; strings are quoted like Go's {@code %q}.
   *
   * @param ok the condition that must hold
   * @param field the argument's name
   * @param value the argument's value
   * @param expected the constraint it must meet
   * @throws IllegalArgumentException if {@code ok} is false
   */
  public static void field(boolean ok, String field, Object value, String expected) {
    if (!ok) {
      throw new IllegalArgumentException(field + ": " + describe(value) + " (expected: " + expected + ")");
    }
  }

  /**
   * A null check whose message names the argument.
   *
   * @param <T> the argument's type
   * @param value the argument
   * @param field the argument's name
   * @return {@code value}
   * @throws NullPointerException naming the argument if {@code value} is null
   */
  public static <T> T notNull(T value, String field) {
    return Objects.requireNonNull(value, field);
  }

  static String describe(Object value) {
    return value instanceof String s ? Problems.quote(s) : String.valueOf(value);
  }
}
