package dev.meshgate.benchmarks.sni;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * {@link ClientHelloParseBenchmark}'s three operations (meshgate's parse, Netty's extraction, the
 * length-field walk) outside JMH, for the two measurements a shared VM does not spoil:
 *
 * <ul>
 *   <li>{@code count VARIANT HELLO N}: runs one operation N times, for {@code instructions.sh},
 *       which counts instructions under valgrind; the difference between two counts of
 *       different N is the cost of one call in compiled code, repeatable to a few percent.
 *   <li>{@code rounds HELLO [ROUNDS]}: times the three in turn, batch after batch, in one JVM
 *       (default 40 rounds of 20,000 calls each) and prints each one's minimum and median ns per
 *       call and the ratio of the minima. Interleaving keeps a slow spell of the host from
 *       landing on one side only.
 * </ul>
 *
 * <p>VARIANT is {@code meshgate}, {@code netty} or {@code walk}; HELLO a hello of the benchmark
 * ({@code curl-517}, {@code chromium-2040}, {@code openssl-3-records}, {@code
 * chromium-2-records}, {@code chromium-4-records}).
 */
public final class ParseLoop {
  private static final String[] VARIANTS = {"meshgate", "netty", "walk"};
  private static final int BATCH = 20_000;

  /** Where results escape to, so that the compiler cannot drop their allocation. */
  private static Object kept;

  private ParseLoop() {}

  private static int keep(Object result) {
    kept = result;
    return 1;
  }

  /**
   * Runs one of the two measurements.
   *
   * @param args {@code count VARIANT HELLO N} or {@code rounds HELLO [ROUNDS]}
   */
  public static void main(String[] args) {
    if (args.length == 4 && args[0].equals("count")) {
      IntSupplier operation = operation(benchmark(args[2]), args[1]);
      int n = Integer.parseInt(args[3]);
      long checksum = 0;
      for (int i = 0; i < n; i++) {
        checksum += operation.getAsInt();
      }
      System.out.println(checksum);
    } else if ((args.length == 2 || args.length == 3) && args[0].equals("rounds")) {
      rounds(args[1], args.length == 3 ? Integer.parseInt(args[2]) : 40);
    } else {
      throw new IllegalArgumentException(
          "usage: ParseLoop count meshgate|netty|walk HELLO N | ParseLoop rounds HELLO [ROUNDS]");
    }
  }

  private static void rounds(String hello, int rounds) {
    ClientHelloParseBenchmark benchmark = benchmark(hello);
    IntSupplier[] operations = new IntSupplier[VARIANTS.length];
    for (int v = 0; v < VARIANTS.length; v++) {
      operations[v] = operation(benchmark, VARIANTS[v]);
    }
    long checksum = 0;
    for (int warm = 0; warm < 10; warm++) {
      for (IntSupplier operation : operations) {
        for (int i = 0; i < BATCH; i++) {
          checksum += operation.getAsInt();
        }
      }
    }
    double[][] nanos = new double[VARIANTS.length][rounds];
    for (int r = 0; r < rounds; r++) {
      for (int v = 0; v < VARIANTS.length; v++) {
        IntSupplier operation = operations[v];
        long start = System.nanoTime();
        for (int i = 0; i < BATCH; i++) {
          checksum += operation.getAsInt();
        }
        nanos[v][r] = (System.nanoTime() - start) / (double) BATCH;
      }
    }
    double[] minimum = new double[VARIANTS.length];
    StringBuilder line = new StringBuilder(hello);
    for (int v = 0; v < VARIANTS.length; v++) {
      double[] sorted = nanos[v].clone();
      Arrays.sort(sorted);
      minimum[v] = sorted[0];
      line.append(String.format(Locale.ROOT, "  %s min %.1f median %.1f", VARIANTS[v],
          sorted[0], sorted[rounds / 2]));
    }
    line.append(String.format(Locale.ROOT, "  meshgate/netty %.2f  (checksum %d)",
        minimum[0] / minimum[1], checksum));
    System.out.println(line);
  }

  private static ClientHelloParseBenchmark benchmark(String hello) {
    ClientHelloParseBenchmark benchmark = new ClientHelloParseBenchmark();
    benchmark.hello = hello;
    benchmark.setUp();
    return benchmark;
  }

  private static IntSupplier operation(ClientHelloParseBenchmark benchmark, String variant) {
    switch (variant) {
      case "meshgate":
        return () -> keep(benchmark.meshgateParse());
      case "netty":
        return () -> keep(benchmark.nettyExtractSniHostname());
      case "walk":
        return benchmark::lengthFieldWalk;
      default:
        throw new IllegalArgumentException("variant: " + variant);
    }
  }
}
