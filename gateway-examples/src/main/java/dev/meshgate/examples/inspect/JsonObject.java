package dev.meshgate.examples.inspect;

import dev.meshgate.examples.JsonString;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.Locale;

/**
 * Writes one JSON object on one line, fields in the order added. Hand-written because the output
 * is small and fixed; strings are written by {@link JsonString}, so the line is printable ASCII
 * whatever they hold. Not thread-safe.
 */
final class JsonObject {
  private final StringBuilder json = new StringBuilder(512).append('{');

  JsonObject string(String name, String value) {
    name(name);
    if (value == null) {
      json.append("null");
    } else {
      JsonString.append(value, json);
    }
    return this;
  }

  JsonObject number(String name, long value) {
    name(name).append(value);
    return this;
  }

  JsonObject bool(String name, boolean value) {
    name(name).append(value);
    return this;
  }

  JsonObject strings(String name, List<String> values) {
    return array(name, values, JsonString::append);
  }

  /** Code points (versions, cipher suites, groups...) as {@code "0x1301"}, as TLS specs write them. */
  JsonObject hex(String name, List<Integer> values) {
    return array(name, values, (value, out) -> out.append('"').append(hex(value)).append('"'));
  }

  JsonObject numbers(String name, List<Integer> values) {
    return array(name, values, (value, out) -> out.append(value.intValue()));
  }

  /** An array of objects already rendered by {@link #toString()}. */
  JsonObject objects(String name, List<JsonObject> values) {
    return array(name, values, (value, out) -> out.append(value));
  }

  private <T> JsonObject array(String name, List<T> values, BiConsumer<T, StringBuilder> element) {
    name(name).append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        json.append(',');
      }
      element.accept(values.get(i), json);
    }
    json.append(']');
    return this;
  }

  static String hex(int value) {
    return String.format(Locale.ROOT, "0x%04x", value);
  }

  private StringBuilder name(String name) {
    if (json.length() > 1) {
      json.append(',');
    }
    JsonString.append(name, json);
    return json.append(':');
  }

  /** Returns the object, closed: {@code {"a":1}}. */
  @Override
  public String toString() {
    return json + "}";
  }
}
