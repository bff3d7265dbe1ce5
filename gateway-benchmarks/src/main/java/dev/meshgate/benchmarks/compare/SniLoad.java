package dev.meshgate.benchmarks.compare;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
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
    List<long[]> samples = new ArrayList<>();
    List<int[]> counts = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < concurrency; i++) {
      long[] mine = new long[MAX_SAMPLES / concurrency];
      int[] n = new int[1];
      samples.add(mine);
      counts.add(n);
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
            if (n[0] < mine.length) {
              mine[n[0]] = latency;
            }
            n[0]++;
          } catch (IOException e) {
            failures.incrementAndGet();
          }
        }
      }, "sni-load-" + i);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    long total = 0;
    int kept = 0;
    for (int i = 0; i < concurrency; i++) {
      total += counts.get(i)[0];
      kept += Math.min(counts.get(i)[0], samples.get(i).length);
    }
    long[] all = new long[kept];
    int k = 0;
    for (int i = 0; i < concurrency; i++) {
      int n = Math.min(counts.get(i)[0], samples.get(i).length);
      System.arraycopy(samples.get(i), 0, all, k, n);
      k += n;
    }
    Arrays.sort(all);
    return new Result(total, failures.get(), elapsed, percentile(all, 0.50) / 1000, percentile(all, 0.99) / 1000);
  }

  private static long percentile(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
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
