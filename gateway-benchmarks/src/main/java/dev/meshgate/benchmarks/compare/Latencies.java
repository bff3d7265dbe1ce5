package dev.meshgate.benchmarks.compare;

import java.util.Arrays;
import java.util.List;

/**
 * One load thread's latency samples (bounded: beyond its capacity only the count grows), and the
 * percentiles of several threads' samples together.
 */
final class Latencies {
  private final long[] nanos;
  private long count;

  Latencies(int capacity) {
    nanos = new long[capacity];
  }

  void add(long latencyNanos) {
    if (count < nanos.length) {
      nanos[(int) count] = latencyNanos;
    }
    count++;
  }

  long count() {
    return count;
  }

  static long total(List<Latencies> all) {
    return all.stream().mapToLong(Latencies::count).sum();
  }

  /** Every kept sample of every thread, sorted. */
  static long[] sorted(List<Latencies> all) {
    long[] merged = all.stream().flatMapToLong(l -> Arrays.stream(l.nanos, 0, (int) Math.min(l.count, l.nanos.length)))
        .toArray();
    Arrays.sort(merged);
    return merged;
  }

  /** Starts the load threads, waits for them all, and returns the seconds that took. */
  static double run(List<Thread> threads) throws InterruptedException {
    long start = System.nanoTime();
    for (Thread t : threads) {
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    return (System.nanoTime() - start) / 1e9;
  }

  static long percentile(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  }
}
