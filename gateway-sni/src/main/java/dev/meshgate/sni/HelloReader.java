package dev.meshgate.sni;

import static dev.meshgate.sni.Tls.EXT_ALPN;
import static dev.meshgate.sni.Tls.EXT_EARLY_DATA;
import static dev.meshgate.sni.Tls.EXT_EC_POINT_FORMATS;
import static dev.meshgate.sni.Tls.EXT_ENCRYPTED_CLIENT_HELLO;
import static dev.meshgate.sni.Tls.EXT_KEY_SHARE;
import static dev.meshgate.sni.Tls.EXT_PADDING;
import static dev.meshgate.sni.Tls.EXT_PRE_SHARED_KEY;
import static dev.meshgate.sni.Tls.EXT_SERVER_NAME;
import static dev.meshgate.sni.Tls.EXT_SIGNATURE_ALGORITHMS;
import static dev.meshgate.sni.Tls.EXT_SUPPORTED_GROUPS;
import static dev.meshgate.sni.Tls.EXT_SUPPORTED_VERSIONS;
import static dev.meshgate.sni.Tls.HANDSHAKE_HEADER_LENGTH;
import static dev.meshgate.sni.Tls.RECORD_HEADER_LENGTH;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/*
 * Validates a complete ClientHello handshake message held in one byte[], contiguous or spread over
 * the records that carried it (read in place through their offsets), and builds the result.
 *
 * Every length is checked against what its parent has left, by subtraction (end - p < need), before
 * anything is read or skipped. Each extension whose content ClientHello exposes is validated here,
 * completely, so that the lazy accessors of ClientHello can decode without a single check and can
 * never throw. The happy path allocates only the ClientHello and the host-name String: no cursor
 * object, no per-extension object, duplicates tracked in two long bit sets (types 0..127) and a
 * 64-bit filter for the rest (a filter hit is confirmed by rescanning the headers already seen; a
 * peer that provokes more than a few rescans gets a full 65,536-bit set instead, so the work stays
 * linear). Failures return a Malformed whose offset is relative to the start of the handshake
 * message; ClientHelloParser maps it to a stream offset.
 */
final class HelloReader {
  private HelloReader() {}

  private static final int MAX_HOST_NAME_LENGTH = 255;
  private static final int MAX_SESSION_ID_LENGTH = 32;
  private static final int RANDOM_LENGTH = 32;
  private static final int RESCANS_BEFORE_BITMAP = 8;
  /** The extension types below 64 whose content is checked (the switch in read()), as bits. */
  private static final long EXPOSED_BELOW_64 = 1L << EXT_SERVER_NAME | 1L << EXT_SUPPORTED_GROUPS
      | 1L << EXT_EC_POINT_FORMATS | 1L << EXT_SIGNATURE_ALGORITHMS | 1L << EXT_ALPN
      | 1L << EXT_PADDING | 1L << EXT_PRE_SHARED_KEY | 1L << EXT_EARLY_DATA
      | 1L << EXT_SUPPORTED_VERSIONS | 1L << EXT_KEY_SHARE;
  /** Above this many records, a hello carries a map of their boundaries instead of walking. */
  static final int WALKED_RECORDS = 8;
  /** The map of a hello over 2..WALKED_RECORDS records: its record headers are walked. */
  static final int[] WALK = new int[0];

  /*
   * Positions are those of the message as if it were contiguous from base; each check works on
   * positions, so verdicts do not depend on framing. A hello in one record is contiguous, and map
   * is null. A hello over several records of the caller's array is read in place, the byte at
   * position q lying one record header further on for each record started at or before q. Up to
   * WALKED_RECORDS records (every real client), map is WALK, and a position's record is found by
   * walking the record headers from the first, whose header lies just before base: nothing is
   * allocated for it. Beyond that, map holds, in increasing order, the position at which each
   * record after the first starts carrying the message, and is searched, so that the work on a
   * hello of many tiny records stays O(log records) per read.
   */
  static int at(byte[] b, int[] map, int base, int q) {
    return map == null ? q : q + (int) locate(b, map, base, q);
  }

