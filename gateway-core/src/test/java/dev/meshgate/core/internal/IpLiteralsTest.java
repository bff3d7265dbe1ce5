package dev.meshgate.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpLiteralsTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "192.168.0.1, true",
    "0.0.0.0, true",
    "255.255.255.255, true",
    "256.1.1.1, false",
    "01.2.3.4, false",
    "1.2.3, false",
    "1.2.3.4.5, false",
    "1.2.3.4., false",
    "::1, true",
    "::, true",
    "fe80::1, true",
    "2001:db8::, true",
    "1:2:3:4:5:6:7:8, true",
    "1:2:3:4:5:6:7::, true",
    "::ffff:192.0.2.1, true",
    "1:2:3:4:5:6:7:8:9, false",
    "1::2::3, false",
    ":1, false",
    "1:, false",
    "12345::1, false",
    "[::1], false",
    "fe80::1%eth0, false",
    "api.example.com, false",
    "www-google-com, false",
    "'', false",
    "1e100.net, false",
  })
  void tellsIpLiteralsFromHostNamesWithoutResolving(String address, boolean ip) {
    assertEquals(ip, IpLiterals.isIpLiteral(address));
  }
}
