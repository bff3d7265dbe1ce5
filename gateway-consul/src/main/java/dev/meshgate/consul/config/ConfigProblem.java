package dev.meshgate.consul.config;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * One problem with a config entry, located: the source it was read from (a file name), the entry's
 * position when the source holds an array, and the Consul field path.
 *
 * <p>{@link #toString()} renders the line meshgate prints, {@code <source>[#<index>]: <path>:
 * <message>}, with {@code [#<index>]} only for entries of an array and {@code <path>: } only when
 * the message does not name its place itself (Consul's validation messages and {@code invalid
 * config key "..."} do). For example {@code intentions.json[#2]:
 * Sources[1].Permissions[0].HTTP.Methods[0]: expected a string}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param source where the entry was read from, e.g. a file name; may be empty
 * @param index the entry's position in its source when the source holds an array
 * @param path the Consul field path, e.g. {@code Listeners[0].Port}; empty when the message names
 *     its place
 * @param message what is wrong, in Consul's words where Consul has them
 */
public record ConfigProblem(String source, OptionalInt index, String path, String message) {
  /**
   * Checks for nulls.
   *
   * @param source where the entry was read from
   * @param index the entry's position in an array source
   * @param path the field path, or empty
   * @param message what is wrong
   * @throws NullPointerException if an argument is null
   */
  public ConfigProblem {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  /**
   * Returns where the problem is: {@code <source>[#<index>]}.
   *
   * @return the location, e.g. {@code intentions.json[#2]}
   */
  public String location() {
    return index.isPresent() ? source + "[#" + index.getAsInt() + "]" : source;
  }

  @Override
  public String toString() {
    String where = location();
    String what = path.isEmpty() ? message : path + ": " + message;
    return where.isEmpty() ? what : where + ": " + what;
  }
}
