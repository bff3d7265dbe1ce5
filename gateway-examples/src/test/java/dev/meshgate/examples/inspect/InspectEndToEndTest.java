package dev.meshgate.examples.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.naming.TrustDomain;
import dev.meshgate.examples.Cli;
import dev.meshgate.examples.Lines;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The inspector on a real loopback socket: it prints the hello a JDK TLS client sends, and the
 * verdicts of a plaintext client and of one that hangs up, each as one JSON line.
 */
@Timeout(60)
class InspectEndToEndTest {

  private final Lines out = new Lines();
  private final Lines err = new Lines();

  /** Starts the inspector on a free port; returns the port it printed on stderr. */
  private int start(CompletableFuture<Integer> exit, String... args) throws InterruptedException {
    Thread inspector = new Thread(() -> {
      try {
        List<String> line = new ArrayList<>(List.of("inspect"));
        line.addAll(List.of(args));
        exit.complete(Cli.run(line, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8)));
      } catch (Throwable e) {
        exit.completeExceptionally(e);
      }
    }, "inspector");
    inspector.start();
    String listening = err.next();
    assertTrue(listening.startsWith("listening on 127.0.0.1:"), listening);
    return Integer.parseInt(listening.substring(listening.lastIndexOf(':') + 1));
  }

  @Test
  void printsTheHelloOfAJdkTlsClientWithItsSniAndAlpn() throws Exception {
    String sni = "web.default.dc1.internal."
        + TrustDomain.fromClusterId("5fcd4b81-a2ca-405a-ac62-0fac602c1949").value();
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    int port = start(exit, "--port", "0", "--count", "1");

    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, null, null);
    try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port)) {
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setServerNames(List.of(new SNIHostName(sni)));
      parameters.setApplicationProtocols(new String[] {"h2", "http/1.1"});
      socket.setSSLParameters(parameters);
      socket.setSoTimeout(30_000);
      // The inspector never answers: it prints the hello and hangs up.
      assertThrows(IOException.class, socket::startHandshake);
    }

    String line = out.next();
    assertTrue(line.matches("\\{\"peer\":\"127\\.0\\.0\\.1:\\d+\",\"verdict\":\"ok\",\"format\":\"tls\","
        + "\"sni\":\"" + sni.replace(".", "\\.") + "\",\"alpn\":\\[\"h2\",\"http/1\\.1\"\\],"
        + "\"legacy_version\":\"0x0303\",\"highest_version\":\"0x0304\","
        + "\"supported_versions\":\\[\"0x0304\",\"0x0303\"[^\\]]*\\],\"cipher_suites\":\\[.*"), line);
    assertTrue(line.matches(".*\"key_shares\":\\[\\{\"group\":\"0x[0-9a-f]{4}\",\"length\":\\d+\\}.*"), line);
    assertTrue(line.matches(".*\"ja3_hash\":\"[0-9a-f]{32}\",\"ja4\":\"t13d\\d{4}h2_[0-9a-f]{12}_[0-9a-f]{12}\","
        + "\"bytes\":\\d+,\"records\":1\\}"), line);
    assertEquals(0, exit.get(30, TimeUnit.SECONDS));
    assertTrue(out.isEmpty(), "one line per connection");
  }

  @Test
  void printsNotTlsForPlaintextAndClosedForAClientThatHangsUpThenExitsAfterTheCount()
      throws Exception {
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    int port = start(exit, "--port", "0", "--count", "2");

    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress("127.0.0.1", port));
      plain.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertEquals(-1, plain.getInputStream().read(), "closed by the inspector");
    }
    String notTls = out.next();
    assertTrue(notTls.matches("\\{\"peer\":\"127\\.0\\.0\\.1:\\d+\",\"verdict\":\"not-tls\","
        + "\"reason\":\"not TLS: first byte 0x47 is not the handshake content type 22\"\\}"), notTls);

    try (Socket quitter = new Socket()) {
      quitter.connect(new InetSocketAddress("127.0.0.1", port));
      quitter.getOutputStream().write(new byte[] {0x16, 0x03, 0x01});
    }
    String closed = out.next();
    assertTrue(closed.matches("\\{\"peer\":\"127\\.0\\.0\\.1:\\d+\",\"verdict\":\"closed\","
        + "\"reason\":\"the client closed the connection before a complete ClientHello\"\\}"), closed);
    assertEquals(0, exit.get(30, TimeUnit.SECONDS));
  }
}