  /**
   * Finds the record carrying position {@code q} of a hello over several records: returns how
   * far its bytes lie from their positions (low 32 bits) and the position at which the record
   * stops carrying the message (high 32 bits; Integer.MAX_VALUE for the last of a map).
   */
  private static long locate(byte[] b, int[] map, int base, int q) {
    int shift = 0;
    int limit;
    if (map.length == 0) {
      limit = base + recordLength(b, base);
      while (q >= limit) {
        shift += RECORD_HEADER_LENGTH;
        limit += recordLength(b, limit + shift);
      }
    } else {
      int lo = 0;
      int hi = map.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (map[mid] <= q) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      shift = RECORD_HEADER_LENGTH * lo;
      limit = lo < map.length ? map[lo] : Integer.MAX_VALUE;
    }
    return (long) limit << 32 | shift;
  }

  /** The length field of the record header that ends just before array index {@code payload}. */
  static int recordLength(byte[] b, int payload) {
    return (short) SHORTS.get(b, payload - 2) & 0xffff;
  }

  /**
   * Copies positions [base, base + length) of a hello over several records into {@code dst},
   * record by record, walking the headers (any map walks them: each record's header is in place).
   */
  static void gather(byte[] b, int base, int length, byte[] dst) {
    int end = base + length;
    int shift = 0;
    for (int q = base; q < end; ) {
      int stop = Math.min(end, q + recordLength(b, q + shift));
      System.arraycopy(b, q + shift, dst, q - base, stop - q);
      q = stop;
      shift += RECORD_HEADER_LENGTH;
    }
  }

  static int u8(byte[] b, int[] map, int base, int q) {
    return b[at(b, map, base, q)] & 0xff;
  }

  // One bounds-checked load per field instead of one per byte: the extension loop reads a
  // type-and-length header per extension, and this is most of its cost.
  private static final VarHandle SHORTS =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INTS =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  static int u16(byte[] b, int[] map, int base, int q) {
    if (map == null) {
      return (short) SHORTS.get(b, q) & 0xffff;
    }
    long record = locate(b, map, base, q);
    int i = q + (int) record;
    if ((int) (record >>> 32) - q >= 2) {
      return (short) SHORTS.get(b, i) & 0xffff;
    }
    return (b[i] & 0xff) << 8 | (b[i + 1 + RECORD_HEADER_LENGTH] & 0xff);
  }

  private static int u32(byte[] b, int[] map, int base, int q) {
    if (map == null) {
      return (int) INTS.get(b, q);
    }
    long record = locate(b, map, base, q);
    if ((int) (record >>> 32) - q >= 4) {
      return (int) INTS.get(b, q + (int) record);
    }
    return u16(b, map, base, q) << 16 | u16(b, map, base, q + 2);
  }

  /** The bytes at positions [q, q + n) as ISO-8859-1 chars, gathered when they span records. */
  @SuppressWarnings("deprecation") // the one String constructor that is a plain Latin-1 copy
  static String latin1(byte[] b, int[] map, int base, int q, int n) {
    int from = at(b, map, base, q);
    if (at(b, map, base, q + n - 1) - from == n - 1) {
      // Each byte becomes the char of the same value, which is ISO-8859-1 decoding. Unlike the
      // Charset constructor, this one is small enough for the compiler to inline on the hot
      // path: a bounds check and the copy.
      return new String(b, 0, from, n);
    }
    byte[] gathered = new byte[n];
    for (int i = 0; i < n; i++) {
      gathered[i] = b[at(b, map, base, q + i)];
    }
    return new String(gathered, StandardCharsets.ISO_8859_1);
  }

