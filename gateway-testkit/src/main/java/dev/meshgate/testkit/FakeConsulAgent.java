package dev.meshgate.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An in-process stand-in for a Consul agent's HTTP API on loopback, for tests of code that follows
 * Consul. It serves whatever body a test sets for a path, with blocking-query semantics: a request
 * with {@code index=N} is held while the path's index is at most N, until it changes or {@code
 * wait} elapses, and every answer carries {@code X-Consul-Index}. A path never set answers 404;
 * a path {@linkplain #delete deleted} answers 404 with its index, as Consul does for a deleted
 * config entry. Faults are queued and consumed one per answer, in order, when the answer is due:
 * HTTP 500, 429, 403, a reset connection, an answer slower than the client's timeout, malformed
 * JSON, an index of 0. A path may be set for one datacenter, as {@code
 * /v1/health/service/mesh-gateway?dc=dc2}: it answers the requests of that path whose {@code dc}
 * parameter names that datacenter, and the plain path answers the others.
 *
 * <p>Every request is recorded (path, query, token) so tests can count them. Thread-safe. Close it
 * to stop the server.
 */
public final class FakeConsulAgent implements AutoCloseable {
  /** A fault served instead of (or on top of) a request's answer. */
  public enum Fault {
    /** HTTP 500 with Consul's RPC error text. */
    HTTP_500,
    /** HTTP 429, rate limited. */
    HTTP_429,
    /** HTTP 403, as for a token without the permission. */
    HTTP_403,
    /** A 200 whose body stops part way and whose connection closes. */
    RESET,
    /** The answer, sent after the delay set by {@link #slowBy} (2 seconds unless set). */
    SLOW,
    /** A 200 whose body is truncated JSON. */
    MALFORMED_JSON,
    /** The answer with {@code X-Consul-Index: 0}. */
    ZERO_INDEX
  }

  /**
   * One request as received.
   *
   * @param path the raw path, e.g. {@code /v1/health/service/web}
   * @param query the decoded query parameters, in order
   * @param token the {@code X-Consul-Token} header, or null when absent
   * @param receivedNanos {@link System#nanoTime()} when it arrived
   */
  public record Request(String path, Map<String, String> query, String token, long receivedNanos) {}

  private record Resource(long index, byte[] body) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fake-consul");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Resource> resources = new HashMap<>();
  private final Deque<Fault> faults = new ArrayDeque<>();
  private final List<Request> requests = new ArrayList<>();
  private volatile long slowNanos = TimeUnit.SECONDS.toNanos(2);

  /**
   * Starts an agent speaking plain HTTP on a free loopback port.
   *
   * @throws IOException if the server cannot be bound
   */
  public FakeConsulAgent() throws IOException {
    this(null);
  }

  /**
   * Starts an agent speaking HTTPS on a free loopback port, requiring a client certificate.
   *
   * @param tls the server's context; null for plain HTTP
   * @throws IOException if the server cannot be bound
   */
  public FakeConsulAgent(SSLContext tls) throws IOException {
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    if (tls == null) {
      server = HttpServer.create(loopback, 64);
    } else {
      HttpsServer https = HttpsServer.create(loopback, 64);
      https.setHttpsConfigurator(new HttpsConfigurator(tls) {
        @Override
        public void configure(HttpsParameters params) {
          SSLParameters p = tls.getDefaultSSLParameters();
          p.setNeedClientAuth(true);
          params.setSSLParameters(p);
        }
      });
      server = https;
    }
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /**
   * Returns where the agent listens.
   *
   * @return {@code 127.0.0.1:<port>}, as a Consul client's address
   */
  public String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * Makes a path answer 404 with an index, as Consul does for a deleted config entry, and wakes the
   * requests blocked on it.
   *
   * @param path the raw path
   * @param index the index the 404 carries
   */
  public synchronized void delete(String path, long index) {
    resources.put(path, new Resource(index, null));
    notifyAll();
  }

  /**
   * Sets what a path answers and wakes the requests blocked on it.
   *
   * @param path the raw path, e.g. {@code /v1/config/terminating-gateway/tgw}, or with {@code
   *     ?dc=<datacenter>} for the requests asking that datacenter only
   * @param index the index the answer carries
   * @param body the JSON body, served as given (invalid JSON included)
   */
  public synchronized void set(String path, long index, String body) {
    resources.put(path, new Resource(index, body.getBytes(StandardCharsets.UTF_8)));
    notifyAll();
  }

  /**
   * Queues faults for the next answers, in order.
   *
   * @param more the faults
   */
  public synchronized void inject(Fault... more) {
    for (Fault f : more) {
      faults.add(f);
    }
  }

  /**
   * Sets how long a {@link Fault#SLOW} answer is delayed.
   *
   * @param millis the delay
   */
  public void slowBy(long millis) {
    slowNanos = TimeUnit.MILLISECONDS.toNanos(millis);
  }

  /**
   * Returns how many queued faults are not served yet.
   *
   * @return the count
   */
  public synchronized int pendingFaults() {
    return faults.size();
  }

  /**
   * Returns every request received so far.
   *
   * @return the requests, in arrival order
   */
  public synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  /**
   * Counts the requests of one path.
   *
   * @param path the raw path
   * @return how many arrived
   */
  public synchronized int requestCount(String path) {
    int n = 0;
    for (Request r : requests) {
      if (r.path().equals(path)) {
        n++;
      }
    }
    return n;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      synchronized (this) {
        requests.add(new Request(path, query, exchange.getRequestHeaders().getFirst("X-Consul-Token"),
            System.nanoTime()));
      }
      // A fault is taken when the answer is due, after the hold: a blocked request woken by a change
      // is the one that fails, as when an agent loses its server mid-wait.
      Resource r = await(path, query);
      Fault fault;
      synchronized (this) {
        fault = faults.poll();
      }
      if (fault != null) {
        switch (fault) {
          case HTTP_500 -> {
            send(exchange, 500, -1, "rpc error making call: internal failure");
            return;
          }
          case HTTP_429 -> {
            send(exchange, 429, -1, "rate limit exceeded");
            return;
          }
          case HTTP_403 -> {
            send(exchange, 403, -1, "ACL not found");
            return;
          }
          case RESET -> {
            // Promise a body and close the connection after part of it.
            exchange.sendResponseHeaders(200, 1000);
            exchange.getResponseBody().write("[{\"Node\":".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            return;
          }
          case SLOW -> {
            TimeUnit.NANOSECONDS.sleep(slowNanos);
            r = current(path, query);
          }
          default -> {
            // served below, with the answer
          }
        }
      }
      if (r == null) {
        send(exchange, 404, -1, "");
        return;
      }
      if (r.body() == null) {
        send(exchange, 404, r.index(), "Config entry not found for " + path);
        return;
      }
      if (fault == Fault.MALFORMED_JSON) {
        send(exchange, 200, r.index(), "[{\"Node\": {\"Node\": \"n1\"");
      } else if (fault == Fault.ZERO_INDEX) {
        send(exchange, 200, 0, new String(r.body(), StandardCharsets.UTF_8));
      } else {
        send(exchange, 200, r.index(), new String(r.body(), StandardCharsets.UTF_8));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The resource of the request's datacenter if one was set for it, else the path's. */
  private synchronized Resource current(String path, Map<String, String> query) {
    String dc = query.get("dc");
    Resource own = dc == null ? null : resources.get(path + "?dc=" + dc);
    return own != null ? own : resources.get(path);
  }

  /** Holds a blocking request while the index has not passed the one asked, at most {@code wait}. */
  private synchronized Resource await(String path, Map<String, String> query) throws InterruptedException {
    long index = query.containsKey("index") ? Long.parseLong(query.get("index")) : 0;
    long waitNanos = query.containsKey("wait") ? parseWait(query.get("wait")) : TimeUnit.MINUTES.toNanos(5);
    long deadline = System.nanoTime() + waitNanos;
    Resource r = current(path, query);
    while (index > 0 && r != null && r.index() <= index) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
      r = current(path, query);
    }
    return r;
  }

  private static long parseWait(String wait) {
    if (wait.endsWith("ms")) {
      return TimeUnit.MILLISECONDS.toNanos(Long.parseLong(wait.substring(0, wait.length() - 2)));
    }
    if (wait.endsWith("s")) {
      return TimeUnit.SECONDS.toNanos(Long.parseLong(wait.substring(0, wait.length() - 1)));
    }
    throw new IllegalArgumentException("wait: " + wait);
  }

  private static void send(HttpExchange exchange, int status, long index, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (index >= 0) {
      exchange.getResponseHeaders().set("X-Consul-Index", Long.toString(index));
    }
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String part : raw.split("&")) {
      int eq = part.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(k, v);
    }
    return out;
  }

  /** Stops the server; requests held in a blocking wait are dropped. */
  @Override
  public void close() {
    synchronized (this) {
      notifyAll();
    }
    server.stop(0);
    executor.shutdownNow();
  }
}
