package dev.meshgate.sni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.testkit.ClientHelloBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JA3 and JA4 against references computed or published by others, never by this code:
 *
 * <ul>
 *   <li>JA3 of every complete corpus hello: {@code tshark-ja3.tsv}, written by tshark 4.0.17
 *       ({@code tls.handshake.ja3_full} and {@code tls.handshake.ja3}) from pcaps that wrap each
 *       capture unchanged; {@code src/test/resources/fingerprints/tshark-ja3.py} regenerates it.
 *   <li>JA4: the worked example of FoxIO's specification ({@code technical_details/JA4.md} in
 *       FoxIO-LLC/ja4: ciphers, extensions, signature algorithms and ALPN, giving {@code
 *       t13d1516h2_8daaf6152771_e5627efa2ab1}, and {@code 6d807ffa2a79} for the extension hash
 *       without signature algorithms) and its table of ALPN hex examples.
 *   <li>JA3 and JA4 of a Chrome 143 hello published by browserleaks.com, as recorded in the
 *       public repository service0427/v2_cp_app ({@code tls.md}: ja3_text, ja3_hash, ja4 and
 *       ja4_ro, the latter giving the wire order of ciphers, extensions and signature algorithms).
 * </ul>
 */
class FingerprintTest {
  private static final ClientHelloParser PARSER =
      ClientHelloParser.builder().maxHandshakeLength(65536).build();
  /** Cases tshark fingerprints but this parser rejects on purpose (see ClientHelloCorpusTest). */
  private static final Set<String> REJECTED = Set.of("synthetic-record-length-16385-oversized",
      "synthetic-sni-type1-then-host-name", "synthetic-sni-host-name-then-type1",
      "synthetic-sni-type255-then-host-name", "synthetic-sni-only-type1",
      "synthetic-sni-utf8-bytes", "synthetic-sni-263-chars");

  static Stream<Arguments> tsharkJa3() throws IOException {
    List<Arguments> rows = new ArrayList<>();
    try (InputStream in = FingerprintTest.class.getResourceAsStream("/fingerprints/tshark-ja3.tsv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String[] cells = line.split("\t");
        rows.add(Arguments.of(cells[0], cells[1], cells[2]));
      }
    }
    return rows.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tsharkJa3")
  void ja3MatchesTshark(String id, String ja3, String ja3Hash) {
    ParseResult result = PARSER.parse(Corpus.get(id).bytes());
    if (REJECTED.contains(id)) {
      assertInstanceOf(Malformed.class, result, id);
      return;
    }
    ClientHello hello = assertInstanceOf(ClientHello.class, result, id);
    assertEquals(ja3, hello.ja3(), id);
    assertEquals(ja3Hash, hello.ja3Hash(), id);
  }

  @Test
  void tsharkCoversEveryCompleteCorpusHello() throws IOException {
    assertEquals(Corpus.completeHellos().size(), tsharkJa3().count());
  }

  @Test
  void ja4MatchesFoxIoWorkedExample() {
    ClientHello hello = parse(specExample());
    assertEquals("t13d1516h2_8daaf6152771_e5627efa2ab1", hello.ja4());
  }

  @Test
  void ja4ExtensionHashFollowsFoxIoWithAndWithoutSignatureAlgorithms() {
    int[] extensions = {0x001b, 0x0000, 0x0033, 0x0010, 0x4469, 0x0017, 0x002d, 0x000d, 0x0005,
        0x0023, 0x0012, 0x002b, 0xff01, 0x000b, 0x000a, 0x0015};
    int[] signatures = {0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601};
    assertEquals("e5627efa2ab1", Fingerprints.extensionHash(extensions, signatures));
    assertEquals("6d807ffa2a79", Fingerprints.extensionHash(extensions, new int[0]));
    assertEquals("000000000000", Fingerprints.extensionHash(new int[] {0x0000, 0x0010}, signatures));
  }

  @Test
  void ja3AndJa4MatchBrowserleaksChrome143() {
    ClientHello hello = parse(chrome143());
    assertEquals("771,4865-4866-4867-49195-49199-49196-49200-52393-52392-49171-49172-156-157-47-53,"
        + "45-51-16-65037-23-17613-0-11-10-43-65281-35-18-5-13-27,4588-29-23-24,0", hello.ja3());
    assertEquals("98487aa16281980e7d1120d399efb6a4", hello.ja3Hash());
    assertEquals("t13d1516h2_8daaf6152771_d8a2da3f94cd", hello.ja4());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"ab, ab", "abcd, ad", "30ab, 3b", "3031abcd, 3d", "30abcd31, 01", "68, hh",
      "6832, h2", "687474702f312e31, h1"})
  void ja4AlpnFollowsFoxIoExamples(String hex, String expected) {
    String name = new String(HexFormat.of().parseHex(hex), StandardCharsets.ISO_8859_1);
    assertEquals(expected, Fingerprints.alpn(List.of(name)));
  }

