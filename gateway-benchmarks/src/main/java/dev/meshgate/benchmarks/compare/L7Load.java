package dev.meshgate.benchmarks.compare;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Bounded keep-alive HTTP/1.1 load over mesh mTLS (what wrk cannot do: present a client
 * certificate): {@code connections} threads, each one TLS connection with the given SNI sending a
 * GET and reading the {@code Content-Length} response, for a fixed time.
 */
final class L7Load {
  private L7Load() {}

  /** What one run measured. */
  record Result(long requests, long failures, double seconds, double p50Millis, double p99Millis) {
    double rate() {
      return requests / seconds;
    }
  }

  static Result run(InetSocketAddress at, SSLContext tls, String sni, int connections, double seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    AtomicLong failures = new AtomicLong();
    List<Latencies> samples = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    byte[] request = ("GET /orders HTTP/1.1\r\nHost: " + sni + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < connections; i++) {
      Latencies mine = new Latencies(200_000);
      samples.add(mine);
      Thread t = new Thread(() -> {
        while (System.nanoTime() < deadline) {
          try (SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(at.getAddress(), at.getPort())) {
            s.setSoTimeout(10_000);
            SSLParameters p = s.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName(sni)));
            s.setSSLParameters(p);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            while (System.nanoTime() < deadline) {
              long began = System.nanoTime();
              out.write(request);
              out.flush();
              if (!readResponse(in)) {
                failures.incrementAndGet();
                break;
              }
              mine.add(System.nanoTime() - began);
            }
          } catch (IOException e) {
            failures.incrementAndGet();
          }
        }
      }, "l7-load-" + i);
      threads.add(t);
    }
    double elapsed = Latencies.run(threads);
    long[] sorted = Latencies.sorted(samples);
    return new Result(Latencies.total(samples), failures.get(), elapsed, Latencies.percentile(sorted, 0.5) / 1e6,
        Latencies.percentile(sorted, 0.99) / 1e6);
  }

  /** Reads one response with a Content-Length body; false unless it is a 200. */
  private static boolean readResponse(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      head.append((char) c);
      if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
        break;
      }
    }
    if (c < 0) {
      return false;
    }
    String text = head.toString().toLowerCase(java.util.Locale.ROOT);
    int at = text.indexOf("content-length:");
    int length = at < 0 ? 0 : Integer.parseInt(text.substring(at + 15, text.indexOf('\r', at)).trim());
    in.readNBytes(length);
    return text.startsWith("http/1.1 200");
  }
}
