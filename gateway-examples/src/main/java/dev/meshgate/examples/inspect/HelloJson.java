package dev.meshgate.examples.inspect;

import dev.meshgate.sni.ClientHello;
import dev.meshgate.sni.Malformed;
import dev.meshgate.sni.NeedMoreData;
import dev.meshgate.sni.NotTls;
import dev.meshgate.sni.ParseResult;
import dev.meshgate.sni.TooLarge;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders what the inspector learned about one stream as one JSON object. Field names follow the
 * corpus manifest ({@code snake_case}); TLS code points are hex strings ({@code "0x1301"}),
 * extension types, lengths and counts are numbers. Every object starts with {@code peer} (when
 * there is one) and {@code verdict}: {@code ok}, {@code not-tls}, {@code malformed}, {@code
 * too-large}, {@code need-more-data}, {@code timeout} or {@code closed}.
 */
final class HelloJson {
  private HelloJson() {}

  /** A parse result; {@code reason} overrides the result's own reason when not null. */
  static String render(String peer, ParseResult result, String reason) {
    JsonObject json = start(peer);
    if (result instanceof ClientHello hello) {
      return hello(json, hello).toString();
    }
    if (result instanceof NotTls notTls) {
      json.string("verdict", "not-tls");
    } else if (result instanceof Malformed malformed) {
      json.string("verdict", "malformed").number("offset", malformed.offset());
    } else if (result instanceof TooLarge tooLarge) {
      json.string("verdict", "too-large")
          .number("declared_length", tooLarge.declaredLength())
          .number("limit", tooLarge.limit());
    } else if (result instanceof NeedMoreData more) {
      json.string("verdict", "need-more-data").number("minimum_length", more.minimumLength());
    }
    return json.string("reason", reason != null ? reason : result.toString()).toString();
  }

  static String timedOut(String peer, long seconds, int bytes) {
    return start(peer).string("verdict", "timeout").number("bytes", bytes)
        .string("reason", "no complete ClientHello within " + seconds + " s").toString();
  }

  static String closed(String peer) {
    return start(peer).string("verdict", "closed")
        .string("reason", "the client closed the connection before a complete ClientHello")
        .toString();
  }

  private static JsonObject start(String peer) {
    JsonObject json = new JsonObject();
    if (peer != null) {
      json.string("peer", peer);
    }
    return json;
  }

  private static JsonObject hello(JsonObject json, ClientHello hello) {
    List<JsonObject> shares = new ArrayList<>();
    for (ClientHello.KeyShare share : hello.keyShares()) {
      shares.add(new JsonObject().string("group", JsonObject.hex(share.group()))
          .number("length", share.keyLength()));
    }
    return json.string("verdict", "ok")
        .string("format", hello.format() == ClientHello.Format.TLS ? "tls" : "sslv2-compatible")
        .string("sni", hello.serverName().orElse(null))
        .strings("alpn", hello.alpnProtocols())
        .string("legacy_version", JsonObject.hex(hello.legacyVersion()))
        .string("highest_version", JsonObject.hex(hello.highestVersion()))
        .hex("supported_versions", hello.supportedVersions())
        .hex("cipher_suites", hello.cipherSuites())
        .numbers("extension_types", hello.extensionTypes())
        .hex("supported_groups", hello.supportedGroups())
        .objects("key_shares", shares)
        .hex("signature_algorithms", hello.signatureAlgorithms())
        .bool("ech", hello.offersEncryptedClientHello())
        .bool("psk", hello.offersPreSharedKey())
        .number("psk_identities", hello.pskIdentityCount())
        .bool("early_data", hello.offersEarlyData())
        .bool("grease", hello.hasGrease())
        .string("ja3", hello.ja3())
        .string("ja3_hash", hello.ja3Hash())
        .string("ja4", hello.ja4())
        .number("bytes", hello.streamLength())
        .number("records", hello.recordCount());
  }
}
