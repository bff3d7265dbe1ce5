package dev.meshgate.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes the bytes a TLS client sends first: a ClientHello handshake message in one or more TLS
 * records. A test kit for code that sniffs, routes or fingerprints ClientHellos; meshgate's
 * ClientHello parser reads back exactly what was set.
 *
 * <p>By default it builds a TLS 1.3 hello like a modern client's, without server name or ALPN:
 * legacy_version 0x0303, a 32-byte session id, cipher suites {@code 1301 1302 1303 c02b c02f c02c
 * c030}, compression {@code [0]}, groups x25519 and secp256r1, one 32-byte x25519 key share,
 * signature algorithms {@code 0403 0804 0401 0503 0805 0501}, supported_versions {@code 0304
 * 0303}, in one record of version 0x0301. Extensions are written in this order: GREASE (when
 * enabled), server_name, supported_groups, ALPN, signature_algorithms, key_share,
 * supported_versions, a second GREASE extension, then every {@link #extension extra extension}
 * in the order added (so an extra pre_shared_key can be last). An empty list leaves its
 * extension out.
 *
 * <p>The builder encodes what it is told, even what a parser must reject (a NUL in the server
 * name, an empty ALPN name, a duplicated extension); it refuses only what cannot be encoded.
 * Setters replace earlier values, except {@link #extension}, which adds. Values are copied, so
 * {@link #build()} can be called again. Not thread-safe.
 *
 * <pre>{@code
 * byte[] hello = new ClientHelloBuilder().serverName("api.example.com").alpn("h2").build();
 * }</pre>
 */
public final class ClientHelloBuilder {
  private static final int MAX_RECORD_PAYLOAD = 1 << 14;
  /** GREASE values this builder uses (RFC 8701), distinct per position. */
  static final int GREASE_CIPHER = 0x0a0a;
  static final int GREASE_EXTENSION_FIRST = 0x1a1a;
  static final int GREASE_EXTENSION_SECOND = 0x2a2a;
  static final int GREASE_GROUP = 0x3a3a;
  static final int GREASE_VERSION = 0x4a4a;
  static final int GREASE_SIGNATURE = 0x5a5a;

  private String serverName;
  private List<String> alpn = List.of();
  private int legacyVersion = 0x0303;
  private int recordVersion = 0x0301;
  private int sessionIdLength = 32;
  private int[] cipherSuites = {0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030};
  private int[] compressionMethods = {0};
  private int[] supportedGroups = {0x001d, 0x0017};
  private List<KeyShare> keyShares = List.of(new KeyShare(0x001d, 32));
  private int[] signatureAlgorithms = {0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501};
  private int[] supportedVersions = {0x0304, 0x0303};
  private final List<Integer> extraTypes = new ArrayList<>();
  private final List<byte[]> extraData = new ArrayList<>();
  private boolean grease;
  private int[] splits = new int[0];

  /**
   * One entry of the key_share extension to write: a group and a key of {@code keyLength} filler
   * bytes. Immutable and thread-safe.
   *
   * @param group the NamedGroup code point, e.g. {@code 0x001d} for x25519
   * @param keyLength the length of the key_exchange bytes
   */
  public record KeyShare(int group, int keyLength) {}

  /** Starts from the default TLS 1.3 hello described above. */
  public ClientHelloBuilder() {}

  /**
   * Sets the server_name extension to one host_name entry with these bytes (ISO-8859-1).
   *
   * @param hostName the name, sent as is; {@code null} leaves the extension out
   * @return this builder
   * @throws IllegalArgumentException if the name is longer than 65,530 bytes
   */
  public ClientHelloBuilder serverName(String hostName) {
    if (hostName != null) {
      requireLength("serverName", hostName.length(), 0xffff - 5);
    }
    this.serverName = hostName;
    return this;
  }

  /**
   * Sets the ALPN protocol names, in order of preference (ISO-8859-1 bytes).
   *
   * @param protocols the names; none leaves the extension out
   * @return this builder
   * @throws IllegalArgumentException if a name is longer than 255 bytes
   */
  public ClientHelloBuilder alpn(String... protocols) {
    for (String protocol : protocols) {
      requireLength("alpn", protocol.length(), 0xff);
    }
    this.alpn = List.of(protocols);
    return this;
  }

  /**
   * Sets legacy_version.
   *
   * @param version e.g. {@code 0x0303}
   * @return this builder
   * @throws IllegalArgumentException if it does not fit 16 bits
   */
  public ClientHelloBuilder legacyVersion(int version) {
    this.legacyVersion = requireU16("legacyVersion", version);
    return this;
  }

  /**
   * Sets the version written in every record header.
   *
   * @param version e.g. {@code 0x0301}
   * @return this builder
   * @throws IllegalArgumentException if it does not fit 16 bits
   */
  public ClientHelloBuilder recordVersion(int version) {
    this.recordVersion = requireU16("recordVersion", version);
    return this;
  }

  /**
   * Sets the length of legacy_session_id.
   *
   * @param length 0..255 (a parser rejects more than 32)
   * @return this builder
   * @throws IllegalArgumentException if it does not fit 8 bits
   */
  public ClientHelloBuilder sessionIdLength(int length) {
    requireRange("sessionIdLength", length, 0, 0xff);
    this.sessionIdLength = length;
    return this;
  }

  /**
   * Sets the cipher suites.
   *
   * @param suites 16-bit values, in order
   * @return this builder
   * @throws IllegalArgumentException if a value does not fit 16 bits
   */
  public ClientHelloBuilder cipherSuites(int... suites) {
    this.cipherSuites = requireU16s("cipherSuites", suites);
    return this;
  }

  /**
   * Sets legacy_compression_methods.
   *
   * @param methods 8-bit values, in order
   * @return this builder
   * @throws IllegalArgumentException if a value does not fit 8 bits
   */
  public ClientHelloBuilder compressionMethods(int... methods) {
    for (int method : methods) {
      requireRange("compressionMethods", method, 0, 0xff);
    }
    this.compressionMethods = methods.clone();
    return this;
  }

  /**
   * Sets the supported_groups extension.
   *
   * @param groups NamedGroup values, in order; none leaves the extension out
   * @return this builder
   * @throws IllegalArgumentException if a value does not fit 16 bits
   */
  public ClientHelloBuilder supportedGroups(int... groups) {
    this.supportedGroups = requireU16s("supportedGroups", groups);
    return this;
  }

  /**
   * Sets the key_share extension's entries; each key is {@code keyLength} bytes of filler.
   *
   * @param shares the entries, in order; none leaves the extension out
   * @return this builder
   * @throws IllegalArgumentException if a group or key length does not fit 16 bits
   */
  public ClientHelloBuilder keyShares(KeyShare... shares) {
    for (KeyShare share : shares) {
      requireU16("keyShares group", share.group());
      requireRange("keyShares keyLength", share.keyLength(), 0, 0xffff);
    }
    this.keyShares = List.of(shares);
    return this;
  }

  /**
   * Sets the signature_algorithms extension.
   *
   * @param algorithms SignatureScheme values, in order; none leaves the extension out
   * @return this builder
   * @throws IllegalArgumentException if a value does not fit 16 bits
   */
  public ClientHelloBuilder signatureAlgorithms(int... algorithms) {
    this.signatureAlgorithms = requireU16s("signatureAlgorithms", algorithms);
    return this;
  }

  /**
   * Sets the supported_versions extension.
   *
   * @param versions in order; none leaves the extension out (a TLS 1.2 hello)
   * @return this builder
   * @throws IllegalArgumentException if a value does not fit 16 bits or there are over 127
   */
  public ClientHelloBuilder supportedVersions(int... versions) {
    requireLength("supportedVersions", versions.length, 127);
    this.supportedVersions = requireU16s("supportedVersions", versions);
    return this;
  }

  /**
   * Adds an extension after the standard ones, with exactly these bytes as extension_data.
   *
   * @param type the extension type
   * @param data the extension_data, copied
   * @return this builder
   * @throws IllegalArgumentException if the type does not fit 16 bits or the data 65,535 bytes
   */
  public ClientHelloBuilder extension(int type, byte[] data) {
    requireU16("extension type", type);
    requireLength("extension data", data.length, 0xffff);
    extraTypes.add(type);
    extraData.add(data.clone());
    return this;
  }

  /**
   * Turns GREASE (RFC 8701) on or off. When on, a GREASE value is put first among the cipher
   * suites (0x0a0a), supported versions (0x4a4a), groups (0x3a3a, with a one-byte key share)
   * and signature algorithms (0x5a5a), and two GREASE extensions are added (0x1a1a, empty, first;
   * 0x2a2a, one zero byte, before the extra extensions), as Chromium does.
   *
   * @param enabled whether to grease
   * @return this builder
   */
  public ClientHelloBuilder grease(boolean enabled) {
    this.grease = enabled;
    return this;
  }

  /**
   * Splits the handshake message into several records, starting a new record at each offset.
   * Parts longer than 2^14 bytes are split further, as TLS requires.
   *
   * @param offsets strictly increasing offsets into the handshake message (header included),
   *     each between 1 and its length minus 1; none gives one record per 2^14 bytes
   * @return this builder
   */
  public ClientHelloBuilder splitAt(int... offsets) {
    this.splits = offsets.clone();
    return this;
  }

  /**
   * Writes the handshake message alone: type 1, 24-bit length and body.
   *
   * @return a new array
   * @throws IllegalArgumentException if the message exceeds 2^24 - 1 bytes
   */
  public byte[] buildMessage() {
    Out body = new Out();
    body.u16(legacyVersion);
    for (int i = 0; i < 32; i++) {
      body.u8(i);
    }
    body.u8(sessionIdLength);
    for (int i = 0; i < sessionIdLength; i++) {
      body.u8(0x5a);
    }
    int[] suites = grease ? prepend(GREASE_CIPHER, cipherSuites) : cipherSuites;
    body.u16(suites.length * 2);
    for (int suite : suites) {
      body.u16(suite);
    }
    body.u8(compressionMethods.length);
    for (int method : compressionMethods) {
      body.u8(method);
    }
    byte[] extensions = extensions();
    requireLength("extensions", extensions.length, 0xffff);
    body.u16(extensions.length);
    body.bytes(extensions);

    byte[] bodyBytes = body.toByteArray();
    requireLength("ClientHello", bodyBytes.length, 0xffffff);
    Out message = new Out();
    message.u8(1);
    message.u8(bodyBytes.length >>> 16);
    message.u16(bodyBytes.length & 0xffff);
    message.bytes(bodyBytes);
    return message.toByteArray();
  }

  /**
   * Writes the stream a client sends: the handshake message in TLS records, split as set.
   *
   * @return a new array
   * @throws IllegalArgumentException if a split offset is out of order or out of range
   */
  public byte[] build() {
    return frame(buildMessage(), recordVersion, splits);
  }

  /**
   * Puts a handshake message into TLS handshake records, starting a new record at each offset and
   * splitting parts longer than 2^14 bytes. Use it to re-fragment a captured hello.
   *
   * @param message the handshake message bytes
   * @param recordVersion the version written in each record header
   * @param offsets strictly increasing offsets into {@code message}, each between 1 and its
   *     length minus 1
   * @return a new array holding the records
   * @throws IllegalArgumentException if an offset is out of order or out of range, or the
   *     message is empty
   */
  public static byte[] frame(byte[] message, int recordVersion, int... offsets) {
    requireRange("message length", message.length, 1, Integer.MAX_VALUE);
    requireU16("recordVersion", recordVersion);
    int previous = 0;
    for (int offset : offsets) {
      if (offset <= previous || offset >= message.length) {
        throw new IllegalArgumentException("splitAt: " + Arrays.toString(offsets)
            + " (expected: strictly increasing offsets in 1.." + (message.length - 1) + ")");
      }
      previous = offset;
    }
    Out out = new Out();
    int start = 0;
    for (int i = 0; i <= offsets.length; i++) {
      int end = i < offsets.length ? offsets[i] : message.length;
      for (int from = start; from < end; from += MAX_RECORD_PAYLOAD) {
        int length = Math.min(MAX_RECORD_PAYLOAD, end - from);
        out.u8(22);
        out.u16(recordVersion);
        out.u16(length);
        out.write(message, from, length);
      }
      start = end;
    }
    return out.toByteArray();
  }

  private byte[] extensions() {
    Out out = new Out();
    if (grease) {
      out.u16(GREASE_EXTENSION_FIRST);
      out.u16(0);
    }
    if (serverName != null) {
      byte[] name = serverName.getBytes(StandardCharsets.ISO_8859_1);
      out.u16(0);
      out.u16(name.length + 5);
      out.u16(name.length + 3);
      out.u8(0);
      out.u16(name.length);
      out.bytes(name);
    }
    u16ListExtension(out, 10, grease ? prepend(GREASE_GROUP, supportedGroups) : supportedGroups);
    if (!alpn.isEmpty()) {
      Out list = new Out();
      for (String protocol : alpn) {
        list.u8(protocol.length());
        list.bytes(protocol.getBytes(StandardCharsets.ISO_8859_1));
      }
      byte[] listBytes = list.toByteArray();
      out.u16(16);
      out.u16(listBytes.length + 2);
      out.u16(listBytes.length);
      out.bytes(listBytes);
    }
    u16ListExtension(out, 13,
        grease ? prepend(GREASE_SIGNATURE, signatureAlgorithms) : signatureAlgorithms);
    List<KeyShare> shares = keyShares;
    if (grease && !shares.isEmpty()) {
      shares = new ArrayList<>(shares);
      shares.add(0, new KeyShare(GREASE_GROUP, 1));
    }
    if (!shares.isEmpty()) {
      Out list = new Out();
      for (KeyShare share : shares) {
        list.u16(share.group());
        list.u16(share.keyLength());
        for (int i = 0; i < share.keyLength(); i++) {
          list.u8(0x42);
        }
      }
      byte[] listBytes = list.toByteArray();
      out.u16(51);
      out.u16(listBytes.length + 2);
      out.u16(listBytes.length);
      out.bytes(listBytes);
    }
    int[] versions = grease && supportedVersions.length > 0
        ? prepend(GREASE_VERSION, supportedVersions) : supportedVersions;
    if (versions.length > 0) {
      out.u16(43);
      out.u16(versions.length * 2 + 1);
      out.u8(versions.length * 2);
      for (int version : versions) {
        out.u16(version);
      }
    }
    if (grease) {
      out.u16(GREASE_EXTENSION_SECOND);
      out.u16(1);
      out.u8(0);
    }
    for (int i = 0; i < extraTypes.size(); i++) {
      out.u16(extraTypes.get(i));
      out.u16(extraData.get(i).length);
      out.bytes(extraData.get(i));
    }
    return out.toByteArray();
  }

  private static void u16ListExtension(Out out, int type, int[] values) {
    if (values.length == 0) {
      return;
    }
    out.u16(type);
    out.u16(values.length * 2 + 2);
    out.u16(values.length * 2);
    for (int value : values) {
      out.u16(value);
    }
  }

  private static int[] prepend(int first, int[] rest) {
    int[] all = new int[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  private static int requireU16(String field, int value) {
    requireRange(field, value, 0, 0xffff);
    return value;
  }

  private static int[] requireU16s(String field, int[] values) {
    requireLength(field, values.length * 2, 0xffff);
    for (int value : values) {
      requireU16(field, value);
    }
    return values.clone();
  }

  private static void requireRange(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          field + ": " + value + " (expected: " + min + ".." + max + ")");
    }
  }

  private static void requireLength(String field, int length, int max) {
    if (length > max) {
      throw new IllegalArgumentException(
          field + ": " + length + " bytes (expected: at most " + max + ")");
    }
  }

  /** A growing byte array with big-endian writers. */
  private static final class Out extends ByteArrayOutputStream {
    void u8(int value) {
      write(value);
    }

    void u16(int value) {
      write(value >>> 8);
      write(value);
    }

    void bytes(byte[] value) {
      write(value, 0, value.length);
    }
  }

  /** Returns a short summary of the main settings, for test failure messages. */
  @Override
  public String toString() {
    return "ClientHelloBuilder{serverName=" + serverName + ", alpn=" + alpn + ", grease=" + grease
        + ", splitAt=" + Arrays.toString(splits) + "}";
  }
}
