package dev.meshgate.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

class TlsContextsBuilderTest {
  @Test
  void protocolsMayBeSetOnceAndTheMessageQuotesTheEarlierValue() {
    TlsContexts.Builder builder = TlsContexts.builder().protocols("TLSv1.2");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> builder.protocols("TLSv1.3"));
    assertEquals("protocols were already set to [TLSv1.2]", e.getMessage());
  }

  @Test
  void rejectsAProtocolTheJdkDoesNotSupport() throws Exception {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TlsContexts.builder().protocols("TLSv9"));
    assertEquals("protocols: \"TLSv9\" (expected: one of "
        + List.of(SSLContext.getDefault().getSupportedSSLParameters().getProtocols()) + ")", e.getMessage());
  }

  @Test
  void rejectsAnEmptyProtocolList() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TlsContexts.builder().protocols());
    assertEquals("protocols: [] (expected: at least one)", e.getMessage());
  }

  @Test
  void rejectsACipherSuiteTheJdkDoesNotSupport() throws Exception {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TlsContexts.builder().cipherSuites("TLS_NULL_WITH_ROT13"));
    assertEquals("cipherSuites: \"TLS_NULL_WITH_ROT13\" (expected: one of "
        + List.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites()) + ")", e.getMessage());
  }

  @Test
  void cipherSuitesMayBeSetOnce() {
    TlsContexts.Builder builder = TlsContexts.builder().cipherSuites("TLS_AES_128_GCM_SHA256");
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> builder.cipherSuites("TLS_AES_256_GCM_SHA384"));
    assertEquals("cipher suites were already set to [TLS_AES_128_GCM_SHA256]", e.getMessage());
  }

  @Test
  void rejectsAMaximumBelowOne() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TlsContexts.builder().maximumContexts(0));
    assertEquals("maximumContexts: 0 (expected: >= 1)", e.getMessage());
  }

  @Test
  void clockMayBeSetOnce() {
    TlsContexts.Builder builder = TlsContexts.builder().clock(Clock.systemUTC());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> builder.clock(Clock.systemUTC()));
    assertEquals("clock was already set to SystemClock[Z]", e.getMessage());
  }

  @Test
  void buildLeavesTheBuilderReusable() {
    TlsContexts.Builder builder = TlsContexts.builder().protocols("TLSv1.3").cipherSuites("TLS_AES_128_GCM_SHA256");
    TlsContexts first = builder.build();
    TlsContexts second = builder.build();
    assertNotSame(first, second);
    assertEquals(List.of("TLSv1.3"), second.protocols());
    assertEquals(List.of("TLS_AES_128_GCM_SHA256"), second.cipherSuites());
  }

  @Test
  void defaultsAreTls13And12WithTheJdkSuites() {
    TlsContexts contexts = TlsContexts.builder().build();
    assertEquals(List.of("TLSv1.3", "TLSv1.2"), contexts.protocols());
    assertEquals(List.of(), contexts.cipherSuites());
  }
}
