package dev.meshgate.examples;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A subcommand's options: {@code --name value} pairs, each name from a known set and given at most
 * once. Errors follow {@code field: value (expected: constraint)}. Immutable once parsed.
 */
public final class Options {
  private final Map<String, String> values;

  private Options(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Parses the arguments.
   *
   * @param args the arguments after the subcommand's name
   * @param names every option the subcommand knows, with their dashes, e.g. {@code --port}
   * @return the options given
   * @throws UsageException for an unknown or repeated option, a missing value or a stray argument
   */
  public static Options parse(List<String> args, Set<String> names) throws UsageException {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String name = args.get(i);
      if (!name.startsWith("--")) {
        throw new UsageException(
            JsonString.quote(name) + ": unexpected argument (expected: an option)");
      }
      if (!names.contains(name)) {
        throw new UsageException(name + ": unknown option (expected: one of "
            + String.join(", ", new TreeSet<>(names)) + ")");
      }
      if (i + 1 == args.size()) {
        throw new UsageException(name + ": missing value");
      }
      String value = args.get(++i);
      String earlier = values.putIfAbsent(name, value);
      if (earlier != null) {
        throw new UsageException(name + ": " + JsonString.quote(value)
            + " (expected: once; it was already " + JsonString.quote(earlier) + ")");
      }
    }
    return new Options(values);
  }

  /**
   * Returns an option's value.
   *
   * @param name the option, e.g. {@code --file}
   * @return the value, or empty when the option was not given
   */
  public Optional<String> get(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /**
   * Tells whether an option was given.
   *
   * @param name the option
   * @return true when it was given
   */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  /**
   * Returns an option's value as an integer in a range.
   *
   * @param name the option
   * @param min the smallest value accepted
   * @param max the largest value accepted
   * @param fallback the value when the option was not given
   * @return the value
   * @throws UsageException if the value is not an integer in {@code min..max}
   */
  public int integer(String name, int min, int max, int fallback) throws UsageException {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below, with the range
    }
    throw new UsageException(
        name + ": " + JsonString.quote(value) + " (expected: an integer " + min + ".." + max + ")");
  }
}
