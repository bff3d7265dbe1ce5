package dev.meshgate.benchmarks.compare;

import dev.meshgate.core.naming.SpiffeId;
import dev.meshgate.core.naming.TrustDomain;
import dev.meshgate.testkit.ClientHelloBuilder;
import dev.meshgate.testkit.IssuedCertificate;
import dev.meshgate.testkit.KeyFormat;
import dev.meshgate.testkit.TestCa;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * meshgate against HAProxy and nginx on loopback, same backends, same load, one run each: SNI
 * passthrough (new connections per second, connect-to-first-byte p50 / p99, CPU per 1,000
 * connections, peak RSS), memory per idle relayed connection, relayed bytes per second, and HTTP ingress (requests per
 * second and p99 through {@code wrk}, each proxy dialling the same HTTPS backend with a client
 * certificate). Prints one Markdown table per part. Not a JMH benchmark: the proxies are separate
 * processes measured from {@code /proc}.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.meshgate.benchmarks.compare.CompareProxies
 * MESHGATE_JAR [seconds] [concurrency] [idle connections] [meshgate JVM flags...]}; {@code
 * -Dcompare.java=PATH} runs meshgate on another JVM, {@code -Dcompare.only=TEXT} only the proxies
 * whose name contains TEXT.
 */
public final class CompareProxies {
  private static final TrustDomain TD = TrustDomain.fromClusterId("c0ffee00-0000-4000-8000-000000000001");
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private CompareProxies() {}

