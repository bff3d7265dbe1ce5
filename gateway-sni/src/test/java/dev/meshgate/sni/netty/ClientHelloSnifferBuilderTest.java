package dev.meshgate.sni.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshgate.sni.ClientHelloParser;
import dev.meshgate.sni.NeedMoreData;
import dev.meshgate.sni.NotTls;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ClientHelloSnifferBuilderTest {

  @Test
  void unsetSettingsTakeTheirDefaults() {
    ClientHelloSniffer sniffer = ClientHelloSniffer.builder().build();
    assertSame(ClientHelloParser.defaults(), sniffer.parser());
    assertEquals(Duration.ofSeconds(10), sniffer.handshakeTimeout());
    assertEquals(NotTlsPolicy.CLOSE, sniffer.notTlsPolicy());
    assertEquals("ClientHelloSniffer{handshakeTimeout=PT10S, notTlsPolicy=CLOSE, decider=synchronous,"
        + " parser=ClientHelloParser{maxHandshakeLength=16384, maxRecords=1024}}", sniffer.toString());
  }

  @Test
  void buildLeavesTheBuilderReusableAndEachHandlerIsNew() {
    ClientHelloSniffer.Builder builder = ClientHelloSniffer.builder().handshakeTimeout(Duration.ofSeconds(3));
    ClientHelloSniffer first = builder.build();
    ClientHelloSniffer second = builder.build();
    assertNotSame(first, second);
    assertEquals(first.toString(), second.toString());
    assertNotSame(first.newHandler(), first.newHandler());
  }

  @Test
  void eachSettingMayBeSetOnceAndTheMessageQuotesTheEarlierValue() {
    assertEquals("handshakeTimeout was already set to PT3S", assertThrows(IllegalStateException.class,
        () -> ClientHelloSniffer.builder().handshakeTimeout(Duration.ofSeconds(3))
            .handshakeTimeout(Duration.ofSeconds(4))).getMessage());
    assertEquals("notTls was already set to PASS", assertThrows(IllegalStateException.class,
        () -> ClientHelloSniffer.builder().notTls(NotTlsPolicy.PASS).notTls(NotTlsPolicy.CLOSE))
        .getMessage());
    assertEquals("parser was already set to ClientHelloParser{maxHandshakeLength=16384, maxRecords=1024}",
        assertThrows(IllegalStateException.class, () -> ClientHelloSniffer.builder()
            .parser(ClientHelloParser.defaults()).parser(ClientHelloParser.defaults())).getMessage());
  }

  @Test
  void onlyOneDeciderSynchronousOrNotMayBeSet() {
    Decider sync = (channel, result) -> Decision.forward();
    AsyncDecider async = (channel, result) -> CompletableFuture.completedFuture(Decision.forward());
    assertEquals("a synchronous decider was already set", assertThrows(IllegalStateException.class,
        () -> ClientHelloSniffer.builder().decider(sync).asyncDecider(async)).getMessage());
    assertEquals("an asynchronous decider was already set", assertThrows(IllegalStateException.class,
        () -> ClientHelloSniffer.builder().asyncDecider(async).decider(sync)).getMessage());
    assertEquals("ClientHelloSniffer{handshakeTimeout=PT10S, notTlsPolicy=CLOSE, decider=asynchronous,"
        + " parser=ClientHelloParser{maxHandshakeLength=16384, maxRecords=1024}}",
        ClientHelloSniffer.builder().asyncDecider(async).build().toString());
  }

  @Test
  void theHandshakeTimeoutMustBeBetweenAMillisecondAndAnHour() {
    assertEquals("handshakeTimeout: PT0S (expected: PT0.001S..PT1H)",
        assertThrows(IllegalArgumentException.class,
            () -> ClientHelloSniffer.builder().handshakeTimeout(Duration.ZERO)).getMessage());
    assertEquals("handshakeTimeout: PT-1S (expected: PT0.001S..PT1H)",
        assertThrows(IllegalArgumentException.class,
            () -> ClientHelloSniffer.builder().handshakeTimeout(Duration.ofSeconds(-1))).getMessage());
    assertEquals("handshakeTimeout: PT1H0.001S (expected: PT0.001S..PT1H)",
        assertThrows(IllegalArgumentException.class, () -> ClientHelloSniffer.builder()
            .handshakeTimeout(Duration.ofHours(1).plusMillis(1))).getMessage());
    assertEquals(Duration.ofMillis(1),
        ClientHelloSniffer.builder().handshakeTimeout(Duration.ofMillis(1)).build().handshakeTimeout());
    assertEquals(Duration.ofHours(1),
        ClientHelloSniffer.builder().handshakeTimeout(Duration.ofHours(1)).build().handshakeTimeout());
  }

  @Test
  void nullsAreRejectedWithTheArgumentName() {
    assertEquals("parser", assertThrows(NullPointerException.class,
        () -> ClientHelloSniffer.builder().parser(null)).getMessage());
    assertEquals("timeout", assertThrows(NullPointerException.class,
        () -> ClientHelloSniffer.builder().handshakeTimeout(null)).getMessage());
    assertEquals("policy", assertThrows(NullPointerException.class,
        () -> ClientHelloSniffer.builder().notTls(null)).getMessage());
    assertEquals("decider", assertThrows(NullPointerException.class,
        () -> ClientHelloSniffer.builder().decider(null)).getMessage());
    assertEquals("decider", assertThrows(NullPointerException.class,
        () -> ClientHelloSniffer.builder().asyncDecider(null)).getMessage());
  }

  @Test
  void eventsAndDecisionsCheckTheirComponents() {
    assertEquals("result: NeedMoreData[minimumLength=9] (expected: a ClientHello or NotTls)",
        assertThrows(IllegalArgumentException.class,
            () -> new SniffEvent.Accepted(new NeedMoreData(9))).getMessage());
    assertThrows(NullPointerException.class, () -> new SniffEvent.Accepted(null));
    assertThrows(NullPointerException.class, () -> new SniffEvent.Rejected(new NotTls("x"), null));
    assertThrows(NullPointerException.class, () -> new SniffEvent.Rejected(null, "x"));
    assertEquals("bytesReceived: -1 (expected: >= 0)", assertThrows(IllegalArgumentException.class,
        () -> new SniffEvent.TimedOut(Duration.ofSeconds(1), -1)).getMessage());
    assertEquals("reason", assertThrows(NullPointerException.class, () -> Decision.close(null))
        .getMessage());
    assertSame(Decision.forward(), Decision.forward());
    assertEquals(new Decision.Close("no route"), Decision.close("no route"));
  }
}
