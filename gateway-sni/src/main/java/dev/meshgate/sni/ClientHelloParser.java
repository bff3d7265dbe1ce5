package dev.meshgate.sni;

import static dev.meshgate.sni.Tls.CONTENT_TYPE_HANDSHAKE;
import static dev.meshgate.sni.Tls.HANDSHAKE_CLIENT_HELLO;
import static dev.meshgate.sni.Tls.HANDSHAKE_HEADER_LENGTH;
import static dev.meshgate.sni.Tls.MAX_RECORD_PAYLOAD;
import static dev.meshgate.sni.Tls.RECORD_HEADER_LENGTH;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Reads the TLS ClientHello at the start of a byte stream without decrypting anything, and says
 * what it found as a {@link ParseResult}: a validated {@link ClientHello}, {@link NeedMoreData}
 * with the exact stream length to wait for, {@link NotTls}, {@link Malformed} or {@link
 * TooLarge}.
 *
 * <p>The parser keeps no state between calls: a caller that receives bytes piece by piece parses
 * the whole buffered prefix again whenever it holds at least {@link NeedMoreData#minimumLength()}
 * bytes. Instances are immutable and thread-safe; {@link #defaults()} is shared.
 *
 * <pre>{@code
 * ParseResult result = ClientHelloParser.defaults().parse(bytes, 0, length);
 * if (result instanceof ClientHello hello) {
 *   String route = hello.serverName().orElse("default");
 * }
 * }</pre>
 *
 * <h2>What it accepts</h2>
 *
 * A ClientHello in any number of TLS records (record versions other than the major byte 3 are
 * ignored), TLS 1.0 to 1.3 and SSL 3.0 hellos, GREASE anywhere, bytes after the hello (early
 * data, further handshake bytes in its last record), and the SSLv2-compatible CLIENT-HELLO of RFC
 * 5246 E.2 (reported with {@link ClientHello.Format#SSLV2_COMPATIBLE}).
 *
 * <h2>What it rejects, failing closed</h2>
 *
 * Besides any length that overruns its parent, these are {@link Malformed}, several of them
 * stricter than the RFCs or than common TLS stacks, so that no two parsers on a connection's path
 * can disagree about the name it is routed by:
 *
 * <ul>
 *   <li>a record longer than 2^14 bytes, or of length 0 (RFC 8446 5.1; zero-length handshake
 *       records were an SNI bypass), a record of another content type, or with a major version
 *       other than 3, before the hello is complete, or a hello that does not end within {@link
 *       #maxRecords()} records (decided as soon as the last allowed record's header is seen);
 *   <li>a first handshake message other than client_hello(1);
 *   <li>an empty cipher_suites or compression_methods vector, a session_id over 32 bytes, bytes
 *       between the extensions block and the end of the message;
 *   <li>a duplicated extension type (RFC 8446 4.2), pre_shared_key not last (RFC 8446 4.2.11);
 *   <li>server_name: empty extension, list or host_name; more than one entry; any name_type other
 *       than host_name(0); a host_name over 255 bytes or with a byte outside 0x21..0x7e (so NUL,
 *       space and raw UTF-8 are rejected: IDNs must arrive as A-labels);
 *   <li>ALPN with an empty protocol name or list; empty supported_versions, supported_groups,
 *       signature_algorithms or ec_point_formats; a key_share entry with an empty key; a
 *       structurally broken pre_shared_key; early_data with content.
 * </ul>
 *
 * <p>The host name is reported exactly as sent: case and a trailing dot are preserved, and the
 * routing table decides what they mean. The padding extension's content is not inspected.
 *
 * <h2>Limits</h2>
 *
 * A hello whose handshake header declares more than {@link #maxHandshakeLength()} bytes is {@link
 * TooLarge} as soon as that header is seen. Nothing is ever buffered or allocated from a length
 * the peer declared: bytes are copied only once the whole hello is present. Because the caller
 * re-parses as bytes arrive, {@link #maxRecords()} also bounds the work: each parse walks at most
 * that many record headers.
 */
public final class ClientHelloParser {

  /** Default {@link #maxHandshakeLength()}: 16 KiB, what Envoy and BoringSSL settled on. */
  public static final int DEFAULT_MAX_HANDSHAKE_LENGTH = 16 * 1024;
  /** Largest {@link #maxHandshakeLength()} a builder accepts: 64 KiB. */
  public static final int MAX_HANDSHAKE_LENGTH_CEILING = 64 * 1024;
  /** Default {@link #maxRecords()}: enough for a hello cut into one-byte records, and bounded. */
  public static final int DEFAULT_MAX_RECORDS = 1024;
  /** Largest {@link #maxRecords()} a builder accepts. */
  public static final int MAX_RECORDS_CEILING = 4096;

  private static final ClientHelloParser DEFAULTS =
      new ClientHelloParser(DEFAULT_MAX_HANDSHAKE_LENGTH, DEFAULT_MAX_RECORDS);

  private final int maxHandshakeLength;
  private final int maxRecords;

  private ClientHelloParser(int maxHandshakeLength, int maxRecords) {
    this.maxHandshakeLength = maxHandshakeLength;
    this.maxRecords = maxRecords;
  }

  /**
   * Returns the parser with the default limits.
   *
   * @return a shared parser: 16 KiB handshake messages, 1024 records
   */
  public static ClientHelloParser defaults() {
    return DEFAULTS;
  }

  /**
   * Starts configuring a parser.
   *
   * @return a new builder with nothing set
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the largest handshake message body this parser accepts.
   *
   * @return the limit in bytes
   */
  public int maxHandshakeLength() {
    return maxHandshakeLength;
  }

  /**
   * Returns the largest number of records a hello may span.
   *
   * @return the limit
   */
  public int maxRecords() {
    return maxRecords;
  }

  /**
   * Returns the most bytes this parser ever asks for: {@link NeedMoreData#minimumLength()} never
   * exceeds it, so a caller can size its buffer by it.
   *
   * @return {@code 5 * maxRecords + 4 + maxHandshakeLength + 2^14}, the last term for handshake
   *     bytes that may follow the hello in its last record
   */
  public int maxStreamLength() {
    return RECORD_HEADER_LENGTH * maxRecords + HANDSHAKE_HEADER_LENGTH + maxHandshakeLength
        + MAX_RECORD_PAYLOAD;
  }

  /** Returns the limits, e.g. {@code ClientHelloParser{maxHandshakeLength=16384, maxRecords=1024}}. */
  @Override
  public String toString() {
    return "ClientHelloParser{maxHandshakeLength=" + maxHandshakeLength
        + ", maxRecords=" + maxRecords + "}";
  }

  /**
   * Parses the hello at the start of {@code bytes[offset, offset + length)}.
   *
   * @param bytes the stream received so far
   * @param offset where the stream starts
   * @param length how many bytes of it are present
   * @return the outcome; offsets in it count from {@code offset}. A {@link ClientHello} may read
   *     {@code bytes} later: see its lifetime rule
   * @throws NullPointerException if {@code bytes} is null
   * @throws IndexOutOfBoundsException if the range is not within {@code bytes}
   */
  public ParseResult parse(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    return frame(bytes, null, offset, offset + length);
  }

  /**
   * Parses the hello at the start of {@code bytes}.
   *
   * @param bytes the stream received so far
   * @return the outcome; a {@link ClientHello} may read {@code bytes} later: see its lifetime rule
   * @throws NullPointerException if {@code bytes} is null
   */
  public ParseResult parse(byte[] bytes) {
    return frame(bytes, null, 0, bytes.length);
  }

  /**
   * Parses the hello in {@code buffer} from its position to its limit, without moving the
   * position. A heap buffer is read in place like an array; a direct or read-only one is copied
   * once the hello is complete, so the result does not depend on it.
   *
   * @param buffer the stream received so far
   * @return the outcome; offsets in it count from the buffer's position
   * @throws NullPointerException if {@code buffer} is null
   */
  public ParseResult parse(ByteBuffer buffer) {
    if (buffer.hasArray()) {
      int start = buffer.arrayOffset() + buffer.position();
      return frame(buffer.array(), null, start, start + buffer.remaining());
    }
    return frame(null, buffer, buffer.position(), buffer.limit());
  }

  /*
   * The record layer. Exactly one of `array` and `buffer` is the source; u8() hides which, so the
   * walk exists once. Only record headers and the 4-byte handshake header are read here, however
   * the hello is split, so a caller that re-parses on every read pays per record, not per byte.
   * Once the last record is present the message is handed to HelloReader: from an array in place,
   * in one record or several (then by walking the record headers, or beyond eight records through
   * one small int[] of their offsets; no copy either way); from a direct or read-only buffer copied
   * record by record into one array.
   */
  private ParseResult frame(byte[] array, ByteBuffer buffer, int start, int end) {
    if (array != null && end - start >= RECORD_HEADER_LENGTH + HANDSHAKE_HEADER_LENGTH) {
      ParseResult whole = inCompleteRecords(array, start, end);
      if (whole != null) {
        return whole;
      }
    }
    if (end == start) {
      return new NeedMoreData(RECORD_HEADER_LENGTH + HANDSHAKE_HEADER_LENGTH);
    }
    int first = u8(array, buffer, start);
    if (first != CONTENT_TYPE_HANDSHAKE) {
      if ((first & 0x80) != 0) {
        return frameSslv2(array, buffer, start, end);
      }
      return new NotTls(String.format(
          "first byte 0x%02x is not the handshake content type 22", first));
    }
    if (end - start >= 2 && u8(array, buffer, start + 1) != 3) {
      return new NotTls(String.format(
          "record version major byte 0x%02x != 3", u8(array, buffer, start + 1)));
    }
    int pos = start;
    int records = 0;
    int header = 0;
    int headerBytes = 0;
    int messageLength = -1;
    int received = 0;
    while (true) {
      if (end - pos < RECORD_HEADER_LENGTH) {
        Malformed early = checkPartialHeader(array, buffer, start, pos, end, records);
        if (early != null) {
          return early;
        }
        int missing = expectedMessage(messageLength) - received;
        return new NeedMoreData(pos - start + missing + headersFor(missing));
      }
      int type = u8(array, buffer, pos);
      int major = u8(array, buffer, pos + 1);
      int recordLength = u8(array, buffer, pos + 3) << 8 | u8(array, buffer, pos + 4);
      Malformed bad = checkRecord(pos - start, records + 1, type, major, recordLength);
      if (bad != null) {
        return bad;
      }
      records++;
      int payload = pos + RECORD_HEADER_LENGTH;
      int present = Math.min(recordLength, end - payload);
      for (int i = 0; headerBytes < HANDSHAKE_HEADER_LENGTH && i < present; i++, headerBytes++) {
        header = header << 8 | u8(array, buffer, payload + i);
        if (headerBytes == 0 && header != HANDSHAKE_CLIENT_HELLO) {
          return new Malformed("handshake message", payload + i - start,
              "type " + header + " is not client_hello(1)");
        }
        if (headerBytes == HANDSHAKE_HEADER_LENGTH - 1) {
          messageLength = header & 0xffffff;
          if (messageLength > maxHandshakeLength) {
            return new TooLarge(messageLength, maxHandshakeLength);
          }
        }
      }
      int afterRecord = received + recordLength;
      int missing = Math.max(0, expectedMessage(messageLength) - afterRecord);
      if (missing > 0 && records == maxRecords) {
        // Decided from this record's header: the hello cannot end within the limit.
        return new Malformed("record " + records, pos - start,
            "the ClientHello does not end within " + maxRecords + " records");
      }
      if (present < recordLength) {
        return new NeedMoreData(
            payload + recordLength - start + missing + headersFor(missing));
      }
      received = afterRecord;
      pos = payload + recordLength;
      if (missing == 0 && messageLength >= 0) {
        return readMessage(array, buffer, start, pos, records,
            HANDSHAKE_HEADER_LENGTH + messageLength);
      }
    }
  }

  /**
   * The common case: well-formed records, the first holding the whole handshake header, that
   * carry the complete hello. Returns what the general walk below returns for such a stream, or
   * null when the stream is anything else (incomplete, malformed, too large or over the record
   * limit), for the walk to decide. Each record costs one header check, with no partial-header or
   * byte-by-byte handshake-header handling.
   */
  private ParseResult inCompleteRecords(byte[] array, int start, int end) {
    int recordLength = u16(array, start + 3);
    if (!wellFormedRecord(array, start, recordLength)
        || recordLength < HANDSHAKE_HEADER_LENGTH
        || end - start - RECORD_HEADER_LENGTH < recordLength
        || array[start + RECORD_HEADER_LENGTH] != HANDSHAKE_CLIENT_HELLO) {
      return null;
    }
    int messageLength = (array[start + 6] & 0xff) << 16 | u16(array, start + 7);
    if (messageLength > maxHandshakeLength) {
      return null;
    }
    int length = HANDSHAKE_HEADER_LENGTH + messageLength;
    int records = 1;
    int received = recordLength;
    int pos = start + RECORD_HEADER_LENGTH + recordLength;
    while (received < length) {
      if (records == maxRecords || end - pos < RECORD_HEADER_LENGTH) {
        return null;
      }
      recordLength = u16(array, pos + 3);
      if (!wellFormedRecord(array, pos, recordLength)
          || end - pos - RECORD_HEADER_LENGTH < recordLength) {
        return null;
      }
      records++;
      received += recordLength;
      pos += RECORD_HEADER_LENGTH + recordLength;
    }
    return readMessage(array, null, start, pos, records, length);
  }

  /** A record header that checkRecord() accepts: handshake, major version 3, 1..2^14 bytes. */
  private static boolean wellFormedRecord(byte[] array, int pos, int recordLength) {
    return array[pos] == CONTENT_TYPE_HANDSHAKE && array[pos + 1] == 3
        && recordLength != 0 && recordLength <= MAX_RECORD_PAYLOAD;
  }

  private static int u16(byte[] array, int index) {
    return (array[index] & 0xff) << 8 | (array[index + 1] & 0xff);
  }

  /** Until its 4-byte header is seen, a handshake message is known to need at least that. */
  private static int expectedMessage(int messageLength) {
    return HANDSHAKE_HEADER_LENGTH + Math.max(messageLength, 0);
  }

  /** Headers of the fewest records that can carry {@code missing} more bytes. */
  private static int headersFor(int missing) {
    return RECORD_HEADER_LENGTH * ((missing + MAX_RECORD_PAYLOAD - 1) / MAX_RECORD_PAYLOAD);
  }

  private static Malformed checkRecord(
      int offset, int number, int type, int major, int recordLength) {
    if (type != CONTENT_TYPE_HANDSHAKE) {
      return new Malformed("record " + number, offset,
          "content type " + type + " before the ClientHello is complete");
    }
    if (major != 3) {
      return new Malformed("record " + number, offset, String.format(
          "version major byte 0x%02x != 3", major));
    }
    if (recordLength == 0) {
      return new Malformed("record " + number, offset,
          "length 0 (RFC 8446 5.1: zero-length handshake fragments MUST NOT be sent)");
    }
    if (recordLength > MAX_RECORD_PAYLOAD) {
      return new Malformed("record " + number, offset,
          "length " + recordLength + " exceeds 2^14 (RFC 8446 5.1)");
    }
    return null;
  }

  /** Decides what a partial record header already shows: its content type and major version. */
  private static Malformed checkPartialHeader(
      byte[] array, ByteBuffer buffer, int start, int pos, int end, int records) {
    if (records == 0 || end == pos) {
      return null;
    }
    int type = u8(array, buffer, pos);
    int major = end - pos > 1 ? u8(array, buffer, pos + 1) : 3;
    return checkRecord(pos - start, records + 1, type, major, 1);
  }

  private ParseResult readMessage(
      byte[] array, ByteBuffer buffer, int start, int streamEnd, int records, int length) {
    ParseResult result;
    int firstPayload = start + RECORD_HEADER_LENGTH;
    if (array != null) {
      // Read in place, walking the record headers, or through a map of the records' offsets when
      // there are many of them (see HelloReader.at).
      int[] map = records == 1 ? null : HelloReader.WALK;
      if (records > HelloReader.WALKED_RECORDS) {
        map = new int[records - 1];
        int position = firstPayload;
        int pos = start;
        for (int j = 0; j < map.length; j++) {
          int recordLength = u16(array, pos + 3);
          position += recordLength;
          pos += RECORD_HEADER_LENGTH + recordLength;
          map[j] = position;
        }
      }
      result = HelloReader.read(array, map, firstPayload, length, false, records,
          streamEnd - start);
    } else {
      // A direct or read-only buffer is copied once, records joined, into an array of its own.
      byte[] message = new byte[length];
      int copied = 0;
      int pos = start;
      while (copied < length) {
        int recordLength = u8(null, buffer, pos + 3) << 8 | u8(null, buffer, pos + 4);
        int n = Math.min(recordLength, length - copied);
        buffer.get(pos + RECORD_HEADER_LENGTH, message, copied, n);
        copied += n;
        pos += RECORD_HEADER_LENGTH + recordLength;
      }
      result = HelloReader.read(message, null, 0, length, true, records, streamEnd - start);
    }
    if (result instanceof Malformed m) {
      return new Malformed(
          m.what(), streamOffset(array, buffer, start, m.offset(), length), m.reason());
    }
    return result;
  }

  /**
   * Maps an offset in the message (records joined) to the stream, walking the record headers. An
   * offset just past the message (an empty last field) maps to just past its last record's bytes.
   */
  private static int streamOffset(
      byte[] array, ByteBuffer buffer, int start, int messageOffset, int messageLength) {
    int pos = start;
    int remaining = messageOffset;
    for (int covered = 0; ; ) {
      int recordLength = u8(array, buffer, pos + 3) << 8 | u8(array, buffer, pos + 4);
      covered += recordLength;
      if (remaining < recordLength || covered >= messageLength) {
        return pos + RECORD_HEADER_LENGTH + remaining - start;
      }
      remaining -= recordLength;
      pos += RECORD_HEADER_LENGTH + recordLength;
    }
  }

  /*
   * RFC 5246 E.2: a 2-byte record header with the high bit set, then msg_type 1, version,
   * cipher_spec_length, session_id_length, challenge_length and the three vectors. Recognised only
   * with msg_type 1 and major version 3; anything else with the high bit set is not TLS.
   */
  private ParseResult frameSslv2(byte[] array, ByteBuffer buffer, int start, int end) {
    int available = end - start;
    if (available < 5) {
      // Not yet known to be a hello, so its declared length is not trusted for the bound.
      return new NeedMoreData(5);
    }
    int recordLength = (u8(array, buffer, start) & 0x7f) << 8 | u8(array, buffer, start + 1);
    int messageType = u8(array, buffer, start + 2);
    int major = u8(array, buffer, start + 3);
    if (messageType != HANDSHAKE_CLIENT_HELLO || major != 3) {
      return new NotTls(String.format("first byte 0x%02x starts an SSLv2 record, but not an"
          + " SSLv2-compatible TLS ClientHello (msg_type %d, major version %d)",
          u8(array, buffer, start), messageType, major));
    }
    if (recordLength > maxHandshakeLength) {
      return new TooLarge(recordLength, maxHandshakeLength);
    }
    if (available < 2 + recordLength) {
      return new NeedMoreData(2 + recordLength);
    }
    byte[] bytes = array;
    int base = start + 2;
    if (array == null) {
      bytes = new byte[recordLength];
      buffer.get(start + 2, bytes, 0, recordLength);
      base = 0;
    }
    ParseResult result = HelloReader.readSslv2(bytes, base, recordLength, array == null);
    if (result instanceof Malformed m) {
      return new Malformed(m.what(), m.offset() + 2, m.reason());
    }
    return result;
  }

  private static int u8(byte[] array, ByteBuffer buffer, int index) {
    return (array != null ? array[index] : buffer.get(index)) & 0xff;
  }

  /**
   * Configures a {@link ClientHelloParser}. Each setting may be set once; unset settings take
   * their defaults. {@link #build()} leaves the builder unchanged, so it can build again. Not
   * thread-safe.
   */
  public static final class Builder {
    private static final int UNSET = -1;

    private int maxHandshakeLength = UNSET;
    private int maxRecords = UNSET;

    private Builder() {}

    /**
     * Sets the largest handshake message body accepted; a hello declaring more is {@link
     * TooLarge}. There is no "unlimited".
     *
     * @param bytes 1 to {@value ClientHelloParser#MAX_HANDSHAKE_LENGTH_CEILING}; default {@value
     *     ClientHelloParser#DEFAULT_MAX_HANDSHAKE_LENGTH}
     * @return this builder
     * @throws IllegalStateException if it was already set
     * @throws IllegalArgumentException if {@code bytes} is out of range
     */
    public Builder maxHandshakeLength(int bytes) {
      Requirements.requireState(maxHandshakeLength == UNSET,
          "maxHandshakeLength was already set to %d", maxHandshakeLength);
      Requirements.requireArgument(bytes >= 1 && bytes <= MAX_HANDSHAKE_LENGTH_CEILING,
          "maxHandshakeLength: %d (expected: 1..%d)", bytes, MAX_HANDSHAKE_LENGTH_CEILING);
      maxHandshakeLength = bytes;
      return this;
    }

    /**
     * Sets the largest number of TLS records a hello may span; more is {@link Malformed}.
     *
     * @param records 1 to {@value ClientHelloParser#MAX_RECORDS_CEILING}; default {@value
     *     ClientHelloParser#DEFAULT_MAX_RECORDS}
     * @return this builder
     * @throws IllegalStateException if it was already set
     * @throws IllegalArgumentException if {@code records} is out of range
     */
    public Builder maxRecords(int records) {
      Requirements.requireState(maxRecords == UNSET,
          "maxRecords was already set to %d", maxRecords);
      Requirements.requireArgument(records >= 1 && records <= MAX_RECORDS_CEILING,
          "maxRecords: %d (expected: 1..%d)", records, MAX_RECORDS_CEILING);
      maxRecords = records;
      return this;
    }

    /**
     * Builds a parser with the settings made so far.
     *
     * @return a new, immutable parser
     */
    public ClientHelloParser build() {
      return new ClientHelloParser(
          maxHandshakeLength == UNSET ? DEFAULT_MAX_HANDSHAKE_LENGTH : maxHandshakeLength,
          maxRecords == UNSET ? DEFAULT_MAX_RECORDS : maxRecords);
    }
  }
}
