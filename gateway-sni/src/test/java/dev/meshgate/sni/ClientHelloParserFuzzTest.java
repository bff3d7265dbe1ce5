package dev.meshgate.sni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.testkit.ClientHelloBuilder;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Hostile input: random bytes and mutated real hellos (bit flips, corrupted length fields,
 * truncation, duplicated extensions, inserted and deleted bytes). Every input gets a typed
 * result, never an exception; a ClientHello answers every accessor; a bound stays within the
 * parser's limit; and a decided result never changes when more bytes follow. 102,000 tries.
 */
class ClientHelloParserFuzzTest {
  private static final ClientHelloParser PARSER = ClientHelloParser.defaults();
  private static final ClientHelloParser TIGHT =
      ClientHelloParser.builder().maxHandshakeLength(512).maxRecords(8).build();

  @Property(tries = 20_000)
  void randomBytesGetATypedResult(@ForAll @Size(max = 600) byte[] input, @ForAll boolean tight) {
    checkInvariants(tight ? TIGHT : PARSER, input);
  }

  @Property(tries = 20_000)
  void randomBytesBehindAHandshakeRecordHeaderGetATypedResult(
      @ForAll @Size(max = 600) byte[] tail, @ForAll boolean tight) {
    byte[] input = Hellos.concat(new byte[] {22, 3, 1, (byte) (tail.length >> 8), (byte) tail.length, 1}, tail);
    checkInvariants(tight ? TIGHT : PARSER, input);
  }

  @Property(tries = 60_000)
  void mutatedRealHellosGetATypedResult(@ForAll("mutants") byte[] input) {
    checkInvariants(PARSER, input);
  }

  @Property(tries = 2_000)
  void aDuplicatedExtensionIsAlwaysMalformed(@ForAll("duplicated") Duplicated d) {
    Malformed m = assertInstanceOf(Malformed.class, PARSER.parse(d.stream()), d.toString());
    assertTrue(m.reason().startsWith("duplicate"), m.message());
  }

  /*
   * A hello over several records of an array is read in place, through the record offsets; from
   * a direct buffer its records are copied together first, the way every multi-record hello was
   * parsed before, so that path is the reference. Real hellos, mutated or not, cut into 1..16
   * records (up to 8 their headers are walked, beyond that mapped) and maybe truncated, must get
   * the same verdict both ways, offsets and reasons included.
   */
  @Property(tries = 20_000)
  void aHelloReadInPlaceAcrossRecordsGetsTheVerdictOfItsRecordsCopiedTogether(
      @ForAll("reframedMutants") byte[] stream) {
    ParseResult inPlace = PARSER.parse(stream);
    ParseResult copied = PARSER.parse(ByteBuffer.allocateDirect(stream.length).put(stream).flip());
    assertEquals(copied.toString(), inPlace.toString());
    assertEquals(copied, inPlace);
    if (inPlace instanceof ClientHello hello) {
      assertFalse(hello.ownsBytes(), "read in place");
      assertEquals(Hellos.fields((ClientHello) copied), Hellos.fields(hello));
      assertEquals(copied.hashCode(), hello.hashCode());
      assertEquals(copied, hello.detach());
      assertTrue(hello.detach().ownsBytes());
    }
  }

  @Provide
  Arbitrary<byte[]> reframedMutants() {
    List<byte[]> messages = Corpus.realHellos().stream()
        .map(c -> Hellos.message(c.bytes())).toList();
    Arbitrary<byte[]> message = Arbitraries.of(messages);
    Arbitrary<byte[]> mutated = Arbitraries.oneOf(
        message,
        message.flatMap(m -> Arbitraries.integers().between(0, m.length * 8 - 1).list()
            .ofMinSize(1).ofMaxSize(3).map(bits -> flipBits(m, bits))),
        message.flatMap(m -> Combinators.combine(Arbitraries.integers().between(0, m.length - 2),
            Arbitraries.integers().between(-4, 4), Arbitraries.integers().between(0, 0xffff),
            Arbitraries.of(true, false)).as((at, delta, value, nudge) -> setU16(m, at, nudge ? delta : value, nudge))),
        message.flatMap(m -> Combinators.combine(Arbitraries.integers().between(0, m.length),
            Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(8))
            .as((at, bytes) -> insert(m, at, bytes))),
        message.flatMap(m -> Combinators.combine(Arbitraries.integers().between(0, m.length - 1),
            Arbitraries.integers().between(1, 8)).as((at, n) -> delete(m, at, n))));
    Arbitrary<byte[]> framed = mutated.flatMap(m -> Arbitraries.integers().between(1, m.length - 1)
        .set().ofMaxSize(Math.min(15, m.length - 1))
        .map(cuts -> ClientHelloBuilder.frame(m, 0x0301,
            new TreeSet<>(cuts).stream().mapToInt(Integer::intValue).toArray())));
    return framed.flatMap(s -> Arbitraries.oneOf(Arbitraries.just(s),
        Arbitraries.integers().between(0, s.length - 1).map(n -> Arrays.copyOf(s, n))));
  }

