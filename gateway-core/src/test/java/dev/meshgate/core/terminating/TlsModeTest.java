package dev.meshgate.core.terminating;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TlsModeTest {
  @Test
  void nothingSetMeansPlaintextEvenWithSni() {
    TlsMode mode = TlsMode.of("", "", "", "web.example.com");
    assertEquals(TlsMode.none(), mode);
    assertFalse(mode.originatesTls());
  }

  @Test
  void caFileAloneMeansOneWayTls() {
    TlsMode mode = TlsMode.of("ca.crt", "", "", "web.example.com");
    assertEquals(new TlsMode.OneWay("ca.crt", Optional.of("web.example.com")), mode);
    assertTrue(mode.originatesTls());
  }

  @Test
  void allThreeFilesMeanMutualTls() {
    assertEquals(
        new TlsMode.Mutual("ca.crt", "client.crt", "tls.key", Optional.empty()),
        TlsMode.of("ca.crt", "client.crt", "tls.key", ""));
  }

  @ParameterizedTest(name = "CAFile={0} CertFile={1} KeyFile={2}")
  @CsvSource({
    "'',     client.crt, ''",
    "'',     '',         tls.key",
    "ca.crt, client.crt, ''",
    "ca.crt, '',         tls.key",
    "'',     client.crt, tls.key",
  })
  void rejectsEveryIncompleteCertificateCombination(String ca, String cert, String key) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TlsMode.of(ca, cert, key, ""));
    assertTrue(e.getMessage().endsWith("(expected: none of them, CAFile alone, or all three)"), e.getMessage());
  }

  @Test
  void rejectsEmptySniWhenPresent() {
    assertEquals(
        "sni: \"\" (expected: a non-empty value)",
        assertThrows(IllegalArgumentException.class, () -> new TlsMode.OneWay("ca.crt", Optional.of("")))
            .getMessage());
  }
}
