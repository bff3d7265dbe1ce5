package dev.meshgate.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The SAN = SNI rule follows Envoy's exact DNS matcher, wildcard included. */
class ServerNameMatchTest {
  @ParameterizedTest(name = "SNI {0} vs SAN {1}: {2}")
  @CsvSource({
    "api.example.com, api.example.com, true",
    "API.Example.com, api.EXAMPLE.com, true",
    "api.example.com, *.example.com, true",
    "a.b.example.com, *.example.com, false",
    "example.com, *.example.com, false",
    ".example.com, *.example.com, false",
    "api.example.com, w*.example.com, false",
    "api.example.com, api.*.com, false",
    "api.example.com, *, false",
    "api.example.com, *., false",
    "apiexample.com, *.example.com, false",
    "api.example.co, *.example.com, false"
  })
  void matchesDnsSansLikeEnvoy(String sni, String san, boolean matches) {
    assertEquals(matches, UpstreamTrustManager.dnsNameMatches(sni, san));
  }
}
