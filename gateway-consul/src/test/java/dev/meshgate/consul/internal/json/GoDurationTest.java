package dev.meshgate.consul.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoDurationTest {
  @ParameterizedTest(name = "{0} = {1} ns")
  @CsvSource({
      "0, 0",
      "5s, 5000000000",
      "+5s, 5000000000",
      "-1.5h, -5400000000000",
      "2h45m, 9900000000000",
      "300ms, 300000000",
      "1.5us, 1500",
      "1.5\u00b5s, 1500",
      "10ns, 10",
      "0.1s, 100000000",
      ".5s, 500000000",
      "1m30s, 90000000000"
  })
  void parsesGoDurations(String text, long nanos) {
    assertEquals(nanos, GoDuration.parse(text));
  }

  @ParameterizedTest(name = "{0} ns = {1}")
  @CsvSource({
      "0, 0s",
      "99000000000, 1m39s",
      "7200000000000, 2h0m0s",
      "1500000, 1.5ms",
      "1500, 1.5\u00b5s",
      "999, 999ns",
      "5000000000, 5s",
      "1500000000, 1.5s",
      "-90000000000, -1m30s",
      "3600000000001, 1h0m0.000000001s"
  })
  void formatsAsGoDoes(long nanos, String text) {
    assertEquals(text, GoDuration.format(nanos));
  }

  @Test
  void rejectsWhatGoRejectsWithGoMessage() {
    assertEquals("time: invalid duration \"\"", assertThrows(IllegalArgumentException.class,
        () -> GoDuration.parse("")).getMessage());
    assertEquals("time: missing unit in duration \"5\"", assertThrows(IllegalArgumentException.class,
        () -> GoDuration.parse("5")).getMessage());
    assertEquals("time: unknown unit \"d\" in duration \"5d\"", assertThrows(IllegalArgumentException.class,
        () -> GoDuration.parse("5d")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("9999999999999h"));
    assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("-"));
    assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("1s-"));
  }

  @Property
  void formatThenParseIsTheIdentity(@ForAll long nanos) {
    if (nanos == Long.MIN_VALUE) {
      return;
    }
    assertEquals(nanos, GoDuration.parse(GoDuration.format(nanos)));
  }
}
