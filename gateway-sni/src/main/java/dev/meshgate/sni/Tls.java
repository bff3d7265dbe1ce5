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
    String name = switch (type) {
      case EXT_SERVER_NAME -> "server_name";
      case 5 -> "status_request";
      case EXT_SUPPORTED_GROUPS -> "supported_groups";
      case EXT_EC_POINT_FORMATS -> "ec_point_formats";
      case EXT_SIGNATURE_ALGORITHMS -> "signature_algorithms";
      case EXT_ALPN -> "application_layer_protocol_negotiation";
      case EXT_PADDING -> "padding";
      case 23 -> "extended_master_secret";
      case 35 -> "session_ticket";
      case EXT_PRE_SHARED_KEY -> "pre_shared_key";
      case EXT_EARLY_DATA -> "early_data";
      case EXT_SUPPORTED_VERSIONS -> "supported_versions";
      case 45 -> "psk_key_exchange_modes";
      case EXT_KEY_SHARE -> "key_share";
      case EXT_ENCRYPTED_CLIENT_HELLO -> "encrypted_client_hello";
      case 0xff01 -> "renegotiation_info";
      default -> isGrease(type) ? "GREASE" : "unassigned or unknown";
    };
    return type + " (" + name + ")";
  }
}