  private static void checkInvariants(ClientHelloParser parser, byte[] input) {
    ParseResult result = parser.parse(input);
    assertEquals(result, parser.parse(ByteBuffer.allocateDirect(input.length).put(input).flip()),
        "array and direct buffer disagree");
    if (result instanceof ClientHello hello) {
      assertTrue(hello.streamLength() <= input.length);
      assertTrue(hello.handshakeLength() <= parser.maxHandshakeLength());
      assertEquals(Hellos.fields(hello), Hellos.fields(hello.detach()));
    } else if (result instanceof NeedMoreData need) {
      int bound = need.minimumLength();
      assertTrue(bound > input.length, "bound " + bound + " for " + input.length + " bytes");
      assertTrue(bound <= parser.maxStreamLength(), "bound " + bound + " beyond the limit");
    } else if (result instanceof Malformed m) {
      assertTrue(m.offset() <= input.length, m.message());
    }
    if (!(result instanceof NeedMoreData)) {
      byte[] longer = Hellos.concat(input, new byte[] {22, 3, 3, 0, 1, 1});
      assertEquals(result.toString(), parser.parse(longer).toString(), "decided result changed");
    }
  }

  @Provide
  Arbitrary<byte[]> mutants() {
    List<byte[]> hellos = Corpus.completeHellos().stream()
        .map(Corpus.Case::bytes).filter(b -> b.length < 3000).toList();
    Arbitrary<byte[]> hello = Arbitraries.of(hellos);
    return Arbitraries.oneOf(
        hello.flatMap(h -> Arbitraries.integers().between(0, h.length * 8 - 1).list().ofMinSize(1)
            .ofMaxSize(3).map(bits -> flipBits(h, bits))),
        hello.flatMap(h -> Combinators.combine(Arbitraries.integers().between(0, h.length - 2),
            Arbitraries.integers().between(-4, 4), Arbitraries.integers().between(0, 0xffff),
            Arbitraries.of(true, false)).as((at, delta, value, nudge) -> setU16(h, at, nudge ? delta : value, nudge))),
        hello.flatMap(h -> Arbitraries.integers().between(0, h.length).map(n -> Arrays.copyOf(h, n))),
        hello.flatMap(h -> Combinators.combine(Arbitraries.integers().between(0, h.length),
            Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(8))
            .as((at, bytes) -> insert(h, at, bytes))),
        hello.flatMap(h -> Combinators.combine(Arbitraries.integers().between(0, h.length - 1),
            Arbitraries.integers().between(1, 8)).as((at, n) -> delete(h, at, n))));
  }

  /** A single-record real hello with one of its extensions written twice, lengths fixed up. */
  record Duplicated(String id, int index, byte[] stream) {
    @Override
    public String toString() {
      return id + " extension #" + index;
    }
  }

  @Provide
  Arbitrary<Duplicated> duplicated() {
    List<Corpus.Case> hellos = Corpus.realHellos().stream()
        .filter(c -> ((ClientHello) PARSER.parse(c.bytes())).recordCount() == 1)
        .filter(c -> !((ClientHello) PARSER.parse(c.bytes())).offersPreSharedKey())
        .toList();
    return Arbitraries.of(hellos).flatMap(c -> {
      int count = ((ClientHello) PARSER.parse(c.bytes())).extensionTypes().size();
      return Arbitraries.integers().between(0, count - 1)
          .map(i -> new Duplicated(c.id(), i, duplicateExtension(c.bytes(), i)));
    });
  }

  private static byte[] flipBits(byte[] hello, List<Integer> bits) {
    byte[] copy = hello.clone();
    for (int bit : bits) {
      copy[bit / 8] ^= (byte) (1 << (bit % 8));
    }
    return copy;
  }

  private static byte[] setU16(byte[] hello, int at, int value, boolean nudge) {
    byte[] copy = hello.clone();
    int current = (copy[at] & 0xff) << 8 | (copy[at + 1] & 0xff);
    int next = nudge ? (current + value) & 0xffff : value;
    copy[at] = (byte) (next >> 8);
    copy[at + 1] = (byte) next;
    return copy;
  }

  private static byte[] insert(byte[] hello, int at, byte[] bytes) {
    byte[] copy = new byte[hello.length + bytes.length];
    System.arraycopy(hello, 0, copy, 0, at);
    System.arraycopy(bytes, 0, copy, at, bytes.length);
    System.arraycopy(hello, at, copy, at + bytes.length, hello.length - at);
    return copy;
  }

  private static byte[] delete(byte[] hello, int at, int n) {
    int end = Math.min(hello.length, at + n);
    byte[] copy = new byte[hello.length - (end - at)];
    System.arraycopy(hello, 0, copy, 0, at);
    System.arraycopy(hello, end, copy, at, hello.length - end);
    return copy;
  }

  /** Writes extension #index a second time right after itself and fixes the three lengths. */
  static byte[] duplicateExtension(byte[] stream, int index) {
    int body = 9;
    int p = body + 34;
    p += 1 + (stream[p] & 0xff);
    p += 2 + u16(stream, p);
    p += 1 + (stream[p] & 0xff);
    int extensionsLength = p;
    p += 2;
    for (int i = 0; i < index; i++) {
      p += 4 + u16(stream, p + 2);
    }
    int extLength = 4 + u16(stream, p + 2);
    byte[] copy = insert(stream, p + extLength, Arrays.copyOfRange(stream, p, p + extLength));
    addU16(copy, 3, extLength);
    addU24(copy, 6, extLength);
    addU16(copy, extensionsLength, extLength);
    return copy;
  }

  private static int u16(byte[] b, int i) {
    return (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
  }

  private static void addU16(byte[] b, int i, int delta) {
    int v = u16(b, i) + delta;
    b[i] = (byte) (v >> 8);
    b[i + 1] = (byte) v;
  }

  private static void addU24(byte[] b, int i, int delta) {
    int v = ((b[i] & 0xff) << 16 | u16(b, i + 1)) + delta;
    b[i] = (byte) (v >> 16);
    b[i + 1] = (byte) (v >> 8);
    b[i + 2] = (byte) v;
  }
}
