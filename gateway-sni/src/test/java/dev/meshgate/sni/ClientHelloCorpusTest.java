package dev.meshgate.sni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks every case of the shared corpus (one row per manifest entry) against every manifest
 * field that maps to a {@link ClientHello} property, and every verdict, with the full message
 * text of each rejection.
 */
class ClientHelloCorpusTest {

  /*
   * Where this parser deliberately picks a verdict other than expected.verdict. Each is listed in
   * the case's acceptable_verdicts (checked below), and each fails closed: a name two parsers
   * could read differently, or a size or shape real clients never send, must not be routed.
   */
  private record Stricter(Class<? extends ParseResult> result, String why) {}

  private static final String NAME_TYPES =
      "only host_name(0) is defined; an entry of another type is not skipped but rejected";
  private static final Map<String, Stricter> STRICTER = Map.ofEntries(
      Map.entry("synthetic-record-length-16385-oversized", new Stricter(Malformed.class,
          "RFC 8446 5.1 caps TLSPlaintext at 2^14; the 2^14+2048 slack is for ciphertext")),
      Map.entry("synthetic-clienthello-40k-3-records", new Stricter(TooLarge.class,
          "40,334 bytes exceed the default 16 KiB limit; a parser set to 64 KiB accepts it")),
      Map.entry("synthetic-handshake-length-16M", new Stricter(TooLarge.class,
          "decided from the handshake header, before anything is buffered")),
      Map.entry("synthetic-sni-type1-then-host-name", new Stricter(Malformed.class, NAME_TYPES)),
      Map.entry("synthetic-sni-host-name-then-type1", new Stricter(Malformed.class, NAME_TYPES)),
      Map.entry("synthetic-sni-type255-then-host-name", new Stricter(Malformed.class, NAME_TYPES)),
      Map.entry("synthetic-sni-only-type1", new Stricter(Malformed.class, NAME_TYPES)),
      Map.entry("synthetic-sni-utf8-bytes", new Stricter(Malformed.class,
          "RFC 6066 host names are ASCII; raw UTF-8 could be decoded two ways")),
      Map.entry("synthetic-sni-263-chars", new Stricter(Malformed.class,
          "a DNS name has at most 255 bytes")));