  /**
   * Reads the ClientHello message at positions [base, base + length) of {@code b} through
   * {@code map} (null: contiguous), header included; the caller has checked the handshake type
   * and that the 24-bit length equals {@code length - 4}.
   */
  static ParseResult read(byte[] b, int[] map, int base, int length, boolean owned,
      int recordCount, int streamLength) {
    final int end = base + length;
    int p = base + HANDSHAKE_HEADER_LENGTH;
    if (end - p < 2 + RANDOM_LENGTH + 1) {
      return malformed(base, "ClientHello", p,
          "legacy_version, random and session_id length need 35 bytes, only " + (end - p) + " left");
    }
    final int legacyVersion = u16(b, map, base, p);
    p += 2 + RANDOM_LENGTH;
    final int sessionIdLength = u8(b, map, base, p);
    if (sessionIdLength > MAX_SESSION_ID_LENGTH) {
      return malformed(base, "ClientHello", p, "session_id length " + sessionIdLength + " > 32");
    }
    p++;
    if (end - p < sessionIdLength + 2) {
      return malformed(base, "ClientHello", p, "session_id and cipher_suites length need "
          + (sessionIdLength + 2) + " bytes, only " + (end - p) + " left");
    }
    p += sessionIdLength;
    final int cipherSuitesLength = u16(b, map, base, p);
    if (cipherSuitesLength == 0 || (cipherSuitesLength & 1) != 0) {
      return malformed(base, "ClientHello", p,
          "cipher_suites length " + cipherSuitesLength + " is zero or odd");
    }
    p += 2;
    if (end - p < cipherSuitesLength + 1) {
      return malformed(base, "ClientHello", p - 2, "cipher_suites and compression_methods length need "
          + (cipherSuitesLength + 1) + " bytes, only " + (end - p) + " left");
    }
    final int cipherSuitesOffset = p;
    p += cipherSuitesLength;
    final int compressionMethodsLength = u8(b, map, base, p);
    if (compressionMethodsLength == 0) {
      return malformed(base, "ClientHello", p, "empty compression_methods");
    }
    p++;
    if (end - p < compressionMethodsLength) {
      return malformed(base, "ClientHello", p - 1, "compression_methods needs "
          + compressionMethodsLength + " bytes, only " + (end - p) + " left");
    }
    p += compressionMethodsLength;

    // RFC 5246 7.4.1.2: the extensions block may be absent altogether (old clients).
    if (p == end) {
      return new ClientHello(ClientHello.Format.TLS, b, map, base, length, owned, recordCount,
          streamLength, legacyVersion, legacyVersion, sessionIdLength, RANDOM_LENGTH,
          cipherSuitesOffset - base, cipherSuitesLength, 2, -1, null, 0, -1, 0);
    }
    if (end - p < 2) {
      return malformed(base, "ClientHello", p, "extensions length needs 2 bytes, only 1 left");
    }
    final int extensionsLength = u16(b, map, base, p);
    p += 2;
    if (end - p < extensionsLength) {
      return malformed(base, "ClientHello", p - 2, "extensions needs " + extensionsLength
          + " bytes, only " + (end - p) + " left");
    }
    if (end - p > extensionsLength) {
      return malformed(base, "ClientHello", p + extensionsLength,
          (end - p - extensionsLength) + " bytes after the extensions block");
    }
    final int extensionsStart = p;

    int highestVersion = -1;
    int hostOffset = -1;
    int hostIndex = -1;
    int flags = 0;
    int paddingLength = -1;
    int pskIdentities = 0;
    long seenLow = 0;
    long seenHigh = 0;
    long filter = 0;
    int rescans = 0;
    long[] seenAll = null;
    // The record carrying position p: positions [.., limit) of record shift / 5 lie at array
    // index position + shift. Positions only grow, so the record is followed through the record
    // headers, never searched for (the map is not needed here), and an extension inside one
    // record (all but the few a record boundary cuts) is checked as contiguous bytes: through the
    // call sites below that pass no map. A contiguous hello is one record ending at end, so that
    // its checks against limit repeat checks against end, which the compiler folds.
    int shift = 0;
    int limit = map == null ? end : base + recordLength(b, base);
    while (p < end) {
      while (map != null && p >= limit) {
        shift += RECORD_HEADER_LENGTH;
        limit += recordLength(b, limit + shift);
      }
      if (end - p < 4) {
        return malformed(base, "extensions", p,
            "extension header needs 4 bytes, only " + (end - p) + " left");
      }
      final int header = limit - p >= 4 ? (int) INTS.get(b, p + shift) : u32(b, map, base, p);
      final int type = header >>> 16;
      final int extLength = header & 0xffff;
      final int data = p + 4;
      if (end - data < extLength) {
        return malformed(base, "extension " + Tls.extensionName(type), p, "length " + extLength
            + " overruns the extensions block (" + (end - data) + " left)");
      }

      boolean duplicate;
      if (type < 64) {
        duplicate = (seenLow & (1L << type)) != 0;
        seenLow |= 1L << type;
      } else if (type < 128) {
        duplicate = (seenHigh & (1L << type)) != 0;
        seenHigh |= 1L << type;
      } else if (seenAll != null) {
        duplicate = testAndSet(seenAll, type);
      } else {
        long bit = 1L << ((type * 0x9E3779B1) >>> 26);
        if ((filter & bit) == 0) {
          duplicate = false;
        } else if (++rescans <= RESCANS_BEFORE_BITMAP) {
          duplicate = seenBefore(b, map, base, extensionsStart, p, type);
        } else {
          seenAll = new long[1024];
          for (int q = extensionsStart; q < p; q += 4 + u16(b, map, base, q + 2)) {
            testAndSet(seenAll, u16(b, map, base, q));
          }
          duplicate = testAndSet(seenAll, type);
        }
        filter |= bit;
      }
      if (duplicate) {
        return malformed(base, "extension " + Tls.extensionName(type), p,
            "duplicate (RFC 8446 4.2: at most one extension of each type)");
      }

      if (type < 64 ? (EXPOSED_BELOW_64 >>> type & 1) == 0 : type != EXT_ENCRYPTED_CLIENT_HELLO) {
        // Framed and not a duplicate, and its content is not exposed: nothing more to check.
        p = data + extLength;
        continue;
      }
      // Two call sites per check: the first, taken for an extension inside one record, passes
      // no map, so that the compiler inlines it reading plain array indices. A type given a case
      // below must be given its bit in EXPOSED_BELOW_64 (or be ECH) to reach it.
      final boolean one = limit - data >= extLength;
      final int at = data + shift;
      final int from = base + shift;
      Malformed problem = null;
      switch (type) {
        case EXT_SERVER_NAME -> {
          problem = one ? checkServerName(b, null, from, at, extLength)
              : checkServerName(b, map, base, data, extLength);
          hostOffset = data + 5;
          hostIndex = one ? at + 5 : -1;
        }
        case EXT_ALPN -> problem = one ? checkAlpn(b, null, from, at, extLength)
            : checkAlpn(b, map, base, data, extLength);
        case EXT_SUPPORTED_VERSIONS -> {
          problem = one ? checkU8List(b, null, from, at, extLength, "supported_versions", 2)
              : checkU8List(b, map, base, data, extLength, "supported_versions", 2);
          if (problem == null) {
            highestVersion = one ? highestVersion(b, null, from, at + 1, at + extLength)
                : highestVersion(b, map, base, data + 1, data + extLength);
          }
        }
        case EXT_SUPPORTED_GROUPS ->
            problem = one ? checkU16List(b, null, from, at, extLength, "supported_groups")
                : checkU16List(b, map, base, data, extLength, "supported_groups");
        case EXT_SIGNATURE_ALGORITHMS ->
            problem = one ? checkU16List(b, null, from, at, extLength, "signature_algorithms")
                : checkU16List(b, map, base, data, extLength, "signature_algorithms");
        case EXT_EC_POINT_FORMATS ->
            problem = one ? checkU8List(b, null, from, at, extLength, "ec_point_formats", 1)
                : checkU8List(b, map, base, data, extLength, "ec_point_formats", 1);
        case EXT_KEY_SHARE -> problem = one ? checkKeyShare(b, null, from, at, extLength)
            : checkKeyShare(b, map, base, data, extLength);
        case EXT_PRE_SHARED_KEY -> {
          if (data + extLength != end) {
            return malformed(base, "extension " + Tls.extensionName(type), p,
                "not the last extension (RFC 8446 4.2.11)");
          }
          pskIdentities = countPskIdentities(b, map, base, data, extLength);
          if (pskIdentities <= 0) {
            problem = pskProblem(b, map, base, data, extLength, pskIdentities);
          }
          flags |= ClientHello.PSK;
        }
        case EXT_EARLY_DATA -> {
          if (extLength != 0) {
            problem = malformed(base, "early_data", data,
                "extension_data must be empty in a ClientHello, has " + extLength + " bytes");
          }
          flags |= ClientHello.EARLY_DATA;
        }
        case EXT_ENCRYPTED_CLIENT_HELLO -> flags |= ClientHello.ECH;
        case EXT_PADDING -> paddingLength = extLength;
        default -> {
          // Other extensions are framed (checked above) but their content is not exposed.
        }
      }
      if (problem != null) {
        return problem;
      }
      p = data + extLength;
    }

    // The host name's length is read back here, not carried through the loop; a name whose
    // extension lies in one record is read at its array index, without walking the records.
    String serverName = hostOffset < 0 ? null
        : hostIndex >= 0 ? latin1(b, null, hostIndex, hostIndex, u16(b, null, 0, hostIndex - 2))
        : latin1(b, map, base, hostOffset, u16(b, map, base, hostOffset - 2));
    return new ClientHello(ClientHello.Format.TLS, b, map, base, length, owned, recordCount,
        streamLength, legacyVersion, highestVersion < 0 ? legacyVersion : highestVersion,
        sessionIdLength, RANDOM_LENGTH, cipherSuitesOffset - base, cipherSuitesLength, 2,
        extensionsStart - base, serverName, flags, paddingLength, pskIdentities);
  }

