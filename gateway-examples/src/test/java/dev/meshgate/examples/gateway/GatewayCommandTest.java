package dev.meshgate.examples.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshgate.core.naming.SpiffeId;
import dev.meshgate.core.naming.TrustDomain;
import dev.meshgate.examples.Cli;
import dev.meshgate.examples.Lines;
import dev.meshgate.examples.TlsEcho;
import dev.meshgate.testkit.IssuedCertificate;
import dev.meshgate.testkit.KeyFormat;
import dev.meshgate.testkit.TestCa;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code meshgate gateway} end to end on loopback: started from a config directory, watched
 * through its admin endpoint, changed live, given a broken change, and stopped.
 */
@Timeout(120)
class GatewayCommandTest {
  /** The test CA's trust domain. */
  private static final TrustDomain TD = TrustDomain.fromClusterId("5fcd4b81-a2ca-405a-ac62-0fac602c1949");
  private static final TestCa CA = TestCa.forTrustDomain(TD);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  Path dir;

  private final List<AutoCloseable> open = new ArrayList<>();
  private final Lines err = new Lines();
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();
  private String admin;

  @AfterEach
  void stop() throws Exception {
    if (admin != null && !exit.isDone()) {
      post("/quitquitquit");
      exit.get(30, TimeUnit.SECONDS);
    }
    for (AutoCloseable c : open) {
      c.close();
    }
    afterStop();
  }

  /** Runs after each test's gateway was stopped: nothing here. */
  void afterStop() {}

  /**
   * Starts {@code meshgate gateway} with the arguments; returns the address it prints in the line
   * starting with {@code listeningPrefix}.
   */
  private InetSocketAddress startAs(String listeningPrefix, String... args) throws Exception {
    List<String> line = new ArrayList<>(List.of("gateway", "--config", dir.toString(), "--trust-domain", TD.value(),
        "--admin", "127.0.0.1:0", "--listen", "127.0.0.1:0"));
    line.addAll(List.of(args));
    launch(line, err, exit);
    String listening = err.nextStartingWith(listeningPrefix);
    String adminLine = err.nextStartingWith("admin on ");
    admin = adminLine.substring("admin on ".length(), adminLine.length() - 1);
    String at = listening.substring(listening.lastIndexOf(' ') + 1);
    return new InetSocketAddress("127.0.0.1", Integer.parseInt(at.substring(at.indexOf(':') + 1)));
  }