  /** The full text of every rejection in the corpus, checked verbatim. */
  private static final Map<String, String> MESSAGES = Map.ofEntries(
      Map.entry("synthetic-not-tls-http-get", "not TLS: first byte 0x47 is not the handshake content type 22"),
      Map.entry("synthetic-not-tls-single-byte-G", "not TLS: first byte 0x47 is not the handshake content type 22"),
      Map.entry("synthetic-not-tls-http2-preface", "not TLS: first byte 0x50 is not the handshake content type 22"),
      Map.entry("synthetic-not-tls-ssh-banner", "not TLS: first byte 0x53 is not the handshake content type 22"),
      Map.entry("synthetic-not-tls-proxy-v1-then-clienthello", "not TLS: first byte 0x50 is not the handshake content type 22"),
      Map.entry("synthetic-not-tls-proxy-v2-then-clienthello", "not TLS: first byte 0x0d is not the handshake content type 22"),
      Map.entry("synthetic-not-tls-alert-record", "not TLS: first byte 0x15 is not the handshake content type 22"),
      Map.entry("synthetic-not-tls-application-data-record", "not TLS: first byte 0x17 is not the handshake content type 22"),
      Map.entry("synthetic-not-tls-handshake-type-byte-bad-major", "not TLS: record version major byte 0x00 != 3"),
      Map.entry("synthetic-record-length-18433", "record 1 at offset 0: length 18433 exceeds 2^14 (RFC 8446 5.1)"),
      Map.entry("synthetic-record-length-65535", "record 1 at offset 0: length 65535 exceeds 2^14 (RFC 8446 5.1)"),
      Map.entry("synthetic-record-length-16385-oversized", "record 1 at offset 0: length 16385 exceeds 2^14 (RFC 8446 5.1)"),
      Map.entry("synthetic-clienthello-40k-3-records", "ClientHello declares 40334 bytes, more than the limit of 16384"),
      Map.entry("synthetic-handshake-length-16M", "ClientHello declares 16777215 bytes, more than the limit of 16384"),
      Map.entry("synthetic-sni-type1-then-host-name", "server_name at offset 150: name_type 1 is not host_name(0)"),
      Map.entry("synthetic-sni-host-name-then-type1", "server_name at offset 169: name_type 1 is not host_name(0)"),
      Map.entry("synthetic-sni-type255-then-host-name", "server_name at offset 150: name_type 255 is not host_name(0)"),
      Map.entry("synthetic-sni-two-host-names", "server_name at offset 170: more than one host_name entry"),
      Map.entry("synthetic-sni-only-type1", "server_name at offset 150: name_type 1 is not host_name(0)"),
      Map.entry("synthetic-sni-embedded-nul", "server_name at offset 168: host_name byte 0x00 is not printable ASCII (expected: 0x21..0x7e)"),
      Map.entry("synthetic-sni-empty-host-name", "server_name at offset 151: empty host_name"),
      Map.entry("synthetic-sni-empty-extension", "server_name at offset 148: empty extension_data in ClientHello"),
      Map.entry("synthetic-sni-empty-list", "server_name at offset 148: empty server_name_list"),
      Map.entry("synthetic-sni-utf8-bytes", "server_name at offset 154: host_name byte 0xc3 is not printable ASCII (expected: 0x21..0x7e)"),
      Map.entry("synthetic-sni-263-chars", "server_name at offset 151: host_name length 263 exceeds 255"),
      Map.entry("synthetic-ext-length-overruns-block", "extension 0 (server_name) at offset 144: length 195 overruns the extensions block (191 left)"),
      Map.entry("synthetic-host-name-length-overruns-list", "server_name_list at offset 151: name needs 16 bytes, only 15 left"),
      Map.entry("synthetic-extensions-length-overruns-body", "ClientHello at offset 142: extensions needs 202 bytes, only 195 left"),
      Map.entry("synthetic-handshake-length-too-short", "ClientHello at offset 142: extensions needs 195 bytes, only 175 left"),
      Map.entry("synthetic-bytes-after-extensions", "ClientHello at offset 339: 3 bytes after the extensions block"),
      Map.entry("synthetic-alpn-empty-protocol", "application_layer_protocol_negotiation at offset 212: empty protocol name"),
      Map.entry("synthetic-session-id-33", "ClientHello at offset 43: session_id length 33 > 32"),
      Map.entry("synthetic-cipher-suites-odd-length", "ClientHello at offset 76: cipher_suites length 61 is zero or odd"),
      Map.entry("synthetic-cipher-suites-empty", "ClientHello at offset 76: cipher_suites length 0 is zero or odd"),
      Map.entry("synthetic-compression-methods-empty", "ClientHello at offset 140: empty compression_methods"),
      Map.entry("synthetic-duplicate-sni-extension", "extension 0 (server_name) at offset 170: duplicate (RFC 8446 4.2: at most one extension of each type)"),
      Map.entry("synthetic-duplicate-alpn-extension", "extension 16 (application_layer_protocol_negotiation) at offset 339: duplicate (RFC 8446 4.2: at most one extension of each type)"),
      Map.entry("synthetic-zero-length-record-first", "record 1 at offset 0: length 0 (RFC 8446 5.1: zero-length handshake fragments MUST NOT be sent)"),
      Map.entry("synthetic-second-record-content-type-alert", "record 2 at offset 105: content type 21 before the ClientHello is complete"),
      Map.entry("synthetic-not-clienthello-serverhello", "handshake message at offset 5: type 2 is not client_hello(1)"),
      Map.entry("synthetic-psk-not-last", "extension 41 (pre_shared_key) at offset 144: not the last extension (RFC 8446 4.2.11)"));