  /**
   * Reads an SSLv2-compatible CLIENT-HELLO message (RFC 5246 E.2) in {@code b[base, base +
   * length)}, starting at msg_type; the caller has checked msg_type 1 and major version 3.
   */
  static ParseResult readSslv2(byte[] b, int base, int length, boolean owned) {
    final int[] map = null; // one record, always contiguous
    if (length < 9) {
      return malformed(base, "SSLv2 CLIENT-HELLO", base,
          "header needs 9 bytes, only " + length + " left");
    }
    int version = u16(b, map, base, base + 1);
    int cipherSpecsLength = u16(b, map, base, base + 3);
    int sessionIdLength = u16(b, map, base, base + 5);
    int challengeLength = u16(b, map, base, base + 7);
    if (cipherSpecsLength == 0 || cipherSpecsLength % 3 != 0) {
      return malformed(base, "SSLv2 CLIENT-HELLO", base + 3, "cipher_spec_length "
          + cipherSpecsLength + " is zero or not a multiple of 3");
    }
    if (sessionIdLength != 0 && sessionIdLength != 16) {
      return malformed(base, "SSLv2 CLIENT-HELLO", base + 5,
          "session_id_length " + sessionIdLength + " is neither 0 nor 16");
    }
    if (challengeLength < 16 || challengeLength > 32) {
      return malformed(base, "SSLv2 CLIENT-HELLO", base + 7,
          "challenge_length " + challengeLength + " is outside 16..32");
    }
    int needed = 9 + cipherSpecsLength + sessionIdLength + challengeLength;
    if (needed != length) {
      return malformed(base, "SSLv2 CLIENT-HELLO", base + 3, "header and vectors take "
          + needed + " bytes, the record holds " + length);
    }
    return new ClientHello(ClientHello.Format.SSLV2_COMPATIBLE, b, null, base, length, owned, 1,
        2 + length, version, version, sessionIdLength, challengeLength, 9, cipherSpecsLength, 3,
        -1, null, 0, -1, 0);
  }

