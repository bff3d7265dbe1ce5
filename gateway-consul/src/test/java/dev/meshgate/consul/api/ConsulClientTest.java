package dev.meshgate.consul.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.testkit.FakeConsulAgent;
import dev.meshgate.testkit.IssuedCertificate;
import dev.meshgate.testkit.KeyFormat;
import dev.meshgate.testkit.TestCa;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsulClientTest {
  @TempDir
  Path dir;

  @Test
  void emptyEnvironmentMeansTheLocalAgentOverPlainHttp() {
    ConsulClient c = ConsulClient.fromEnvironment(Map.of());
    assertEquals(URI.create("http://127.0.0.1:8500"), c.address());
    assertFalse(c.hasToken());
  }

  @Test
  void readsAddressWithOrWithoutScheme() {
    assertEquals(URI.create("http://consul.internal:8500"),
        ConsulClient.fromEnvironment(Map.of("CONSUL_HTTP_ADDR", "consul.internal:8500")).address());
    assertEquals(URI.create("http://10.0.0.9:8500"),
        ConsulClient.fromEnvironment(Map.of("CONSUL_HTTP_ADDR", "http://10.0.0.9:8500")).address());
    assertEquals(URI.create("https://consul.internal:8501"),
        ConsulClient.fromEnvironment(Map.of("CONSUL_HTTP_ADDR", "https://consul.internal:8501")).address());
    assertEquals(URI.create("https://[::1]:8501"),
        ConsulClient.fromEnvironment(Map.of("CONSUL_HTTP_ADDR", "[::1]:8501", "CONSUL_HTTP_SSL", "true")).address());
  }

  @Test
  void httpSchemeDoesNotTurnOffAnExplicitSsl() {
    assertEquals(URI.create("https://consul.internal:8501"), ConsulClient.fromEnvironment(
        Map.of("CONSUL_HTTP_ADDR", "http://consul.internal:8501", "CONSUL_HTTP_SSL", "1")).address());
  }

  @Test
  void unixSocketAddressIsRefusedClearly() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ConsulClient.fromEnvironment(Map.of("CONSUL_HTTP_ADDR", "unix:///var/run/consul.sock")));
    assertEquals("CONSUL_HTTP_ADDR: unix:///var/run/consul.sock (expected: host:port, http://host:port or"
        + " https://host:port; unix sockets are not supported)", e.getMessage());
  }

  @Test
  void otherSchemesAndAddressesWithoutPortAreRefused() {
    assertEquals("CONSUL_HTTP_ADDR: ftp://x:1 (expected: host:port, http://host:port or https://host:port;"
        + " unknown scheme ftp)", assertThrows(IllegalArgumentException.class,
            () -> ConsulClient.fromEnvironment(Map.of("CONSUL_HTTP_ADDR", "ftp://x:1"))).getMessage());
    assertEquals("address: consul.internal (expected: host:port)", assertThrows(IllegalArgumentException.class,
        () -> ConsulClient.fromEnvironment(Map.of("CONSUL_HTTP_ADDR", "consul.internal"))).getMessage());
    assertEquals("CONSUL_HTTP_SSL: yes (expected: true or false)", assertThrows(IllegalArgumentException.class,
        () -> ConsulClient.fromEnvironment(Map.of("CONSUL_HTTP_SSL", "yes"))).getMessage());
  }

  @Test
  void tokenFileContentWinsOverTheTokenAndIsNeverShown() throws IOException {
    Path file = Files.writeString(dir.resolve("token"), "  from-file-token\n");
    ConsulClient c = ConsulClient.fromEnvironment(
        Map.of("CONSUL_HTTP_TOKEN", "from-env-token", "CONSUL_HTTP_TOKEN_FILE", file.toString()));
    assertTrue(c.hasToken());
    assertFalse(c.toString().contains("token-"), c.toString());
  }

  @Test
  void tokenFileSendsItsTokenAndAnEmptyOneFallsBackToTheVariable() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "from-file-token\n");
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    try (FakeConsulAgent agent = new FakeConsulAgent()) {
      agent.set("/v1/catalog/datacenters", 1, "[\"dc1\"]");
      ConsulClient.fromEnvironment(Map.of("CONSUL_HTTP_ADDR", agent.address(), "CONSUL_HTTP_TOKEN", "from-env-token",
          "CONSUL_HTTP_TOKEN_FILE", file.toString())).get("/v1/catalog/datacenters", Map.of(), 0, Duration.ZERO);
      ConsulClient.fromEnvironment(Map.of("CONSUL_HTTP_ADDR", agent.address(), "CONSUL_HTTP_TOKEN", "from-env-token",
          "CONSUL_HTTP_TOKEN_FILE", empty.toString())).get("/v1/catalog/datacenters", Map.of(), 0, Duration.ZERO);
      assertEquals(List.of("from-file-token", "from-env-token"),
          agent.requests().stream().map(FakeConsulAgent.Request::token).toList());
    }
  }

  @Test
  void unreadableTokenFileIsNamedWithoutContent() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConsulClient.fromEnvironment(
        Map.of("CONSUL_HTTP_TOKEN_FILE", dir.resolve("missing").toString())));
    assertEquals("CONSUL_HTTP_TOKEN_FILE: " + dir.resolve("missing") + ": cannot be read (NoSuchFileException)",
        e.getMessage());
  }

  @Test
  void settingsThatWouldWeakenVerificationAreRefused() {
    assertEquals("CONSUL_HTTP_SSL_VERIFY: false (expected: true or unset; meshgate always verifies the agent)",
        assertThrows(IllegalArgumentException.class, () -> ConsulClient.fromEnvironment(
            Map.of("CONSUL_HTTP_SSL", "true", "CONSUL_HTTP_SSL_VERIFY", "false"))).getMessage());
    assertEquals("CONSUL_CAPATH: set (expected: unset; meshgate reads CONSUL_CACERT only)",
        assertThrows(IllegalArgumentException.class, () -> ConsulClient.fromEnvironment(
            Map.of("CONSUL_CAPATH", "/etc/consul/ca"))).getMessage());
  }

  @Test
  void clientCertificateNeedsItsKey() {
    assertEquals("CONSUL_CLIENT_KEY: unset (expected: CONSUL_CLIENT_CERT and CONSUL_CLIENT_KEY both set or both"
        + " unset)", assertThrows(IllegalArgumentException.class, () -> ConsulClient.fromEnvironment(
            Map.of("CONSUL_HTTP_SSL", "true", "CONSUL_CLIENT_CERT", "/c.pem"))).getMessage());
  }

  @Test
  void caCertForAPlainHttpAddressIsRefused() {
    assertEquals("CONSUL_CACERT: set for a plain HTTP address (expected: CONSUL_HTTP_SSL=true or an https://"
        + " CONSUL_HTTP_ADDR)", assertThrows(IllegalArgumentException.class, () -> ConsulClient.fromEnvironment(
            Map.of("CONSUL_CACERT", "/ca.pem"))).getMessage());
  }

  @Test
  void missingCaFileIsNamed() {
    String missing = dir.resolve("ca.pem").toString();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConsulClient.fromEnvironment(
        Map.of("CONSUL_HTTP_SSL", "true", "CONSUL_CACERT", missing)));
    assertTrue(e.getMessage().startsWith(missing + ": "), e.getMessage());
  }

  @Test
  void settingsAreGivenOnce() {
    ConsulClient.Builder b = ConsulClient.builder().datacenter("dc1");
    assertEquals("datacenter was already set to dc1",
        assertThrows(IllegalStateException.class, () -> b.datacenter("dc2")).getMessage());
  }

  @Test
  void speaksMutualTlsToAnAgentWithTheEnvironmentsFiles() throws Exception {
    TestCa ca = TestCa.named("consul agents");
    IssuedCertificate server = ca.server("127.0.0.1", "localhost");
    IssuedCertificate clientCert = ca.client("gateway");
    Path caFile = ca.writeRoot(dir.resolve("ca.pem"));
    Path serverCert = server.writeChain(dir.resolve("server.pem"));
    Path serverKey = server.writePrivateKey(dir.resolve("server-key.pem"), KeyFormat.PKCS8, new char[0]);
    Path certFile = clientCert.writeChain(dir.resolve("client.pem"));
    Path keyFile = clientCert.writePrivateKey(dir.resolve("client-key.pem"), KeyFormat.PKCS8, new char[0]);
    SSLContext serverTls = ConsulClient.sslContext(Optional.of(caFile), Optional.of(serverCert), Optional.of(serverKey));
    try (FakeConsulAgent agent = new FakeConsulAgent(serverTls)) {
      agent.set("/v1/catalog/datacenters", 4, "[\"dc1\",\"dc2\"]");
      ConsulClient c = ConsulClient.fromEnvironment(Map.of("CONSUL_HTTP_ADDR", "https://" + agent.address(),
          "CONSUL_CACERT", caFile.toString(), "CONSUL_CLIENT_CERT", certFile.toString(),
          "CONSUL_CLIENT_KEY", keyFile.toString()));
      ConsulClient.Answer a = c.get("/v1/catalog/datacenters", Map.of(), 0, Duration.ZERO);
      assertEquals(4, a.index());
      assertEquals(List.of("dc1", "dc2"), ConsulAnswers.datacenters("/v1/catalog/datacenters", a.body()));

      ConsulClient untrusting = ConsulClient.fromEnvironment(Map.of("CONSUL_HTTP_ADDR", "https://" + agent.address(),
          "CONSUL_CACERT", TestCa.named("someone else").writeRoot(dir.resolve("other.pem")).toString(),
          "CONSUL_CLIENT_CERT", certFile.toString(), "CONSUL_CLIENT_KEY", keyFile.toString()));
      assertThrows(IOException.class, () -> untrusting.get("/v1/catalog/datacenters", Map.of(), 0, Duration.ZERO),
          "an agent whose certificate does not chain to CONSUL_CACERT is refused");
    }
  }

  @Test
  void httpErrorNamesEndpointAndStatusWithoutTheToken() throws Exception {
    try (FakeConsulAgent agent = new FakeConsulAgent()) {
      agent.set("/v1/catalog/datacenters", 4, "[]");
      agent.inject(FakeConsulAgent.Fault.HTTP_403);
      ConsulClient c = ConsulClient.builder().address(agent.address(), false).token("s3cret").build();
      ConsulHttpException e = assertThrows(ConsulHttpException.class,
          () -> c.get("/v1/catalog/datacenters", Map.of(), 0, Duration.ZERO));
      assertEquals(403, e.status());
      assertEquals("/v1/catalog/datacenters: HTTP 403 (ACL: permission denied for the token): ACL not found",
          e.getMessage());
    }
  }
}
