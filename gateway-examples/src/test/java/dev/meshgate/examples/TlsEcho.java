package dev.meshgate.examples;

import dev.meshgate.testkit.IssuedCertificate;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** Loopback TLS for the programs' end-to-end tests: a one-line echo server and its client. */
public final class TlsEcho {
  private TlsEcho() {}

  /**
   * Starts a TLS server presenting {@code leaf} that answers each connection's first line with
   * {@code <name> got <line>}; closing the returned socket stops it.
   */
  public static SSLServerSocket server(IssuedCertificate leaf, String name) throws Exception {
    return serve(leaf, name, false);
  }

  /**
   * Starts a TLS server presenting {@code leaf} that answers each HTTP/1.1 request with 200 and
   * the body {@code <name> saw <method> <path>}, then closes the connection.
   */
  public static SSLServerSocket httpServer(IssuedCertificate leaf, String name) throws Exception {
    return serve(leaf, name, true);
  }

  private static SSLServerSocket serve(IssuedCertificate leaf, String name, boolean http) throws Exception {
    SSLServerSocket server = (SSLServerSocket) leaf.sslContext().getServerSocketFactory()
        .createServerSocket(0, 8, InetAddress.getLoopbackAddress());
    Thread thread = new Thread(() -> {
      while (!server.isClosed()) {
        try (SSLSocket s = (SSLSocket) server.accept()) {
          BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
          String line = in.readLine();
          OutputStream o = s.getOutputStream();
          if (http) {
            for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
              // the request has no body: skip its headers
            }
            String[] request = line == null ? new String[] {"", ""} : line.split(" ");
            byte[] body = (name + " saw " + request[0] + " " + request[1]).getBytes(StandardCharsets.UTF_8);
            o.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            o.write(body);
          } else {
            o.write((name + " got " + line + "\n").getBytes(StandardCharsets.UTF_8));
          }
          o.flush();
        } catch (IOException e) {
          // closed by the test, or a client that went away: serve the next one
        }
      }
    }, "echo-" + name);
    thread.setDaemon(true);
    thread.start();
    return server;
  }

  /**
   * Connects with an SNI, trusting only {@code root}, sends one line and returns the server's
   * certificates; the answer line goes to {@code answer[0]}.
   */
  public static Certificate[] call(InetSocketAddress at, X509Certificate root, String sni, String line,
      String[] answer) throws Exception {
    return call(at, root, null, sni, line, answer);
  }

  /**
   * As {@link #call(InetSocketAddress, X509Certificate, String, String, String[])}, presenting
   * {@code client} as the client certificate (mesh mTLS) unless it is null.
   */
  public static Certificate[] call(InetSocketAddress at, X509Certificate root, IssuedCertificate client,
      String sni, String line, String[] answer) throws Exception {
    SSLContext context;
    if (client != null) {
      context = client.sslContext(root);
    } else {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      KeyStore roots = KeyStore.getInstance("PKCS12");
      roots.load(null, null);
      roots.setCertificateEntry("mesh-root", root);
      tmf.init(roots);
      context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
    }
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(at.getAddress(), at.getPort())) {
      socket.setSoTimeout(5000);
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setServerNames(List.of(new SNIHostName(sni)));
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      answer[0] = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
          .readLine();
      return socket.getSession().getPeerCertificates();
    }
  }
}
