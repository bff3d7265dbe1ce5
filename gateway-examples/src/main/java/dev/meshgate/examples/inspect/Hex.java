package dev.meshgate.examples.inspect;

import dev.meshgate.examples.UsageException;
import java.io.ByteArrayOutputStream;

/** Decodes the {@code --hex} option: pairs of hex digits; spaces, tabs, newlines and colons ignored. */
final class Hex {
  private Hex() {}

  static byte[] decode(String option, String text) throws UsageException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length() / 2);
    int high = -1;
    int digits = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ':') {
        continue;
      }
      int digit = Character.digit(c, 16);
      if (digit < 0 || c > 'f') {
        throw new UsageException(option + ": '" + (c < 0x20 || c >= 0x7f ? String.format(
            java.util.Locale.ROOT, "\\u%04x", (int) c) : String.valueOf(c)) + "' at offset " + i
            + " (expected: hex digits, two per byte)");
      }
      digits++;
      if (high < 0) {
        high = digit;
      } else {
        bytes.write(high << 4 | digit);
        high = -1;
      }
    }
    if (digits == 0 || high >= 0) {
      throw new UsageException(option + ": " + digits + " hex digits (expected: an even number,"
          + " at least 2)");
    }
    return bytes.toByteArray();
  }
}