  /*
   * The host name is the one part of a hello checked byte by byte, and a Consul service name is
   * ~70 bytes, so it is checked eight bytes at a time. With x holding 8 bytes, a byte in
   * 0x7f..0xfe sets its high bit in x + 0x01..., and a byte below 0x21 or equal to 0xff sets it
   * in x - 0x21...; a good byte sets it in neither. Only a failing byte carries or borrows into
   * the byte above it, so the lowest failing byte of a word is computed from its own value and
   * flags the word, and a word of good bytes flags nothing: the word's verdict is exact even
   * where a byte's is not. A hit falls back to the byte loop, which names the first offending
   * byte.
   */
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Returns the index of the first byte of {@code b[from, to)} outside 0x21..0x7e, or -1. */
  static int firstNonPrintable(byte[] b, int from, int to) {
    int i = from;
    if (to - from >= 8) {
      // Whole words, the last one overlapping its predecessor, so that no byte loop follows.
      for (; ; i += 8) {
        int word = Math.min(i, to - 8);
        if (!printable((long) LONGS.get(b, word))) {
          i = word;
          break;
        }
        if (word == to - 8) {
          return -1;
        }
      }
    }
    for (; i < to; i++) {
      int c = b[i];
      if (c < 0x21 || c > 0x7e) {
        return i;
      }
    }
    return -1;
  }

