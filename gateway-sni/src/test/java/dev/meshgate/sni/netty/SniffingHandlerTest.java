package dev.meshgate.sni.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.sni.ClientHello;
import dev.meshgate.sni.ClientHelloParser;
import dev.meshgate.sni.Malformed;
import dev.meshgate.sni.NeedMoreData;
import dev.meshgate.sni.NotTls;
import dev.meshgate.sni.ParseResult;
import dev.meshgate.sni.TooLarge;
import dev.meshgate.testkit.ClientHelloBuilder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SniffingHandlerTest {
  private static final byte[] HELLO =
      new ClientHelloBuilder().serverName("web.default.dc1.internal.example.consul").alpn("h2").build();
  private static final byte[] HTTP =
      "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final ClientHelloSniffer FORWARD_ALL = ClientHelloSniffer.builder().build();

  private static ClientHello parse(byte[] stream) {
    return assertInstanceOf(ClientHello.class, ClientHelloParser.defaults().parse(stream));
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] all = new byte[length];
    int pos = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, all, pos, part.length);
      pos += part.length;
    }
    return all;
  }

  private static void assertAccepted(Wire wire, ParseResult expected) {
    List<SniffEvent> events = wire.sink.sniffEvents();
    assertEquals(1, events.size(), events.toString());
    assertEquals(expected, assertInstanceOf(SniffEvent.Accepted.class, events.get(0)).result());
    assertFalse(wire.sniffing(), "the handler removed itself");
  }

  private static SniffEvent.Rejected assertRejectedAndClosed(Wire wire) {
    List<SniffEvent> events = wire.sink.sniffEvents();
    assertEquals(1, events.size(), events.toString());
    assertFalse(wire.channel.isOpen(), "closed");
    assertEquals(0, wire.sink.received().length, "nothing passed on");
    wire.alloc.assertAllReleased();
    return assertInstanceOf(SniffEvent.Rejected.class, events.get(0));
  }

  // ---- forwarding ----

  @ParameterizedTest(name = "direct={0}")
  @ValueSource(booleans = {false, true})
  void forwardsAHelloReadAtOnceUntouchedThenRemovesItself(boolean direct) {
    Wire wire = new Wire(FORWARD_ALL).read(HELLO, direct);
    assertAccepted(wire, parse(HELLO));
    assertArrayEquals(HELLO, wire.sink.received());
    assertEquals(1, wire.sink.byteMessages, "the read buffer itself is passed on");
    assertEquals(List.of("event", "bytes", "readComplete"), wire.sink.order);
    assertEquals(1, wire.handler.parses());
    wire.closeAndAssertReleased();
  }

  @ParameterizedTest(name = "direct={0}")
  @ValueSource(booleans = {false, true})
  void aSynchronousDeciderAndTheEventReadTheHelloInPlaceAndADetachedCopyOutlivesTheBuffers(boolean direct) {
    List<ClientHello> decided = new ArrayList<>();
    List<ClientHello> kept = new ArrayList<>();
    ClientHelloSniffer sniffer = ClientHelloSniffer.builder()
        .decider((channel, result) -> {
          ClientHello hello = (ClientHello) result;
          decided.add(hello);
          kept.add(hello.detach());
          return Decision.forward();
        })
        .build();
    Wire wire = new Wire(sniffer).read(HELLO, direct);
    ClientHello given = decided.get(0);
    assertFalse(given.ownsBytes(), "no copy of the hello: it reads the received bytes (or this thread's scratch)");
    assertEquals(List.of(true), wire.sink.acceptedInPlace, "the event's hello reads the bytes too");
    assertArrayEquals(HELLO, wire.sink.received(), "the buffers went on untouched");
    wire.closeAndAssertReleased();
    ClientHello expected = parse(HELLO);
    ClientHello detached = kept.get(0);
    assertTrue(detached.ownsBytes());
    assertEquals(expected, detached);
    assertEquals(expected.alpnProtocols(), detached.alpnProtocols());
    assertEquals(expected.ja4(), detached.ja4());
  }

  @Test
  void theDirectBufferOfAOneReadHelloIsForwardedItselfNotACopy() {
    Wire wire = new Wire(FORWARD_ALL);
    int before = wire.alloc.count();
    wire.read(HELLO, true);
    assertEquals(before + 1, wire.alloc.count(), "only the test's own read buffer was ever allocated");
    assertEquals(HELLO.length, wire.sink.received().length);
    wire.closeAndAssertReleased();
  }

  @Test
  void aRejectedHelloAndAnAsynchronousDecidersHelloOwnTheirBytes() {
    Wire rejected = new Wire(ClientHelloSniffer.builder()
        .decider((channel, result) -> Decision.close("not today")).build()).read(HELLO, true);
    ClientHello inEvent = (ClientHello) assertRejectedAndClosed(rejected).result();
    assertTrue(inEvent.ownsBytes(), "the Rejected event follows the release of the bytes");
    assertEquals(parse(HELLO).ja4(), inEvent.ja4());

    List<ClientHello> decided = new ArrayList<>();
    Wire async = new Wire(ClientHelloSniffer.builder().asyncDecider((channel, result) -> {
      decided.add((ClientHello) result);
      return CompletableFuture.completedFuture(Decision.forward());
    }).build()).read(HELLO, true);
    assertTrue(decided.get(0).ownsBytes(), "an asynchronous decider may keep it past the bytes");
    assertArrayEquals(HELLO, async.sink.received());
    async.closeAndAssertReleased();
  }

  @Test
  void aDeciderThatClosesTheChannelGivesTheScratchBackForTheNextConnection() {
    new Wire(ClientHelloSniffer.builder().decider((channel, result) -> {
      channel.close();
      return Decision.forward();
    }).build()).read(HELLO, true).closeAndAssertReleased();
    List<ClientHello> decided = new ArrayList<>();
    new Wire(ClientHelloSniffer.builder().decider((channel, result) -> {
      decided.add((ClientHello) result);
      return Decision.forward();
    }).build()).read(HELLO, true).closeAndAssertReleased();
    assertFalse(decided.get(0).ownsBytes(), "parsed through the scratch array again, so it was given back");
  }

  @ParameterizedTest(name = "direct={0}")
  @ValueSource(booleans = {false, true})
  void aDeciderThatRemovesTheHandlerStillReadsItsHelloWhileTheNextHandlerOwnsWhatItGot(boolean direct) {
    ClientHello expected = parse(HELLO);
    List<String> readAfterRemoval = new ArrayList<>();
    Wire[] wire = new Wire[1];
    wire[0] = new Wire(ClientHelloSniffer.builder().decider((channel, result) -> {
      channel.pipeline().remove("sniffer"); // the sink gets the bytes now, scribbles over and releases them
      ClientHello hello = (ClientHello) result;
      readAfterRemoval.add(hello.alpnProtocols() + " " + hello.ja4());
      return Decision.forward();
    }).build()).read(HELLO, direct);
    assertEquals(List.of(expected.alpnProtocols() + " " + expected.ja4()), readAfterRemoval);
    assertArrayEquals(HELLO, wire[0].sink.received(), "the next handler got every byte, once");
    wire[0].closeAndAssertReleased();
  }

  @ParameterizedTest(name = "direct={0}")
  @ValueSource(booleans = {false, true})
  void aDeciderThatClosesTheChannelStillReadsItsHelloAndNothingLeaksOnceItReturns(boolean direct) {
    ClientHello expected = parse(HELLO);
    List<String> readAfterClose = new ArrayList<>();
    List<Integer> references = new ArrayList<>();
    Wire[] wire = new Wire[1];
    wire[0] = new Wire(ClientHelloSniffer.builder().decider((channel, result) -> {
      channel.close();
      references.add(wire[0].alloc.allocated(wire[0].alloc.count() - 1).refCnt());
      ClientHello hello = (ClientHello) result;
      readAfterClose.add(hello.alpnProtocols() + " " + hello.ja4());
      return Decision.forward();
    }).build());
    wire[0].read(HELLO, direct);
    assertEquals(List.of(expected.alpnProtocols() + " " + expected.ja4()), readAfterClose);
    assertEquals(direct ? List.of(0) : List.of(1), references,
        "a heap read the hello points into is kept until the decider returns; a direct one was copied");
    wire[0].closeAndAssertReleased();
  }

  @Test
  void aNestedSniffOnTheSameThreadCopiesInsteadOfOverwritingTheHelloBeingDecided() {
    byte[] other = new ClientHelloBuilder().serverName("api.default.dc1.internal.example.consul").alpn("http/1.1")
        .build();
    List<ClientHello> inner = new ArrayList<>();
    List<String> outerAfterInner = new ArrayList<>();
    ClientHelloSniffer innerSniffer = ClientHelloSniffer.builder().decider((channel, result) -> {
      inner.add((ClientHello) result);
      return Decision.forward();
    }).build();
    ClientHelloSniffer outer = ClientHelloSniffer.builder().decider((channel, result) -> {
      new Wire(innerSniffer).read(other, true).closeAndAssertReleased();
      ClientHello hello = (ClientHello) result;
      outerAfterInner.add(hello.serverName().orElseThrow() + " " + hello.alpnProtocols() + " " + hello.ja4());
      return Decision.forward();
    }).build();
    new Wire(outer).read(HELLO, true).closeAndAssertReleased();
    ClientHello expected = parse(HELLO);
    assertEquals(List.of(expected.serverName().orElseThrow() + " " + expected.alpnProtocols() + " " + expected.ja4()),
        outerAfterInner);
    assertTrue(inner.get(0).ownsBytes(), "the scratch array was taken: the nested parse copied");
    assertEquals(parse(other), inner.get(0));
  }

  @Test
  void bytesAfterTheHelloInTheSameReadFollowIt() {
    byte[] stream = concat(HELLO, HTTP);
    Wire wire = new Wire(FORWARD_ALL).read(stream);
    assertAccepted(wire, parse(HELLO));
    assertArrayEquals(stream, wire.sink.received());
    wire.closeAndAssertReleased();
  }

  @Test
  void aReadThatCompletesTheHelloAndCarriesMoreIsPassedOnAfterTheReassembledPart() {
    byte[] extra = new byte[3000];
    Arrays.fill(extra, (byte) 0x17);
    byte[] stream = concat(HELLO, extra);
    Wire wire = new Wire(FORWARD_ALL).readInChunks(stream, List.of(10, stream.length), false);
    assertAccepted(wire, parse(HELLO));
    assertArrayEquals(stream, wire.sink.received());
    assertEquals(2, wire.sink.byteMessages, "the hello's buffer, then the rest of the read");
    wire.closeAndAssertReleased();
  }

  @Test
  void aHelloSplitOverRecordsAndReadsIsReassembledAndForwardedAsSent() {
    byte[] split = new ClientHelloBuilder().serverName("api.example.com").splitAt(7, 50, 51).build();
    Wire wire = new Wire(FORWARD_ALL).readInChunks(split, List.of(3, 4, 30, 1, 1, 2), true);
    assertAccepted(wire, parse(split));
    assertArrayEquals(split, wire.sink.received());
    wire.closeAndAssertReleased();
  }

  @Test
  void aClientSendingOneByteAtATimeCostsAFewParsesNotOnePerByte() {
    Wire wire = new Wire(FORWARD_ALL).readInChunks(HELLO, Collections.nCopies(HELLO.length, 1), false);
    assertAccepted(wire, parse(HELLO));
    assertArrayEquals(HELLO, wire.sink.received());
    // 1 byte: need the 9-byte headers; 9 bytes: need the whole record; the record: done.
    assertEquals(3, wire.handler.parses());
    wire.closeAndAssertReleased();
  }

  @Test
  void aHelloInOneByteRecordsSentOneByteAtATimeParsesOncePerRecordAtMost() {
    byte[] message = new ClientHelloBuilder().serverName("a.example").buildMessage();
    int[] cuts = new int[message.length - 1];
    for (int i = 0; i < cuts.length; i++) {
      cuts[i] = i + 1;
    }
    byte[] stream = ClientHelloBuilder.frame(message, 0x0301, cuts);
    Wire wire = new Wire(FORWARD_ALL).readInChunks(stream, Collections.nCopies(stream.length, 1), false);
    assertAccepted(wire, parse(stream));
    assertArrayEquals(stream, wire.sink.received());
    assertTrue(wire.handler.parses() <= message.length + 2,
        wire.handler.parses() + " parses for " + message.length + " records of 6 bytes");
    wire.closeAndAssertReleased();
  }

  @Test
  void aFewBytesDeclaringALargeHelloCannotMakeTheHandlerAllocateForIt() {
    byte[] header = {0x16, 0x03, 0x01, 0x40, 0x00, 0x01, 0x00, 0x3f, (byte) 0xfc};
    Wire wire = new Wire(FORWARD_ALL).read(header);
    assertTrue(wire.channel.isOpen(), "a 16 KiB hello is within the limit: waiting for it");
    assertEquals(2, wire.alloc.count(), "the read, and the handler's buffer");
    assertEquals(64, wire.alloc.allocated(1).capacity(), "sized from the 9 bytes sent, not 16 KiB");
    wire.closeAndAssertReleased();
  }

  @Test
  void theReassemblyBufferIsSizedSoATwoReadHelloIsCopiedOnce() {
    Wire wire = new Wire(FORWARD_ALL).readInChunks(HELLO, List.of(HELLO.length / 2), true);
    assertAccepted(wire, parse(HELLO));
    assertEquals(List.of(HELLO.length), wire.sink.capacities, "never regrown");
    wire.closeAndAssertReleased();
  }

  @Test
  void theDeciderCanAddTheHandlersThatServeTheConnectionAndTheyGetTheEventThenTheBytes() {
    Wire.Sink route = new Wire.Sink();
    ClientHelloSniffer sniffer = ClientHelloSniffer.builder()
        .decider((channel, result) -> {
          channel.pipeline().addBefore("sink", "route", route);
          return Decision.forward();
        })
        .build();
    Wire wire = new Wire(sniffer).read(HELLO);
    assertEquals(List.of("event", "bytes", "readComplete"), route.order);
    assertArrayEquals(HELLO, route.received());
    wire.closeAndAssertReleased();
  }

  @Test
  void aHandlerClosingTheChannelOnTheAcceptedEventGetsNoBytesAndNothingLeaks() {
    Wire wire = new Wire(FORWARD_ALL);
    wire.channel.pipeline().addBefore("sink", "closer", new ChannelInboundHandlerAdapter() {
      @Override
      public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        ctx.close();
        ctx.fireUserEventTriggered(evt);
      }
    });
    wire.read(HELLO);
    assertFalse(wire.channel.isOpen());
    assertEquals(0, wire.sink.received().length);
    wire.closeAndAssertReleased();
  }

  // ---- not TLS ----

  @Test
  void notTlsIsRejectedAndClosedByDefault() {
    Wire wire = new Wire(FORWARD_ALL).read(HTTP);
    SniffEvent.Rejected rejected = assertRejectedAndClosed(wire);
    assertInstanceOf(NotTls.class, rejected.result());
    assertEquals("not TLS: first byte 0x47 is not the handshake content type 22", rejected.reason());
  }

  @Test
  void notTlsUnderThePassPolicyGoesToTheDeciderAndOnAsPlaintext() {
    List<ParseResult> decided = new ArrayList<>();
    ClientHelloSniffer sniffer = ClientHelloSniffer.builder()
        .notTls(NotTlsPolicy.PASS)
        .decider((channel, result) -> {
          decided.add(result);
          return Decision.forward();
        })
        .build();
    Wire wire = new Wire(sniffer).readInChunks(HTTP, List.of(1, 5), false);
    NotTls notTls = new NotTls("first byte 0x47 is not the handshake content type 22");
    assertEquals(List.of(notTls), decided);
    assertAccepted(wire, notTls);
    assertArrayEquals(HTTP, wire.sink.received());
    wire.closeAndAssertReleased();
  }

  @Test
  void notTlsUnderThePassPolicyCanStillBeClosedByTheDecider() {
    ClientHelloSniffer sniffer = ClientHelloSniffer.builder()
        .notTls(NotTlsPolicy.PASS)
        .decider((channel, result) -> result instanceof NotTls
            ? Decision.close("plaintext is not allowed here") : Decision.forward())
        .build();
    SniffEvent.Rejected rejected = assertRejectedAndClosed(new Wire(sniffer).read(HTTP));
    assertEquals("plaintext is not allowed here", rejected.reason());
  }

  // ---- malformed and too large ----

  @Test
  void aMalformedHelloIsRejectedWithItsReasonAndClosed() {
    byte[] bad = new ClientHelloBuilder().serverName("a b").build();
    Wire wire = new Wire(FORWARD_ALL).readInChunks(bad, List.of(20), false);
    SniffEvent.Rejected rejected = assertRejectedAndClosed(wire);
    assertInstanceOf(Malformed.class, rejected.result());
    assertEquals("server_name at offset 106: host_name byte 0x20 is not printable ASCII"
        + " (expected: 0x21..0x7e)", rejected.reason());
  }

  @Test
  void aHelloDeclaringMoreThanTheLimitIsRejectedFromItsHeaderAlone() {
    byte[] header = {0x16, 0x03, 0x01, 0x40, 0x00, 0x01, 0x00, 0x40, 0x01};
    Wire wire = new Wire(FORWARD_ALL).readInChunks(header, List.of(4, 5), false);
    SniffEvent.Rejected rejected = assertRejectedAndClosed(wire);
    assertEquals(new TooLarge(16385, 16384), rejected.result());
    assertEquals("ClientHello declares 16385 bytes, more than the limit of 16384", rejected.reason());
  }


  // ---- timeout ----

  @Test
  void aSilentClientTimesOutAfterTenSecondsAndNotBefore() {
    Wire wire = new Wire(FORWARD_ALL);
    wire.advance(9_999);
    assertTrue(wire.channel.isOpen());
    assertEquals(List.of(), wire.sink.events);
    wire.advance(1);
    assertEquals(List.of(new SniffEvent.TimedOut(Duration.ofSeconds(10), 0)), wire.sink.sniffEvents());
    assertFalse(wire.channel.isOpen());
    wire.closeAndAssertReleased();
  }

  @Test
  void aPartialHelloTimesOutAfterTheConfiguredTimeoutAndItsBytesAreReleased() {
    ClientHelloSniffer sniffer =
        ClientHelloSniffer.builder().handshakeTimeout(Duration.ofMillis(250)).build();
    Wire wire = new Wire(sniffer).readInChunks(Arrays.copyOf(HELLO, 100), List.of(60, 40), true);
    wire.advance(250);
    assertEquals(List.of(new SniffEvent.TimedOut(Duration.ofMillis(250), 100)), wire.sink.sniffEvents());
    assertFalse(wire.channel.isOpen());
    assertEquals(0, wire.sink.received().length);
    wire.alloc.assertAllReleased();
  }

  @Test
  void theTimeoutIsCancelledOnceTheConnectionIsForwarded() {
    Wire wire = new Wire(FORWARD_ALL).read(HELLO);
    wire.advance(Duration.ofHours(2).toMillis());
    assertEquals(1, wire.sink.sniffEvents().size());
    assertTrue(wire.channel.isOpen());
    assertFalse(wire.channel.hasPendingTasks(), "no timer left behind");
    wire.closeAndAssertReleased();
  }

  // ---- the decider closes or fails ----

  @Test
  void aDeciderThatClosesGetsTheConnectionRejectedWithItsReason() {
    ClientHelloSniffer sniffer = ClientHelloSniffer.builder()
        .decider((channel, result) -> Decision.close("no route for "
            + ((ClientHello) result).serverName().orElse("")))
        .build();
    SniffEvent.Rejected rejected = assertRejectedAndClosed(new Wire(sniffer).read(concat(HELLO, HTTP)));
    assertEquals(parse(HELLO), rejected.result());
    assertEquals("no route for web.default.dc1.internal.example.consul", rejected.reason());
  }

  @Test
  void aDeciderThatThrowsFailsClosedAndTheExceptionIsPassedOn() {
    IllegalStateException boom = new IllegalStateException("boom");
    ClientHelloSniffer sniffer = ClientHelloSniffer.builder()
        .decider((channel, result) -> {
          throw boom;
        })
        .build();
    Wire wire = new Wire(sniffer).read(HELLO);
    SniffEvent.Rejected rejected = assertRejectedAndClosed(wire);
    assertEquals("decider failed: java.lang.IllegalStateException: boom", rejected.reason());
    assertEquals(List.of(boom), wire.sink.exceptions);
  }

  @Test
  void aDeciderThatReturnsNullFailsClosed() {
    ClientHelloSniffer sniffer = ClientHelloSniffer.builder().decider((channel, result) -> null).build();
    Wire wire = new Wire(sniffer).read(HELLO);
    assertEquals("decider failed: java.lang.NullPointerException: the decider returned null",
        assertRejectedAndClosed(wire).reason());
  }

  @Test
  void aDeciderThatClosesTheChannelItselfGetsNothingForwardedAndNothingLeaks() {
    ClientHelloSniffer sniffer = ClientHelloSniffer.builder()
        .decider((channel, result) -> {
          channel.close();
          return Decision.forward();
        })
        .build();
    Wire wire = new Wire(sniffer).read(HELLO);
    assertEquals(0, wire.sink.received().length);
    assertEquals(List.of(), wire.sink.sniffEvents());
    wire.closeAndAssertReleased();
  }

  // ---- asynchronous decisions ----

  @Test
  void readsArrivingWhileAnAsyncDecisionIsPendingAreHeldAndFollowTheHelloInOrder() throws Exception {
    CompletableFuture<Decision> decision = new CompletableFuture<>();
    ClientHelloSniffer sniffer =
        ClientHelloSniffer.builder().asyncDecider((channel, result) -> decision).build();
    byte[] early = "early data".getBytes(StandardCharsets.US_ASCII);
    byte[] more = "and more".getBytes(StandardCharsets.US_ASCII);
    Wire wire = new Wire(sniffer).readInChunks(concat(HELLO, early), List.of(100, HELLO.length), false);
    int readsBefore = wire.reads.reads;
    wire.read(more);
    wire.channel.read();
    wire.channel.read();
    assertEquals(readsBefore, wire.reads.reads, "reads are held back while deciding");
    assertEquals(List.of(), wire.sink.order, "nothing passes while deciding");

    Thread completer = new Thread(() -> decision.complete(Decision.forward()));
    completer.start();
    completer.join();
    wire.channel.runPendingTasks(); // the completion hops back onto the event loop

    assertAccepted(wire, parse(HELLO));
    assertArrayEquals(concat(HELLO, early, more), wire.sink.received());
    assertEquals(List.of("event", "bytes", "bytes", "bytes", "readComplete"), wire.sink.order);
    assertEquals(readsBefore + 1, wire.reads.reads, "one held-back read is issued");
    wire.closeAndAssertReleased();
  }

  @Test
  void anAsyncDecisionAlreadyCompleteForwardsWithinTheSameRead() {
    ClientHelloSniffer sniffer = ClientHelloSniffer.builder()
        .asyncDecider((channel, result) -> CompletableFuture.completedFuture(Decision.forward()))
        .build();
    Wire wire = new Wire(sniffer).read(HELLO);
    assertAccepted(wire, parse(HELLO));
    assertEquals(List.of("event", "bytes", "readComplete"), wire.sink.order);
    wire.closeAndAssertReleased();
  }

  @Test
  void anAsyncDecisionThatFailsClosesTheConnection() {
    CompletableFuture<Decision> decision = new CompletableFuture<>();
    ClientHelloSniffer sniffer =
        ClientHelloSniffer.builder().asyncDecider((channel, result) -> decision).build();
    Wire wire = new Wire(sniffer).read(HELLO).read(HTTP);
    decision.completeExceptionally(new IllegalStateException("catalog unavailable"));
    wire.channel.runPendingTasks();
    assertEquals("decider failed: java.lang.IllegalStateException: catalog unavailable",
        assertRejectedAndClosed(wire).reason());
  }

  @Test
  void anAsyncDecisionToCloseFromAnotherThreadRejectsWithItsReason() throws Exception {
    CompletableFuture<Decision> decision = new CompletableFuture<>();
    ClientHelloSniffer sniffer =
        ClientHelloSniffer.builder().asyncDecider((channel, result) -> decision).build();
    Wire wire = new Wire(sniffer).read(HELLO);
    Thread completer = new Thread(() -> decision.complete(Decision.close("denied")));
    completer.start();
    completer.join();
    wire.channel.runPendingTasks();
    assertEquals("denied", assertRejectedAndClosed(wire).reason());
  }

  @Test
  void anAsyncDecisionThatNeverCompletesTimesOutAndALateAnswerChangesNothing() {
    CompletableFuture<Decision> decision = new CompletableFuture<>();
    ClientHelloSniffer sniffer =
        ClientHelloSniffer.builder().asyncDecider((channel, result) -> decision).build();
    Wire wire = new Wire(sniffer).read(HELLO).read(HTTP);
    wire.advance(10_000);
    assertEquals(List.of(new SniffEvent.TimedOut(Duration.ofSeconds(10), HELLO.length + HTTP.length)),
        wire.sink.sniffEvents());
    decision.complete(Decision.forward());
    wire.channel.runPendingTasks();
    assertEquals(1, wire.sink.sniffEvents().size());
    assertEquals(0, wire.sink.received().length);
    wire.closeAndAssertReleased();
  }

  @Test
  void moreBytesThanTheStreamLimitWhileDecidingCloseTheConnection() {
    ClientHelloParser parser = ClientHelloParser.builder().maxRecords(1).maxHandshakeLength(512).build();
    ClientHelloSniffer sniffer = ClientHelloSniffer.builder()
        .parser(parser)
        .asyncDecider((channel, result) -> new CompletableFuture<>())
        .build();
    int limit = parser.maxStreamLength();
    byte[] helloAndMore = concat(HELLO, new byte[limit]); // the rest of a read is not "pending"
    Wire wire = new Wire(sniffer).readInChunks(helloAndMore, List.of(100), false)
        .read(new byte[limit - 1]);
    assertTrue(wire.channel.isOpen(), "up to the limit is held");
    wire.read(new byte[2]);
    SniffEvent.Rejected rejected = assertRejectedAndClosed(wire);
    assertEquals(parse(HELLO), rejected.result());
    assertEquals("more than " + limit + " bytes arrived while the decision was pending",
        rejected.reason());
  }

  // ---- closed, failed or removed before a decision ----

  @Test
  void aChannelClosedMidHelloReleasesEverythingAndFiresNoEvent() {
    Wire wire = new Wire(FORWARD_ALL).readInChunks(Arrays.copyOf(HELLO, 200), List.of(50, 50, 50), false);
    wire.closeAndAssertReleased();
    assertEquals(List.of(), wire.sink.events);
    assertEquals(List.of("inactive"), wire.sink.order);
  }

  @Test
  void aChannelClosedWhileDecidingReleasesTheHeldReadsAndIgnoresTheLateAnswer() {
    CompletableFuture<Decision> decision = new CompletableFuture<>();
    ClientHelloSniffer sniffer =
        ClientHelloSniffer.builder().asyncDecider((channel, result) -> decision).build();
    Wire wire = new Wire(sniffer).read(HELLO).read(HTTP);
    wire.closeAndAssertReleased();
    decision.complete(Decision.forward());
    wire.channel.runPendingTasks();
    assertEquals(List.of(), wire.sink.events);
    assertEquals(0, wire.sink.received().length);
  }

  @Test
  void anExceptionMidHelloReleasesClosesAndIsPassedOn() {
    Wire wire = new Wire(FORWARD_ALL).read(Arrays.copyOf(HELLO, 50));
    IllegalStateException failure = new IllegalStateException("socket reset");
    wire.channel.pipeline().fireExceptionCaught(failure);
    assertFalse(wire.channel.isOpen());
    assertEquals(List.of(failure), wire.sink.exceptions);
    wire.alloc.assertAllReleased();
  }

  @ParameterizedTest(name = "direct={0}")
  @ValueSource(booleans = {false, true})
  void removingTheHandlerMidHelloPassesTheBytesItHeldToTheNextHandler(boolean direct) {
    byte[] half = Arrays.copyOf(HELLO, HELLO.length / 2);
    Wire wire = new Wire(FORWARD_ALL).readInChunks(half, List.of(50, 50), direct);
    assertEquals(0, wire.sink.received().length, "held while sniffing");
    wire.channel.pipeline().remove("sniffer");
    assertArrayEquals(half, wire.sink.received());
    assertEquals(List.of("bytes", "readComplete"), wire.sink.order);
    assertEquals(List.of(), wire.sink.events);
    assertTrue(wire.channel.isOpen());
    wire.alloc.assertAllReleased();
    wire.advance(ClientHelloSniffer.DEFAULT_HANDSHAKE_TIMEOUT.toMillis() + 1);
    assertTrue(wire.channel.isOpen(), "the handshake timeout went with the handler");
    wire.read(HTTP);
    assertArrayEquals(concat(half, HTTP), wire.sink.received());
    wire.closeAndAssertReleased();
  }

  @Test
  void removingTheHandlerWhileDecidingPassesTheHelloAndLaterReadsToTheNextHandler() {
    CompletableFuture<Decision> decision = new CompletableFuture<>();
    ClientHelloSniffer sniffer =
        ClientHelloSniffer.builder().asyncDecider((channel, result) -> decision).build();
    Wire wire = new Wire(sniffer).read(HELLO).read(HTTP);
    wire.channel.pipeline().remove("sniffer");
    assertArrayEquals(concat(HELLO, HTTP), wire.sink.received());
    decision.complete(Decision.close("too late"));
    wire.channel.runPendingTasks();
    assertTrue(wire.channel.isOpen(), "a late answer is ignored");
    assertEquals(List.of(), wire.sink.events);
    wire.closeAndAssertReleased();
  }

  @Test
  void aClientShuttingItsOutputDownMidHelloIsRejected() {
    Wire wire = new Wire(FORWARD_ALL).read(Arrays.copyOf(HELLO, 3));
    wire.channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
    List<Object> events = wire.sink.events;
    assertEquals(new SniffEvent.Rejected(new NeedMoreData(9),
        "input shut down after 3 bytes, before a complete ClientHello"), events.get(0));
    assertSame(ChannelInputShutdownEvent.INSTANCE, events.get(1));
    assertFalse(wire.channel.isOpen());
    wire.alloc.assertAllReleased();
  }

  // ---- other messages, auto-read ----

  @Test
  void aMessageBeforeAnyByteIsPassedStraightThrough() {
    Object proxyHeader = "PROXY TCP4 192.0.2.1 192.0.2.2 5000 443";
    Wire wire = new Wire(FORWARD_ALL);
    wire.channel.pipeline().fireChannelRead(proxyHeader).fireChannelReadComplete();
    wire.read(HELLO);
    assertEquals(List.of(proxyHeader), wire.sink.otherMessages);
    assertEquals(List.of("message", "readComplete", "event", "bytes", "readComplete"), wire.sink.order);
    wire.closeAndAssertReleased();
  }

  @Test
  void aMessageInTheMiddleOfTheHelloFailsClosed() {
    Wire wire = new Wire(FORWARD_ALL).read(Arrays.copyOf(HELLO, 50));
    wire.channel.pipeline().fireChannelRead("surprise");
    SniffEvent.Rejected rejected = assertRejectedAndClosed(wire);
    assertEquals(new NeedMoreData(HELLO.length), rejected.result());
    assertEquals("pipeline failed: java.lang.IllegalStateException: a java.lang.String message"
        + " arrived in the middle of the ClientHello", rejected.reason());
    assertEquals(1, wire.sink.exceptions.size());
  }

  @Test
  void withAutoReadOffTheHandlerAsksForTheReadsItNeedsAndThenStops() {
    Wire wire = new Wire(FORWARD_ALL, false);
    assertEquals(1, wire.reads.reads, "a first read when the handler starts");
    wire.read(Arrays.copyOf(HELLO, 100));
    assertEquals(2, wire.reads.reads, "another while the hello is incomplete");
    wire.read(Arrays.copyOfRange(HELLO, 100, HELLO.length));
    assertEquals(2, wire.reads.reads, "none after the decision: the next handler reads");
    assertAccepted(wire, parse(HELLO));
    wire.closeAndAssertReleased();
  }
}
