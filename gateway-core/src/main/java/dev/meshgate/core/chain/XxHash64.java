package dev.meshgate.core.chain;

import java.nio.charset.StandardCharsets;

/**
 * XXH64, the hash Envoy uses for hash policies, ring-hash points and Maglev permutations. Input is
 * a character sequence whose chars are bytes (each below 256); {@link #utf8} hashes any text as its
 * UTF-8 bytes, without allocating for ASCII text. Stateless and thread-safe.
 */
final class XxHash64 {
  private static final long P1 = 0x9E3779B185EBCA87L;
  private static final long P2 = 0xC2B2AE3D27D4EB4FL;
  private static final long P3 = 0x165667B19E3779F9L;
  private static final long P4 = 0x85EBCA77C2B2AE63L;
  private static final long P5 = 0x27D4EB2F165667C5L;

  private XxHash64() {}

  /** Hashes {@code s[start, end)} as UTF-8; ASCII text is read in place. */
  static long utf8(CharSequence s, int start, int end, long seed) {
    for (int i = start; i < end; i++) {
      if (s.charAt(i) >= 0x80) {
        byte[] bytes = s.subSequence(start, end).toString().getBytes(StandardCharsets.UTF_8);
        return bytes(new String(bytes, StandardCharsets.ISO_8859_1), 0, bytes.length, seed);
      }
    }
    return bytes(s, start, end, seed);
  }

  /** Hashes the whole of {@code s} as UTF-8. */
  static long utf8(CharSequence s, long seed) {
    return utf8(s, 0, s.length(), seed);
  }

  /** Hashes {@code s[start, end)}, each char being one byte. */
  static long bytes(CharSequence s, int start, int end, long seed) {
    int len = end - start;
    int p = start;
    long h;
    if (len >= 32) {
      long v1 = seed + P1 + P2;
      long v2 = seed + P2;
      long v3 = seed;
      long v4 = seed - P1;
      int limit = end - 32;
      while (p <= limit) {
        v1 = round(v1, long64(s, p));
        v2 = round(v2, long64(s, p + 8));
        v3 = round(v3, long64(s, p + 16));
        v4 = round(v4, long64(s, p + 24));
        p += 32;
      }
      h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
      h = mergeRound(h, v1);
      h = mergeRound(h, v2);
      h = mergeRound(h, v3);
      h = mergeRound(h, v4);
    } else {
      h = seed + P5;
    }
    h += len;
    while (end - p >= 8) {
      h ^= round(0, long64(s, p));
      h = Long.rotateLeft(h, 27) * P1 + P4;
      p += 8;
    }
    if (end - p >= 4) {
      h ^= (int32(s, p) & 0xFFFFFFFFL) * P1;
      h = Long.rotateLeft(h, 23) * P2 + P3;
      p += 4;
    }
    while (p < end) {
      h ^= (s.charAt(p) & 0xFF) * P5;
      h = Long.rotateLeft(h, 11) * P1;
      p++;
    }
    h ^= h >>> 33;
    h *= P2;
    h ^= h >>> 29;
    h *= P3;
    h ^= h >>> 32;
    return h;
  }

  private static long round(long acc, long input) {
    acc += input * P2;
    acc = Long.rotateLeft(acc, 31);
    return acc * P1;
  }

  private static long mergeRound(long acc, long val) {
    acc ^= round(0, val);
    return acc * P1 + P4;
  }

  private static long long64(CharSequence s, int p) {
    return (s.charAt(p) & 0xFFL) | (s.charAt(p + 1) & 0xFFL) << 8 | (s.charAt(p + 2) & 0xFFL) << 16
        | (s.charAt(p + 3) & 0xFFL) << 24 | (s.charAt(p + 4) & 0xFFL) << 32 | (s.charAt(p + 5) & 0xFFL) << 40
        | (s.charAt(p + 6) & 0xFFL) << 48 | (s.charAt(p + 7) & 0xFFL) << 56;
  }

  private static int int32(CharSequence s, int p) {
    return (s.charAt(p) & 0xFF) | (s.charAt(p + 1) & 0xFF) << 8 | (s.charAt(p + 2) & 0xFF) << 16
        | (s.charAt(p + 3) & 0xFF) << 24;
  }
}