  /** Tells whether all eight bytes of {@code x} are within 0x21..0x7e. */
  private static boolean printable(long x) {
    return ((x + 0x0101010101010101L | x - 0x2121212121212121L) & 0x8080808080808080L) == 0;
  }

  /** As {@link #firstNonPrintable(byte[], int, int)}, for positions [from, to) across records. */
  private static int firstNonPrintable(byte[] b, int[] map, int base, int from, int to) {
    for (int q = from; q < to; ) {
      long record = locate(b, map, base, q);
      int stop = (int) Math.min(to, record >>> 32);
      int shift = (int) record;
      int bad = firstNonPrintable(b, q + shift, stop + shift);
      if (bad >= 0) {
        return bad - shift;
      }
      q = stop;
    }
    return -1;
  }

  private static boolean testAndSet(long[] bits, int type) {
    long bit = 1L << type;
    boolean set = (bits[type >>> 6] & bit) != 0;
    bits[type >>> 6] |= bit;
    return set;
  }

  private static boolean seenBefore(byte[] b, int[] map, int base, int from, int to, int type) {
    for (int q = from; q < to; q += 4 + u16(b, map, base, q + 2)) {
      if (u16(b, map, base, q) == type) {
        return true;
      }
    }
    return false;
  }

  private static int highestVersion(byte[] b, int[] map, int base, int from, int to) {
    int highest = -1;
    for (int q = from; q < to; q += 2) {
      int version = u16(b, map, base, q);
      if (version > highest && !Tls.isGrease(version)) {
        highest = version;
      }
    }
    return highest;
  }

