package dev.meshgate.benchmarks.consul;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in Consul agent for {@link ConsulScale}, run as its own process (each process may hold
 * 20,000 descriptors here, and 10,000 watches need 10,000 connections on each side): {@code
 * /v1/health/service/svc-N} answers the service's instances with blocking-query semantics, without
 * a thread per held request; {@code /control/bump/svc-N} changes the port of the service's first
 * instance and wakes its held requests. Prints {@code READY <port>} when listening.
 */
public final class ScaleAgent {
  static final int NODES = 1000;

  private final int[][] ports;
  private final long[] index;
  private final List<List<Held>> held;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  private record Held(HttpExchange exchange, long deadlineNanos) {}

  private ScaleAgent(int services, int perService) {
    ports = new int[services][perService];
    index = new long[services];
    held = new ArrayList<>(services);
    for (int s = 0; s < services; s++) {
      for (int i = 0; i < perService; i++) {
        ports[s][i] = 8000 + i;
      }
      index[s] = 10;
      held.add(new ArrayList<>());
    }
  }

  /** The health answer of one service, as Consul writes it (the fields a gateway reads, and some more). */
  static String body(int service, int[] ports) {
    StringBuilder b = new StringBuilder(ports.length * 320).append('[');
    for (int i = 0; i < ports.length; i++) {
      int node = (service * ports.length + i) % NODES;
      b.append(i > 0 ? "," : "")
          .append("{\"Node\":{\"ID\":\"\",\"Node\":\"node-").append(node).append("\",\"Address\":\"10.")
          .append(node / 250).append('.').append(node % 250).append(".1\",\"Datacenter\":\"dc1\",")
          .append("\"TaggedAddresses\":{\"lan\":\"10.0.0.1\"},\"Meta\":{\"rack\":\"r1\"},\"CreateIndex\":5,\"ModifyIndex\":5},")
          .append("\"Service\":{\"ID\":\"svc-").append(service).append('-').append(i).append("\",\"Service\":\"svc-")
          .append(service).append("\",\"Tags\":[\"v1\"],\"Address\":\"\",\"Meta\":{\"version\":\"1\"},\"Port\":")
          .append(ports[i]).append(",\"Weights\":{\"Passing\":1,\"Warning\":1},\"EnableTagOverride\":false,")
          .append("\"CreateIndex\":7,\"ModifyIndex\":7},\"Checks\":[{\"Node\":\"node-").append(node)
          .append("\",\"CheckID\":\"serfHealth\",\"Name\":\"Serf Health Status\",\"Status\":\"passing\",\"ServiceID\":\"\"}]}");
    }
    return b.append(']').toString();
  }

  public static void main(String[] args) throws IOException {
    ScaleAgent agent = new ScaleAgent(Integer.parseInt(args[0]), Integer.parseInt(args[1]));
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 20_000);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.createContext("/v1/health/service/", agent::health);
    server.createContext("/control/bump/", agent::bump);
    server.start();
    agent.timer.scheduleWithFixedDelay(agent::expire, 100, 100, TimeUnit.MILLISECONDS);
    System.out.println("READY " + server.getAddress().getPort());
    System.out.flush();
  }

  private static int service(HttpExchange exchange, String prefix) {
    String path = exchange.getRequestURI().getPath();
    return Integer.parseInt(path.substring(prefix.length() + "svc-".length()));
  }

  private void health(HttpExchange exchange) throws IOException {
    int s = service(exchange, "/v1/health/service/");
    long asked = 0;
    long waitNanos = TimeUnit.MINUTES.toNanos(5);
    String query = exchange.getRequestURI().getRawQuery();
    if (query != null) {
      for (String part : query.split("&")) {
        if (part.startsWith("index=")) {
          asked = Long.parseLong(part.substring(6));
        } else if (part.startsWith("wait=") && part.endsWith("ms")) {
          waitNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(part.substring(5, part.length() - 2)));
        }
      }
    }
    synchronized (this) {
      if (asked > 0 && index[s] <= asked) {
        held.get(s).add(new Held(exchange, System.nanoTime() + waitNanos));
        return;
      }
    }
    answer(exchange, s);
  }

  private void answer(HttpExchange exchange, int s) {
    String body;
    long at;
    synchronized (this) {
      body = body(s, ports[s]);
      at = index[s];
    }
    try (exchange) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("X-Consul-Index", Long.toString(at));
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private void bump(HttpExchange exchange) throws IOException {
    int s = service(exchange, "/control/bump/");
    List<Held> woken;
    synchronized (this) {
      ports[s][0]++;
      index[s]++;
      woken = new ArrayList<>(held.get(s));
      held.get(s).clear();
    }
    for (Held h : woken) {
      answer(h.exchange(), s);
    }
    try (exchange) {
      exchange.sendResponseHeaders(200, -1);
    }
  }

  private void expire() {
    long now = System.nanoTime();
    List<int[]> due = new ArrayList<>();
    List<Held> exchanges = new ArrayList<>();
    synchronized (this) {
      for (int s = 0; s < held.size(); s++) {
        List<Held> list = held.get(s);
        for (int k = list.size() - 1; k >= 0; k--) {
          if (list.get(k).deadlineNanos() <= now) {
            exchanges.add(list.remove(k));
            due.add(new int[] {s});
          }
        }
      }
    }
    for (int k = 0; k < exchanges.size(); k++) {
      answer(exchanges.get(k).exchange(), due.get(k)[0]);
    }
  }
}
