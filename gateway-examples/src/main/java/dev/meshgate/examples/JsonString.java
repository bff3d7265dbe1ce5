package dev.meshgate.examples;

import java.util.Locale;

/**
 * Writes a string as a JSON string literal (RFC 8259 section 7) in printable ASCII: quote and
 * backslash escaped, the control characters as {@code \b \f \n \r \t} or {@code \}{@code u00XX},
 * and every char from DEL (0x7f) up as {@code \}{@code uXXXX} (a surrogate pair as two escapes).
 * The inspector's JSON lines use it, and so do the command-line errors, so that what was typed is
 * shown unambiguously on any terminal. Stateless and thread-safe.
 */
public final class JsonString {
  private JsonString() {}

  /**
   * Returns {@code value} as a JSON string literal.
   *
   * @param value the string
   * @return the literal, quotes included, e.g. {@code "x y"}
   */
  public static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2);
    append(value, out);
    return out.toString();
  }

  /**
   * Appends {@code value} to {@code out} as a JSON string literal.
   *
   * @param value the string
   * @param out where the literal goes
   */
  public static void append(String value, StringBuilder out) {
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
}
