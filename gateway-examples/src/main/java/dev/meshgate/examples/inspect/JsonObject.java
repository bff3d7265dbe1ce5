package dev.meshgate.examples.inspect;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.Locale;

/**
 * Writes one JSON object on one line, fields in the order added. Hand-written because the output
 * is small and fixed; {@link #quote} escapes so that the line is printable ASCII whatever the
 * strings hold. Not thread-safe.
 */
final class JsonObject {
  private final StringBuilder json = new StringBuilder(512).append('{');

  JsonObject string(String name, String value) {
    name(name);
    if (value == null) {
      json.append("null");
    } else {
      quote(value, json);
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
    return array(name, values, JsonObject::quote);
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
    quote(name, json);
    return json.append(':');
  }

  /** Returns the object, closed: {@code {"a":1}}. */
  @Override
  public String toString() {
    return json + "}";
  }

  /**
   * Appends {@code value} as a JSON string (RFC 8259 section 7): quote and backslash escaped, the
   * control characters as {@code \b \f \n \r \t} or {@code \}{@code u00XX}, and every char from
   * DEL (0x7f) up as {@code \}{@code uXXXX} (a surrogate pair as two escapes), so the output is
   * printable ASCII on any terminal and in any charset.
   */
  static void quote(String value, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c >= 0x7f) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2);
    quote(value, out);
    return out.toString();
  }
}
