package dev.meshgate.sni;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class HelloReaderTest {
  /** The eight-bytes-at-a-time check must agree with the obvious byte loop everywhere. */
  @Property(tries = 10_000)
  void firstNonPrintableAgreesWithAByteLoop(@ForAll @Size(max = 40) byte[] bytes,
      @ForAll @IntRange(max = 40) int from, @ForAll @IntRange(max = 40) int to) {
    from = Math.min(from, bytes.length);
    to = Math.max(from, Math.min(to, bytes.length));
    // Bias towards printable names so long clean runs, not just early hits, are covered.
    for (int i = from; i < to; i++) {
      if ((bytes[i] & 3) != 0) {
        bytes[i] = (byte) (0x21 + Math.floorMod(bytes[i], 0x5e));
      }
    }
    int expected = -1;
    for (int i = from; i < to; i++) {
      if (bytes[i] < 0x21 || bytes[i] > 0x7e) {
        expected = i;
        break;
      }
    }
    assertEquals(expected, HelloReader.firstNonPrintable(bytes, from, to));
  }
}
