package dev.meshgate.sni;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test helpers over ClientHello byte streams and results. */
final class Hellos {
  private Hellos() {}

  /** The handshake message of a complete TLS hello stream: its record payloads, concatenated. */
  static byte[] message(byte[] stream) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int pos = 0;
    int needed = -1;
    while (needed < 0 || out.size() < needed) {
      int length = (stream[pos + 3] & 0xff) << 8 | (stream[pos + 4] & 0xff);
      out.write(stream, pos + 5, length);
      pos += 5 + length;
      byte[] sofar = out.toByteArray();
      if (needed < 0 && sofar.length >= 4) {
        needed = 4 + ((sofar[1] & 0xff) << 16 | (sofar[2] & 0xff) << 8 | (sofar[3] & 0xff));
      }
    }
    byte[] all = out.toByteArray();
    return java.util.Arrays.copyOf(all, needed);
  }

  /**
   * Every public property of a hello except its framing (records, stream length), so hellos
   * framed differently compare equal; calling it also proves that no accessor throws.
   */
  static Map<String, Object> fields(ClientHello h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", h.format());
    m.put("serverName", h.serverName());
    m.put("alpn", h.alpnProtocols());
    m.put("legacyVersion", h.legacyVersion());
    m.put("highestVersion", h.highestVersion());
    m.put("supportedVersions", h.supportedVersions());
    m.put("cipherSuites", h.cipherSuites());
    m.put("compressionMethods", h.compressionMethods());
    m.put("extensionTypes", h.extensionTypes());
    m.put("supportedGroups", h.supportedGroups());
    m.put("keyShares", h.keyShares());
    m.put("signatureAlgorithms", h.signatureAlgorithms());
    m.put("ecPointFormats", h.ecPointFormats());
    m.put("sessionIdLength", h.sessionIdLength());
    m.put("randomLength", h.randomLength());
    m.put("psk", h.offersPreSharedKey());
    m.put("pskIdentities", h.pskIdentityCount());
    m.put("earlyData", h.offersEarlyData());
    m.put("ech", h.offersEncryptedClientHello());
    m.put("padding", h.paddingLength());
    m.put("grease", h.hasGrease());
    m.put("handshakeLength", h.handshakeLength());
    m.put("ja3", h.ja3());
    m.put("ja3Hash", h.ja3Hash());
    m.put("ja4", h.ja4());
    m.put("toString", h.toString().replaceAll(", records=.*", ""));
    m.put("hashCode", h.detach().hashCode() == h.hashCode());
    return m;
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
