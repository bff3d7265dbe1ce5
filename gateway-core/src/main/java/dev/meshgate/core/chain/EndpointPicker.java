package dev.meshgate.core.chain;

import dev.meshgate.core.catalog.Endpoint;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Picks one of a target's healthy endpoints as Envoy's load balancers do. Built once per binding
 * (off the request path); {@link #pick} allocates nothing. Thread-safe: round robin advances an
 * atomic counter, the other policies are stateless.
 */
abstract class EndpointPicker {
  final Endpoint[] endpoints;

  EndpointPicker(Endpoint[] endpoints) {
    this.endpoints = endpoints;
  }

  /**
   * Returns the index of the chosen endpoint.
   *
   * @param hash the request hash (hash-based policies only)
   * @param random a uniformly random value
   * @param active the in-flight counts ({@code least_request} only)
   */
  abstract int pick(long hash, long random, ActiveRequests active);

  /** Tells whether {@link #pick} uses the request hash. */
  boolean hashes() {
    return false;
  }

  /** Builds the picker of a policy over healthy endpoints (at least one). */
  static EndpointPicker create(LoadBalancer lb, List<Endpoint> healthy) {
    Endpoint[] eps = healthy.toArray(new Endpoint[0]);
    LoadBalancer.Policy policy = lb == null ? LoadBalancer.Policy.DEFAULT : lb.kind();
    switch (policy) {
      case RANDOM:
        return new RandomPicker(eps);
      case LEAST_REQUEST:
        int choices = lb.leastRequestConfig().map(LoadBalancer.LeastRequestConfig::choiceCount).orElse(0);
        return new LeastRequestPicker(eps, choices == 0 ? 2 : choices);
      case RING_HASH:
        LoadBalancer.RingHashConfig rh = lb.ringHashConfig().orElse(new LoadBalancer.RingHashConfig(0, 0));
        return new RingHashPicker(eps, rh.minimumRingSize() == 0 ? 1024 : rh.minimumRingSize(),
            rh.maximumRingSize() == 0 ? ServiceResolver.ENVOY_MAX_RING_SIZE : rh.maximumRingSize());
      case MAGLEV:
        return new MaglevPicker(eps, MaglevPicker.DEFAULT_TABLE_SIZE);
      default:
        return new RoundRobinPicker(eps);
    }
  }

  /** Envoy's hash key of a host: its address as {@code ip:port} ({@code [ip6]:port}). */
  static String hashKey(Endpoint e) {
    return (e.address().indexOf(':') >= 0 ? "[" + e.address() + "]" : e.address()) + ":" + e.port();
  }

  /** SplitMix64's finalizer: decorrelates values derived from one random number. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static int uniform(long random, int n) {
    return (int) Long.remainderUnsigned(random, n);
  }

  /** Each endpoint's weight over the sum, as Envoy's {@code normalizeHostWeights}. */
  static double[] normalizedWeights(Endpoint[] eps) {
    double sum = 0;
    for (Endpoint e : eps) {
      sum += e.weight();
    }
    double[] out = new double[eps.length];
    for (int i = 0; i < eps.length; i++) {
      out[i] = eps[i].weight() / sum;
    }
    return out;
  }

  /*
   * Round robin: Envoy rotates through the hosts when their weights are equal, and otherwise runs
   * an earliest-deadline-first scheduler (each pick of a host of weight w moves its deadline 1/w
   * later). That schedule repeats every sum-of-weights picks, so it is computed once here and
   * walked by an atomic counter. Sums above 65,536 are scaled down first (weights kept >= 1).
   */
  static final class RoundRobinPicker extends EndpointPicker {
    private static final int MAX_SCHEDULE = 65_536;
    private final int[] schedule;
    private final AtomicLong next = new AtomicLong();

    RoundRobinPicker(Endpoint[] eps) {
      super(eps);
      this.schedule = equalWeights(eps) ? null : schedule(eps);
    }

    @Override
    int pick(long hash, long random, ActiveRequests active) {
      long n = next.getAndIncrement();
      return schedule == null ? (int) Long.remainderUnsigned(n, endpoints.length)
          : schedule[(int) Long.remainderUnsigned(n, schedule.length)];
    }

    static boolean equalWeights(Endpoint[] eps) {
      for (Endpoint e : eps) {
        if (e.weight() != eps[0].weight()) {
          return false;
        }
      }
      return true;
    }

    static int[] schedule(Endpoint[] eps) {
      int[] w = new int[eps.length];
      long sum = 0;
      for (int i = 0; i < eps.length; i++) {
        w[i] = eps[i].weight();
        sum += w[i];
      }
      if (sum > MAX_SCHEDULE) {
        long scaled = 0;
        for (int i = 0; i < w.length; i++) {
          w[i] = (int) Math.max(1, Math.round((double) w[i] * MAX_SCHEDULE / sum));
          scaled += w[i];
        }
        sum = scaled;
      }
      // Envoy's EdfScheduler: the earliest deadline first, ties to the host added earlier.
      java.util.PriorityQueue<double[]> queue = new java.util.PriorityQueue<>(
          (a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
      double order = 0;
      for (int i = 0; i < w.length; i++) {
        queue.add(new double[] {1.0 / w[i], order++, i});
      }
      int[] out = new int[(int) sum];
      for (int k = 0; k < out.length; k++) {
        double[] e = queue.poll();
        int host = (int) e[2];
        out[k] = host;
        queue.add(new double[] {e[0] + 1.0 / w[host], order++, host});
      }
      return out;
    }
  }

  /** Envoy's random policy: a uniform host, weights ignored. */
  static final class RandomPicker extends EndpointPicker {
    RandomPicker(Endpoint[] eps) {
      super(eps);
    }

    @Override
    int pick(long hash, long random, ActiveRequests active) {
      return uniform(random, endpoints.length);
    }
  }

  /*
   * Least request: sample choiceCount hosts at random (with replacement) and take the one with the
   * fewest requests in flight, the first sampled on ties (Envoy's "power of two choices" when the
   * weights are equal). With unequal weights Envoy schedules by weight / (active + 1); this compares
   * that quantity among the samples instead, which agrees when the counts are equal.
   */
  static final class LeastRequestPicker extends EndpointPicker {
    private final int choices;
    private final boolean weighted;

    LeastRequestPicker(Endpoint[] eps, int choices) {
      super(eps);
      this.choices = choices;
      this.weighted = !RoundRobinPicker.equalWeights(eps);
    }

    @Override
    int pick(long hash, long random, ActiveRequests active) {
      int best = uniform(random, endpoints.length);
      long r = random;
      for (int k = 1; k < choices; k++) {
        r = mix(r + k);
        int candidate = uniform(r, endpoints.length);
        if (better(candidate, best, active)) {
          best = candidate;
        }
      }
      return best;
    }

    private boolean better(int candidate, int best, ActiveRequests active) {
      int a = active.of(endpoints[candidate]);
      int b = active.of(endpoints[best]);
      if (!weighted) {
        return a < b;
      }
      return (double) endpoints[candidate].weight() / (a + 1) > (double) endpoints[best].weight() / (b + 1);
    }
  }

  /*
   * Envoy's ring hash (Ketama): every host gets points on a 64-bit ring, XXH64 of "<address>_<i>",
   * in proportion to its weight, scaled so that the lightest host has a whole number of points and
   * the ring has at least minimumRingSize (at most maximumRingSize) of them. A request hash goes to
   * the first point at or after it, wrapping around.
   */
  static final class RingHashPicker extends EndpointPicker {
    /** Point hashes with the sign bit flipped, so signed order is unsigned order; sorted. */
    final long[] points;
    final int[] owners;

    RingHashPicker(Endpoint[] eps, long minRingSize, long maxRingSize) {
      super(eps);
      double[] normalized = normalizedWeights(eps);
      double minWeight = 1;
      for (double w : normalized) {
        minWeight = Math.min(minWeight, w);
      }
      double scale = Math.min(Math.ceil(minWeight * minRingSize) / minWeight, (double) maxRingSize);
      int capacity = (int) Math.ceil(scale) + eps.length;
      long[] hashes = new long[capacity];
      int[] hosts = new int[capacity];
      int n = 0;
      double current = 0;
      double target = 0;
      for (int h = 0; h < eps.length; h++) {
        String key = hashKey(eps[h]) + "_";
        target += scale * normalized[h];
        for (int i = 0; current < target; i++) {
          if (n == hashes.length) {
            hashes = Arrays.copyOf(hashes, n * 2);
            hosts = Arrays.copyOf(hosts, n * 2);
          }
          hashes[n] = XxHash64.utf8(key + i, 0) ^ Long.MIN_VALUE;
          hosts[n] = h;
          n++;
          current++;
        }
      }
      this.points = Arrays.copyOf(hashes, n);
      this.owners = Arrays.copyOf(hosts, n);
      sort(points, owners, 0, n - 1);
    }

    @Override
    boolean hashes() {
      return true;
    }

    @Override
    int pick(long hash, long random, ActiveRequests active) {
      long h = hash ^ Long.MIN_VALUE;
      int lo = 0;
      int hi = points.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (points[mid] < h) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return owners[lo == points.length ? 0 : lo];
    }

    /** Sorts {@code keys} ascending, moving {@code values} along (quicksort, insertion below 16). */
    private static void sort(long[] keys, int[] values, int lo, int hi) {
      while (hi - lo > 16) {
        long pivot = keys[(lo + hi) >>> 1];
        int i = lo;
        int j = hi;
        while (i <= j) {
          while (keys[i] < pivot) {
            i++;
          }
          while (keys[j] > pivot) {
            j--;
          }
          if (i <= j) {
            swap(keys, values, i++, j--);
          }
        }
        if (j - lo < hi - i) {
          sort(keys, values, lo, j);
          lo = i;
        } else {
          sort(keys, values, i, hi);
          hi = j;
        }
      }
      for (int i = lo + 1; i <= hi; i++) {
        for (int j = i; j > lo && keys[j - 1] > keys[j]; j--) {
          swap(keys, values, j, j - 1);
        }
      }
    }

    private static void swap(long[] keys, int[] values, int a, int b) {
      long k = keys[a];
      keys[a] = keys[b];
      keys[b] = k;
      int v = values[a];
      values[a] = values[b];
      values[b] = v;
    }
  }

  /*
   * Envoy's Maglev: hosts sorted by address take turns filling a prime-sized table, each walking its
   * own permutation (offset XXH64(address, 0) mod M, skip XXH64(address, 1) mod (M - 1) + 1) to the
   * next free slot; a host of weight w takes a turn on w / max-weight of the rounds. A request hash
   * picks slot hash mod M.
   */
  static final class MaglevPicker extends EndpointPicker {
    static final int DEFAULT_TABLE_SIZE = 65537;
    final int[] table;

    MaglevPicker(Endpoint[] eps, int tableSize) {
      super(eps);
      double[] normalized = normalizedWeights(eps);
      Integer[] order = new Integer[eps.length];
      String[] keys = new String[eps.length];
      double maxWeight = 0;
      for (int i = 0; i < eps.length; i++) {
        order[i] = i;
        keys[i] = hashKey(eps[i]);
        maxWeight = Math.max(maxWeight, normalized[i]);
      }
      Arrays.sort(order, (a, b) -> {
        int c = keys[a].compareTo(keys[b]);
        return c != 0 ? c : Integer.compare(a, b);
      });
      int n = eps.length;
      long[] offset = new long[n];
      long[] skip = new long[n];
      long[] next = new long[n];
      double[] targetWeight = new double[n];
      for (int k = 0; k < n; k++) {
        String key = keys[order[k]];
        offset[k] = Long.remainderUnsigned(XxHash64.utf8(key, 0), tableSize);
        skip[k] = Long.remainderUnsigned(XxHash64.utf8(key, 1), tableSize - 1) + 1;
      }
      int[] t = new int[tableSize];
      Arrays.fill(t, -1);
      int filled = 0;
      for (long iteration = 1; filled < tableSize; iteration++) {
        for (int k = 0; k < n && filled < tableSize; k++) {
          if (iteration * normalized[order[k]] < targetWeight[k]) {
            continue;
          }
          targetWeight[k] += maxWeight;
          int c = (int) ((offset[k] + skip[k] * next[k]) % tableSize);
          while (t[c] != -1) {
            next[k]++;
            c = (int) ((offset[k] + skip[k] * next[k]) % tableSize);
          }
          t[c] = order[k];
          next[k]++;
          filled++;
        }
      }
      this.table = t;
    }

    @Override
    boolean hashes() {
      return true;
    }

    @Override
    int pick(long hash, long random, ActiveRequests active) {
      return table[(int) Long.remainderUnsigned(hash, table.length)];
    }
  }
}
