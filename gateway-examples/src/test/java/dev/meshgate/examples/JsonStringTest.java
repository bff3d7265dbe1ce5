package dev.meshgate.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class JsonStringTest {

  @Test
  void escapesQuoteBackslashAndControlCharactersAsRfc8259Says() {
    assertEquals("\"say \\\"hi\\\" \\\\ bye\"", JsonString.quote("say \"hi\" \\ bye"));
    assertEquals("\"\\b\\f\\n\\r\\t\"", JsonString.quote("\b\f\n\r\t"));
    assertEquals("\"\\u0000\\u001f\\u000b\"", JsonString.quote("\u0000\u001f\u000b"));
    assertEquals("\"/ is fine, so is ' and <\"", JsonString.quote("/ is fine, so is ' and <"));
  }

  @Test
  void writesEverythingFromDelUpAsUnicodeEscapesSoTheLineIsAscii() {
    assertEquals("\"\\u007f\\u00e9\\u00ff\"", JsonString.quote("\u007f\u00e9\u00ff"));
    assertEquals("\"\\u2028\\u20ac\"", JsonString.quote("\u2028\u20ac"));
    assertEquals("\"\\ud83d\\ude00\"", JsonString.quote("\uD83D\uDE00"), "a surrogate pair, as two");
    assertEquals("\"\\udc00x\"", JsonString.quote("\uDC00x"), "a lone surrogate survives");
  }

  @Property(tries = 2000)
  void anyStringQuotesToPrintableAsciiThatReadsBackTheSame(@ForAll String value) {
    String quoted = JsonString.quote(value);
    for (int i = 0; i < quoted.length(); i++) {
      char c = quoted.charAt(i);
      assertTrue(c >= 0x20 && c < 0x7f, "printable ASCII at " + i + ": " + quoted);
    }
    assertEquals(value, unquote(quoted));
  }

  /** An independent reader of JSON string literals (RFC 8259 section 7), strict about escapes. */
  static String unquote(String literal) {
    if (literal.length() < 2 || literal.charAt(0) != '"' || literal.charAt(literal.length() - 1) != '"') {
      throw new IllegalArgumentException("not a string literal: " + literal);
    }
    StringBuilder out = new StringBuilder();
    for (int i = 1; i < literal.length() - 1; i++) {
      char c = literal.charAt(i);
      if (c == '"' || c < 0x20) {
        throw new IllegalArgumentException("unescaped " + (int) c + " at " + i);
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = literal.charAt(++i);
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          out.append((char) Integer.parseInt(literal.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> throw new IllegalArgumentException("bad escape \\" + e);
      }
    }
    return out.toString();
  }
}
