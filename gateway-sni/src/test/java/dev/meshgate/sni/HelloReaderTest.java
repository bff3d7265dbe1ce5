package dev.meshgate.sni;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

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

  /**
   * Every byte value in every lane of a word, and every pair of edge values in two lanes (where a
   * borrow or a carry from one lane reaches the next): the word test must not let a bad byte
   * through nor report a good one.
   */
  @Test
  void theWordTestIsExactForEveryByteInEveryLaneAndForNeighbouringBadBytes() {
    byte[] word = new byte[8];
    for (int lane = 0; lane < 8; lane++) {
      for (int value = 0; value < 256; value++) {
        Arrays.fill(word, (byte) 'a');
        word[lane] = (byte) value;
        assertEquals(value < 0x21 || value > 0x7e ? lane : -1,
            HelloReader.firstNonPrintable(word, 0, 8), "byte 0x" + Integer.toHexString(value)
                + " in lane " + lane);
      }
    }
    int[] edges = {0x00, 0x01, 0x20, 0x21, 0x22, 0x7d, 0x7e, 0x7f, 0x80, 0x81, 0xfe, 0xff};
    for (int low = 0; low < 8; low++) {
      for (int high = low + 1; high < 8; high++) {
        for (int a : edges) {
          for (int b : edges) {
            Arrays.fill(word, (byte) 'z');
            word[low] = (byte) a;
            word[high] = (byte) b;
            int expected = a < 0x21 || a > 0x7e ? low : b < 0x21 || b > 0x7e ? high : -1;
            assertEquals(expected, HelloReader.firstNonPrintable(word, 0, 8),
                "0x" + Integer.toHexString(a) + " in lane " + low + ", 0x"
                    + Integer.toHexString(b) + " in lane " + high);
          }
        }
      }
    }
  }
}
