package dev.meshgate.sni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTest {
  @Test
  void readsNestedObjectsArraysAndScalarsInOrder() {
    Object value = Json.parse(" {\"a\": [1, -2, 3.5e1, true, false, null], \"b\": {\"c\": \"d\"}, \"e\": []} ");
    assertEquals(Map.of("a", Arrays.asList(1L, -2L, 35.0, true, false, null),
        "b", Map.of("c", "d"), "e", List.of()), value);
    assertEquals(List.of("a", "b", "e"), List.copyOf(((Map<?, ?>) value).keySet()));
  }

  @Test
  void decodesEveryStringEscape() {
    assertEquals("q\" s\\ /\b\f\n\r\t \u00fc", Json.parse("\"q\\\" s\\\\ \\/\\b\\f\\n\\r\\t \\u00fc\""));
  }

  @Test
  void readsNullAtTheTopLevel() {
    assertNull(Json.parse("null"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "{\"a\": 1,}|JSON at offset 8: expected '\"'",
      "[1 2]|JSON at offset 3: expected ']'",
      "\"open|JSON at offset 5: unterminated string",
      "{\"a\": 1, \"a\": 2}|JSON at offset 13: duplicate key a",
      "tru|JSON at offset 0: expected true",
      "1 2|JSON at offset 2: trailing characters",
      "\"\\x\"|JSON at offset 3: bad escape \\x"})
  void rejectsBrokenInputWithTheOffset(String input, String message) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, () -> Json.parse(input)).getMessage());
  }
}