  /*
   * RFC 6066 3. Stricter than the RFC on purpose (fail closed, so two parsers in a chain cannot
   * disagree about the name a connection is routed by): exactly one entry, of type host_name(0),
   * 1..255 bytes, each byte printable ASCII without space (0x21..0x7e). Case and a trailing dot
   * are kept as sent.
   */
  private static Malformed checkServerName(byte[] b, int[] map, int base, int data, int length) {
    // What every client sends: one host_name entry of 1..255 bytes filling the list, which fills
    // the extension. The loop below gives the same verdict on it, with more tests.
    if (length - 6 >= 0 && length - 6 < MAX_HOST_NAME_LENGTH
        && u16(b, map, base, data) == length - 2 && u8(b, map, base, data + 2) == 0
        && u16(b, map, base, data + 3) == length - 5) {
      return checkHostNameBytes(b, map, base, data + 5, length - 5);
    }
    if (length == 0) {
      return malformed(base, "server_name", data, "empty extension_data in ClientHello");
    }
    Malformed vector = checkVector16(b, map, base, data, length, "server_name", "server_name_list");
    if (vector != null) {
      return vector;
    }
    if (length == 2) {
      return malformed(base, "server_name", data, "empty server_name_list");
    }
    final int end = data + length;
    boolean seenHostName = false;
    for (int q = data + 2; q < end; ) {
      if (end - q < 3) {
        return malformed(base, "server_name_list", q,
            "entry header needs 3 bytes, only " + (end - q) + " left");
      }
      int nameType = u8(b, map, base, q);
      int nameLength = u16(b, map, base, q + 1);
      if (end - q - 3 < nameLength) {
        return malformed(base, "server_name_list", q + 1,
            "name needs " + nameLength + " bytes, only " + (end - q - 3) + " left");
      }
      if (nameType != 0) {
        return malformed(base, "server_name", q, "name_type " + nameType + " is not host_name(0)");
      }
      if (seenHostName) {
        return malformed(base, "server_name", q, "more than one host_name entry");
      }
      seenHostName = true;
      if (nameLength == 0) {
        return malformed(base, "server_name", q + 1, "empty host_name");
      }
      if (nameLength > MAX_HOST_NAME_LENGTH) {
        return malformed(base, "server_name", q + 1,
            "host_name length " + nameLength + " exceeds " + MAX_HOST_NAME_LENGTH);
      }
      int name = q + 3;
      Malformed bytes = checkHostNameBytes(b, map, base, name, nameLength);
      if (bytes != null) {
        return bytes;
      }
      q = name + nameLength;
    }
    return null;
  }

  private static Malformed checkHostNameBytes(byte[] b, int[] map, int base, int name, int n) {
    int bad = map == null
        ? firstNonPrintable(b, name, name + n)
        : firstNonPrintable(b, map, base, name, name + n);
    if (bad < 0) {
      return null;
    }
    return malformed(base, "server_name", bad, String.format(
        "host_name byte 0x%02x is not printable ASCII (expected: 0x21..0x7e)", u8(b, map, base, bad)));
  }

  /** The extension holds exactly one vector with a two-byte length: it must fill the extension. */
  private static Malformed checkVector16(
      byte[] b, int[] map, int base, int data, int length, String what, String vector) {
    if (length < 2) {
      return malformed(base, what, data,
          vector + " length needs 2 bytes, only " + length + " left");
    }
    int listLength = u16(b, map, base, data);
    if (listLength != length - 2) {
      return malformed(base, what, data, vector + " length " + listLength
          + " does not fill the extension (" + (length - 2) + " bytes)");
    }
    return null;
  }

  /** RFC 7301 3.1: ProtocolName protocol_name_list<2..2^16-1>, each opaque<1..2^8-1>. */
  private static Malformed checkAlpn(byte[] b, int[] map, int base, int data, int length) {
    Malformed vector = checkVector16(b, map, base, data, length,
        "application_layer_protocol_negotiation", "protocol_name_list");
    if (vector != null) {
      return vector;
    }
    if (length == 2) {
      return malformed(base, "application_layer_protocol_negotiation", data,
          "empty protocol_name_list");
    }
    final int end = data + length;
    for (int q = data + 2; q < end; ) {
      int nameLength = u8(b, map, base, q);
      if (nameLength == 0) {
        return malformed(base, "application_layer_protocol_negotiation", q, "empty protocol name");
      }
      if (end - q - 1 < nameLength) {
        return malformed(base, "application_layer_protocol_negotiation", q,
            "protocol name needs " + nameLength + " bytes, only " + (end - q - 1) + " left");
      }
      q += 1 + nameLength;
    }
    return null;
  }

  /** A vector with a one-byte length of {@code width}-byte items, at least one item. */
  private static Malformed checkU8List(
      byte[] b, int[] map, int base, int data, int length, String what, int width) {
    if (length < 1) {
      return malformed(base, what, data, "list length needs 1 byte, only 0 left");
    }
    int listLength = u8(b, map, base, data);
    if (listLength != length - 1) {
      return malformed(base, what, data, "list length " + listLength
          + " does not fill the extension (" + (length - 1) + " bytes)");
    }
    if (listLength == 0 || listLength % width != 0) {
      return malformed(base, what, data, "list length " + listLength
          + (width == 1 ? " is zero" : " is zero or odd"));
    }
    return null;
  }

