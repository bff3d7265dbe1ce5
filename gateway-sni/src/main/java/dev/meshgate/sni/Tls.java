package dev.meshgate.sni;

/** Numbers from the TLS RFCs the parser and {@link ClientHello} share. */
final class Tls {
  private Tls() {}

  /** TLSPlaintext.type of a handshake record (RFC 8446 5.1). */
  static final int CONTENT_TYPE_HANDSHAKE = 22;
  /** Bytes of a TLS record header: type, version, length. */
  static final int RECORD_HEADER_LENGTH = 5;
  /** Largest TLSPlaintext.length (RFC 8446 5.1: MUST NOT exceed 2^14). */
  static final int MAX_RECORD_PAYLOAD = 1 << 14;
  /** HandshakeType of a ClientHello. */
  static final int HANDSHAKE_CLIENT_HELLO = 1;
  /** Bytes of a handshake header: type and 24-bit length. */
  static final int HANDSHAKE_HEADER_LENGTH = 4;

  static final int EXT_SERVER_NAME = 0;
  static final int EXT_SUPPORTED_GROUPS = 10;
  static final int EXT_EC_POINT_FORMATS = 11;
  static final int EXT_SIGNATURE_ALGORITHMS = 13;
  static final int EXT_ALPN = 16;
  static final int EXT_PADDING = 21;
  static final int EXT_PRE_SHARED_KEY = 41;
  static final int EXT_EARLY_DATA = 42;
  static final int EXT_SUPPORTED_VERSIONS = 43;
  static final int EXT_KEY_SHARE = 51;
  static final int EXT_ENCRYPTED_CLIENT_HELLO = 0xfe0d;

  /** RFC 8701: GREASE values are 0x?a?a with both bytes equal. */
  static boolean isGrease(int value) {
    return (value & 0x0f0f) == 0x0a0a && (value >>> 8) == (value & 0xff);
  }

  /** Describes an extension type for error messages: {@code 16 (application_layer_protocol_negotiation)}. */
  static String extensionName(int type) {
    String name;
    switch (type) {
      case EXT_SERVER_NAME: name = "server_name"; break;
      case 5: name = "status_request"; break;
      case EXT_SUPPORTED_GROUPS: name = "supported_groups"; break;
      case EXT_EC_POINT_FORMATS: name = "ec_point_formats"; break;
      case EXT_SIGNATURE_ALGORITHMS: name = "signature_algorithms"; break;
      case EXT_ALPN: name = "application_layer_protocol_negotiation"; break;
      case EXT_PADDING: name = "padding"; break;
      case 23: name = "extended_master_secret"; break;
      case 35: name = "session_ticket"; break;
      case EXT_PRE_SHARED_KEY: name = "pre_shared_key"; break;
      case EXT_EARLY_DATA: name = "early_data"; break;
      case EXT_SUPPORTED_VERSIONS: name = "supported_versions"; break;
      case 45: name = "psk_key_exchange_modes"; break;
      case EXT_KEY_SHARE: name = "key_share"; break;
      case EXT_ENCRYPTED_CLIENT_HELLO: name = "encrypted_client_hello"; break;
      case 0xff01: name = "renegotiation_info"; break;
      default: name = isGrease(type) ? "GREASE" : "unassigned or unknown"; break;
    }
    return type + " (" + name + ")";
  }
}
