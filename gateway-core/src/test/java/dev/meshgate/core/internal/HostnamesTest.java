package dev.meshgate.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostnamesTest {
  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "OK",
      value = {
        "web.example.com       | OK",
        "a                     | OK",
        "Web-1.Example.COM     | OK",
        "''                    | it is empty",
        "web.example.com.      | it ends with '.'",
        "10.0.0.1              | it is an IP address, which SNI cannot carry",
        "web..example          | label 2 is empty",
        "-web.example          | label 1 starts with '-'",
        "web-.example          | label 1 ends with '-'",
        "my_host.example       | it contains '_' at index 2 (expected: letters, digits, '-' and '.')",
        "web example           | it contains ' ' at index 3 (expected: letters, digits, '-' and '.')",
      })
  void explainsWhyANameCannotBeSentAsSni(String name, String problem) {
    assertEquals(problem, Hostnames.sniProblem(name));
  }

  @org.junit.jupiter.api.Test
  void limitsLabelsAndNamesToDnsLengths() {
    assertEquals(null, Hostnames.sniProblem("a".repeat(63) + ".b"));
    assertEquals("label 1 is longer than 63 characters", Hostnames.sniProblem("a".repeat(64) + ".b"));
    String longName = ("a".repeat(49) + ".").repeat(5) + "abcd";
    assertEquals(254, longName.length());
    assertEquals("it is longer than 253 characters", Hostnames.sniProblem(longName));
  }
}
