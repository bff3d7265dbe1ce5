package dev.meshgate.core.internal.text;

import java.util.Locale;

/**
 * Go's text conventions that Consul's messages show, for every package of core. Its own package
 * depends on nothing, so that the config values can quote what they refuse without depending on
 * the helpers that build config problems (which depend on them).
 */
public final class GoText {
  private GoText() {}

  /**
   * Quotes a string the way Go's {@code %q} does for printable ASCII: in double quotes, with
   * {@code "} and {@code \} escaped and control characters written as escapes.
   *
   * @param s the string to quote
   * @return the quoted form
   */
  public static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