  @Test
  void ja4AlpnIsZeroZeroWithoutAlpn() {
    assertEquals("00", Fingerprints.alpn(List.of()));
    assertEquals("t13i070400_", parse(new ClientHelloBuilder().build()).ja4().substring(0, 11));
  }

  @Test
  void ja4CountsAreCappedAt99AndExcludeGrease() {
    int[] suites = new int[120];
    for (int i = 0; i < suites.length; i++) {
      suites[i] = 0x1000 + i;
    }
    ClientHello hello = parse(new ClientHelloBuilder().cipherSuites(suites).grease(true).build());
    assertEquals("t13i9904", hello.ja4().substring(0, 8));
  }

  @Test
  void ja4IsStableAcrossChromiumsShuffledExtensionOrderWhileJa3IsNot() {
    ClientHello a = parse(Corpus.get("chromium-consul-conn2").bytes());
    ClientHello b = parse(Corpus.get("chromium-consul-conn4").bytes());
    assertNotEquals(a.extensionTypes(), b.extensionTypes());
    assertNotEquals(a.ja3(), b.ja3());
    assertEquals(a.ja4(), b.ja4());
    assertTrue(a.ja4().startsWith("t13d1517h2_"), a.ja4());
  }

  @Test
  void ja4VersionComesFromSupportedVersionsElseLegacyVersion() {
    assertTrue(parse(new ClientHelloBuilder().supportedVersions().keyShares().build())
        .ja4().startsWith("t12"));
    assertTrue(parse(new ClientHelloBuilder().supportedVersions().legacyVersion(0x0300)
        .keyShares().build()).ja4().startsWith("s3", 1));
    assertTrue(parse(new ClientHelloBuilder().supportedVersions(0x0303, 0x0304).grease(true)
        .build()).ja4().startsWith("t13"));
  }

  private static ClientHello parse(byte[] stream) {
    return assertInstanceOf(ClientHello.class, PARSER.parse(stream));
  }

  /** FoxIO's example: 15 ciphers, 16 extensions (with SNI and ALPN "h2"), 8 signature schemes. */
  private static byte[] specExample() {
    ClientHelloBuilder b = bare().cipherSuites(0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c,
        0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035);
    b.extension(0x001b, hex("020002"));
    b.extension(0x0000, serverName("example.com"));
    b.extension(0x0033, keyShareX25519());
    b.extension(0x0010, hex("0003026832"));
    b.extension(0x4469, hex("0003026832"));
    b.extension(0x0017, new byte[0]);
    b.extension(0x002d, hex("0101"));
    b.extension(0x000d, hex("001004030804040105030805050108060601"));
    b.extension(0x0005, hex("0100000000"));
    b.extension(0x0023, new byte[0]);
    b.extension(0x0012, new byte[0]);
    b.extension(0x002b, hex("0403040303"));
    b.extension(0xff01, hex("00"));
    b.extension(0x000b, hex("0100"));
    b.extension(0x000a, hex("0006001d00170018"));
    b.extension(0x0015, new byte[20]);
    return b.build();
  }

  /** Chrome 143 as browserleaks saw it (GREASE left out, as JA3/JA4 drop it anyway). */
  private static byte[] chrome143() {
    ClientHelloBuilder b = bare().cipherSuites(4865, 4866, 4867, 49195, 49199, 49196, 49200,
        52393, 52392, 49171, 49172, 156, 157, 47, 53);
    b.extension(45, hex("0101"));
    b.extension(51, keyShareX25519());
    b.extension(16, hex("000c02683208687474702f312e31"));
    b.extension(65037, hex("0000010001ab0020" + "00".repeat(32) + "0010" + "00".repeat(16)));
    b.extension(23, new byte[0]);
    b.extension(17613, hex("0003026832"));
    b.extension(0, serverName("tls.browserleaks.com"));
    b.extension(11, hex("0100"));
    b.extension(10, hex("000811ec001d00170018"));
    b.extension(43, hex("0403040303"));
    b.extension(65281, hex("00"));
    b.extension(35, new byte[0]);
    b.extension(18, new byte[0]);
    b.extension(5, hex("0100000000"));
    b.extension(13, hex("001004030804040105030805050108060601"));
    b.extension(27, hex("020002"));
    return b.build();
  }

  private static ClientHelloBuilder bare() {
    return new ClientHelloBuilder().supportedGroups().keyShares().signatureAlgorithms()
        .supportedVersions();
  }

  private static byte[] serverName(String name) {
    byte[] n = name.getBytes(StandardCharsets.US_ASCII);
    byte[] data = new byte[5 + n.length];
    data[1] = (byte) (n.length + 3);
    data[4] = (byte) n.length;
    System.arraycopy(n, 0, data, 5, n.length);
    return data;
  }

  private static byte[] keyShareX25519() {
    return hex("0024001d0020" + "42".repeat(32));
  }

  private static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex);
  }
}