  private static String sni(String service) {
    return service + ".default.dc1.internal." + TD.value();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
      return s.getLocalPort();
    }
  }

  /** One proxy under test: how to start it listening on a port. */
  private record Proxy(String name, List<String> command, int port, Path dir) {}

  public static void main(String[] args) throws Exception {
    String meshgateJar = args[0];
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
    int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    int idle = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
    List<String> jvmFlags = args.length > 4 ? List.of(args).subList(4, args.length) : List.of();
    Path work = Files.createTempDirectory("meshgate-compare");
    TestCa ca = TestCa.forTrustDomain(TD);
    Path tls = Files.createDirectories(work.resolve("tls"));
    ca.writeRoot(tls.resolve("ca.pem"));
    IssuedCertificate gatewayLeaf = ca.issue().spiffeId(SpiffeId.Service.of(TD, "", "dc1", "ingress")).build();
    gatewayLeaf.writeChain(tls.resolve("ingress.pem"));
    gatewayLeaf.writePrivateKey(tls.resolve("ingress-key.pem"), KeyFormat.PKCS8, new char[0]);
    IssuedCertificate webLeaf = ca.issue().spiffeId(SpiffeId.Service.of(TD, "", "dc1", "web"))
        .dnsName(sni("web")).build();

    StringBuilder report = new StringBuilder();
    try (Backends backends = new Backends()) {
      int oneByte = backends.oneByte();
      int idleBackend = backends.idle();
      int web = backends.https(webLeaf.keyPair().getPrivate(), webLeaf.chain(), ca.root());
      catalog(work, "bytes", oneByte);
      catalog(work, "idle", idleBackend);
      catalog(work, "web", web);
      Files.writeString(work.resolve("web.json"), "{\"Kind\":\"service-defaults\",\"Name\":\"web\",\"Protocol\":\"http\"}");
      byte[] hello = new ClientHelloBuilder().serverName(sni("bytes")).build();
      byte[] idleHello = new ClientHelloBuilder().serverName(sni("idle")).build();

      report.append(header(seconds, concurrency, idle, jvmFlags));
      report.append("\n| SNI passthrough | connections/s | p50 µs | p99 µs | failed | CPU ms / 1,000 conn | peak RSS MiB"
          + " | RSS per idle conn (KiB) | MB/s over 4 connections |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      List<Proxy> sniProxies = List.of(meshgateMesh(meshgateJar, jvmFlags, work), haproxy(work, oneByte, idleBackend),
          nginxStream(work, oneByte, idleBackend));
      for (Proxy proxy : only(sniProxies)) {
        report.append(sniRow(proxy, hello, idleHello, seconds, concurrency, idle)).append('\n');
        System.out.println(report);
      }
      report.append("\n| HTTP ingress (Host + path routed, HTTPS mTLS upstream) | requests/s | p50 ms | p99 ms"
          + " | CPU ms / 1,000 req | peak RSS MiB |\n|---|---:|---:|---:|---:|---:|\n");
      int ingressPort = freePort();
      Files.writeString(work.resolve("ingress.json"), "{\"Kind\":\"ingress-gateway\",\"Name\":\"ingress\",\"Listeners\":"
          + "[{\"Port\":" + ingressPort + ",\"Protocol\":\"http\",\"Services\":[{\"Name\":\"web\",\"Hosts\":"
          + "[\"web.example.com\"]}]}]}");
      for (Proxy proxy : only(List.of(meshgateIngress(meshgateJar, jvmFlags, work, ingressPort), nginxHttp(work, web,
          tls)))) {
        report.append(httpRow(proxy, seconds)).append('\n');
        System.out.println(report);
      }
      report.append(terminating(meshgateJar, jvmFlags, work, ca, backends.http(), seconds));
    }
    System.out.println(report);
    Files.writeString(work.resolve("result.md"), report);
    System.out.println("(written to " + work.resolve("result.md") + ")");
  }

  /** The proxies whose name contains the system property {@code compare.only}, or all of them. */
  private static List<Proxy> only(List<Proxy> proxies) {
    String only = System.getProperty("compare.only", "");
    return proxies.stream().filter(p -> p.name().contains(only)).toList();
  }

  /**
   * meshgate's terminating gateway alone (HAProxy and nginx have no intentions): keep-alive
   * requests over mesh mTLS from an allowed caller, one L7 intention decision per request, plain
   * HTTP to the service.
   */
  private static String terminating(String jar, List<String> flags, Path work, TestCa ca, int api, double seconds)
      throws Exception {
    catalog(work, "api", api, false);
    Path tls = work.resolve("tls");
    IssuedCertificate apiLeaf = ca.leaf(SpiffeId.Service.of(TD, "", "dc1", "api"));
    apiLeaf.writeChain(tls.resolve("api.pem"));
    apiLeaf.writePrivateKey(tls.resolve("api-key.pem"), KeyFormat.PKCS8, new char[0]);
    Files.writeString(work.resolve("terminating.json"), "[{\"Kind\":\"terminating-gateway\",\"Name\":\"tgw\","
        + "\"Services\":[{\"Name\":\"api\"}]},{\"Kind\":\"service-defaults\",\"Name\":\"api\",\"Protocol\":\"http\"},"
        + "{\"Kind\":\"service-intentions\",\"Name\":\"api\",\"Sources\":[{\"Name\":\"web\",\"Permissions\":[{\"Action\":"
        + "\"allow\",\"HTTP\":{\"PathPrefix\":\"/orders\",\"Methods\":[\"GET\"]}}]}]}]");
    int port = freePort();
    Proxy proxy = new Proxy("meshgate (terminating gateway)", java(jar, flags, "gateway", "--kind", "terminating",
        "--name", "tgw", "--trust-domain", TD.value(), "--config", work.toString(), "--listen", "127.0.0.1:" + port,
        "--admin", "127.0.0.1:0"), port, work);
    StringBuilder row = new StringBuilder("\n| Terminating gateway (mesh mTLS in, L7 intention per request, HTTP out) "
        + "| requests/s | p50 ms | p99 ms | failed | CPU ms / 1,000 req | peak RSS MiB |\n|---|---:|---:|---:|---:|---:|---:|\n");
    if (only(List.of(proxy)).isEmpty()) {
      return "";
    }
    SSLContext client = ca.leaf(SpiffeId.Service.of(TD, "", "dc1", "web")).sslContext(ca.root());
    Process p = start(proxy);
    try {
      InetSocketAddress at = new InetSocketAddress(LOOPBACK, port);
      L7Load.run(at, client, sni("api"), 50, warmUp(seconds));
      long cpu0 = Proc.cpuMillis(p.pid());
      L7Load.Result r = L7Load.run(at, client, sni("api"), 50, seconds);
      long cpu = Proc.cpuMillis(p.pid()) - cpu0;
      row.append(String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %.2f | %d | %.0f | %.1f |%n", proxy.name(), r.rate(),
          r.p50Millis(), r.p99Millis(), r.failures(), cpu * 1000.0 / Math.max(1, r.requests()),
          Proc.memory(p.pid(), "VmHWM") / 1048576.0));
    } finally {
      stop(p);
    }
    return row.toString();
  }

  private static String header(double seconds, int concurrency, int idle, List<String> jvmFlags) {
    return String.format(Locale.ROOT, "%s, %s %s, %d cores; load %.0f s per proxy after a %.0f s warm-up, %d concurrent"
        + " clients, %d idle connections; meshgate JVM flags: %s%n", Instant.now(), System.getProperty("java.vm.name"),
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), seconds, warmUp(seconds),
        concurrency, idle, jvmFlags.isEmpty() ? "(defaults)" : String.join(" ", jvmFlags));
  }

  /** A warm-up long enough for the JVM's compilers to finish with the hot paths. */
  private static double warmUp(double seconds) {
    return Math.max(3, Math.min(10, seconds));
  }

  private static void catalog(Path dir, String service, int port) throws IOException {
    catalog(dir, service, port, true);
  }

  private static void catalog(Path dir, String service, int port, boolean connectNative) throws IOException {
    Files.createDirectories(dir.resolve("catalog"));
    Files.writeString(dir.resolve("catalog").resolve(service + ".json"), "[{\"Node\":{\"Node\":\"" + service
        + "\",\"Address\":\"127.0.0.1\",\"Datacenter\":\"dc1\"},\"Service\":{\"ID\":\"" + service + "\",\"Service\":\""
        + service + "\",\"Port\":" + port + ",\"Connect\":{\"Native\":" + connectNative + "}},\"Checks\":[]}]");
  }

  private static List<String> java(String jar, List<String> flags, String... args) {
    List<String> c = new ArrayList<>(List.of(System.getProperty("compare.java",
        Path.of(System.getProperty("java.home"), "bin", "java").toString())));
    c.addAll(flags);
    c.addAll(List.of("-jar", jar));
    c.addAll(List.of(args));
    return c;
  }

  private static Proxy meshgateMesh(String jar, List<String> flags, Path work) throws IOException {
    int port = freePort();
    return new Proxy("meshgate (mesh gateway)", java(jar, flags, "gateway", "--kind", "mesh", "--name", "mesh-gateway",
        "--trust-domain", TD.value(), "--config", work.toString(), "--listen", "127.0.0.1:" + port, "--admin",
        "127.0.0.1:0"), port, work);
  }

  private static Proxy meshgateIngress(String jar, List<String> flags, Path work, int port) {
    return new Proxy("meshgate (ingress gateway)", java(jar, flags, "gateway", "--kind", "ingress", "--name", "ingress",
        "--trust-domain", TD.value(), "--config", work.toString(), "--admin", "127.0.0.1:0"), port, work);
  }

  private static Proxy haproxy(Path work, int oneByte, int idle) throws IOException {
    int port = freePort();
    Path cfg = work.resolve("haproxy.cfg");
    Files.writeString(cfg, String.join("\n",
        "global", "  maxconn 8000", "defaults", "  mode tcp", "  timeout connect 5s", "  timeout client 60s",
        "  timeout server 60s", "frontend sni", "  bind 127.0.0.1:" + port, "  tcp-request inspect-delay 5s",
        "  tcp-request content accept if { req_ssl_hello_type 1 }",
        "  use_backend bytes if { req.ssl_sni -m str " + sni("bytes") + " }",
        "  use_backend idle if { req.ssl_sni -m str " + sni("idle") + " }",
        "backend bytes", "  server b 127.0.0.1:" + oneByte, "backend idle", "  server i 127.0.0.1:" + idle, ""));
    return new Proxy("HAProxy " + version("haproxy", "-v"), List.of("haproxy", "-db", "-f", cfg.toString()), port, work);
  }

  private static Proxy nginxStream(Path work, int oneByte, int idle) throws IOException {
    int port = freePort();
    Path cfg = work.resolve("nginx-stream.conf");
    Files.writeString(cfg, nginxPrefix(work) + "stream {\n  map_hash_bucket_size 256;\n  map $ssl_preread_server_name $up {\n    " + sni("bytes")
        + " 127.0.0.1:" + oneByte + ";\n    " + sni("idle") + " 127.0.0.1:" + idle + ";\n  }\n  server {\n    listen 127.0.0.1:"
        + port + ";\n    ssl_preread on;\n    proxy_pass $up;\n  }\n}\n");
    return new Proxy("nginx " + version("nginx", "-v") + " (ssl_preread)", List.of("nginx", "-c", cfg.toString()),
        port, work);
  }

  private static Proxy nginxHttp(Path work, int web, Path tls) throws IOException {
    int port = freePort();
    Path cfg = work.resolve("nginx-http.conf");
    Files.writeString(cfg, nginxPrefix(work) + "http {\n  access_log off;\n  upstream web {\n    server 127.0.0.1:" + web
        + ";\n    keepalive 64;\n  }\n  server {\n    listen 127.0.0.1:" + port + ";\n    server_name web.example.com;\n"
        + "    location / {\n      proxy_pass https://web;\n      proxy_http_version 1.1;\n"
        + "      proxy_set_header Connection \"\";\n      proxy_ssl_certificate " + tls.resolve("ingress.pem") + ";\n"
        + "      proxy_ssl_certificate_key " + tls.resolve("ingress-key.pem") + ";\n      proxy_ssl_trusted_certificate "
        + tls.resolve("ca.pem") + ";\n      proxy_ssl_verify on;\n      proxy_ssl_name " + sni("web") + ";\n"
        + "      proxy_ssl_server_name on;\n      proxy_ssl_session_reuse on;\n    }\n  }\n}\n");
    return new Proxy("nginx " + version("nginx", "-v") + " (reverse proxy)", List.of("nginx", "-c", cfg.toString()), port,
        work);
  }

  private static String nginxPrefix(Path work) {
    return "load_module /usr/lib/nginx/modules/ngx_stream_module.so;\ndaemon off;\nworker_processes auto;\npid "
        + work.resolve("nginx.pid") + ";\nerror_log " + work.resolve("nginx-error.log") + " warn;\n"
        + "events {\n  worker_connections 8000;\n}\n";
  }

  private static String version(String program, String flag) {
    try {
      Process p = new ProcessBuilder(program, flag).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      Matcher m = Pattern.compile("(\\d+\\.\\d+\\.\\d+)").matcher(out);
      return m.find() ? m.group(1) : "?";
    } catch (IOException e) {
      return "(not installed)";
    }
  }

  /** Beside the config directory, never in it: the gateway follows its directory. */
  private static Path log(Proxy proxy) throws IOException {
    return Files.createDirectories(proxy.dir().resolveSibling(proxy.dir().getFileName() + "-logs"))
        .resolve(proxy.name().replaceAll("[^A-Za-z0-9]+", "-") + ".log");
  }

  private static Process start(Proxy proxy) throws Exception {
    Process p = new ProcessBuilder(proxy.command()).redirectOutput(log(proxy).toFile())
        .redirectErrorStream(true).start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      try (Socket s = new Socket(LOOPBACK, proxy.port())) {
        return p;
      } catch (IOException e) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException(proxy.name() + " did not start listening: "
              + Files.readString(log(proxy)));
        }
        Thread.sleep(100);
      }
    }
  }

  private static void stop(Process p) throws InterruptedException {
    p.descendants().forEach(ProcessHandle::destroy);
    p.destroy();
    p.waitFor();
  }

  private static String sniRow(Proxy proxy, byte[] hello, byte[] idleHello, double seconds, int concurrency,
      int idleCount) throws Exception {
    Process p = start(proxy);
    try {
      InetSocketAddress at = new InetSocketAddress(LOOPBACK, proxy.port());
      SniLoad.run(at, hello, concurrency, warmUp(seconds));
      long cpu0 = Proc.cpuMillis(p.pid());
      SniLoad.Result r = SniLoad.run(at, hello, concurrency, seconds);
      long cpu = Proc.cpuMillis(p.pid()) - cpu0;
      long peak = Proc.memory(p.pid(), "VmHWM");
      Thread.sleep(1000);
      long before = Proc.memory(p.pid(), "VmRSS");
      List<Socket> open = SniLoad.idle(at, idleHello, idleCount);
      Thread.sleep(2000);
      long after = Proc.memory(p.pid(), "VmRSS");
      for (Socket s : open) {
        s.close();
      }
      double throughput = SniLoad.throughput(at, idleHello, 4, Math.min(5, seconds));
      return String.format(Locale.ROOT, "| %s | %,.0f | %d | %d | %d | %.0f | %.1f | %.1f | %,.0f |", proxy.name(),
          r.rate(), r.p50Micros(), r.p99Micros(), r.failures(), cpu * 1000.0 / Math.max(1, r.connections()),
          peak / 1048576.0, (after - before) / 1024.0 / idleCount, throughput / 1e6);
    } finally {
      stop(p);
    }
  }

  private static String httpRow(Proxy proxy, double seconds) throws Exception {
    Process p = start(proxy);
    try {
      if (Boolean.getBoolean("compare.hold")) {
        System.out.println(proxy.name() + " on 127.0.0.1:" + proxy.port() + ", files in " + proxy.dir()
            + "; holding until killed");
        Thread.sleep(Long.MAX_VALUE);
      }
      wrk(proxy.port(), warmUp(seconds));
      long cpu0 = Proc.cpuMillis(p.pid());
      Map<String, Double> r = wrk(proxy.port(), seconds);
      long cpu = Proc.cpuMillis(p.pid()) - cpu0;
      long peak = Proc.memory(p.pid(), "VmHWM");
      double requests = r.get("rate") * seconds;
      return String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %.2f | %.0f | %.1f |", proxy.name(), r.get("rate"),
          r.get("p50"), r.get("p99"), cpu * 1000.0 / Math.max(1, requests), peak / 1048576.0);
    } finally {
      stop(p);
    }
  }

  /** Runs wrk (2 threads, 50 connections) and reads its rate and latency percentiles (ms). */
  private static Map<String, Double> wrk(int port, double seconds) throws Exception {
    Process w = new ProcessBuilder("wrk", "-t2", "-c50", "-d" + Math.round(seconds) + "s", "--latency", "-H",
        "Host: web.example.com", "http://127.0.0.1:" + port + "/orders").redirectErrorStream(true).start();
    String out = new String(w.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    w.waitFor();
    Map<String, Double> r = new LinkedHashMap<>();
    Matcher rate = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(out);
    if (!rate.find()) {
      throw new IllegalStateException("wrk printed no rate:\n" + out);
    }
    r.put("rate", Double.parseDouble(rate.group(1)));
    r.put("p50", latency(out, "50%"));
    r.put("p99", latency(out, "99%"));
    Matcher errors = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(out);
    if (errors.find()) {
      throw new IllegalStateException("wrk saw " + errors.group(1) + " error responses:\n" + out);
    }
    return r;
  }

  private static double latency(String wrk, String percentile) {
    Matcher m = Pattern.compile("\\s" + Pattern.quote(percentile) + "\\s+([0-9.]+)(us|ms|s)").matcher(wrk);
    if (!m.find()) {
      throw new IllegalStateException("wrk printed no " + percentile + " latency:\n" + wrk);
    }
    double v = Double.parseDouble(m.group(1));
    return switch (m.group(2)) {
      case "us" -> v / 1000;
      case "s" -> v * 1000;
      default -> v;
    };
  }
}
