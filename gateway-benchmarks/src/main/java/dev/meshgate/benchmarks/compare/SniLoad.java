package dev.meshgate.benchmarks.compare;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounded new-connection load through an SNI proxy: {@code concurrency} threads, each connecting,
 * sending a ClientHello, reading the backend's byte and the end of the stream, for a fixed time.
 * Records each connection's connect-to-first-byte latency (at most one million samples).
 */
final class SniLoad {
  private static final int MAX_SAMPLES = 1_000_000;

  /** What one run measured. */
  record Result(long connections, long failures, double seconds, long p50Micros, long p99Micros) {
    double rate() {
      return connections / seconds;
    }
  }

  private SniLoad() {}

  static Result run(InetSocketAddress proxy, byte[] hello, int concurrency, double seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    AtomicLong failures = new AtomicLong();
    List<Latencies> samples = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      Latencies mine = new Latencies(MAX_SAMPLES / concurrency);
      samples.add(mine);
      Thread t = new Thread(() -> {
        byte[] buffer = new byte[64];
        while (System.nanoTime() < deadline) {
          long began = System.nanoTime();
          try (Socket s = new Socket()) {
            s.setSoTimeout(10_000);
            s.connect(proxy, 10_000);
            s.getOutputStream().write(hello);
            InputStream in = s.getInputStream();
            if (in.read() < 0) {
              failures.incrementAndGet();
              continue;
            }
            long latency = System.nanoTime() - began;
            while (in.read(buffer) >= 0) {
              // until the proxy passes on the backend's close
            }
            mine.add(latency);
          } catch (IOException e) {
            failures.incrementAndGet();
          }
        }
      }, "sni-load-" + i);
      threads.add(t);
    }
    double elapsed = Latencies.run(threads);
    long[] sorted = Latencies.sorted(samples);
    return new Result(Latencies.total(samples), failures.get(), elapsed, Latencies.percentile(sorted, 0.50) / 1000,
        Latencies.percentile(sorted, 0.99) / 1000);
  }

  /**
   * Streams through the proxy: {@code connections} clients each send the hello then write 64 KiB
   * blocks for {@code seconds} towards a backend that discards them; returns bytes per second
   * written (the proxy's backpressure makes that what it relayed, up to its buffers).
   */
  static double throughput(InetSocketAddress proxy, byte[] hello, int connections, double seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    AtomicLong bytes = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < connections; i++) {
      Thread t = new Thread(() -> {
        byte[] block = new byte[64 * 1024];
        try (Socket s = new Socket()) {
          s.connect(proxy, 10_000);
          s.getOutputStream().write(hello);
          while (System.nanoTime() < deadline) {
            s.getOutputStream().write(block);
            bytes.addAndGet(block.length);
          }
        } catch (IOException e) {
          // counted up to the failure
        }
      }, "throughput-" + i);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    return bytes.get() / ((System.nanoTime() - start) / 1e9);
  }

  /** Opens {@code count} connections that send the hello and stay open; the caller closes them. */
  static List<Socket> idle(InetSocketAddress proxy, byte[] hello, int count) throws IOException {
    List<Socket> open = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Socket s = new Socket();
      s.connect(proxy, 10_000);
      s.getOutputStream().write(hello);
      open.add(s);
    }
    return open;
  }
}
