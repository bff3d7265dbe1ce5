package dev.meshgate.examples.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.meshgate.testkit.IssuedCertificate;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The demo's services, on loopback: each answers every request with one line, {@code <name>:
 * <method> <path>}, followed for a TLS one by the client certificate it was shown. Plain HTTP, or
 * HTTPS that requires a client certificate from one CA.
 */
final class DemoBackends implements AutoCloseable {
  private final List<HttpServer> servers = new ArrayList<>();
  private final ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
    Thread t = new Thread(r, "meshgate-demo-backend");
    t.setDaemon(true);
    return t;
  });

  /** A plain HTTP service; returns its port. */
  int plain(String name) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    return start(server, name);
  }

  /** An HTTPS service presenting {@code leaf} and requiring a client certificate issued by {@code clients}. */
  int mutualTls(String name, IssuedCertificate leaf, X509Certificate clients) throws IOException {
    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    SSLContext context = leaf.sslContext(clients);
    server.setHttpsConfigurator(new HttpsConfigurator(context) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters p = context.getDefaultSSLParameters();
        p.setNeedClientAuth(true);
        params.setSSLParameters(p);
      }
    });
    return start(server, name);
  }

  private int start(HttpServer server, String name) {
    server.setExecutor(threads);
    server.createContext("/", exchange -> answer(exchange, name));
    server.start();
    servers.add(server);
    return server.getAddress().getPort();
  }

  private static void answer(HttpExchange exchange, String name) throws IOException {
    try (exchange) {
      String line = name + ": " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
      if (exchange instanceof HttpsExchange tls) {
        line += " (client certificate " + client(tls) + ")";
      }
      byte[] body = (line + "\n").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** The client certificate's SPIFFE ID, or its subject when it has none. */
  private static String client(HttpsExchange exchange) {
    try {
      X509Certificate peer = (X509Certificate) exchange.getSSLSession().getPeerCertificates()[0];
      if (peer.getSubjectAlternativeNames() != null) {
        for (List<?> san : peer.getSubjectAlternativeNames()) {
          if (Integer.valueOf(6).equals(san.get(0))) {
            return san.get(1).toString();
          }
        }
      }
      return peer.getSubjectX500Principal().getName();
    } catch (SSLPeerUnverifiedException | java.security.cert.CertificateParsingException e) {
      return "none";
    }
  }

  @Override
  public void close() {
    for (HttpServer server : servers) {
      server.stop(0);
    }
    threads.shutdownNow();
  }
}
