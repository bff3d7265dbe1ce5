package dev.meshgate.benchmarks.intentions;

import dev.meshgate.core.intentions.Action;
import dev.meshgate.core.intentions.DefaultPolicy;
import dev.meshgate.core.intentions.IntentionHttpPermission;
import dev.meshgate.core.intentions.IntentionPermission;
import dev.meshgate.core.intentions.IntentionSet;
import dev.meshgate.core.intentions.ServiceIntentions;
import dev.meshgate.core.intentions.SourceIntention;
import dev.meshgate.core.intentions.analysis.IntentionDiff;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The semantic diff of two 10,000-intention sets that differ in 1 or in 100 intentions ({@link
 * IntentionReachabilityBenchmark} has the reachability query on 100,000).
 *
 * <p>Sets have the shape of {@link IntentionDecisionBenchmark}'s: entries {@code svc-<e>} with
 * sources {@code caller-0..8} and {@code *}, plus a global allow; here {@code caller-0} of every
 * entry is an L7 intention (deny {@code /admin}, allow {@code /}), so that the diff also cuts HTTP
 * requests into cells. The changed set flips {@code caller-1}'s action in the first {@code
 * changed} entries (every one an L4 change that also changes all of that caller's HTTP requests).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class IntentionAnalysisBenchmark {
  @Param({"1", "100"})
  int changed;

  private IntentionSet before;
  private IntentionSet after;

  static List<ServiceIntentions> entries(int entries, int flipped) {
    IntentionPermission denyAdmin =
        IntentionPermission.of(Action.DENY, IntentionHttpPermission.builder().pathPrefix("/admin").build());
    IntentionPermission allowAll =
        IntentionPermission.of(Action.ALLOW, IntentionHttpPermission.builder().pathPrefix("/").build());
    List<ServiceIntentions> all = new ArrayList<>();
    for (int e = 0; e < entries; e++) {
      ServiceIntentions.Builder b = ServiceIntentions.builder().name("svc-" + e);
      b.source(SourceIntention.builder().name("caller-0").permission(denyAdmin).permission(allowAll).build());
      for (int s = 1; s < 9; s++) {
        boolean allow = s % 2 == 0;
        if (s == 1 && e < flipped) {
          allow = !allow;
        }
        b.source(SourceIntention.of("caller-" + s, allow ? Action.ALLOW : Action.DENY));
      }
      all.add(b.source(SourceIntention.of("*", Action.DENY)).build());
    }
    all.add(ServiceIntentions.builder().namespace("*").name("*")
        .source(SourceIntention.builder().namespace("*").name("*").action(Action.ALLOW).build()).build());
    return all;
  }

  @Setup
  public void setUp() {
    before = IntentionSet.builder().addAll(entries(1000, 0)).build();
    after = IntentionSet.builder().addAll(entries(1000, changed)).build();
    int count = IntentionDiff.between(before, after, DefaultPolicy.DENY).changes().size();
    if (count != 2 * changed) {
      throw new IllegalStateException("expected an L4 and an HTTP class per changed intention, got " + count);
    }
  }

  /** Diffs the two 10,000-intention sets. */
  @Benchmark
  public IntentionDiff diff() {
    return IntentionDiff.between(before, after, DefaultPolicy.DENY);
  }
}
