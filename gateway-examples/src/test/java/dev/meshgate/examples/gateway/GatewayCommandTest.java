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
import dev.meshgate.testkit.FakeConsulAgent;
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
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
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
    launchWith("--config", dir.toString(), args);
    String listening = err.nextStartingWith(listeningPrefix);
    adminFrom(err.nextStartingWith("admin on "));
    return listeningAt(listening);
  }

  private void launchWith(String sourceOption, String source, String... args) {
    List<String> line = new ArrayList<>(List.of("gateway", sourceOption, source, "--trust-domain", TD.value(),
        "--admin", "127.0.0.1:0", "--listen", "127.0.0.1:0"));
    line.addAll(List.of(args));
    launch(line, err, exit);
  }

  private void adminFrom(String adminLine) {
    admin = adminLine.substring("admin on ".length(), adminLine.length() - 1);
  }

  private static InetSocketAddress listeningAt(String listening) {
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

  /**
   * Writes a file as an editor or a config-management tool should, through a temporary file moved
   * into place, so that the follower never reads it half-written.
   */
  private static void write(Path file, String content) throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temporary, content);
    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private int echo(String service) throws Exception {
    SSLServerSocket server = TlsEcho.server(CA.leaf(SpiffeId.Service.of(TD, "", "dc1", service)), service);
    open.add(server);
    return server.getLocalPort();
  }

  /** A /v1/health/service answer with one Connect-native instance. */
  private void catalogFile(String service, int port) throws IOException {
    Files.createDirectories(dir.resolve("catalog"));
    write(dir.resolve("catalog").resolve(service + ".json"), "[{\"Node\":{\"Node\":\"" + service
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

    // a file that is not config (a log beside it) changes nothing
    write(dir.resolve("gateway.log"), "not config");
    // a new service appears without a restart
    catalogFile("web", echo("web"));
    await("/routes", r -> hasRoute(r, sni("web")));
    TlsEcho.call(gateway, CA.root(), sni("web"), "hello", answer);
    assertEquals("web got hello", answer[0]);

    // a broken change is refused, named, and the last good config serves on
    write(dir.resolve("catalog").resolve("broken.json"), "[{\"Node\":{\"Node\":\"x\"},\"Service\":"
        + "{\"Service\":\"db\",\"Port\":\"not a number\"}}]");
    JsonNode stats = await("/stats", s -> s.get("config").get("last_refusal").size() > 0);
    assertTrue(stats.get("config").get("last_refusal").get(0).asText().contains("broken.json"), stats.toString());
    TlsEcho.call(gateway, CA.root(), sni("web"), "still", answer);
    assertEquals("web got still", answer[0]);
    assertTrue(hasRoute(json("/routes"), sni("api")));
    String metrics = get("/metrics").body();
    assertTrue(metrics.contains("meshgate_config_reloads_total{result=\"refused\"} 1\n"), metrics);
    assertTrue(metrics.contains("meshgate_config_reloads_total{result=\"applied\"} 2\n"), "the start and the new "
        + "service, not the log: " + metrics);
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
    write(dir.resolve("gateway.json"),
        "{\"Kind\":\"terminating-gateway\",\"Name\":\"tgw\",\"Services\":[{\"Name\":\"api\"}]}");
    Path intentions = dir.resolve("intentions.json");
    write(intentions,
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
    write(intentions, "{\"Kind\":\"service-intentions\",\"Name\":\"api\",\"Sources\":["
        + "{\"Name\":\"web\",\"Action\":\"allow\"},{\"Name\":\"ops\",\"Action\":\"allow\"}]}");
    await("/routes", r -> r.get("routes").get(0).get("intentions").get("governing").size() == 2);
    TlsEcho.call(gateway, CA.root(), ops, sni("api"), "now", answer);
    assertEquals("api got now", answer[0]);

    // an invalid intentions entry is refused: intentions fail closed, so the old set serves on
    write(intentions, "{\"Kind\":\"service-intentions\",\"Name\":\"api\",\"Sources\":["
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
    write(dir.resolve("defaults.json"), "[{\"Kind\":\"service-defaults\",\"Name\":\"web\","
        + "\"Protocol\":\"http\"},{\"Kind\":\"service-defaults\",\"Name\":\"web-v2\",\"Protocol\":\"http\"}]");
    write(dir.resolve("router.json"), "{\"Kind\":\"service-router\",\"Name\":\"web\",\"Routes\":["
        + "{\"Match\":{\"HTTP\":{\"PathPrefix\":\"/v2\"}},\"Destination\":{\"Service\":\"web-v2\"}}]}");
    Path entry = dir.resolve("ingress.json");
    write(entry, ingressEntry(port, ""));
    tlsFiles("ingress");
    startAs("ingress gateway ", "--kind", "ingress", "--name", "ingress");

    assertEquals("web saw GET /", request(port, "web.example.com", "/").body());
    assertEquals("web-v2 saw GET /v2/users", request(port, "web.example.com", "/v2/users").body());
    assertEquals(404, request(port, "other.example.com", "/").statusCode());
    JsonNode routes = json("/routes");
    assertEquals("ingress", routes.get("kind").asText());
    JsonNode web = routes.get("routes").get(0);
    assertEquals("web.example.com", web.get("hosts").get(0).asText());
    assertEquals("/", web.get("path_prefix").asText());
    assertEquals(sni("web"), web.get("upstream").get("sni").asText());
    List<String> targets = new ArrayList<>();
    web.get("chain").forEach(outcome -> targets.add(outcome.get("target").asText()));
    assertEquals(List.of("web-v2.default.default.dc1", "web.default.default.dc1"), targets,
        "the router's /v2 route, then the default route: " + web.get("chain"));

    int second = freePort();
    write(entry, ingressEntry(port, ",{\"Port\":" + second
        + ",\"Protocol\":\"http\",\"Services\":[{\"Name\":\"web\",\"Hosts\":[\"*\"]}]}"));
    await("/routes", r -> r.get("routes").size() == 2);
    assertEquals("web saw GET /x", request(second, "anything", "/x").body());
    // a request is counted on the event loop after its response is written: the client may see
    // the answer first
    JsonNode counters = await("/stats", s -> s.get("counters").path("meshgate_requests_total{status=\"200\"}")
        .asLong() == 3).get("counters");
    assertEquals(1, counters.path("meshgate_requests_total{status=\"404\"}").asLong(), counters.toString());
    String metrics = get("/metrics").body();
    assertTrue(metrics.contains("meshgate_requests_total{status=\"200\"} 3\n"), metrics);
  }

  @Test
  void anIngressTlsListenerServesTheGatewaysLeafAndRoutesWhatItDecrypts() throws Exception {
    catalogFile("web", httpBackend("web"));
    int port = freePort();
    write(dir.resolve("defaults.json"), "{\"Kind\":\"service-defaults\",\"Name\":\"web\",\"Protocol\":\"http\"}");
    write(dir.resolve("ingress.json"), ingressEntry(port, "").replace("\"Listeners\"", "\"TLS\":{\"Enabled\":true},"
        + "\"Listeners\""));
    tlsFiles("ingress");
    startAs("ingress gateway ", "--kind", "ingress", "--name", "ingress");
    SSLContext client = SSLContext.getInstance("TLS");
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    KeyStore roots = KeyStore.getInstance("PKCS12");
    roots.load(null, null);
    roots.setCertificateEntry("mesh", CA.root());
    tmf.init(roots);
    client.init(null, tmf.getTrustManagers(), null);
    try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(10_000);
      SSLParameters p = s.getSSLParameters();
      p.setServerNames(List.of(new SNIHostName("web.example.com")));
      s.setSSLParameters(p);
      s.getOutputStream().write("GET /secure HTTP/1.1\r\nHost: web.example.com\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      String raw = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(raw.startsWith("HTTP/1.1 200"), raw);
      assertTrue(raw.endsWith("web saw GET /secure"), raw);
      X509Certificate served = (X509Certificate) s.getSession().getPeerCertificates()[0];
      assertTrue(served.getSubjectAlternativeNames().toString().contains("/svc/ingress"), "the gateway's own leaf");
    }
  }

  /** The ingress entry: a listener on {@code port} for web.example.com, then {@code moreListeners}. */
  private static String ingressEntry(int port, String moreListeners) {
    return "{\"Kind\":\"ingress-gateway\",\"Name\":\"ingress\",\"Listeners\":[{\"Port\":" + port
        + ",\"Protocol\":\"http\",\"Services\":[{\"Name\":\"web\",\"Hosts\":[\"web.example.com\"]}]}"
        + moreListeners + "]}";
  }

  @Test
  void aFirstConfigWithProblemsIsNotServedAndEachProblemIsNamed() throws Exception {
    write(dir.resolve("bad.json"), "{\"Kind\":\"service-defaults\",\"Name\":\"api\",\"Protocol\":\"htp\"}");
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

  private static final String ROOTS = "/v1/agent/connect/ca/roots";
  private static final String INTENTIONS = "/v1/config/service-intentions";

  /** A fake Consul agent with the gateway's TLS material and no discovery-chain entries. */
  private FakeConsulAgent agent(String... leaves) throws Exception {
    FakeConsulAgent agent = new FakeConsulAgent();
    open.add(agent);
    agent.set(ROOTS, 2, roots(CA));
    for (String service : leaves) {
      agent.set("/v1/agent/connect/ca/leaf/" + service, 3, leaf(CA, service));
    }
    for (String kind : List.of("service-defaults", "proxy-defaults", "service-resolver", "service-router",
        "service-splitter")) {
      agent.set("/v1/config/" + kind, 4, "[]");
    }
    return agent;
  }

  /** The answer of /v1/agent/connect/ca/roots with one root, the CA's. */
  private static String roots(TestCa ca) throws IOException {
    return "{\"ActiveRootID\":\"r1\",\"TrustDomain\":\"" + TD.value() + "\",\"Roots\":[{\"ID\":\"r1\",\"Name\":"
        + JSON.writeValueAsString(ca.name()) + ",\"RootCert\":" + JSON.writeValueAsString(ca.rootPem())
        + ",\"Active\":true}]}";
  }

  /** The answer of /v1/agent/connect/ca/leaf/<service> with a leaf the CA issues now. */
  private static String leaf(TestCa ca, String service) throws IOException {
    SpiffeId.Service id = SpiffeId.Service.of(TD, "", "dc1", service);
    IssuedCertificate leaf = ca.leaf(id);
    return "{\"SerialNumber\":" + JSON.writeValueAsString(leaf.certificate().getSerialNumber().toString(16))
        + ",\"CertPEM\":" + JSON.writeValueAsString(leaf.chainPem()) + ",\"PrivateKeyPEM\":"
        + JSON.writeValueAsString(leaf.privateKeyPem(KeyFormat.PKCS8)) + ",\"Service\":\"" + service
        + "\",\"ServiceURI\":\"" + id.uri() + "\",\"ValidAfter\":\"2026-01-01T00:00:00Z\","
        + "\"ValidBefore\":\"2036-01-01T00:00:00Z\"}";
  }

  /** The gateway's links and each service's health answer, one Connect-native instance each. */
  private static void linked(FakeConsulAgent agent, String gateway, String kind, Map<String, Integer> services) {
    StringBuilder links = new StringBuilder("[");
    services.forEach((service, port) -> {
      links.append(links.length() > 1 ? "," : "").append("{\"Gateway\":{\"Name\":\"").append(gateway)
          .append("\"},\"Service\":{\"Name\":\"").append(service).append("\"},\"GatewayKind\":\"").append(kind)
          .append("\"}");
      registered(agent, service, port);
    });
    agent.set("/v1/catalog/gateway-services/" + gateway, 5, links.append(']').toString());
  }

  /** The service's health answer: one Connect-native instance on loopback. */
  private static void registered(FakeConsulAgent agent, String service, int port) {
    agent.set("/v1/health/service/" + service, 6, "[{\"Node\":{\"Node\":\"" + service + "-node\",\"Address\":"
        + "\"127.0.0.1\",\"Datacenter\":\"dc1\"},\"Service\":{\"ID\":\"" + service + "\",\"Service\":\"" + service
        + "\",\"Port\":" + port + ",\"Connect\":{\"Native\":true}},\"Checks\":[{\"CheckID\":\"serfHealth\","
        + "\"Status\":\"passing\"}]}]");
  }

  private static String intentions(String... allowed) {
    StringBuilder sources = new StringBuilder();
    for (String source : allowed) {
      sources.append(sources.length() > 0 ? "," : "").append("{\"Name\":\"").append(source)
          .append("\",\"Action\":\"allow\"}");
    }
    return "[{\"Kind\":\"service-intentions\",\"Name\":\"api\",\"Sources\":[" + sources + "]}]";
  }

  /** Starts the gateway on the agent; the admin endpoint is up at once, the listener after the first answers. */
  private void follow(FakeConsulAgent agent, String... args) throws Exception {
    launchWith("--consul", agent.address(), args);
    adminFrom(err.nextStartingWith("admin on "));
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (get("/ready").statusCode() != 200) {
      assertTrue(System.nanoTime() < deadline, "never ready: " + get("/stats").body());
      Thread.sleep(50);
    }
  }

  @Test
  void aTerminatingGatewayFollowsConsulAppliesIntentionsLiveAndRefusesABrokenEntry() throws Exception {
    FakeConsulAgent agent = agent("api");
    linked(agent, "tgw", "terminating-gateway", Map.of("api", plainEcho("api")));
    String entryPath = "/v1/config/terminating-gateway/tgw";
    agent.set(entryPath, 7, "{\"Kind\":\"terminating-gateway\",\"Name\":\"tgw\",\"Services\":[{\"Name\":\"api\"}]}");
    Path token = Files.writeString(dir.resolve("token"), "  5f3b2c1a-token\n");
    follow(agent, "--kind", "terminating", "--name", "tgw", "--token-file", token.toString());

    // no intentions answer yet (the agent says 404): not ready, and the watch says why
    assertEquals(503, get("/ready").statusCode());
    JsonNode watch = await("/stats", s -> s.get("consul").get("watches").path(INTENTIONS).path("requests").asLong() > 0)
        .get("consul").get("watches").get(INTENTIONS);
    assertEquals(0, watch.get("index").asLong(), watch.toString());
    assertTrue(watch.get("last_error").asText().contains("404"), watch.toString());
    assertEquals(503, get("/ready").statusCode());

    agent.set(INTENTIONS, 8, intentions("web"));
    InetSocketAddress gateway = listeningAt(err.nextStartingWith("terminating gateway "));
    awaitReady();
    String[] answer = new String[1];
    IssuedCertificate web = CA.leaf(SpiffeId.Service.of(TD, "", "dc1", "web"));
    IssuedCertificate ops = CA.leaf(SpiffeId.Service.of(TD, "", "dc1", "ops"));
    X509Certificate presented = (X509Certificate) TlsEcho.call(gateway, CA.root(), web, sni("api"), "hi", answer)[0];
    assertEquals("api got hi", answer[0]);
    assertTrue(presented.getSubjectAlternativeNames().toString().contains("/svc/api"), "the leaf from the agent");
    answer[0] = null;
    callDenied(gateway, ops, answer);
    assertEquals(null, answer[0], "ops has no intention: default deny");
    for (FakeConsulAgent.Request r : agent.requests()) {
      assertEquals("5f3b2c1a-token", r.token(), r.path());
    }

    // an intention added in Consul applies without a restart
    agent.set(INTENTIONS, 9, intentions("web", "ops"));
    await("/routes", r -> r.get("routes").get(0).get("intentions").get("governing").size() == 2);
    TlsEcho.call(gateway, CA.root(), ops, sni("api"), "now", answer);
    assertEquals("api got now", answer[0]);

    // a broken entry answer is refused, shown, and the previous entry serves on
    agent.set(entryPath, 10, "{\"Kind\":\"terminating-gateway\",\"Name\":\"tgw\",\"Services\":\"api\"}");
    JsonNode stats = await("/stats", s -> s.get("config").get("last_refusal").size() > 0);
    assertTrue(stats.get("config").get("last_refusal").get(0).asText().startsWith(entryPath), stats.toString());
    TlsEcho.call(gateway, CA.root(), ops, sni("api"), "still", answer);
    assertEquals("api got still", answer[0]);
    assertTrue(hasRoute(json("/routes"), sni("api")));
    assertEquals(200, get("/ready").statusCode(), "every watch answered once: still ready");

    // an invalid intentions answer is refused too: intentions fail closed, the previous set serves on
    agent.set(INTENTIONS, 11, "[{\"Kind\":\"service-intentions\",\"Name\":\"api\",\"Sources\":[{\"Name\":\"ops\","
        + "\"Action\":\"maybe\"}]}]");
    await("/stats", s -> s.get("config").get("last_refusal").toString().contains(INTENTIONS));
    TlsEcho.call(gateway, CA.root(), ops, sni("api"), "again", answer);
    assertEquals("api got again", answer[0]);
  }

  @Test
  void anIngressGatewayFollowsConsulAndRoutesByHost() throws Exception {
    FakeConsulAgent agent = agent("ingress");
    linked(agent, "ingress", "ingress-gateway", Map.of("web", httpBackend("web")));
    agent.set("/v1/config/service-defaults", 7, "[{\"Kind\":\"service-defaults\",\"Name\":\"web\","
        + "\"Protocol\":\"http\"}]");
    int port = freePort();
    agent.set("/v1/config/ingress-gateway/ingress", 8, ingressEntry(port, ""));
    follow(agent, "--kind", "ingress", "--name", "ingress");
    err.nextStartingWith("ingress gateway ingress listener " + port);
    awaitReady();

    assertEquals("web saw GET /", request(port, "web.example.com", "/").body());
    assertEquals(404, request(port, "other.example.com", "/").statusCode());
    JsonNode routes = json("/routes");
    assertEquals("ingress", routes.get("kind").asText());
    assertEquals("web.example.com", routes.get("routes").get(0).get("hosts").get(0).asText());

    // a second listener added in Consul is bound without a restart
    int second = freePort();
    agent.set("/v1/config/ingress-gateway/ingress", 9, ingressEntry(port, ",{\"Port\":" + second
        + ",\"Protocol\":\"http\",\"Services\":[{\"Name\":\"web\",\"Hosts\":[\"*\"]}]}"));
    await("/routes", r -> r.get("routes").size() == 2);
    assertEquals("web saw GET /x", request(second, "anything", "/x").body());

    // the mesh TLS follows the agent: under another CA's roots and leaf, the backend's certificate
    // (from the first CA) is no longer trusted, and new requests fail closed until the CA is back
    TestCa other = TestCa.forTrustDomain(TD);
    agent.set("/v1/agent/connect/ca/leaf/ingress", 20, leaf(other, "ingress"));
    agent.set(ROOTS, 21, roots(other));
    awaitStatus(port, code -> code != 200);
    agent.set(ROOTS, 22, roots(CA));
    agent.set("/v1/agent/connect/ca/leaf/ingress", 23, leaf(CA, "ingress"));
    awaitStatus(port, code -> code == 200);
    assertEquals("web saw GET /", request(port, "web.example.com", "/").body());
  }

  /** Polls a request through the ingress gateway until its status meets the condition. */
  private static void awaitStatus(int port, IntPredicate condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    int status = request(port, "web.example.com", "/").statusCode();
    while (!condition.test(status)) {
      assertTrue(System.nanoTime() < deadline, "status stayed " + status);
      Thread.sleep(50);
      status = request(port, "web.example.com", "/").statusCode();
    }
  }

  private static final String SERVICES = "/v1/catalog/services";
  private static final String DATACENTERS = "/v1/catalog/datacenters";

  @Test
  void aMeshGatewayFollowsConsulRelaysBySniAndRoutesAServiceRegisteredLater() throws Exception {
    FakeConsulAgent agent = agent();
    agent.set(SERVICES, 5, "{\"consul\":[],\"api\":[\"v1\"]}");
    agent.set("/v1/health/service/consul", 5, "[]");
    registered(agent, "api", echo("api"));
    agent.set(DATACENTERS, 1, "[\"dc1\",\"dc2\"]");
    agent.set("/v1/health/service/mesh-gateway?dc=dc2", 7, "[{\"Node\":{\"Node\":\"gw\",\"Address\":\"127.0.0.1\","
        + "\"Datacenter\":\"dc2\"},\"Service\":{\"ID\":\"mesh-gateway\",\"Service\":\"mesh-gateway\","
        + "\"Kind\":\"mesh-gateway\",\"Port\":" + freePort() + "},\"Checks\":[]}]");
    follow(agent, "--kind", "mesh", "--name", "mesh-gateway");
    InetSocketAddress gateway = listeningAt(err.nextStartingWith("mesh gateway "));
    awaitReady();

    JsonNode routes = json("/routes");
    assertEquals("mesh", routes.get("kind").asText());
    assertTrue(hasRoute(routes, sni("api")), routes.toString());
    assertTrue(hasRoute(routes, "*.dc2.internal." + TD.value()), "dc2's gateways: " + routes);
    String[] answer = new String[1];
    X509Certificate seen = (X509Certificate) TlsEcho.call(gateway, CA.root(), sni("api"), "ping", answer)[0];
    assertEquals("api got ping", answer[0]);
    assertTrue(seen.getSubjectAlternativeNames().toString().contains("/svc/api"), "relayed to the service's own TLS");
    for (FakeConsulAgent.Request r : agent.requests()) {
      if (r.path().equals("/v1/health/service/api")) {
        assertTrue(r.query().containsKey("connect"), "Connect-capable instances only: " + r);
      }
    }

    // a service registered in Consul is routed without a restart
    registered(agent, "web", echo("web"));
    agent.set(SERVICES, 8, "{\"consul\":[],\"api\":[\"v1\"],\"web\":[]}");
    await("/routes", r -> hasRoute(r, sni("web")));
    TlsEcho.call(gateway, CA.root(), sni("web"), "hello", answer);
    assertEquals("web got hello", answer[0]);

    // a name the gateway does not route is refused and counted
    try {
      TlsEcho.call(gateway, CA.root(), sni("nope"), "x", answer);
    } catch (IOException expected) {
      // the gateway closes the connection
    }
    await("/stats", s -> s.get("counters").path("meshgate_connections_rejected_total{reason=\"UNKNOWN_SNI\"}")
        .asLong() == 1);
    assertEquals("web got hello", answer[0], "nothing answered the unknown name");
  }

  @Test
  void aMeshGatewayFollowingConsulThatCannotBindItsPortExitsWithTheReason() throws Exception {
    FakeConsulAgent agent = agent();
    agent.set(SERVICES, 5, "{}");
    agent.set(DATACENTERS, 1, "[\"dc1\"]");
    exitsOnATakenPort(agent, "mesh", "mesh-gateway");
  }

  @Test
  void aTerminatingGatewayFollowingConsulThatCannotBindItsPortExitsWithTheReason() throws Exception {
    FakeConsulAgent agent = agent("api");
    linked(agent, "tgw", "terminating-gateway", Map.of("api", plainEcho("api")));
    agent.set("/v1/config/terminating-gateway/tgw", 7, "{\"Kind\":\"terminating-gateway\",\"Name\":\"tgw\","
        + "\"Services\":[{\"Name\":\"api\"}]}");
    agent.set(INTENTIONS, 8, intentions("web"));
    exitsOnATakenPort(agent, "terminating", "tgw");
  }

  /** Runs the gateway on the agent with its listen port taken: it exits 1 and says why. */
  private void exitsOnATakenPort(FakeConsulAgent agent, String kind, String name) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      launch(List.of("gateway", "--consul", agent.address(), "--kind", kind, "--name", name,
          "--trust-domain", TD.value(), "--admin", "127.0.0.1:0", "--listen", "127.0.0.1:" + taken.getLocalPort()),
          err, exit);
      assertEquals(1, exit.get(60, TimeUnit.SECONDS), "the gateway stops instead of running unready");
    }
    String reason = err.nextStartingWith("gateway: ");
    assertTrue(reason.startsWith("gateway: " + kind + " gateway " + name + " cannot serve: "), reason);
    assertTrue(reason.contains("Address already in use"), reason);
  }

  @Test
  void consulOptionsAreUsageErrors() throws IOException {
    String[] common = {"gateway", "--kind", "terminating", "--name", "g", "--trust-domain", TD.value()};
    Cli.Result r = Cli.run(common);
    assertEquals(2, r.status());
    assertEquals("meshgate gateway: --config, --consul: none given (expected: exactly one)", r.firstErrLine());
    r = Cli.run(concat(common, "--config", dir.toString(), "--consul", "127.0.0.1:8500"));
    assertEquals(2, r.status());
    assertEquals("meshgate gateway: --config, --consul: both given (expected: exactly one)", r.firstErrLine());
    Path missing = dir.resolve("no-token");
    r = Cli.run(concat(common, "--consul", "127.0.0.1:8500", "--token-file", missing.toString()));
    assertEquals(2, r.status());
    assertTrue(r.firstErrLine().startsWith("meshgate gateway: --token-file: \"" + missing + "\" cannot be read"),
        r.err());
    r = Cli.run(concat(common, "--config", dir.toString(), "--token-file", missing.toString()));
    assertEquals(2, r.status());
    assertEquals("meshgate gateway: --token-file: given without --consul (expected: only with --consul)",
        r.firstErrLine());
    r = Cli.run(concat(common, "--consul", "consul"));
    assertEquals(2, r.status());
    assertEquals("meshgate gateway: --consul: \"consul\" (expected: HOST:PORT of a Consul agent's HTTP API)",
        r.firstErrLine());
  }

  private static String[] concat(String[] first, String... more) {
    List<String> all = new ArrayList<>(List.of(first));
    all.addAll(List.of(more));
    return all.toArray(new String[0]);
  }
}
