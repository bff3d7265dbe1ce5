package dev.meshgate.sni;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.sni.ClientHello.KeyShare;
import dev.meshgate.testkit.ClientHelloBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ClientHelloBuilderTest {
  private static final ClientHelloParser PARSER = ClientHelloParser.defaults();

  private static ClientHello parse(byte[] stream) {
    return assertInstanceOf(ClientHello.class, PARSER.parse(stream));
  }

  @Test
  void defaultHelloIsTheDocumentedTls13Hello() {
    byte[] stream = new ClientHelloBuilder().build();
    assertArrayEquals(new byte[] {22, 3, 1}, Arrays.copyOf(stream, 3));
    ClientHello hello = parse(stream);
    assertEquals(Optional.empty(), hello.serverName());
    assertEquals(List.of(), hello.alpnProtocols());
    assertEquals(0x0303, hello.legacyVersion());
    assertEquals(0x0304, hello.highestVersion());
    assertEquals(32, hello.sessionIdLength());
    assertEquals(List.of(0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030), hello.cipherSuites());
    assertEquals(List.of(0), hello.compressionMethods());
    assertEquals(List.of(0x001d, 0x0017), hello.supportedGroups());
    assertEquals(List.of(new KeyShare(0x001d, 32)), hello.keyShares());
    assertEquals(List.of(0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501), hello.signatureAlgorithms());
    assertEquals(List.of(0x0304, 0x0303), hello.supportedVersions());
    assertEquals(List.of(10, 13, 51, 43), hello.extensionTypes());
    assertEquals(1, hello.recordCount());
    assertEquals(stream.length, hello.streamLength());
  }

  @Test
  void extensionsFollowTheDocumentedOrderWithExtrasLast() {
    ClientHello hello = parse(new ClientHelloBuilder().serverName("a.example").alpn("h2")
        .extension(0xfe0d, new byte[] {0}).extension(21, new byte[7]).grease(true).build());
    assertEquals(List.of(0x1a1a, 0, 10, 16, 13, 51, 43, 0x2a2a, 0xfe0d, 21), hello.extensionTypes());
    assertTrue(hello.offersEncryptedClientHello());
    assertEquals(7, hello.paddingLength().getAsInt());
  }

  @Test
  void greasePutsAValueFirstInEveryList() {
    ClientHello hello = parse(new ClientHelloBuilder().grease(true).build());
    assertTrue(hello.hasGrease());
    assertEquals(0x0a0a, hello.cipherSuites().get(0));
    assertEquals(0x3a3a, hello.supportedGroups().get(0));
    assertEquals(new KeyShare(0x3a3a, 1), hello.keyShares().get(0));
    assertEquals(0x5a5a, hello.signatureAlgorithms().get(0));
    assertEquals(0x4a4a, hello.supportedVersions().get(0));
    assertEquals(0x0304, hello.highestVersion());
  }

  @Test
  void emptyListsLeaveTheirExtensionsOut() {
    ClientHello hello = parse(new ClientHelloBuilder().supportedGroups().keyShares()
        .signatureAlgorithms().supportedVersions().build());
    assertEquals(List.of(), hello.extensionTypes());
    assertEquals(0x0303, hello.highestVersion());
  }

  @Test
  void splitAtStartsANewRecordAtEachOffset() {
    byte[] message = new ClientHelloBuilder().buildMessage();
    byte[] stream = new ClientHelloBuilder().splitAt(1, 4, 100).build();
    assertEquals(message.length + 4 * 5, stream.length);
    assertEquals(List.of(1, 3, 96, message.length - 100), recordLengths(stream));
    assertEquals(4, parse(stream).recordCount());
  }

  @Test
  void partsLongerThanTheRecordLimitAreSplitFurther() {
    byte[] stream = new ClientHelloBuilder().extension(21, new byte[20000]).build();
    List<Integer> lengths = recordLengths(stream);
    assertEquals(16384, lengths.get(0));
    assertEquals(2, lengths.size());
    assertInstanceOf(ClientHello.class,
        ClientHelloParser.builder().maxHandshakeLength(65536).build().parse(stream));
  }

  @Test
  void splitOffsetsOutOfOrderOrRangeAreRejected() {
    int length = new ClientHelloBuilder().buildMessage().length;
    assertEquals("splitAt: [5, 3] (expected: strictly increasing offsets in 1.." + (length - 1) + ")",
        assertThrows(IllegalArgumentException.class,
            () -> new ClientHelloBuilder().splitAt(5, 3).build()).getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ClientHelloBuilder().splitAt(0).build());
    assertThrows(IllegalArgumentException.class,
        () -> new ClientHelloBuilder().splitAt(length).build());
  }

  @Test
  void valuesThatCannotBeEncodedAreRejectedWithTheField() {
    assertEquals("legacyVersion: 65536 (expected: 0..65535)", assertThrows(
        IllegalArgumentException.class, () -> new ClientHelloBuilder().legacyVersion(0x10000)).getMessage());
    assertEquals("alpn: 256 bytes (expected: at most 255)", assertThrows(
        IllegalArgumentException.class, () -> new ClientHelloBuilder().alpn("x".repeat(256))).getMessage());
    assertEquals("sessionIdLength: -1 (expected: 0..255)", assertThrows(
        IllegalArgumentException.class, () -> new ClientHelloBuilder().sessionIdLength(-1)).getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new ClientHelloBuilder().serverName("x".repeat(65531)));
  }

  @Test
  void buildCanBeCalledAgainAndSettersReplace() {
    ClientHelloBuilder builder = new ClientHelloBuilder().serverName("a.example");
    assertArrayEquals(builder.build(), builder.build());
    builder.serverName("b.example");
    assertEquals(Optional.of("b.example"), parse(builder.build()).serverName());
  }

  @Test
  void invalidContentIsEncodedForParsersToReject() {
    assertTrue(PARSER.parse(new ClientHelloBuilder().serverName("a\0b").build()).toString()
        .contains("host_name byte 0x00"));
    assertTrue(PARSER.parse(new ClientHelloBuilder().alpn("").build()).toString()
        .endsWith("empty protocol name"));
  }

  @Test
  void frameWrapsACapturedMessageInRecordsOfTheGivenVersion() {
    byte[] message = new ClientHelloBuilder().buildMessage();
    byte[] stream = ClientHelloBuilder.frame(message, 0x0303, 50);
    assertEquals(List.of(50, message.length - 50), recordLengths(stream));
    assertEquals(3, stream[2]);
    assertEquals(parse(new ClientHelloBuilder().build()).cipherSuites(), parse(stream).cipherSuites());
  }

  /** What a round trip builds: every setting the builder offers, within what a parser accepts. */
  record Spec(String serverName, List<String> alpn, int legacyVersion, List<Integer> versions,
      List<Integer> suites, List<Integer> groups, List<ClientHelloBuilder.KeyShare> shares, List<Integer> signatures,
      List<Integer> extras, boolean grease, int sessionIdLength, List<Integer> splits) {

    ClientHelloBuilder builder() {
      ClientHelloBuilder b = new ClientHelloBuilder().serverName(serverName)
          .alpn(alpn.toArray(new String[0])).legacyVersion(legacyVersion)
          .supportedVersions(ints(versions)).cipherSuites(ints(suites))
          .supportedGroups(ints(groups)).keyShares(shares.toArray(new ClientHelloBuilder.KeyShare[0]))
          .signatureAlgorithms(ints(signatures)).grease(grease).sessionIdLength(sessionIdLength);
      for (int type : extras) {
        b.extension(type, new byte[type % 5]);
      }
      return b;
    }
  }

  /** The content half of a Spec; the framing half is added by specs(). */
  record Content(String serverName, List<String> alpn, int legacyVersion, List<Integer> versions,
      List<Integer> suites, List<Integer> groups, List<ClientHelloBuilder.KeyShare> shares, List<Integer> signatures) {}

  @Provide
  Arbitrary<Spec> specs() {
    Arbitrary<String> label = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-_")
        .ofMinLength(1).ofMaxLength(20);
    Arbitrary<String> name = label.list().ofMinSize(1).ofMaxSize(6).map(l -> String.join(".", l))
        .filter(n -> n.length() <= 255).injectNull(0.2);
    Arbitrary<String> protocol = Arbitraries.strings().ascii().ofMinLength(1).ofMaxLength(30);
    Arbitrary<Integer> u16 = Arbitraries.integers().between(0, 0xffff).filter(v -> !ClientHello.isGrease(v));
    Arbitrary<List<Integer>> versions = Arbitraries.of(0x0300, 0x0301, 0x0302, 0x0303, 0x0304)
        .list().uniqueElements().ofMaxSize(5);
    Arbitrary<List<ClientHelloBuilder.KeyShare>> shares = Combinators.combine(u16, Arbitraries.integers().between(1, 200))
        .as(ClientHelloBuilder.KeyShare::new).list().ofMaxSize(4);
    Arbitrary<Content> content = Combinators.combine(name, protocol.list().ofMaxSize(5),
        Arbitraries.of(0x0300, 0x0301, 0x0302, 0x0303), versions, u16.list().ofMinSize(1).ofMaxSize(60),
        u16.list().ofMaxSize(20), shares, u16.list().ofMaxSize(20)).as(Content::new);
    Arbitrary<List<Integer>> extras = Arbitraries.integers().between(0x0100, 0xfdff)
        .filter(v -> !ClientHello.isGrease(v)).list().uniqueElements().ofMaxSize(12);
    return Combinators.combine(content, extras, Arbitraries.of(true, false),
        Arbitraries.integers().between(0, 32), Arbitraries.integers().between(1, 2000).list().ofMaxSize(6))
        .as((c, extra, grease, sessionId, splits) -> new Spec(c.serverName(), c.alpn(),
            c.legacyVersion(), c.versions(), c.suites(), c.groups(), c.shares(), c.signatures(),
            extra, grease, sessionId, splits));
  }

  @Property(tries = 2000)
  void whatTheBuilderBuildsTheParserReadsBack(@ForAll("specs") Spec spec) {
    byte[] message = spec.builder().buildMessage();
    int[] splits = spec.splits().stream().filter(s -> s < message.length)
        .collect(TreeSet<Integer>::new, TreeSet::add, TreeSet::addAll)
        .stream().mapToInt(Integer::intValue).toArray();
    byte[] stream = spec.builder().splitAt(splits).build();
    ClientHello hello = parse(stream);

    assertEquals(Optional.ofNullable(spec.serverName()), hello.serverName());
    assertEquals(spec.alpn(), hello.alpnProtocols());
    assertEquals(spec.legacyVersion(), hello.legacyVersion());
    assertEquals(spec.versions(), withoutGrease(hello.supportedVersions()));
    assertEquals(spec.suites(), withoutGrease(hello.cipherSuites()));
    assertEquals(spec.groups(), withoutGrease(hello.supportedGroups()));
    List<ClientHelloBuilder.KeyShare> shares = new ArrayList<>();
    for (KeyShare share : hello.keyShares()) {
      if (!ClientHello.isGrease(share.group())) {
        shares.add(new ClientHelloBuilder.KeyShare(share.group(), share.keyLength()));
      }
    }
    assertEquals(spec.shares(), shares);
    assertEquals(spec.signatures(), withoutGrease(hello.signatureAlgorithms()));
    List<Integer> types = withoutGrease(hello.extensionTypes());
    assertEquals(spec.extras(), types.subList(types.size() - spec.extras().size(), types.size()));
    assertEquals(spec.grease(), hello.hasGrease());
    assertEquals(spec.sessionIdLength(), hello.sessionIdLength());
    assertEquals(splits.length + 1, hello.recordCount());
    assertEquals(stream.length, hello.streamLength());
    assertEquals(message.length - 4, hello.handshakeLength());
  }

  private static int[] ints(List<Integer> values) {
    return values.stream().mapToInt(Integer::intValue).toArray();
  }

  private static List<Integer> withoutGrease(List<Integer> values) {
    List<Integer> copy = new ArrayList<>(values);
    copy.removeIf(ClientHello::isGrease);
    return copy;
  }

  private static List<Integer> recordLengths(byte[] stream) {
    List<Integer> lengths = new ArrayList<>();
    for (int p = 0; p < stream.length; ) {
      int length = (stream[p + 3] & 0xff) << 8 | (stream[p + 4] & 0xff);
      lengths.add(length);
      p += 5 + length;
    }
    return lengths;
  }
}
