package dev.meshgate.examples.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshgate.sni.NeedMoreData;
import dev.meshgate.sni.TooLarge;
import org.junit.jupiter.api.Test;

/** The verdicts only the network path prints, word for word. */
class HelloJsonTest {

  @Test
  void aTimeoutSaysHowLongAndHowManyBytesArrived() {
    assertEquals("{\"peer\":\"127.0.0.1:5000\",\"verdict\":\"timeout\",\"bytes\":3,"
        + "\"reason\":\"no complete ClientHello within 10 s\"}",
        HelloJson.timedOut("127.0.0.1:5000", 10, 3));
  }

  @Test
  void aClientThatHangsUpEarlyIsReportedAsClosed() {
    assertEquals("{\"peer\":\"[::1]:5000\",\"verdict\":\"closed\","
        + "\"reason\":\"the client closed the connection before a complete ClientHello\"}",
        HelloJson.closed("[::1]:5000"));
  }

  @Test
  void peersAreWrittenAsUrlsWriteThemWithIpv6InBrackets() throws Exception {
    assertEquals("127.0.0.1:8443", InspectServer.hostPort(
        new java.net.InetSocketAddress(java.net.InetAddress.getByName("127.0.0.1"), 8443)));
    assertEquals("[0:0:0:0:0:0:0:1]:8443", InspectServer.hostPort(
        new java.net.InetSocketAddress(java.net.InetAddress.getByName("::1"), 8443)));
  }

  @Test
  void aRejectionKeepsTheHandlersReasonOverTheResultsOwn() {
    assertEquals("{\"peer\":\"p\",\"verdict\":\"need-more-data\",\"minimum_length\":9,"
        + "\"reason\":\"input shut down after 3 bytes, before a complete ClientHello\"}",
        HelloJson.render("p", new NeedMoreData(9),
            "input shut down after 3 bytes, before a complete ClientHello"));
    assertEquals("{\"verdict\":\"too-large\",\"declared_length\":70000,\"limit\":16384,"
        + "\"reason\":\"ClientHello declares 70000 bytes, more than the limit of 16384\"}",
        HelloJson.render(null, new TooLarge(70000, 16384), null));
  }
}