  /** A vector with a two-byte length of two-byte items, at least one item. */
  private static Malformed checkU16List(
      byte[] b, int[] map, int base, int data, int length, String what) {
    Malformed vector = checkVector16(b, map, base, data, length, what, "list");
    if (vector != null) {
      return vector;
    }
    int listLength = length - 2;
    if (listLength == 0 || (listLength & 1) != 0) {
      return malformed(base, what, data, "list length " + listLength + " is zero or odd");
    }
    return null;
  }

  /** RFC 8446 4.2.8: KeyShareEntry client_shares<0..2^16-1>, each key_exchange<1..2^16-1>. */
  private static Malformed checkKeyShare(byte[] b, int[] map, int base, int data, int length) {
    Malformed vector = checkVector16(b, map, base, data, length, "key_share", "client_shares");
    if (vector != null) {
      return vector;
    }
    final int end = data + length;
    for (int q = data + 2; q < end; ) {
      if (end - q < 4) {
        return malformed(base, "key_share", q,
            "entry header needs 4 bytes, only " + (end - q) + " left");
      }
      int keyLength = u16(b, map, base, q + 2);
      if (keyLength == 0) {
        return malformed(base, "key_share", q + 2, "empty key_exchange");
      }
      if (end - q - 4 < keyLength) {
        return malformed(base, "key_share", q + 2,
            "key_exchange needs " + keyLength + " bytes, only " + (end - q - 4) + " left");
      }
      q += 4 + keyLength;
    }
    return null;
  }

  /*
   * RFC 8446 4.2.11: identities<7..2^16-1> of (opaque identity<1..2^16-1>, uint32 age), then
   * binders<33..2^16-1> of opaque<32..255>, filling the extension exactly. Returns the number of
   * identities, or a negative code that pskProblem() turns into a message (the happy path
   * allocates nothing).
   */
  private static int countPskIdentities(byte[] b, int[] map, int base, int data, int length) {
    if (length < 2) {
      return -1;
    }
    int identitiesLength = u16(b, map, base, data);
    if (identitiesLength < 7 || length - 2 < identitiesLength) {
      return -2;
    }
    int end = data + 2 + identitiesLength;
    int count = 0;
    for (int q = data + 2; q < end; count++) {
      if (end - q < 2) {
        return -3;
      }
      int identityLength = u16(b, map, base, q);
      if (identityLength == 0 || end - q - 2 < identityLength + 4) {
        return -3;
      }
      q += 2 + identityLength + 4;
    }
    int q = end;
    int extEnd = data + length;
    if (extEnd - q < 2) {
      return -4;
    }
    int bindersLength = u16(b, map, base, q);
    if (bindersLength < 33 || extEnd - q - 2 != bindersLength) {
      return -4;
    }
    for (q += 2; q < extEnd; ) {
      int binderLength = u8(b, map, base, q);
      if (binderLength < 32 || extEnd - q - 1 < binderLength) {
        return -5;
      }
      q += 1 + binderLength;
    }
    return count;
  }

  private static Malformed pskProblem(
      byte[] b, int[] map, int base, int data, int length, int code) {
    return switch (code) {
      case -1 -> malformed(base, "pre_shared_key", data, "identities length needs 2 bytes");
      case -2 -> malformed(base, "pre_shared_key", data, "identities length " + u16(b, map, base, data)
          + " is below 7 or overruns the extension (" + (length - 2) + " bytes)");
      case -3 -> malformed(base, "pre_shared_key", data + 2,
          "an identity is empty or overruns the identities list");
      case -4 -> malformed(base, "pre_shared_key", data + 2 + u16(b, map, base, data),
          "binders length is below 33 or does not fill the extension");
      default -> malformed(base, "pre_shared_key", data + 2 + u16(b, map, base, data),
          "a binder is shorter than 32 bytes or overruns the binders list");
    };
  }

  private static Malformed malformed(int base, String what, int at, String reason) {
    return new Malformed(what, at - base, reason);
  }
}
