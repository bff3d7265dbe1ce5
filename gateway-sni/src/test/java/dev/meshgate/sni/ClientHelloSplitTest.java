package dev.meshgate.sni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.testkit.ClientHelloBuilder;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * However a real hello is cut into reads or records, the parser waits with a correct bound and
 * then gives the same hello: the class of bug ("tldr.fail") that broke Envoy, HAProxy, ingress-nginx
 * and Netty in turn.
 */
class ClientHelloSplitTest {
  private static final ClientHelloParser PARSER = ClientHelloParser.defaults();

  static Stream<Arguments> realHellos() {
    return Corpus.realHellos().stream().map(c -> Arguments.of(c.id(), c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("realHellos")
  void everyPrefixNeedsMoreDataWithANeverDecreasingBoundThenGivesTheSameHello(
      String id, Corpus.Case c) {
    ClientHello whole = assertInstanceOf(ClientHello.class, PARSER.parse(c.bytes()));
    int total = whole.streamLength();
    int previous = 0;
    for (int n = 0; n < total; n++) {
      NeedMoreData need =
          assertInstanceOf(NeedMoreData.class, PARSER.parse(c.bytes(), 0, n), id + " at " + n);
      assertTrue(need.minimumLength() > n, id + " at " + n + ": bound beyond what is there");
      assertTrue(need.minimumLength() <= total, id + " at " + n + ": bound within the hello");
      assertTrue(need.minimumLength() >= previous, id + " at " + n + ": bound never decreases");
      previous = need.minimumLength();
    }
    assertEquals(whole, PARSER.parse(c.bytes(), 0, total), id);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("realHellos")
  void readingExactlyTheBoundEachTimeEndsExactlyAtTheHello(String id, Corpus.Case c) {
    ByteBuffer direct = ByteBuffer.allocateDirect(c.bytes().length);
    direct.put(c.bytes()).flip();
    int length = 0;
    int reads = 0;
    ParseResult result;
    while ((result = PARSER.parse(direct.duplicate().limit(length))) instanceof NeedMoreData) {
      length = ((NeedMoreData) result).minimumLength();
      reads++;
    }
    ClientHello hello = assertInstanceOf(ClientHello.class, result, id);
    assertEquals(hello.streamLength(), length, id + ": read past the hello");
    assertTrue(reads <= 2 + 2 * hello.recordCount(), id + ": " + reads + " reads");
    assertEquals(Hellos.fields(assertInstanceOf(ClientHello.class, PARSER.parse(c.bytes()))),
        Hellos.fields(hello), id);
  }

  static Stream<Arguments> realHellosInRecords() {
    int walked = HelloReader.WALKED_RECORDS;
    return Corpus.realHellos().stream().flatMap(c -> Stream.of(2, walked, walked + 1, 64)
        .map(records -> Arguments.of(c.id() + " in " + records + " records", c, records)));
  }

  /*
   * Up to WALKED_RECORDS records, a position's record is found by walking the record headers from
   * the first; beyond, through a map of the records' offsets. Both, and the threshold between
   * them, read every field the same, at an offset into the caller's array, and detach the same.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("realHellosInRecords")
  void aHelloReadInPlaceOverEvenlyCutRecordsGivesTheFieldsOfTheWholeOne(
      String name, Corpus.Case c, int records) {
    ClientHello whole = assertInstanceOf(ClientHello.class, PARSER.parse(c.bytes()));
    byte[] message = Hellos.message(c.bytes());
    int[] cuts = new int[records - 1];
    for (int i = 0; i < cuts.length; i++) {
      cuts[i] = (int) ((long) message.length * (i + 1) / records);
    }
    byte[] stream = Hellos.concat(new byte[3], ClientHelloBuilder.frame(message, 0x0301, cuts));
    ClientHello hello = assertInstanceOf(ClientHello.class,
        PARSER.parse(stream, 3, stream.length - 3), name);
    assertEquals(records, hello.recordCount(), name);
    assertEquals(Hellos.fields(whole), Hellos.fields(hello), name);
    assertEquals(Hellos.fields(whole), Hellos.fields(hello.detach()), name);
    assertEquals(hello, hello.detach(), name);
  }

  /** A real hello's handshake message, cut into records at random offsets, read through a random kind of buffer. */
  record Refragmented(String id, byte[] message, int[] splits, int bufferKind) {
    @Override
    public String toString() {
      return id + " split at " + java.util.Arrays.toString(splits) + " via " + bufferKind;
    }
  }

  @Provide
  Arbitrary<Refragmented> refragmented() {
    List<Corpus.Case> hellos = Corpus.realHellos();
    return Arbitraries.of(hellos).flatMap(c -> {
      byte[] message = Hellos.message(c.bytes());
      Arbitrary<int[]> splits = Arbitraries.integers().between(1, message.length - 1)
          .set().ofMaxSize(Math.min(40, message.length - 1))
          .map(s -> new TreeSet<>(s).stream().mapToInt(Integer::intValue).toArray());
      return Combinators.combine(splits, Arbitraries.integers().between(0, 2))
          .as((cuts, kind) -> new Refragmented(c.id(), message, cuts, kind));
    });
  }

  @Property(tries = 3000)
  void everyRefragmentationOfARealHelloGivesTheSameFields(
      @ForAll("refragmented") Refragmented r) {
    byte[] original = Corpus.get(r.id()).bytes();
    ClientHello expected = (ClientHello) PARSER.parse(original);
    byte[] stream = ClientHelloBuilder.frame(r.message(), 0x0301, r.splits());
    ParseResult result = switch (r.bufferKind()) {
      case 0 -> PARSER.parse(stream);
      case 1 -> PARSER.parse(ByteBuffer.wrap(Hellos.concat(new byte[7], stream)).position(7));
      default -> PARSER.parse(ByteBuffer.allocateDirect(stream.length).put(stream).flip());
    };
    ClientHello hello = assertInstanceOf(ClientHello.class, result, r.toString());
    assertEquals(Hellos.fields(expected), Hellos.fields(hello), r.toString());
    assertEquals(r.splits().length + 1, hello.recordCount(), r.toString());
    assertEquals(stream.length, hello.streamLength(), r.toString());
    assertEquals(r.bufferKind() == 2, hello.ownsBytes(), r.toString());
  }
}
