package dev.meshgate.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProtocolTest {
  @Test
  void parsesCaseInsensitivelyWithEmptyMeaningTcp() {
    assertEquals(Protocol.TCP, Protocol.parse(""));
    assertEquals(Protocol.TCP, Protocol.parse("TCP"));
    assertEquals(Protocol.HTTP, Protocol.parse("HtTP"));
    assertEquals(Protocol.HTTP2, Protocol.parse("http2"));
    assertEquals(Protocol.GRPC, Protocol.parse("gRPC"));
  }

  @Test
  void onlyHttpHttp2AndGrpcAreHttpLike() {
    assertFalse(Protocol.TCP.isHttpLike());
    assertTrue(Protocol.HTTP.isHttpLike());
    assertTrue(Protocol.HTTP2.isHttpLike());
    assertTrue(Protocol.GRPC.isHttpLike());
  }

  @Test
  void rejectsUnknownProtocols() {
    assertEquals(
        "protocol: \"asdf\" (expected: tcp, http, http2 or grpc)",
        assertThrows(IllegalArgumentException.class, () -> Protocol.parse("asdf")).getMessage());
  }
}
