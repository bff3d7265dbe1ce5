package dev.meshgate.benchmarks.consul;

import dev.meshgate.consul.api.ConsulAnswers;
import dev.meshgate.consul.api.ConsulCatalog;
import dev.meshgate.consul.api.ConsulClient;
import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.Endpoint;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.naming.TrustDomain;
import dev.meshgate.core.routing.SniDecision;
import dev.meshgate.core.terminating.Route;
import dev.meshgate.core.terminating.TerminatingGateway;
import dev.meshgate.core.terminating.TerminatingGatewayEntry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A Consul catalog of 10,000 services and 100,000 instances through meshgate's decoder, watches and
 * a terminating gateway's table: decode time of every answer, time to the first complete catalog
 * with one blocking watch per service, memory held, and the time from a change in Consul to the
 * gateway's new table. Not a JMH benchmark: the phases are long-running and measured once each.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.meshgate.benchmarks.consul.ConsulScale [services]
 * [instancesPerService] [changes]}.
 */
public final class ConsulScale {
  private static final TrustDomain TD = new TrustDomain("5fcd4b81-a2ca-405a-ac62-0fac602c1949.consul");

  private ConsulScale() {}

  public static void main(String[] args) throws Exception {
    int services = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int perService = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int changes = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    System.out.printf(Locale.ROOT, "%d services x %d instances; JDK %s; %d CPUs; max heap %d MiB%n", services,
        perService, System.getProperty("java.runtime.version"), Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);

    // 1. Decoding alone.
    int[] ports = new int[perService];
    for (int i = 0; i < perService; i++) {
      ports[i] = 8000 + i;
    }
    List<byte[]> bodies = new ArrayList<>(services);
    long bytes = 0;
    for (int s = 0; s < services; s++) {
      byte[] b = ScaleAgent.body(s, ports).getBytes(StandardCharsets.UTF_8);
      bodies.add(b);
      bytes += b.length;
    }
    for (int round = 1; round <= 3; round++) {
      long t0 = System.nanoTime();
      long instances = 0;
      for (int s = 0; s < services; s++) {
        instances += ConsulAnswers.healthService("/v1/health/service/svc-" + s, "dc1", bodies.get(s)).size();
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      System.out.printf(Locale.ROOT, "decode round %d: %d answers, %d instances, %.1f MiB of JSON in %d ms%n", round,
          services, instances, bytes / 1048576.0, ms);
    }
    bodies = null;

    // 2. A live catalog: one watch per service against the agent process.
    Process agentProcess = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g", "-cp",
        System.getProperty("java.class.path"), ScaleAgent.class.getName(), Integer.toString(services),
        Integer.toString(perService))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    Runtime.getRuntime().addShutdownHook(new Thread(agentProcess::destroy));
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(agentProcess.getInputStream(), StandardCharsets.UTF_8));
      String ready = out.readLine();
      int port = Integer.parseInt(ready.substring("READY ".length()));
      String address = "127.0.0.1:" + port;
      long heapBefore = usedHeapAfterGc();
      ConsulClient client = ConsulClient.builder().address(address, false).build();
      ServiceName[] names = new ServiceName[services];
      for (int s = 0; s < services; s++) {
        names[s] = ServiceName.of("svc-" + s);
      }
      long t0 = System.nanoTime();
      ConsulCatalog catalog = ConsulCatalog.builder(client, "dc1").services(names).wait(Duration.ofMinutes(5)).start();
      TerminatingGateway gateway = TerminatingGateway.builder().name("tgw").datacenter("dc1").trustDomain(TD)
          .catalog(catalog).entry(TerminatingGatewayEntry.builder("tgw").service("*").build()).build();
      long expected = (long) services * perService;
      while (count(catalog.snapshot(), names) < expected) {
        Thread.sleep(50);
      }
      long syncMs = (System.nanoTime() - t0) / 1_000_000;
      while (gateway.table().routes().size() < services) {
        Thread.sleep(10);
      }
      long tableMs = (System.nanoTime() - t0) / 1_000_000;
      long heapAfter = usedHeapAfterGc();
      System.out.printf(Locale.ROOT, "first complete catalog: %d instances in %d ms; gateway table of %d routes at %d ms%n",
          expected, syncMs, gateway.table().routes().size(), tableMs);
      System.out.printf(Locale.ROOT, "heap held by watches + catalog + table: %d MiB (%d MiB before, %d after); %d live threads%n",
          (heapAfter - heapBefore) >> 20, heapBefore >> 20, heapAfter >> 20,
          ManagementFactory.getThreadMXBean().getThreadCount());

      // 3. Changes in Consul to the gateway's new table.
      HttpClient control = HttpClient.newHttpClient();
      Random random = new Random(42);
      long[] latencies = new long[changes];
      for (int c = 0; c < changes; c++) {
        int s = random.nextInt(services);
        String sni = "svc-" + s + ".default.dc1.internal." + TD;
        long before = portSum(gateway.route(sni));
        long start = System.nanoTime();
        control.send(HttpRequest.newBuilder(URI.create("http://" + address + "/control/bump/svc-" + s)).build(),
            HttpResponse.BodyHandlers.discarding());
        while (portSum(gateway.route(sni)) == before) {
          Thread.sleep(1);
        }
        latencies[c] = System.nanoTime() - start;
        Thread.sleep(200);
      }
      Arrays.sort(latencies);
      System.out.printf(Locale.ROOT, "change in Consul -> new gateway table, %d changes: median %.1f ms, max %.1f ms%n",
          changes, latencies[changes / 2] / 1e6, latencies[changes - 1] / 1e6);
      int failing = 0;
      for (var e : catalog.status().values()) {
        failing += e.consecutiveFailures() > 0 ? 1 : 0;
      }
      System.out.printf(Locale.ROOT, "watches failing at the end: %d of %d%n", failing, catalog.status().size());
      gateway.close();
      catalog.close();
    } finally {
      agentProcess.destroy();
    }
  }

  /** The sum of a route's endpoint ports: a bump changes it by one. */
  private static long portSum(SniDecision<Route> d) {
    Route r = d.routeOrNull();
    if (r != null) {
      long sum = 0;
      for (Endpoint e : r.endpoints()) {
        sum += e.port();
      }
      return sum;
    }
    return -1;
  }

  private static long count(CatalogSnapshot snapshot, ServiceName[] names) {
    long n = 0;
    for (ServiceName s : names) {
      n += snapshot.instances("dc1", s).size();
    }
    return n;
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return rt.totalMemory() - rt.freeMemory();
  }

}
