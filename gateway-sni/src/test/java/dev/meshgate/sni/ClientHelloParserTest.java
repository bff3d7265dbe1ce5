package dev.meshgate.sni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.testkit.ClientHelloBuilder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientHelloParserTest {
  private static final ClientHelloParser PARSER = ClientHelloParser.defaults();

  // ---- configuration ----

  @Test
  void defaultsAreSixteenKibibytesAndOneThousandTwentyFourRecords() {
    assertEquals(16384, PARSER.maxHandshakeLength());
    assertEquals(1024, PARSER.maxRecords());
    assertEquals(5 * 1024 + 4 + 16384 + 16384, PARSER.maxStreamLength());
    assertSame(PARSER, ClientHelloParser.defaults());
    assertEquals("ClientHelloParser{maxHandshakeLength=16384, maxRecords=1024}", PARSER.toString());
  }

  @Test
  void builderRejectsAHandshakeLimitOfZeroNegativeOrAboveSixtyFourKibibytes() {
    for (int bad : new int[] {0, -1, 65537}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> ClientHelloParser.builder().maxHandshakeLength(bad));
      assertEquals("maxHandshakeLength: " + bad + " (expected: 1..65536)", e.getMessage());
    }
  }

  @Test
  void builderRejectsARecordLimitOutOfRange() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ClientHelloParser.builder().maxRecords(0));
    assertEquals("maxRecords: 0 (expected: 1..4096)", e.getMessage());
  }

  @Test
  void builderSettingsMayBeSetOnceAndTheSecondAttemptQuotesTheFirst() {
    ClientHelloParser.Builder builder = ClientHelloParser.builder().maxHandshakeLength(1024).maxRecords(8);
    assertEquals("maxHandshakeLength was already set to 1024", assertThrows(
        IllegalStateException.class, () -> builder.maxHandshakeLength(2048)).getMessage());
    assertEquals("maxRecords was already set to 8",
        assertThrows(IllegalStateException.class, () -> builder.maxRecords(9)).getMessage());
  }

  @Test
  void buildLeavesTheBuilderReusable() {
    ClientHelloParser.Builder builder = ClientHelloParser.builder().maxHandshakeLength(65536);
    ClientHelloParser first = builder.build();
    ClientHelloParser second = builder.build();
    assertTrue(first != second);
    assertEquals(65536, second.maxHandshakeLength());
    assertEquals(1024, second.maxRecords());
  }

  // ---- sources ----

  @Test
  void parsingAByteBufferNeverMovesItsPositionOrLimit() {
    byte[] hello = new ClientHelloBuilder().serverName("api.example.com").build();
    for (ByteBuffer buffer : List.of(ByteBuffer.wrap(hello),
        ByteBuffer.allocateDirect(hello.length).put(hello).flip(),
        ByteBuffer.wrap(hello).asReadOnlyBuffer())) {
      ClientHello parsed = assertInstanceOf(ClientHello.class, PARSER.parse(buffer));
      assertEquals(Optional.of("api.example.com"), parsed.serverName());
      assertEquals(0, buffer.position());
      assertEquals(hello.length, buffer.limit());
    }
  }

  @Test
  void offsetsCountFromTheBufferPositionOrArrayOffset() {
    byte[] hello = new ClientHelloBuilder().serverName("bad name").build();
    byte[] padded = Hellos.concat(new byte[11], hello);
    Malformed fromArray = assertInstanceOf(Malformed.class, PARSER.parse(padded, 11, hello.length));
    Malformed fromBuffer =
        assertInstanceOf(Malformed.class, PARSER.parse(ByteBuffer.wrap(padded).position(11)));
    Malformed direct = assertInstanceOf(Malformed.class,
        PARSER.parse(ByteBuffer.allocateDirect(padded.length).put(padded).position(11)));
    int space = indexOf(hello, "bad name".getBytes(StandardCharsets.US_ASCII)) + 3;
    assertEquals("server_name at offset " + space
        + ": host_name byte 0x20 is not printable ASCII (expected: 0x21..0x7e)", fromArray.message());
    assertEquals(fromArray, fromBuffer);
    assertEquals(fromArray, direct);
  }

  @Test
  void arrayRangeOutsideTheArrayIsAnIndexError() {
    assertThrows(IndexOutOfBoundsException.class, () -> PARSER.parse(new byte[4], 2, 3));
    assertThrows(NullPointerException.class, () -> PARSER.parse((byte[]) null));
  }

  // ---- lifetime ----

  @Test
  void aSingleRecordHelloReadsTheCallersArrayUntilDetached() {
    byte[] stream = new ClientHelloBuilder().serverName("api.example.com").alpn("h2").build();
    ClientHello inPlace = assertInstanceOf(ClientHello.class, PARSER.parse(stream));
    ClientHello detached = inPlace.detach();
    assertFalse(inPlace.ownsBytes());
    assertTrue(detached.ownsBytes());
    assertSame(detached, detached.detach());

    int alpn = indexOf(stream, (byte) 'h', (byte) '2');
    stream[alpn] = 'x';

    assertEquals(List.of("x2"), inPlace.alpnProtocols(), "lazily decoded: reads the caller's bytes");
    assertEquals(List.of("h2"), detached.alpnProtocols());
    assertEquals(Optional.of("api.example.com"), inPlace.serverName(), "eager: never changes");
  }

  @Test
  void aHelloOverSeveralRecordsReadsTheCallersArrayThroughTheRecordsUntilDetached() {
    ClientHelloBuilder builder = new ClientHelloBuilder().serverName("api.example.com").alpn("h2");
    int alpn = indexOf(builder.build(), (byte) 'h', (byte) '2');
    // Cut the message between 'h' and '2': the protocol name itself spans two records.
    byte[] stream = builder.splitAt(alpn - 5 + 1).build();
    assertEquals('h', stream[alpn]);
    assertEquals('2', stream[alpn + 6], "a record header between the two");
    ClientHello inPlace = assertInstanceOf(ClientHello.class, PARSER.parse(stream));
    ClientHello detached = inPlace.detach();
    assertEquals(2, inPlace.recordCount());
    assertFalse(inPlace.ownsBytes());
    assertTrue(detached.ownsBytes());
    assertSame(detached, detached.detach());
    assertEquals(inPlace, detached);
    assertEquals(List.of("h2"), inPlace.alpnProtocols());

    stream[alpn] = 'x';

    assertEquals(List.of("x2"), inPlace.alpnProtocols(), "lazily decoded: reads the caller's bytes");
    assertEquals(List.of("h2"), detached.alpnProtocols());
    assertEquals(Optional.of("api.example.com"), inPlace.serverName(), "eager: never changes");
  }

  @Test
  void directBufferHellosOwnTheirBytesInOneRecordOrSeveral() {
    for (byte[] whole : List.of(new ClientHelloBuilder().alpn("h2").build(),
        new ClientHelloBuilder().alpn("h2").splitAt(40).build())) {
      ByteBuffer direct = ByteBuffer.allocateDirect(whole.length).put(whole).flip();
      ClientHello copied = assertInstanceOf(ClientHello.class, PARSER.parse(direct));
      assertTrue(copied.ownsBytes());
      assertSame(copied, copied.detach());
      direct.clear();
      direct.put(new byte[whole.length]);
      assertEquals(List.of("h2"), copied.alpnProtocols());
    }
  }

  @Test
  void hellosAreEqualWhenBytesAndFramingAre() {
    byte[] stream = new ClientHelloBuilder().serverName("a.example").build();
    ClientHello a = (ClientHello) PARSER.parse(stream);
    ClientHello b = (ClientHello) PARSER.parse(stream.clone());
    ClientHello split = (ClientHello) PARSER.parse(new ClientHelloBuilder().serverName("a.example")
        .splitAt(10).build());
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.detach().hashCode());
    assertNotEquals(a, split);
    assertEquals(Hellos.fields(a), Hellos.fields(split));
    assertEquals("ClientHello{serverName=a.example, alpn=[], highestVersion=0x0304, records=1,"
        + " streamLength=" + stream.length + "}", a.toString());
  }

  // ---- record layer ----

  @Test
  void tooLargeIsDecidedFromTheHandshakeHeaderAlone() {
    byte[] header = hex("160301400001004e24");
    assertEquals(new TooLarge(20004, 16384), PARSER.parse(header));
    assertEquals("ClientHello declares 20004 bytes, more than the limit of 16384",
        PARSER.parse(header).toString());
    ClientHelloParser small = ClientHelloParser.builder().maxHandshakeLength(100).build();
    assertEquals(new TooLarge(101, 100), small.parse(hex("16030100080100006500")));
  }

  @Test
  void moreRecordsThanTheLimitAreMalformed() {
    byte[] stream = new ClientHelloBuilder().splitAt(10, 20).build();
    ClientHelloParser two = ClientHelloParser.builder().maxRecords(2).build();
    assertEquals("record 2 at offset 15: the ClientHello does not end within 2 records",
        two.parse(stream).toString());
    assertEquals("record 2 at offset 15: the ClientHello does not end within 2 records",
        two.parse(stream, 0, 20).toString(), "decided from record 2's header");
    assertInstanceOf(ClientHello.class, ClientHelloParser.builder().maxRecords(3).build().parse(stream));
  }

  @Test
  void anErrorInALaterRecordIsReportedAtItsStreamOffset() {
    byte[] stream = new ClientHelloBuilder().serverName("api.example.com\0evil").splitAt(60, 61, 120).build();
    int nul = indexOf(stream, (byte) 0, (byte) 'e', (byte) 'v');
    assertEquals("server_name at offset " + nul
            + ": host_name byte 0x00 is not printable ASCII (expected: 0x21..0x7e)",
        PARSER.parse(stream).toString());
  }

  @Test
  void anEmptyLastExtensionOfASplitHelloIsReportedJustPastTheStream() {
    // Found by the fuzz test: the offset one past the message used to walk past the last record.
    byte[] stream = new ClientHelloBuilder().extension(0, new byte[0]).splitAt(50).build();
    assertEquals("server_name at offset " + stream.length + ": empty extension_data in ClientHello",
        PARSER.parse(stream).toString());
  }

  @Test
  void aBadLaterRecordIsSeenFromItsFirstHeaderByte() {
    byte[] stream = new ClientHelloBuilder().splitAt(10).build();
    byte[] prefix = Arrays.copyOf(stream, 16);
    prefix[15] = 21;
    assertEquals("record 2 at offset 15: content type 21 before the ClientHello is complete",
        PARSER.parse(prefix).toString());
    prefix[15] = 22;
    byte[] longer = Arrays.copyOf(stream, 17);
    longer[16] = 2;
    assertEquals("record 2 at offset 15: version major byte 0x02 != 3", PARSER.parse(longer).toString());
  }

  @Test
  void aFirstRecordWithAnotherMajorVersionIsNotTlsFromItsSecondByte() {
    assertEquals("not TLS: record version major byte 0x00 != 3", PARSER.parse(hex("1600")).toString());
    assertEquals(new NeedMoreData(9), PARSER.parse(hex("1603")));
  }

  @Test
  void theHandshakeTypeIsCheckedAsSoonAsItsByteArrives() {
    assertEquals("handshake message at offset 5: type 2 is not client_hello(1)",
        PARSER.parse(hex("160303004a02")).toString());
  }

  @Test
  void theBoundCountsEveryFurtherRecordThatIsCertain() {
    // The 40 KB corpus hello in records of 2^14: after its first 9 bytes the declared length
    // needs two more records, so the bound is the whole stream, 10 bytes above a one-record guess.
    byte[] stream = Corpus.get("synthetic-clienthello-40k-3-records").bytes();
    ClientHelloParser large = ClientHelloParser.builder().maxHandshakeLength(65536).build();
    assertEquals(new NeedMoreData(stream.length), large.parse(stream, 0, 9));
    assertEquals(40353, stream.length);
  }

  @Test
  void recordMinorVersionsAreIgnored() {
    byte[] stream = new ClientHelloBuilder().recordVersion(0x0399).splitAt(7).build();
    stream[14] = 0x00; // record 2 starts at 12 (5 + 7): its minor version byte
    assertEquals(0x0399, (stream[1] & 0xff) << 8 | (stream[2] & 0xff));
    assertInstanceOf(ClientHello.class, PARSER.parse(stream));
  }

  // ---- SSLv2-compatible hellos ----

  /** Header 0x8022, msg_type 1, version 0x0303, 9 bytes of specs, no session id, 16-byte challenge. */
  private static final String SSLV2 = "8022" + "01" + "0303" + "0009" + "0000" + "0010"
      + "0000ff" + "000035" + "00002f" + "0123456789abcdef0123456789abcdef";

  @Test
  void sslv2CompatibleHelloIsReportedAsSuch() {
    ClientHello hello = assertInstanceOf(ClientHello.class, PARSER.parse(hex(SSLV2)));
    assertEquals(ClientHello.Format.SSLV2_COMPATIBLE, hello.format());
    assertEquals(0x0303, hello.legacyVersion());
    assertEquals(List.of(0x0000ff, 0x000035, 0x00002f), hello.cipherSuites());
    assertEquals(16, hello.randomLength());
    assertEquals(0, hello.sessionIdLength());
    assertEquals(36, hello.streamLength());
    assertEquals(Optional.empty(), hello.serverName());
    assertEquals(List.of(), hello.compressionMethods());
    assertEquals(List.of(), hello.extensionTypes());
  }

  @Test
  void sslv2HeaderWaitsForFiveBytesThenTheWholeRecord() {
    assertEquals(new NeedMoreData(5), PARSER.parse(hex("80")));
    assertEquals(new NeedMoreData(5), PARSER.parse(hex("ffff01")), "length not trusted yet");
    assertEquals(new NeedMoreData(36), PARSER.parse(hex("8022010303")));
    assertEquals(new NeedMoreData(36), PARSER.parse(hex(SSLV2), 0, 35));
  }

  @Test
  void sslv2RecordThatIsNotACompatibleHelloIsNotTls() {
    assertEquals("not TLS: first byte 0x80 starts an SSLv2 record, but not an SSLv2-compatible"
        + " TLS ClientHello (msg_type 1, major version 0)", PARSER.parse(hex("802e010002")).toString());
  }

  @Test
  void sslv2HelloWithABadChallengeIsMalformed() {
    byte[] stream = hex(SSLV2);
    stream[10] = 8;
    assertEquals("SSLv2 CLIENT-HELLO at offset 9: challenge_length 8 is outside 16..32",
        PARSER.parse(stream).toString());
  }

  // ---- extensions ----

  @Test
  void manyUnusualExtensionTypesAreCheckedForDuplicates() {
    ClientHelloBuilder builder = new ClientHelloBuilder();
    for (int type = 0x1000; type < 0x1000 + 300; type++) {
      builder.extension(type, new byte[0]);
    }
    ClientHello hello = assertInstanceOf(ClientHello.class, PARSER.parse(builder.build()));
    assertEquals(304, hello.extensionTypes().size());
    builder.extension(0x1000 + 17, new byte[0]);
    Malformed m = assertInstanceOf(Malformed.class, PARSER.parse(builder.build()));
    assertTrue(m.message().startsWith("extension 4113 (unassigned or unknown) at offset "), m.message());
    assertTrue(m.message().endsWith(": duplicate (RFC 8446 4.2: at most one extension of each type)"));
  }

  @Test
  void aRepeatedGreaseExtensionIsADuplicateToo() {
    byte[] stream = new ClientHelloBuilder().extension(0x7a7a, new byte[0])
        .extension(0x7a7a, new byte[0]).build();
    assertTrue(PARSER.parse(stream).toString().contains("extension 31354 (GREASE) at offset"));
  }

  @Test
  void preSharedKeyIsAcceptedLastWithItsIdentitiesCounted() {
    byte[] psk = hex("0016" + "0006" + "010203040506" + "00000000" + "0004" + "01020304" + "00000000"
        + "0021" + "20" + "00".repeat(32));
    ClientHello hello = assertInstanceOf(ClientHello.class,
        PARSER.parse(new ClientHelloBuilder().extension(42, new byte[0]).extension(41, psk).build()));
    assertTrue(hello.offersPreSharedKey());
    assertTrue(hello.offersEarlyData());
    assertEquals(2, hello.pskIdentityCount());
  }

  @Test
  void preSharedKeyWithAShortBinderIsMalformed() {
    byte[] psk = hex("0008" + "0002" + "0102" + "00000000" + "0021" + "1f" + "00".repeat(32));
    String message = PARSER.parse(new ClientHelloBuilder().extension(41, psk).build()).toString();
    assertTrue(message.endsWith(": a binder is shorter than 32 bytes or overruns the binders list"),
        message);
  }

  @Test
  void earlyDataWithContentIsMalformed() {
    String message = PARSER.parse(new ClientHelloBuilder().extension(42, new byte[4]).build()).toString();
    assertTrue(message.startsWith("early_data at offset "), message);
    assertTrue(message.endsWith(": extension_data must be empty in a ClientHello, has 4 bytes"), message);
  }

  @Test
  void hostNameCaseAndTrailingDotArePreservedAsSent() {
    ClientHello hello = (ClientHello) PARSER.parse(
        new ClientHelloBuilder().serverName("API.Example.COM.").build());
    assertEquals(Optional.of("API.Example.COM."), hello.serverName());
  }

  @Test
  void anEmptyKeyShareListIsAllowedButAnEmptyKeyIsNot() {
    ClientHello hello = (ClientHello) PARSER.parse(new ClientHelloBuilder()
        .keyShares().extension(51, hex("0000")).build());
    assertEquals(List.of(), hello.keyShares());
    String message = PARSER.parse(new ClientHelloBuilder()
        .keyShares(new ClientHelloBuilder.KeyShare(0x001d, 0)).build()).toString();
    assertTrue(message.startsWith("key_share at offset ") && message.endsWith(": empty key_exchange"),
        message);
  }

  @Test
  void alpnBytesOutsideAsciiSurviveAsLatin1Characters() {
    byte[] stream = new ClientHelloBuilder().alpn("h\u00e9").build();
    assertEquals(List.of("h\u00e9"), ((ClientHello) PARSER.parse(stream)).alpnProtocols());
  }

  // ---- result values ----

  @Test
  void resultValuesRejectImpossibleComponents() {
    assertEquals("minimumLength: 0 (expected: a positive byte count)",
        assertThrows(IllegalArgumentException.class, () -> new NeedMoreData(0)).getMessage());
    assertEquals("offset: -1 (expected: >= 0)",
        assertThrows(IllegalArgumentException.class, () -> new Malformed("x", -1, "y")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> new TooLarge(10, 10));
    assertThrows(NullPointerException.class, () -> new NotTls(null));
    assertEquals("record 1 at offset 0: why", new Malformed("record 1", 0, "why").message());
  }

  private static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex);
  }

  private static int indexOf(byte[] haystack, byte... needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found: " + new String(needle, StandardCharsets.ISO_8859_1));
  }
}
