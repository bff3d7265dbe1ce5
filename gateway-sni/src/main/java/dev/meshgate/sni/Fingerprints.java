package dev.meshgate.sni;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

/*
 * JA3 (Salesforce) and JA4 (FoxIO, technical_details/JA4.md) of a validated ClientHello. Not on
 * the parse path: computed only when asked for, so clarity beats allocation here.
 *
 * JA4 rules applied, each from the FoxIO specification:
 *  - version: highest non-GREASE supported_versions entry, else legacy_version; 0x0304 "13",
 *    0x0303 "12", 0x0302 "11", 0x0301 "10", 0x0300 "s3", 0x0002 "s2", DTLS "d1/d2/d3", else "00";
 *  - "d" when the server_name extension is present, else "i";
 *  - cipher and extension counts exclude GREASE, include SNI and ALPN, two digits, capped at 99;
 *  - ALPN: first and last character of the first protocol name ("00" when absent); when either
 *    byte is not ASCII alphanumeric, the first and last hex digit of the whole name instead;
 *  - b: SHA-256 of the sorted 4-digit hex cipher list (GREASE removed), first 12 hex digits,
 *    "000000000000" when the list is empty;
 *  - c: SHA-256 of the sorted extension list without GREASE, 0x0000 and 0x0010, then "_" and the
 *    signature algorithms in wire order (no "_" when there are none), "000000000000" when the
 *    sorted extension list is empty.
 */
final class Fingerprints {
  private Fingerprints() {}

  private static final String EMPTY_HASH = "000000000000";

  static String ja3(ClientHello hello) {
    StringBuilder s = new StringBuilder(256);
    s.append(hello.legacyVersion()).append(',');
    joinDecimal(s, hello.cipherSuiteValues());
    s.append(',');
    joinDecimal(s, hello.extensionTypeValues());
    s.append(',');
    joinDecimal(s, hello.u16Vector(Tls.EXT_SUPPORTED_GROUPS));
    s.append(',');
    joinDecimal(s, hello.u8Vector(Tls.EXT_EC_POINT_FORMATS, 1));
    return s.toString();
  }

  static String ja4(ClientHello hello) {
    int[] ciphers = withoutGrease(hello.cipherSuiteValues());
    int[] extensions = withoutGrease(hello.extensionTypeValues());
    boolean sni = contains(extensions, Tls.EXT_SERVER_NAME);

    StringBuilder a = new StringBuilder(10);
    a.append('t').append(version(hello.highestVersion())).append(sni ? 'd' : 'i');
    twoDigits(a, ciphers.length);
    twoDigits(a, extensions.length);
    a.append(alpn(hello.alpnProtocols()));

    Arrays.sort(ciphers);
    String b = ciphers.length == 0 ? EMPTY_HASH : sha256Prefix(joinHex(new StringBuilder(), ciphers));

    String c = extensionHash(extensions, withoutGrease(hello.u16Vector(Tls.EXT_SIGNATURE_ALGORITHMS)));
    return a + "_" + b + "_" + c;
  }

  /** JA4_c from GREASE-free extension types (wire order) and signature algorithms. */
  static String extensionHash(int[] extensions, int[] signatures) {
    int[] sorted = Arrays.stream(extensions)
        .filter(t -> t != Tls.EXT_SERVER_NAME && t != Tls.EXT_ALPN)
        .sorted()
        .toArray();
    if (sorted.length == 0) {
      return EMPTY_HASH;
    }
    StringBuilder input = joinHex(new StringBuilder(), sorted);
    if (signatures.length > 0) {
      joinHex(input.append('_'), signatures);
    }
    return sha256Prefix(input);
  }

  static String version(int version) {
    return switch (version) {
      case 0x0304 -> "13";
      case 0x0303 -> "12";
      case 0x0302 -> "11";
      case 0x0301 -> "10";
      case 0x0300 -> "s3";
      case 0x0002 -> "s2";
      case 0xfeff -> "d1";
      case 0xfefd -> "d2";
      case 0xfefc -> "d3";
      default -> "00";
    };
  }

  static String alpn(List<String> protocols) {
    if (protocols.isEmpty() || protocols.get(0).isEmpty()) {
      return "00";
    }
    String first = protocols.get(0);
    char head = first.charAt(0);
    char tail = first.charAt(first.length() - 1);
    if (isAlphanumeric(head) && isAlphanumeric(tail)) {
      return "" + head + tail;
    }
    String hex = String.format("%02x", head & 0xff);
    String lastHex = String.format("%02x", tail & 0xff);
    return "" + hex.charAt(0) + lastHex.charAt(1);
  }

  static String md5Hex(String text) {
    return hex(digest("MD5", text));
  }

  private static String sha256Prefix(CharSequence text) {
    return hex(digest("SHA-256", text.toString())).substring(0, 12);
  }

  private static byte[] digest(String algorithm, String text) {
    try {
      return MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide MD5 and SHA-256 (MessageDigest's Javadoc).
      throw new IllegalStateException(algorithm + " is missing from this Java runtime", e);
    }
  }

  private static boolean isAlphanumeric(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  private static void twoDigits(StringBuilder s, int count) {
    int capped = Math.min(count, 99);
    s.append((char) ('0' + capped / 10)).append((char) ('0' + capped % 10));
  }

  private static int[] withoutGrease(int[] values) {
    return Arrays.stream(values).filter(v -> !Tls.isGrease(v)).toArray();
  }

  private static boolean contains(int[] values, int wanted) {
    for (int value : values) {
      if (value == wanted) {
        return true;
      }
    }
    return false;
  }

  private static void joinDecimal(StringBuilder s, int[] values) {
    boolean first = true;
    for (int value : values) {
      if (Tls.isGrease(value)) {
        continue;
      }
      if (!first) {
        s.append('-');
      }
      s.append(value);
      first = false;
    }
  }

  private static StringBuilder joinHex(StringBuilder s, int[] values) {
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        s.append(',');
      }
      s.append(String.format("%04x", values[i]));
    }
    return s;
  }

  private static String hex(byte[] bytes) {
    StringBuilder s = new StringBuilder(bytes.length * 2);
    for (byte b : bytes) {
      s.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return s.toString();
  }
}
