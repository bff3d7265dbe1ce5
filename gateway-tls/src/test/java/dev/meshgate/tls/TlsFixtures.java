package dev.meshgate.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** Plain JDK peers for handshake tests: contexts built the ordinary way, a loopback server, an engine pump. */
final class TlsFixtures {
  private TlsFixtures() {}

  /** A JDK context presenting {@code key} (if any) and trusting {@code trust} (if any). */
  static SSLContext jdkContext(KeyMaterial key, TrustBundle trust) throws GeneralSecurityException, IOException {
    KeyManagerFactory kmf = null;
    if (key != null) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("key", key.privateKey(), "pw".toCharArray(), key.chain().toArray(new Certificate[0]));
      kmf = KeyManagerFactory.getInstance("PKIX");
      kmf.init(keys, "pw".toCharArray());
    }
    TrustManagerFactory tmf = null;
    if (trust != null) {
      KeyStore roots = KeyStore.getInstance("PKCS12");
      roots.load(null, null);
      for (int i = 0; i < trust.certificates().size(); i++) {
        roots.setCertificateEntry("ca" + i, trust.certificates().get(i));
      }
      tmf = TrustManagerFactory.getInstance("PKIX");
      tmf.init(roots);
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
    return context;
  }

  /**
   * A loopback TLS server handling one connection at a time on its own thread: it completes the
   * handshake and answers one line computed from the socket, then closes.
   */
  static final class Server implements AutoCloseable {
    private final SSLServerSocket socket;
    private final Thread thread;
    private volatile boolean closed;

    Server(SSLContext context, SSLParameters parameters, Function<SSLSocket, String> answer) throws IOException {
      socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
      socket.setSSLParameters(parameters);
      thread = new Thread(() -> serve(answer), "tls-test-server");
      thread.setDaemon(true);
      thread.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    private void serve(Function<SSLSocket, String> answer) {
      while (!closed) {
        try (SSLSocket s = (SSLSocket) socket.accept()) {
          s.setSoTimeout(10_000);
          s.startHandshake();
          OutputStream out = s.getOutputStream();
          out.write((answer.apply(s) + "\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
        } catch (IOException | RuntimeException e) {
          // A failed handshake is what many tests expect; the client sees it.
        }
      }
    }

    @Override
    public void close() throws Exception {
      closed = true;
      socket.close();
      thread.join(10_000);
    }
  }

  /** Serial number (hex) of the peer's leaf, or "none". */
  static String peerSerial(SSLSocket socket) {
    try {
      Certificate[] peer = socket.getSession().getPeerCertificates();
      return ((X509Certificate) peer[0]).getSerialNumber().toString(16);
    } catch (IOException e) {
      return "none";
    }
  }

  /** Connects to the loopback port, layers TLS with {@code wrap}, and reads the server's one line. */
  static String exchange(int port, Function<Socket, SSLSocket> wrap) throws IOException {
    Socket plain = new Socket();
    plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
    plain.setSoTimeout(10_000);
    try (SSLSocket ssl = wrap.apply(plain)) {
      ssl.startHandshake();
      BufferedReader in = new BufferedReader(new InputStreamReader(ssl.getInputStream(), StandardCharsets.UTF_8));
      return in.readLine();
    }
  }

  static SSLSocket wrap(OriginationContext context, Socket socket, String host, int port) {
    try {
      return context.wrap(socket, host, port, true);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Runs a handshake between two engines in memory; throws what either engine throws. */
  static void handshake(SSLEngine client, SSLEngine server) throws SSLException {
    ByteBuffer clientToServer = ByteBuffer.allocate(1 << 17);
    ByteBuffer serverToClient = ByteBuffer.allocate(1 << 17);
    ByteBuffer application = ByteBuffer.allocate(1 << 17);
    client.beginHandshake();
    server.beginHandshake();
    for (int i = 0; i < 1000; i++) {
      step(client, clientToServer, serverToClient, application);
      step(server, serverToClient, clientToServer, application);
      if (client.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING
          && server.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING) {
        return;
      }
    }
    throw new AssertionError("the handshake made no progress");
  }

  private static void step(SSLEngine engine, ByteBuffer out, ByteBuffer in, ByteBuffer application) throws SSLException {
    for (int n = 0; n < 10; n++) {
      switch (engine.getHandshakeStatus()) {
        case NEED_WRAP:
          engine.wrap(ByteBuffer.allocate(0), out);
          break;
        case NEED_UNWRAP:
        case NEED_UNWRAP_AGAIN:
          in.flip();
          engine.unwrap(in, application);
          boolean progressed = in.position() > 0;
          in.compact();
          application.clear();
          if (!progressed && engine.getHandshakeStatus() != HandshakeStatus.NEED_TASK
              && engine.getHandshakeStatus() != HandshakeStatus.NEED_WRAP) {
            return;
          }
          break;
        case NEED_TASK:
          Runnable task;
          while ((task = engine.getDelegatedTask()) != null) {
            task.run();
          }
          break;
        default:
          return;
      }
    }
  }

  /** Makes a named pipe with the system's {@code mkfifo}; opening it for reading blocks until a writer comes. */
  static java.nio.file.Path mkfifo(java.nio.file.Path path) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0 || !java.nio.file.Files.exists(path)) {
      throw new AssertionError("mkfifo " + path + " failed: " + output);
    }
    return path;
  }

  static List<String> uriSans(X509Certificate certificate) throws Exception {
    return certificate.getSubjectAlternativeNames().stream()
        .filter(n -> (Integer) n.get(0) == 6)
        .map(n -> (String) n.get(1))
        .toList();
  }
}