  static Stream<Arguments> cases() {
    return Corpus.cases().stream().map(c -> Arguments.of(c.id(), c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyManifestCaseGetsItsVerdictAndFields(String id, Corpus.Case c) {
    ParseResult result = ClientHelloParser.defaults().parse(c.bytes());
    String verdict = c.verdict();
    Stricter stricter = STRICTER.get(id);
    if (stricter != null) {
      assertInstanceOf(stricter.result(), result, id + ": " + stricter.why());
      verdict = ourVerdict(result);
      assertTrue(c.acceptableVerdicts().contains(verdict), id + ": our verdict " + verdict
          + " must be one the manifest accepts: " + c.acceptableVerdicts());
    }
    switch (verdict) {
      case "ok" -> assertHelloMatches(c, assertInstanceOf(ClientHello.class, result, id));
      case "sslv2-compat" -> assertSslv2Matches(c, assertInstanceOf(ClientHello.class, result, id));
      case "need-more-data" -> {
        NeedMoreData need = assertInstanceOf(NeedMoreData.class, result, id);
        assertEquals(longValue(c.expected(), "need_at_least_tight"), need.minimumLength(), id);
        assertTrue(need.minimumLength() >= longValue(c.expected(), "need_at_least"), id);
        assertTrue(need.minimumLength() > c.bytes().length, id);
      }
      case "not-tls" -> {
        NotTls notTls = assertInstanceOf(NotTls.class, result, id);
        assertEquals(c.expected().get("reason"), notTls.reason(), id);
        assertEquals(MESSAGES.get(id), notTls.toString(), id);
      }
      case "malformed" -> assertEquals(MESSAGES.get(id), result.toString(), id);
      default -> throw new AssertionError(id + ": unknown verdict " + verdict);
    }
  }

  @Test
  void everyRejectionInTheCorpusHasItsMessageListed() {
    List<String> missing = new ArrayList<>();
    for (Corpus.Case c : Corpus.cases()) {
      ParseResult r = ClientHelloParser.defaults().parse(c.bytes());
      if ((r instanceof Malformed || r instanceof TooLarge || r instanceof NotTls)
          && !MESSAGES.containsKey(c.id())) {
        missing.add(c.id());
      }
    }
    assertEquals(List.of(), missing);
  }

  @Test
  void fortyKilobyteHelloParsesWhenTheLimitAllowsIt() {
    Corpus.Case c = Corpus.get("synthetic-clienthello-40k-3-records");
    ClientHelloParser parser = ClientHelloParser.builder().maxHandshakeLength(65536).build();
    assertHelloMatches(c, assertInstanceOf(ClientHello.class, parser.parse(c.bytes())));
  }

  @Test
  void acceptedTooLargeCaseCountsAsMalformed() {
    // The manifest's rule: TooLarge for a case over the configured limit counts as "malformed".
    for (String id : List.of("synthetic-clienthello-40k-3-records", "synthetic-handshake-length-16M")) {
      assertTrue(Corpus.get(id).acceptableVerdicts().contains("malformed"), id);
      assertInstanceOf(TooLarge.class, ClientHelloParser.defaults().parse(Corpus.get(id).bytes()));
    }
  }

  private static String ourVerdict(ParseResult result) {
    if (result instanceof ClientHello hello) {
      return hello.format() == ClientHello.Format.TLS ? "ok" : "sslv2-compat";
    }
    if (result instanceof NeedMoreData) {
      return "need-more-data";
    }
    if (result instanceof NotTls) {
      return "not-tls";
    }
    // Malformed, and TooLarge by the manifest's rule for a case over the configured limit.
    return "malformed";
  }

  static void assertHelloMatches(Corpus.Case c, ClientHello hello) {
    Map<String, Object> e = c.expected();
    String id = c.id();
    assertEquals(ClientHello.Format.TLS, hello.format(), id);
    assertEquals(Optional.ofNullable((String) e.get("sni")), hello.serverName(), id + " sni");
    assertEquals(e.get("alpn"), hello.alpnProtocols(), id + " alpn");
    assertEquals(hex(e.get("legacy_version")), hello.legacyVersion(), id + " legacy_version");
    assertEquals(hexList(e.get("supported_versions_raw")), hello.supportedVersions(), id);
    List<Integer> withoutGrease = new ArrayList<>(hello.supportedVersions());
    withoutGrease.removeIf(ClientHello::isGrease);
    assertEquals(hexList(e.get("supported_versions")), withoutGrease, id + " supported_versions");
    assertEquals(hexList(e.get("cipher_suites")), hello.cipherSuites(), id + " cipher_suites");
    assertEquals(intList(e.get("compression_methods")), hello.compressionMethods(), id);
    assertEquals(intList(e.get("extension_types")), hello.extensionTypes(), id + " extensions");
    assertEquals(hexList(e.get("supported_groups")), hello.supportedGroups(), id + " groups");
    assertEquals(keyShares(e.get("key_share_groups")), hello.keyShares(), id + " key_share");
    assertEquals(hexList(e.get("signature_algorithms")), hello.signatureAlgorithms(), id);
    assertEquals(intList(e.get("ec_point_formats")), hello.ecPointFormats(), id);
    assertEquals(longValue(e, "session_id_length"), hello.sessionIdLength(), id);
    assertEquals(e.get("ech_present"), hello.offersEncryptedClientHello(), id + " ech");
    Object psk = e.get("psk_identities");
    assertEquals(psk != null, hello.offersPreSharedKey(), id + " psk");
    assertEquals(psk == null ? 0 : ((Long) psk).intValue(), hello.pskIdentityCount(), id);
    assertEquals(hello.extensionTypes().contains(42), hello.offersEarlyData(), id);
    Object padding = e.get("padding_length");
    assertEquals(padding == null ? OptionalInt.empty() : OptionalInt.of(((Long) padding).intValue()),
        hello.paddingLength(), id + " padding");
    assertEquals(e.get("grease"), hello.hasGrease(), id + " grease");
    assertEquals(longValue(e, "total_bytes"), hello.streamLength(), id + " total_bytes");
    assertEquals(longValue(e, "trailing_bytes"), c.bytes().length - hello.streamLength(), id);
    assertEquals(longValue(e, "record_count"), hello.recordCount(), id + " record_count");
    assertEquals(longValue(e, "handshake_length"), hello.handshakeLength(), id);
    assertEquals(longValue(e, "cipher_suite_count"), hello.cipherSuites().size(), id);
    assertEquals(longValue(e, "extension_count"), hello.extensionTypes().size(), id);
    assertEquals(e.get("extensions_present"), !hello.extensionTypes().isEmpty()
        || "synthetic-empty-extensions-block".equals(id), id);
  }

  private static void assertSslv2Matches(Corpus.Case c, ClientHello hello) {
    Map<String, Object> e = c.expected();
    assertEquals(ClientHello.Format.SSLV2_COMPATIBLE, hello.format());
    assertEquals(Optional.empty(), hello.serverName());
    assertEquals(List.of(), hello.alpnProtocols());
    assertEquals(hex(e.get("legacy_version")), hello.legacyVersion());
    assertEquals(hexList(e.get("sslv2_cipher_specs")), hello.cipherSuites());
    assertEquals(longValue(e, "sslv2_cipher_spec_count"), hello.cipherSuites().size());
    assertEquals(longValue(e, "sslv2_challenge_length"), hello.randomLength());
    assertEquals(longValue(e, "total_bytes"), hello.streamLength());
    assertEquals(List.of(), hello.extensionTypes());
    assertFalse(hello.offersEncryptedClientHello());
  }

  static int hex(Object value) {
    return Integer.decode((String) value);
  }

  @SuppressWarnings("unchecked")
  static List<Integer> hexList(Object values) {
    return ((List<Object>) values).stream().map(ClientHelloCorpusTest::hex).toList();
  }

  @SuppressWarnings("unchecked")
  static List<Integer> intList(Object values) {
    return ((List<Object>) values).stream().map(v -> ((Long) v).intValue()).toList();
  }

  @SuppressWarnings("unchecked")
  private static List<ClientHello.KeyShare> keyShares(Object values) {
    return ((List<Object>) values).stream()
        .map(v -> (Map<String, Object>) v)
        .map(m -> new ClientHello.KeyShare(hex(m.get("group")), ((Long) m.get("length")).intValue()))
        .toList();
  }

  static long longValue(Map<String, Object> map, String key) {
    return (Long) map.get(key);
  }
}
