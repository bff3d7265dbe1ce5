package dev.meshgate.consul.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Golden files written from the fields and examples of Consul's config-entry documentation pages
 * (the page of each file is in the table below and in {@code golden/PAGES.md}). Each {@code
 * <name>.json} is the entry as the page writes it; {@code <name>.normalized.json} is what {@code
 * config normalize} prints for it, reviewed by hand against Consul's normalization. Decoding and
 * checking the normalized form gives it back unchanged.
 *
 * <p>Run with {@code -Dmeshgate.golden.write=<src/test/resources/golden>} to rewrite the expected
 * files after a deliberate change, then review the diff.
 */
class GoldenFilesTest {
  @ParameterizedTest(name = "{0} ({1})")
  @CsvSource({
      "service-intentions-rest-access, https://developer.hashicorp.com/consul/docs/connect/config-entries/service-intentions",
      "service-intentions-jwt, https://developer.hashicorp.com/consul/docs/connect/config-entries/service-intentions",
      "service-intentions-complete, https://developer.hashicorp.com/consul/docs/connect/config-entries/service-intentions",
      "terminating-gateway-tls-origination, https://developer.hashicorp.com/consul/docs/agent/config-entries/terminating-gateway",
      "ingress-gateway-tcp-and-http, https://developer.hashicorp.com/consul/docs/agent/config-entries/ingress-gateway",
      "ingress-gateway-complete, https://developer.hashicorp.com/consul/docs/agent/config-entries/ingress-gateway",
      "service-defaults-protocol-and-upstreams, https://developer.hashicorp.com/consul/docs/agent/config-entries/service-defaults",
      "service-defaults-complete, https://developer.hashicorp.com/consul/docs/agent/config-entries/service-defaults",
      "service-defaults-destination, https://developer.hashicorp.com/consul/docs/agent/config-entries/service-defaults",
      "proxy-defaults-samples, https://developer.hashicorp.com/consul/docs/agent/config-entries/proxy-defaults",
      "proxy-defaults-complete, https://developer.hashicorp.com/consul/docs/agent/config-entries/proxy-defaults",
      "mesh-samples, https://developer.hashicorp.com/consul/docs/connect/config-entries/mesh",
      "mesh-complete, https://developer.hashicorp.com/consul/docs/connect/config-entries/mesh",
      "exported-services-peers, https://developer.hashicorp.com/consul/docs/reference/config-entry/exported-services",
      "jwt-provider-okta, https://developer.hashicorp.com/consul/docs/reference/config-entry/jwt-provider",
      "service-router-samples, https://developer.hashicorp.com/consul/docs/connect/config-entries/service-router",
      "service-router-complete, https://developer.hashicorp.com/consul/docs/connect/config-entries/service-router",
      "service-splitter-samples, https://developer.hashicorp.com/consul/docs/connect/config-entries/service-splitter",
      "service-splitter-complete, https://developer.hashicorp.com/consul/docs/connect/config-entries/service-splitter",
      "service-resolver-samples, https://developer.hashicorp.com/consul/docs/connect/config-entries/service-resolver",
      "service-resolver-complete, https://developer.hashicorp.com/consul/docs/connect/config-entries/service-resolver"
  })
  void normalizesTheDocumentedEntryAsConsulStoresIt(String name, String page) throws IOException {
    Checked checked = ConfigEntryCodec.check(ConfigEntryCodec.decode(name + ".json", read(name + ".json")));
    assertEquals(List.of(), checked.errors(), page);
    String normalized = ConfigEntryCodec.encode(checked.entries());
    String write = System.getProperty("meshgate.golden.write");
    if (write != null) {
      Files.writeString(Path.of(write, name + ".normalized.json"), normalized, StandardCharsets.UTF_8);
    }
    String expected = new String(read(name + ".normalized.json"), StandardCharsets.UTF_8);
    assertEquals(expected, normalized, page);
    Checked again = ConfigEntryCodec.check(ConfigEntryCodec.decode(name + ".normalized.json", expected));
    assertEquals(List.of(), again.errors());
    assertEquals(expected, ConfigEntryCodec.encode(again.entries()), "normalizing is idempotent");
    assertEquals(expected, ConfigEntryCodec.encode(ConfigEntryCodec.decode("x", expected).entries()),
        "decode-only keeps the normalized form");
  }

  private static byte[] read(String file) throws IOException {
    try (InputStream in = GoldenFilesTest.class.getResourceAsStream("/golden/" + file)) {
      if (in == null) {
        return new byte[0];
      }
      return in.readAllBytes();
    }
  }
}
