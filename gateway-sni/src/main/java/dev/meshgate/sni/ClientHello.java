package dev.meshgate.sni;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A complete, validated TLS ClientHello (RFC 8446 4.1.2, RFC 5246 7.4.1.2) or SSLv2-compatible
 * CLIENT-HELLO (RFC 5246 E.2), as {@link ClientHelloParser} found it at the start of a stream.
 *
 * <h2>Lifetime of the bytes: read this first</h2>
 *
 * When the hello was parsed from a {@code byte[]} or a heap {@link java.nio.ByteBuffer}, in one
 * TLS record or several, the parser does not copy it: this object then <em>reads the caller's
 * array</em>, across the record headers where the hello spans several records, whenever a lazily
 * decoded property (the lists, the fingerprints, {@link #equals}) is asked for. Do not modify or
 * reuse that array while you still use this object, or call {@link #detach()} first to get a
 * hello that owns one contiguous copy. A hello parsed from a direct or read-only buffer already
 * owns its bytes ({@link #ownsBytes()}). The server name, versions, lengths, counts and flags are
 * extracted while parsing and never depend on the source.
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li>Every accessor succeeds: the parser validated every structure an accessor decodes.
 *   <li>Lists are immutable, never null, hold no nulls, and keep wire order, GREASE values
 *       (RFC 8701) included; filter them with {@link #isGrease(int)} where needed.
 *   <li>Lazily decoded values are computed on every call and not cached: the object never
 *       changes, and it is thread-safe as long as the source array is not modified.
 *   <li>The server name is exactly the bytes the client sent (case and a trailing dot kept);
 *       compare it case-insensitively with {@link java.util.Locale#ROOT}.
 * </ul>
 */
public final class ClientHello implements ParseResult {

  /** How the hello was framed on the wire. */
  public enum Format {
    /** A ClientHello handshake message in one or more TLS records. */
    TLS,
    /**
     * An SSLv2-compatible CLIENT-HELLO (RFC 5246 E.2): no extensions, hence no server name;
     * cipher specs are 24-bit values and the "random" is the SSLv2 challenge.
     */
    SSLV2_COMPATIBLE
  }

  /**
   * One entry of the key_share extension (RFC 8446 4.2.8). A post-quantum hybrid share such as
   * X25519MLKEM768 (group 0x11ec, 1216 bytes) shows up here. Immutable and thread-safe.
   *
   * @param group the NamedGroup code point, e.g. {@code 0x001d} for x25519
   * @param keyLength the length of the key_exchange bytes
   */
  public record KeyShare(int group, int keyLength) {}

  static final int PSK = 1;
  static final int EARLY_DATA = 2;
  static final int ECH = 4;

  private final Format format;
  private final byte[] bytes;
  /** How the records after the first are found, as HelloReader.at() reads them; null: contiguous. */
  private final int[] map;
  private final int base;
  private final int length;
  private final boolean owned;
  private final int recordCount;
  private final int streamLength;
  private final int legacyVersion;
  private final int highestVersion;
  private final int sessionIdLength;
  private final int randomLength;
  private final int cipherSuitesOffset;
  private final int cipherSuitesLength;
  private final int cipherSuiteWidth;
  private final int extensionsOffset;
  private final String serverName;
  private final int flags;
  private final int paddingLength;
  private final int pskIdentityCount;

  ClientHello(Format format, byte[] bytes, int[] map, int base, int length, boolean owned,
      int recordCount, int streamLength, int legacyVersion, int highestVersion, int sessionIdLength,
      int randomLength, int cipherSuitesOffset, int cipherSuitesLength, int cipherSuiteWidth,
      int extensionsOffset, String serverName, int flags, int paddingLength,
      int pskIdentityCount) {
    this.format = format;
    this.bytes = bytes;
    this.map = map;
    this.base = base;
    this.length = length;
    this.owned = owned;
    this.recordCount = recordCount;
    this.streamLength = streamLength;
    this.legacyVersion = legacyVersion;
    this.highestVersion = highestVersion;
    this.sessionIdLength = sessionIdLength;
    this.randomLength = randomLength;
    this.cipherSuitesOffset = cipherSuitesOffset;
    this.cipherSuitesLength = cipherSuitesLength;
    this.cipherSuiteWidth = cipherSuiteWidth;
    this.extensionsOffset = extensionsOffset;
    this.serverName = serverName;
    this.flags = flags;
    this.paddingLength = paddingLength;
    this.pskIdentityCount = pskIdentityCount;
  }

  /**
   * Tells whether a 16-bit value is a GREASE value (RFC 8701: {@code 0x?a?a} with equal bytes).
   *
   * @param value a cipher suite, extension type, group, version or signature algorithm
   * @return true for {@code 0x0a0a, 0x1a1a, ..., 0xfafa}
   */
  public static boolean isGrease(int value) {
    return Tls.isGrease(value);
  }

  /**
   * Returns how the hello was framed.
   *
   * @return {@link Format#TLS} or {@link Format#SSLV2_COMPATIBLE}
   */
  public Format format() {
    return format;
  }

  /**
   * Returns the host_name of the server_name extension (RFC 6066 3), exactly as sent: 1 to 255
   * printable ASCII bytes, case and any trailing dot preserved.
   *
   * @return the host name, or empty when the client sent no server_name extension
   */
  public Optional<String> serverName() {
    return Optional.ofNullable(serverName);
  }

  /**
   * Returns the ALPN protocol names (RFC 7301), in the client's order of preference, each byte
   * mapped to the char of the same value (ISO-8859-1), so {@code "h2"} and {@code "http/1.1"}
   * read as expected and no byte is lost.
   *
   * @return the protocol names, empty when the extension is absent
   */
  public List<String> alpnProtocols() {
    int data = extension(Tls.EXT_ALPN);
    if (data < 0) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    int end = data + extensionLength(data);
    for (int p = data + 2; p < end; p += 1 + u8(p)) {
      names.add(HelloReader.latin1(bytes, map, base, p + 1, u8(p)));
    }
    return List.copyOf(names);
  }

  /**
   * Returns the legacy_version field (the version of an SSLv2-compatible hello).
   *
   * @return e.g. {@code 0x0303}
   */
  public int legacyVersion() {
    return legacyVersion;
  }

  /**
   * Returns the highest version offered: the largest non-GREASE entry of supported_versions when
   * present (RFC 8446 4.2.1), else {@link #legacyVersion()}.
   *
   * @return e.g. {@code 0x0304} for a TLS 1.3 client
   */
  public int highestVersion() {
    return highestVersion;
  }

  /**
   * Returns the supported_versions extension as sent, GREASE included.
   *
   * @return the versions in wire order, empty when the extension is absent
   */
  public List<Integer> supportedVersions() {
    return boxed(u8Vector(Tls.EXT_SUPPORTED_VERSIONS, 2));
  }

  /**
   * Returns the cipher suites as sent, GREASE and signalling values included. For an
   * SSLv2-compatible hello these are its 24-bit cipher specs.
   *
   * @return the cipher suites in wire order; never empty
   */
  public List<Integer> cipherSuites() {
    return boxed(cipherSuiteValues());
  }

  /**
   * Returns the legacy_compression_methods.
   *
   * @return the methods in wire order; {@code [0]} for every modern client, empty for SSLv2
   */
  public List<Integer> compressionMethods() {
    if (format == Format.SSLV2_COMPATIBLE) {
      return List.of();
    }
    int count = base + cipherSuitesOffset + cipherSuitesLength;
    int[] methods = new int[u8(count)];
    for (int i = 0; i < methods.length; i++) {
      methods[i] = u8(count + 1 + i);
    }
    return boxed(methods);
  }

  /**
   * Returns the extension types in wire order, GREASE included.
   *
   * @return the types, empty when the hello has no extensions
   */
  public List<Integer> extensionTypes() {
    return boxed(extensionTypeValues());
  }

  /**
   * Returns the supported_groups extension (RFC 8446 4.2.7) as sent.
   *
   * @return the named groups in wire order, empty when the extension is absent
   */
  public List<Integer> supportedGroups() {
    return boxed(u16Vector(Tls.EXT_SUPPORTED_GROUPS));
  }

  /**
   * Returns the key_share extension's entries (RFC 8446 4.2.8) as sent.
   *
   * @return the shares in wire order, empty when the extension is absent or empty
   */
  public List<KeyShare> keyShares() {
    int data = extension(Tls.EXT_KEY_SHARE);
    if (data < 0) {
      return List.of();
    }
    List<KeyShare> shares = new ArrayList<>();
    int end = data + extensionLength(data);
    for (int p = data + 2; p < end; p += 4 + u16(p + 2)) {
      shares.add(new KeyShare(u16(p), u16(p + 2)));
    }
    return List.copyOf(shares);
  }

  /**
   * Returns the signature_algorithms extension (RFC 8446 4.2.3) as sent.
   *
   * @return the signature schemes in wire order, empty when the extension is absent
   */
  public List<Integer> signatureAlgorithms() {
    return boxed(u16Vector(Tls.EXT_SIGNATURE_ALGORITHMS));
  }

  /**
   * Returns the ec_point_formats extension (RFC 8422 5.1.2) as sent, one of JA3's inputs.
   *
   * @return the formats in wire order, empty when the extension is absent
   */
  public List<Integer> ecPointFormats() {
    return boxed(u8Vector(Tls.EXT_EC_POINT_FORMATS, 1));
  }

  /**
   * Returns the length of legacy_session_id (0..32; 0 or 16 for SSLv2).
   *
   * @return the session id length in bytes
   */
  public int sessionIdLength() {
    return sessionIdLength;
  }

  /**
   * Returns the length of the client random: always 32 for TLS, the challenge length (16..32)
   * for an SSLv2-compatible hello.
   *
   * @return the random or challenge length in bytes
   */
  public int randomLength() {
    return randomLength;
  }

  /**
   * Tells whether the client offered a pre-shared key (RFC 8446 4.2.11), i.e. tries resumption.
   *
   * @return true when the pre_shared_key extension is present
   */
  public boolean offersPreSharedKey() {
    return (flags & PSK) != 0;
  }

  /**
   * Returns the number of PSK identities offered.
   *
   * @return the identity count, 0 when no pre_shared_key extension is present
   */
  public int pskIdentityCount() {
    return pskIdentityCount;
  }

  /**
   * Tells whether the client announced 0-RTT early data (RFC 8446 4.2.10).
   *
   * @return true when the early_data extension is present
   */
  public boolean offersEarlyData() {
    return (flags & EARLY_DATA) != 0;
  }

  /**
   * Tells whether the client sent an encrypted_client_hello extension (0xfe0d): real ECH or
   * Chromium's ECH GREASE. Either way the visible server name may be a public name, not the
   * name the client wants.
   *
   * @return true when the encrypted_client_hello extension is present
   */
  public boolean offersEncryptedClientHello() {
    return (flags & ECH) != 0;
  }

  /**
   * Returns the length of the padding extension (RFC 7685). Its content is not inspected.
   *
   * @return the padding length, empty when the extension is absent
   */
  public OptionalInt paddingLength() {
    return paddingLength < 0 ? OptionalInt.empty() : OptionalInt.of(paddingLength);
  }

  /**
   * Tells whether any GREASE value (RFC 8701) appears in the cipher suites, extension types,
   * supported versions, groups, key shares or signature algorithms. Decoded on each call.
   *
   * @return true when the client greases
   */
  public boolean hasGrease() {
    return anyGrease(cipherSuiteValues())
        || anyGrease(extensionTypeValues())
        || anyGrease(u8Vector(Tls.EXT_SUPPORTED_VERSIONS, 2))
        || anyGrease(u16Vector(Tls.EXT_SUPPORTED_GROUPS))
        || anyGrease(keyShareGroupValues())
        || anyGrease(u16Vector(Tls.EXT_SIGNATURE_ALGORITHMS));
  }

  /**
   * Returns the number of TLS records the hello occupied (1 for SSLv2).
   *
   * @return the record count
   */
  public int recordCount() {
    return recordCount;
  }

  /**
   * Returns how many bytes of the stream the hello occupied: every record that carried part of
   * it, headers included. Bytes after that (early data, a ChangeCipherSpec) are not part of it.
   *
   * @return the stream length in bytes
   */
  public int streamLength() {
    return streamLength;
  }

  /**
   * Returns the length of the handshake message body, as its header declares (for SSLv2, the
   * length of the record's message).
   *
   * @return the body length in bytes
   */
  public int handshakeLength() {
    return format == Format.TLS ? length - Tls.HANDSHAKE_HEADER_LENGTH : length;
  }

  /**
   * Returns the JA3 string: {@code version,ciphers,extensions,groups,point formats}, decimal
   * values joined by {@code -}, GREASE removed, extensions in wire order (Salesforce's JA3).
   *
   * @return e.g. {@code 771,4866-4867-4865,0-11-10,29-23,0-1-2}
   */
  public String ja3() {
    return Fingerprints.ja3(this);
  }

  /**
   * Returns the MD5 hash of {@link #ja3()}, 32 lower-case hex digits.
   *
   * @return the JA3 hash
   */
  public String ja3Hash() {
    return Fingerprints.md5Hex(ja3());
  }

  /**
   * Returns the JA4 fingerprint of FoxIO's specification for TLS over TCP: {@code
   * t<version><d|i><ciphers><extensions><alpn>_<cipher hash>_<extension hash>}.
   *
   * @return e.g. {@code t13d1516h2_8daaf6152771_e5627efa2ab1}
   */
  public String ja4() {
    return Fingerprints.ja4(this);
  }

  /**
   * Tells whether this hello owns its bytes, i.e. never reads the caller's array.
   *
   * @return true when copied from a direct or read-only buffer, or detached
   */
  public boolean ownsBytes() {
    return owned;
  }

  /**
   * Returns a hello that owns a copy of its bytes and so stays valid after the caller's array
   * is reused.
   *
   * @return this hello when it already {@link #ownsBytes() owns} its bytes, else a copy
   */
  public ClientHello detach() {
    if (owned) {
      return this;
    }
    return new ClientHello(format, message(), null, 0, length, true, recordCount, streamLength,
        legacyVersion, highestVersion, sessionIdLength, randomLength, cipherSuitesOffset,
        cipherSuitesLength, cipherSuiteWidth, extensionsOffset, serverName, flags,
        paddingLength, pskIdentityCount);
  }

  /**
   * Two hellos are equal when they have the same format, the same handshake message bytes and
   * the same framing (record count and stream length).
   */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ClientHello other)) {
      return false;
    }
    return format == other.format
        && recordCount == other.recordCount
        && streamLength == other.streamLength
        && sameMessage(other);
  }

  private boolean sameMessage(ClientHello other) {
    if (map == null && other.map == null) {
      return Arrays.equals(bytes, base, base + length, other.bytes, other.base,
          other.base + other.length);
    }
    if (length != other.length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (u8(base + i) != other.u8(other.base + i)) {
        return false;
      }
    }
    return true;
  }

  /** A copy of the handshake message, gathered from its records when it spans several. */
  private byte[] message() {
    if (map == null) {
      return Arrays.copyOfRange(bytes, base, base + length);
    }
    byte[] copy = new byte[length];
    HelloReader.gather(bytes, base, length, copy);
    return copy;
  }

  @Override
  public int hashCode() {
    int hash = Objects.hash(format, recordCount, streamLength);
    for (int i = base; i < base + length; i++) {
      hash = 31 * hash + (byte) u8(i);
    }
    return hash;
  }

  /** Returns a one-line summary: server name, ALPN, highest version, records and bytes. */
  @Override
  public String toString() {
    return "ClientHello{" + (format == Format.TLS ? "" : "format=" + format + ", ")
        + "serverName=" + serverName
        + ", alpn=" + alpnProtocols()
        + ", highestVersion=" + String.format("0x%04x", highestVersion)
        + ", records=" + recordCount
        + ", streamLength=" + streamLength + "}";
  }

  // ---- decoding; every structure below was validated by HelloReader ----

  /** Counted when asked, so that the parse loop carries one value fewer. */
  int extensionCount() {
    if (extensionsOffset < 0) {
      return 0;
    }
    int count = 0;
    int end = base + length;
    for (int p = base + extensionsOffset; p < end; p += 4 + u16(p + 2)) {
      count++;
    }
    return count;
  }

  int[] cipherSuiteValues() {
    int start = base + cipherSuitesOffset;
    int[] suites = new int[cipherSuitesLength / cipherSuiteWidth];
    for (int i = 0; i < suites.length; i++) {
      int p = start + i * cipherSuiteWidth;
      suites[i] = cipherSuiteWidth == 2 ? u16(p) : u8(p) << 16 | u16(p + 1);
    }
    return suites;
  }

  int[] extensionTypeValues() {
    int[] types = new int[extensionCount()];
    int p = base + extensionsOffset;
    for (int i = 0; i < types.length; i++) {
      types[i] = u16(p);
      p += 4 + u16(p + 2);
    }
    return types;
  }

  int[] keyShareGroupValues() {
    List<KeyShare> shares = keyShares();
    int[] groups = new int[shares.size()];
    for (int i = 0; i < groups.length; i++) {
      groups[i] = shares.get(i).group();
    }
    return groups;
  }

  /** Items of a vector with a one-byte length, {@code width} bytes each (1 or 2). */
  int[] u8Vector(int type, int width) {
    int data = extension(type);
    if (data < 0) {
      return new int[0];
    }
    int[] values = new int[u8(data) / width];
    for (int i = 0; i < values.length; i++) {
      values[i] = width == 1 ? u8(data + 1 + i) : u16(data + 1 + 2 * i);
    }
    return values;
  }

  /** Items of a vector with a two-byte length, two bytes each. */
  int[] u16Vector(int type) {
    int data = extension(type);
    if (data < 0) {
      return new int[0];
    }
    int[] values = new int[u16(data) / 2];
    for (int i = 0; i < values.length; i++) {
      values[i] = u16(data + 2 + 2 * i);
    }
    return values;
  }

  /** Returns the absolute offset of the extension's data, or -1 when absent. */
  private int extension(int type) {
    if (extensionsOffset < 0) {
      return -1;
    }
    int end = base + length;
    for (int p = base + extensionsOffset; p < end; p += 4 + u16(p + 2)) {
      if (u16(p) == type) {
        return p + 4;
      }
    }
    return -1;
  }

  private int extensionLength(int data) {
    return u16(data - 2);
  }

  private int u8(int i) {
    return bytes[HelloReader.at(bytes, map, base, i)] & 0xff;
  }

  private int u16(int i) {
    if (map == null) {
      return (bytes[i] & 0xff) << 8 | (bytes[i + 1] & 0xff);
    }
    return u8(i) << 8 | u8(i + 1);
  }

  private static boolean anyGrease(int[] values) {
    for (int value : values) {
      if (Tls.isGrease(value)) {
        return true;
      }
    }
    return false;
  }

  private static List<Integer> boxed(int[] values) {
    Integer[] boxed = new Integer[values.length];
    for (int i = 0; i < values.length; i++) {
      boxed[i] = values[i];
    }
    return List.of(boxed);
  }
}