  /**
   * Runs the command line until it exits, its standard error into {@code err} and its status into
   * {@code exit}: here on a thread of this JVM; {@code GatewayCommandJarIT} runs the packaged jar.
   */
  void launch(List<String> line, Lines err, CompletableFuture<Integer> exit) {
    Thread gateway = new Thread(() -> {
      try {
        exit.complete(Cli.run(line, new PrintStream(System.out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8)));
      } catch (Throwable e) {
        exit.completeExceptionally(e);
      }
    }, "gateway");
    gateway.start();
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(admin + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(admin + path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode json(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = get(path);
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  /** Polls an admin document until the condition holds (the reload interval is one second). */
  private JsonNode await(String path, Predicate<JsonNode> condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    JsonNode last = json(path);
    while (!condition.test(last)) {
      assertTrue(System.nanoTime() < deadline, path + " never met the condition: " + last);
      Thread.sleep(100);
      last = json(path);
    }
    return last;
  }

  private int echo(String service) throws Exception {
    SSLServerSocket server = TlsEcho.server(CA.leaf(SpiffeId.Service.of(TD, "", "dc1", service)), service);
    open.add(server);
    return server.getLocalPort();
  }

  /** A /v1/health/service answer with one Connect-native instance. */
  private void catalogFile(String service, int port) throws IOException {
    Files.createDirectories(dir.resolve("catalog"));
    Files.writeString(dir.resolve("catalog").resolve(service + ".json"), "[{\"Node\":{\"Node\":\"" + service
        + "-node\",\"Address\":\"127.0.0.1\",\"Datacenter\":\"dc1\"},\"Service\":{\"ID\":\"" + service
        + "\",\"Service\":\"" + service + "\",\"Port\":" + port + ",\"Connect\":{\"Native\":true}},"
        + "\"Checks\":[{\"CheckID\":\"serfHealth\",\"Status\":\"passing\"}]}]");
  }

  private static String sni(String service) {
    return service + ".default.dc1.internal." + TD.value();
  }

  private static boolean hasRoute(JsonNode routes, String sni) {
    for (JsonNode r : routes.get("routes")) {
      if (r.get("sni").asText().equals(sni)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void aMeshGatewayServesItsDirectoryFollowsChangesAndKeepsServingThroughABrokenOne() throws Exception {
    catalogFile("api", echo("api"));
    InetSocketAddress gateway = startAs("mesh gateway ", "--kind", "mesh", "--name", "mesh-gateway");

    assertEquals(200, get("/ready").statusCode());
    JsonNode routes = json("/routes");
    assertEquals("mesh", routes.get("kind").asText());
    assertTrue(hasRoute(routes, sni("api")), routes.toString());
    String[] answer = new String[1];
    X509Certificate seen = (X509Certificate) TlsEcho.call(gateway, CA.root(), sni("api"), "ping", answer)[0];
    assertEquals("api got ping", answer[0]);
    assertTrue(seen.getSubjectAlternativeNames().toString().contains("/svc/api"), "the backend's own leaf");

    // a new service appears without a restart
    catalogFile("web", echo("web"));
    await("/routes", r -> hasRoute(r, sni("web")));
    TlsEcho.call(gateway, CA.root(), sni("web"), "hello", answer);
    assertEquals("web got hello", answer[0]);

    // a broken change is refused, named, and the last good config serves on
    Files.writeString(dir.resolve("catalog").resolve("broken.json"), "[{\"Node\":{\"Node\":\"x\"},\"Service\":"
        + "{\"Service\":\"db\",\"Port\":\"not a number\"}}]");
    JsonNode stats = await("/stats", s -> s.get("config").get("last_refusal").size() > 0);
    assertTrue(stats.get("config").get("last_refusal").get(0).asText().contains("broken.json"), stats.toString());
    TlsEcho.call(gateway, CA.root(), sni("web"), "still", answer);
    assertEquals("web got still", answer[0]);
    assertTrue(hasRoute(json("/routes"), sni("api")));
    String metrics = get("/metrics").body();
    assertTrue(metrics.contains("meshgate_config_reloads_total{result=\"refused\"} 1\n"), metrics);
    assertTrue(metrics.contains("meshgate_config_last_reload_ok 0\n"), metrics);
    assertTrue(metrics.contains("# TYPE meshgate_connections_routed_total counter\n"), metrics);
    assertTrue(metrics.contains("meshgate_connections_routed_total 3\n"), metrics);

    // an unknown name is refused at the gateway and counted
    try {
      TlsEcho.call(gateway, CA.root(), sni("nope"), "x", answer);
    } catch (IOException expected) {
      // the gateway closes the connection
    }
    await("/stats", s -> s.get("counters").path("meshgate_connections_rejected_total{reason=\"UNKNOWN_SNI\"}")
        .asLong() == 1);

    assertEquals(404, get("/nothing").statusCode());
    assertEquals(405, get("/quitquitquit").statusCode());
    assertEquals(200, post("/quitquitquit").statusCode());
    assertEquals(0, exit.get(30, TimeUnit.SECONDS));
  }

  /** A plain TCP server answering each connection's first line with {@code <name> got <line>}. */
  private int plainEcho(String name) throws IOException {
    ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    open.add(server);
    Thread thread = new Thread(() -> {
      while (!server.isClosed()) {
        try (Socket s = server.accept()) {
          String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
          s.getOutputStream().write((name + " got " + line + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
          // closed by the test
        }
      }
    }, "plain-" + name);
    thread.setDaemon(true);
    thread.start();
    return server.getLocalPort();
  }

  private void tlsFiles(String... services) throws IOException {
    Path tls = Files.createDirectories(dir.resolve("tls"));
    CA.writeRoot(tls.resolve("ca.pem"));
    for (String service : services) {
      IssuedCertificate leaf = CA.leaf(SpiffeId.Service.of(TD, "", "dc1", service));
      leaf.writeChain(tls.resolve(service + ".pem"));
      leaf.writePrivateKey(tls.resolve(service + "-key.pem"), KeyFormat.PKCS8, new char[0]);
    }
  }

  @Test
  void aTerminatingGatewayTerminatesMeshTlsEnforcesIntentionsAndFollowsTheirChanges() throws Exception {
    catalogFile("api", plainEcho("api"));
    Files.writeString(dir.resolve("gateway.json"),
        "{\"Kind\":\"terminating-gateway\",\"Name\":\"tgw\",\"Services\":[{\"Name\":\"api\"}]}");
    Path intentions = dir.resolve("intentions.json");
    Files.writeString(intentions,
        "{\"Kind\":\"service-intentions\",\"Name\":\"api\",\"Sources\":[{\"Name\":\"web\",\"Action\":\"allow\"}]}");
    tlsFiles("api");
    InetSocketAddress gateway = startAs("terminating gateway ", "--kind", "terminating", "--name", "tgw");
    IssuedCertificate web = CA.leaf(SpiffeId.Service.of(TD, "", "dc1", "web"));
    IssuedCertificate ops = CA.leaf(SpiffeId.Service.of(TD, "", "dc1", "ops"));

    JsonNode routes = json("/routes");
    assertEquals("terminating", routes.get("kind").asText());
    JsonNode api = routes.get("routes").get(0);
    assertEquals(sni("api"), api.get("sni").asText());
    assertEquals("None", api.get("tls").asText());
    assertEquals("ALLOW default/web => default/api (Precedence: 9)",
        api.get("intentions").get("governing").get(0).asText());

    String[] answer = new String[1];
    X509Certificate presented = (X509Certificate) TlsEcho.call(gateway, CA.root(), web, sni("api"), "hi", answer)[0];
    assertEquals("api got hi", answer[0], "terminated, then sent in plain text to the service");
    assertTrue(presented.getSubjectAlternativeNames().toString().contains("/svc/api"), "the service's leaf");
    answer[0] = null;
    callDenied(gateway, ops, answer);
    assertEquals(null, answer[0], "ops has no intention: default deny");

    // intentions change live: ops is allowed too
    Files.writeString(intentions, "{\"Kind\":\"service-intentions\",\"Name\":\"api\",\"Sources\":["
        + "{\"Name\":\"web\",\"Action\":\"allow\"},{\"Name\":\"ops\",\"Action\":\"allow\"}]}");
    await("/routes", r -> r.get("routes").get(0).get("intentions").get("governing").size() == 2);
    TlsEcho.call(gateway, CA.root(), ops, sni("api"), "now", answer);
    assertEquals("api got now", answer[0]);

    // an invalid intentions entry is refused: intentions fail closed, so the old set serves on
    Files.writeString(intentions, "{\"Kind\":\"service-intentions\",\"Name\":\"api\",\"Sources\":["
        + "{\"Name\":\"web\",\"Action\":\"maybe\"}]}");
    JsonNode stats = await("/stats", s -> s.get("config").get("last_refusal").size() > 0);
    assertTrue(stats.get("config").get("last_refusal").get(0).asText().contains("intentions.json"), stats.toString());
    TlsEcho.call(gateway, CA.root(), ops, sni("api"), "still", answer);
    assertEquals("api got still", answer[0]);
    assertTrue(get("/metrics").body().contains("meshgate_intention_decisions_total{decision=\"deny\"} 1\n"));
  }

  /** A call the gateway refuses after the handshake: reading the answer fails or finds the end. */
  private static void callDenied(InetSocketAddress gateway, IssuedCertificate caller, String[] answer) {
    try {
      TlsEcho.call(gateway, CA.root(), caller, sni("api"), "let me in", answer);
    } catch (Exception expected) {
      // closed by the gateway
    }
  }

  private int httpBackend(String service) throws Exception {
    SSLServerSocket server = TlsEcho.httpServer(CA.leaf(SpiffeId.Service.of(TD, "", "dc1", service)), service);
    open.add(server);
    return server.getLocalPort();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** What a plain HTTP/1.1 request through the ingress gateway got. */
  private record Answer(int statusCode, String body) {}

  private static Answer request(int port, String host, String path) throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      String raw = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int status = Integer.parseInt(raw.substring(9, 12));
      String body = raw.substring(raw.indexOf("\r\n\r\n") + 4);
      return new Answer(status, body);
    }
  }

  @Test
  void anIngressGatewayRoutesByHostAndPathThroughTheChainAndBindsListenersAddedLive() throws Exception {
    catalogFile("web", httpBackend("web"));
    catalogFile("web-v2", httpBackend("web-v2"));
    int port = freePort();
    Files.writeString(dir.resolve("defaults.json"), "[{\"Kind\":\"service-defaults\",\"Name\":\"web\","
        + "\"Protocol\":\"http\"},{\"Kind\":\"service-defaults\",\"Name\":\"web-v2\",\"Protocol\":\"http\"}]");
    Files.writeString(dir.resolve("router.json"), "{\"Kind\":\"service-router\",\"Name\":\"web\",\"Routes\":["
        + "{\"Match\":{\"HTTP\":{\"PathPrefix\":\"/v2\"}},\"Destination\":{\"Service\":\"web-v2\"}}]}");
    Path entry = dir.resolve("ingress.json");
    Files.writeString(entry, ingressEntry(port, ""));
    tlsFiles("ingress");
    startAs("ingress gateway ", "--kind", "ingress", "--name", "ingress");

    assertEquals("web saw GET /", request(port, "web.example.com", "/").body());
    assertEquals("web-v2 saw GET /v2/users", request(port, "web.example.com", "/v2/users").body());
    assertEquals(404, request(port, "other.example.com", "/").statusCode());
    JsonNode routes = json("/routes");
    assertEquals("ingress", routes.get("kind").asText());
    assertEquals("web.example.com", routes.get("routes").get(0).get("hosts").get(0).asText());

    int second = freePort();
    Files.writeString(entry, ingressEntry(port, ",{\"Port\":" + second
        + ",\"Protocol\":\"http\",\"Services\":[{\"Name\":\"web\",\"Hosts\":[\"*\"]}]}"));
    await("/routes", r -> r.get("routes").size() == 2);
    assertEquals("web saw GET /x", request(second, "anything", "/x").body());
    String metrics = get("/metrics").body();
    assertTrue(metrics.contains("meshgate_requests_total{status=\"200\"} 3\n"), metrics);
    assertTrue(metrics.contains("meshgate_requests_total{status=\"404\"} 1\n"), metrics);
  }

  /** The ingress entry: a listener on {@code port} for web.example.com, then {@code moreListeners}. */
  private static String ingressEntry(int port, String moreListeners) {
    return "{\"Kind\":\"ingress-gateway\",\"Name\":\"ingress\",\"Listeners\":[{\"Port\":" + port
        + ",\"Protocol\":\"http\",\"Services\":[{\"Name\":\"web\",\"Hosts\":[\"web.example.com\"]}]}"
        + moreListeners + "]}";
  }

  @Test
  void aFirstConfigWithProblemsIsNotServedAndEachProblemIsNamed() throws Exception {
    Files.writeString(dir.resolve("bad.json"), "{\"Kind\":\"service-defaults\",\"Name\":\"api\",\"Protocol\":\"htp\"}");
    Cli.Result r = Cli.run("gateway", "--kind", "mesh", "--name", "m", "--config", dir.toString(),
        "--trust-domain", TD.value(), "--admin", "127.0.0.1:0", "--listen", "127.0.0.1:0");
    assertEquals(1, r.status(), r.err());
    assertTrue(r.firstErrLine().startsWith(dir.resolve("bad.json").toString()), r.err());
    assertTrue(r.err().contains("gateway: " + dir + " cannot be served (1 problem)"), r.err());
  }

  @Test
  void aTerminatingGatewayWithoutItsEntryIsRefusedByName() {
    Cli.Result r = Cli.run("gateway", "--kind", "terminating", "--name", "tgw", "--config", dir.toString(),
        "--trust-domain", TD.value(), "--admin", "127.0.0.1:0", "--listen", "127.0.0.1:0");
    assertEquals(1, r.status(), r.err());
    assertEquals("gateway: " + dir + ": no terminating-gateway entry named \"tgw\"", r.firstErrLine());
  }

  @Test
  void badOptionsAreUsageErrors() {
    Cli.Result r = Cli.run("gateway", "--kind", "edge", "--name", "g", "--config", dir.toString(),
        "--trust-domain", TD.value());
    assertEquals(2, r.status());
    assertEquals("meshgate gateway: --kind: \"edge\" (expected: mesh, terminating or ingress)", r.firstErrLine());
    r = Cli.run("gateway", "--kind", "mesh", "--name", "g", "--config", dir.resolve("none").toString(),
        "--trust-domain", TD.value());
    assertEquals(2, r.status());
    assertEquals("meshgate gateway: --config: \"" + dir.resolve("none") + "\" (expected: a directory)",
        r.firstErrLine());
    r = Cli.run("gateway", "--kind", "mesh", "--name", "g", "--config", dir.toString(), "--trust-domain", "A B");
    assertEquals(2, r.status());
    assertTrue(r.firstErrLine().startsWith("meshgate gateway: --trust-domain: trust domain: \"A B\""), r.err());
    r = Cli.run("gateway", "--kind", "mesh", "--name", "g", "--config", dir.toString(), "--trust-domain", TD.value(),
        "--admin", "localhost");
    assertEquals(2, r.status());
    assertEquals("meshgate gateway: --admin: \"localhost\" (expected: HOST:PORT with an address and port 0..65535)",
        r.firstErrLine());
  }
}
