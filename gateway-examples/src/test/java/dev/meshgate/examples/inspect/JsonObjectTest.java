package dev.meshgate.examples.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class JsonObjectTest {

  @Test
  void escapesQuoteBackslashAndControlCharactersAsRfc8259Says() {
    assertEquals("\"say \\\"hi\\\" \\\\ bye\"", JsonObject.quote("say \"hi\" \\ bye"));
    assertEquals("\"\\b\\f\\n\\r\\t\"", JsonObject.quote("\b\f\n\r\t"));
    assertEquals("\"\\u0000\\u001f\\u000b\"", JsonObject.quote("\u0000\u001f\u000b"));
    assertEquals("\"/ is fine, so is ' and <\"", JsonObject.quote("/ is fine, so is ' and <"));
  }

  @Test
  void writesEverythingFromDelUpAsUnicodeEscapesSoTheLineIsAscii() {
    assertEquals("\"\\u007f\\u00e9\\u00ff\"", JsonObject.quote("\u007f\u00e9\u00ff"));
    assertEquals("\"\\u2028\\u20ac\"", JsonObject.quote("\u2028\u20ac"));
    assertEquals("\"\\ud83d\\ude00\"", JsonObject.quote("\uD83D\uDE00"), "a surrogate pair, as two");
    assertEquals("\"\\udc00x\"", JsonObject.quote("\uDC00x"), "a lone surrogate survives");
  }

  @Test
  void writesFieldsInOrderOnOneLine() {
    String json = new JsonObject()
        .string("sni", "a.example").string("none", null).number("bytes", 517).bool("ech", false)
        .strings("alpn", List.of("h2", "http/1.1")).hex("groups", List.of(0x001d, 0x11ec))
        .numbers("types", List.of(0, 65281)).objects("shares", List.of(
            new JsonObject().string("group", "0x001d").number("length", 32)))
        .strings("empty", List.of())
        .toString();
    assertEquals("{\"sni\":\"a.example\",\"none\":null,\"bytes\":517,\"ech\":false,"
        + "\"alpn\":[\"h2\",\"http/1.1\"],\"groups\":[\"0x001d\",\"0x11ec\"],\"types\":[0,65281],"
        + "\"shares\":[{\"group\":\"0x001d\",\"length\":32}],\"empty\":[]}", json);
    assertEquals("{}", new JsonObject().toString());
  }

  @Property(tries = 2000)
  void anyStringQuotesToPrintableAsciiThatReadsBackTheSame(@ForAll String value) {
    String quoted = JsonObject.quote(value);
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
