package dev.meshgate.examples.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's view of a running gateway, on loopback unless told otherwise: {@code GET /ready}
 * (200 once the first config is serving, 503 before), {@code GET /routes} (the current table as
 * JSON), {@code GET /stats} (counters and the config state as JSON), {@code GET /metrics}
 * (Prometheus text format) and {@code POST /quitquitquit} (stops the gateway, as Envoy's admin
 * does). Anything else is 404, another method 405. One thread answers, so a slow client delays
 * only the admin endpoint, never traffic.
 */
final class AdminServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** What the endpoint shows. */
  interface View {
    boolean ready();

    Object routes();

    Object stats();

    String metrics();

    void quit();
  }

  private final HttpServer server;
  private final ExecutorService executor;

  private AdminServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  static AdminServer start(InetSocketAddress address, View view) throws IOException {
    HttpServer server = HttpServer.create(address, 16);
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "meshgate-admin");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", exchange -> answer(exchange, view));
    server.start();
    return new AdminServer(server, executor);
  }

  InetSocketAddress address() {
    return server.getAddress();
  }

  private static void answer(HttpExchange exchange, View view) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      boolean quit = path.equals("/quitquitquit");
      if (!quit && !path.equals("/ready") && !path.equals("/routes") && !path.equals("/stats")
          && !path.equals("/metrics")) {
        send(exchange, 404, "text/plain", "no such admin path: " + path
            + " (expected: /ready, /routes, /stats, /metrics or POST /quitquitquit)\n");
        return;
      }
      if (!method.equals(quit ? "POST" : "GET")) {
        exchange.getResponseHeaders().set("Allow", quit ? "POST" : "GET");
        send(exchange, 405, "text/plain", method + " " + path + ": method not allowed\n");
        return;
      }
      switch (path) {
        case "/ready" -> send(exchange, view.ready() ? 200 : 503, "text/plain",
            view.ready() ? "ready\n" : "not ready: no config serving yet\n");
        case "/routes" -> send(exchange, 200, "application/json", JSON.writeValueAsString(view.routes()) + "\n");
        case "/stats" -> send(exchange, 200, "application/json", JSON.writeValueAsString(view.stats()) + "\n");
        case "/metrics" -> send(exchange, 200, "text/plain; version=0.0.4", view.metrics());
        default -> {
          send(exchange, 200, "text/plain", "stopping\n");
          view.quit();
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("admin request failed", e);
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type + (type.contains("charset") ? "" : "; charset=utf-8"));
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
