package dev.meshgate.sni.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.meshgate.sni.ClientHello;
import dev.meshgate.sni.ClientHelloParser;
import dev.meshgate.sni.Corpus;
import dev.meshgate.testkit.ClientHelloBuilder;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * However the bytes of a connection are cut into reads, the handler passes on exactly those bytes
 * (hello, then whatever followed it) and reports the same hello as a one-shot parse.
 */
class SniffingHandlerPropertiesTest {

  /** Every hello of the corpus the parser accepts (real and re-framed), and built ones. */
  @Provide
  Arbitrary<byte[]> hellos() {
    List<byte[]> corpus = Corpus.cases().stream()
        .map(c -> ClientHelloParser.defaults().parse(c.bytes()) instanceof ClientHello h
            ? Arrays.copyOf(c.bytes(), h.streamLength()) : null)
        .filter(Objects::nonNull)
        .toList();
    Arbitrary<byte[]> built = Combinators.combine(
            Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(60),
            Arbitraries.integers().between(1, 300).list().ofMaxSize(4))
        .as((name, cuts) -> {
          byte[] message = new ClientHelloBuilder().serverName(name + ".example").alpn("h2")
              .buildMessage();
          int[] offsets = cuts.stream().mapToInt(c -> c % message.length).filter(c -> c > 0)
              .distinct().sorted().toArray();
          return ClientHelloBuilder.frame(message, 0x0301, offsets);
        });
    return Arbitraries.oneOf(Arbitraries.of(corpus), built);
  }

  /** Read sizes: often tiny (splitting record and handshake headers), sometimes large. */
  @Provide
  Arbitrary<List<Integer>> chunks() {
    return Arbitraries.oneOf(
            Arbitraries.integers().between(1, 9),
            Arbitraries.integers().between(1, 700),
            Arbitraries.integers().between(1, 20_000))
        .list().ofMinSize(1).ofMaxSize(60);
  }

  @Property(tries = 1000)
  void anyReadSplitForwardsExactlyTheBytesAndReportsTheSameHello(
      @ForAll("hellos") byte[] hello,
      @ForAll @Size(max = 300) byte[] after,
      @ForAll("chunks") List<Integer> chunks,
      @ForAll boolean direct) {
    byte[] stream = new byte[hello.length + after.length];
    System.arraycopy(hello, 0, stream, 0, hello.length);
    System.arraycopy(after, 0, stream, hello.length, after.length);

    Wire wire = new Wire(ClientHelloSniffer.builder().build()).readInChunks(stream, chunks, direct);

    List<SniffEvent> events = wire.sink.sniffEvents();
    assertEquals(1, events.size(), events.toString());
    assertEquals(ClientHelloParser.defaults().parse(hello),
        assertInstanceOf(SniffEvent.Accepted.class, events.get(0)).result());
    assertArrayEquals(stream, wire.sink.received());
    assertFalse(wire.sniffing());
    wire.closeAndAssertReleased();
  }

  @Property(tries = 300)
  void readsDuringAnAsyncDecisionFollowTheHelloWhereverTheDecisionLands(
      @ForAll("hellos") byte[] hello,
      @ForAll @Size(min = 1, max = 2000) byte[] after,
      @ForAll("chunks") List<Integer> chunks,
      @ForAll @IntRange(min = 0, max = 80) int completeAfterRead) {
    byte[] stream = new byte[hello.length + after.length];
    System.arraycopy(hello, 0, stream, 0, hello.length);
    System.arraycopy(after, 0, stream, hello.length, after.length);
    CompletableFuture<Decision> decision = new CompletableFuture<>();
    Wire wire = new Wire(ClientHelloSniffer.builder()
        .asyncDecider((channel, result) -> decision).build());

    int pos = 0;
    for (int i = 0; pos < stream.length; i++) {
      if (i == completeAfterRead) {
        decision.complete(Decision.forward());
      }
      int n = Math.min(chunks.get(i % chunks.size()), stream.length - pos);
      wire.read(Arrays.copyOfRange(stream, pos, pos + n), i % 2 == 0);
      pos += n;
    }
    decision.complete(Decision.forward());
    wire.channel.runPendingTasks();

    assertEquals(1, wire.sink.sniffEvents().size());
    assertArrayEquals(stream, wire.sink.received());
    wire.closeAndAssertReleased();
  }
}
