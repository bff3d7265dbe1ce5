package dev.meshgate.core.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrustDomainTest {
  @Test
  void vector22LowerCasesTheClusterIdAndAddsConsul() {
    assertEquals(
        new TrustDomain("5fcd4b81-a2ca-405a-ac62-0fac602c1949.consul"),
        TrustDomain.fromClusterId("5FCD4B81-A2CA-405A-AC62-0FAC602C1949"));
  }

  @Test
  void signingIdHasNoPath() {
    assertEquals("spiffe://td.consul", new TrustDomain("td.consul").signingId());
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''            | trust domain: \"\" (expected: a non-empty name)",
        "Td.consul     | trust domain: \"Td.consul\" (expected: only a-z, 0-9, '.', '-' and '_'; found 'T' at index 0)",
        "td..consul    | trust domain: \"td..consul\" (expected: no empty label; found one at index 3)",
        "td.consul.    | trust domain: \"td.consul.\" (expected: no empty label; the name ends with '.')",
        ".td           | trust domain: \".td\" (expected: no empty label; found one at index 0)",
      })
  void rejectsInvalidTrustDomainsNamingTheRule(String value, String message) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, () -> new TrustDomain(value)).getMessage());
  }

  @Test
  void rejectsOverlongTrustDomains() {
    String value = "a".repeat(256);
    assertEquals(
        "trust domain: \"" + value + "\" (expected: at most 255 characters, got 256)",
        assertThrows(IllegalArgumentException.class, () -> new TrustDomain(value)).getMessage());
  }
}
