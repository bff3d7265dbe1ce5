package dev.meshgate.sni.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.sni.ClientHello;
import dev.meshgate.sni.ClientHelloParser;
import dev.meshgate.sni.Corpus;
import dev.meshgate.sni.NeedMoreData;
import dev.meshgate.sni.NotTls;
import dev.meshgate.sni.ParseResult;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every capture of the shared corpus, through the handler in one read and one byte at a time,
 * under both not-TLS policies: the handler's outcome is the one-shot parse's, and a forwarded
 * connection passes on the capture exactly. A missing corpus fails the test (see {@link Corpus}).
 */
class CorpusThroughHandlerTest {

  static Stream<Arguments> captures() {
    return Corpus.cases().stream().flatMap(c -> Stream.of(
        Arguments.of(c.id(), c, false, NotTlsPolicy.CLOSE),
        Arguments.of(c.id(), c, true, NotTlsPolicy.CLOSE),
        Arguments.of(c.id(), c, false, NotTlsPolicy.PASS)));
  }

  @ParameterizedTest(name = "{0}, byte by byte: {2}, not TLS: {3}")
  @MethodSource("captures")
  void theHandlerReachesTheOneShotOutcome(
      String id, Corpus.Case c, boolean byteByByte, NotTlsPolicy policy) {
    byte[] bytes = c.bytes();
    ParseResult oneShot = ClientHelloParser.defaults().parse(bytes);
    ClientHelloSniffer sniffer = ClientHelloSniffer.builder().notTls(policy).build();
    Wire wire = new Wire(sniffer)
        .readInChunks(bytes, byteByByte ? Collections.nCopies(bytes.length, 1) : List.of(), byteByByte);
    List<SniffEvent> events = wire.sink.sniffEvents();

    if (oneShot instanceof NeedMoreData) {
      assertEquals(List.of(), events, id + ": still waiting for the rest");
      assertTrue(wire.channel.isOpen(), id);
    } else if (oneShot instanceof ClientHello || (oneShot instanceof NotTls && policy == NotTlsPolicy.PASS)) {
      assertEquals(List.of(new SniffEvent.Accepted(oneShot)), events, id);
      assertArrayEquals(bytes, wire.sink.received(), id + ": every byte passed on");
    } else {
      SniffEvent.Rejected rejected = assertInstanceOf(SniffEvent.Rejected.class, events.get(0), id);
      assertEquals(List.of(new SniffEvent.Rejected(oneShot, oneShot.toString())), events, id);
      assertFalse(wire.channel.isOpen(), id + ": closed");
      assertEquals(0, wire.sink.received().length, id + ": nothing passed on");
      assertEquals(oneShot.toString(), rejected.reason());
    }
    wire.closeAndAssertReleased();
  }
}
