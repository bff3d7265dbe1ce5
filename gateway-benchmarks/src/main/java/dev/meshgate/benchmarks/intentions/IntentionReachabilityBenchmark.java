package dev.meshgate.benchmarks.intentions;

import dev.meshgate.core.intentions.DefaultPolicy;
import dev.meshgate.core.intentions.DestinationService;
import dev.meshgate.core.intentions.IntentionHttpPermission;
import dev.meshgate.core.intentions.IntentionSet;
import dev.meshgate.core.intentions.analysis.IntentionQuery;
import dev.meshgate.core.intentions.analysis.Reachability;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A reachability proof on a 100,001-intention set of {@link IntentionAnalysisBenchmark}'s shape:
 * {@code caller-0} (an L7 intention denying {@code /admin}) cannot reach {@code /admin} of one
 * service. The answer is "proven impossible", which visits every class of callers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class IntentionReachabilityBenchmark {
  private IntentionSet set;
  private IntentionQuery query;

  @Setup
  public void setUp() {
    set = IntentionSet.builder().addAll(IntentionAnalysisBenchmark.entries(10_000, 0)).build();
    query = new IntentionQuery("", "default", "default", "caller-0", Set.of(), DestinationService.of("svc-5000"),
        Optional.of(IntentionHttpPermission.builder().pathPrefix("/admin").build()));
    if (!query.canBeAllowed(set, DefaultPolicy.DENY).provenImpossible()) {
      throw new IllegalStateException("caller-0 must provably not reach /admin");
    }
  }

  /** Proves that caller-0 cannot reach /admin. */
  @Benchmark
  public Reachability proveUnreachable() {
    return query.canBeAllowed(set, DefaultPolicy.DENY);
  }
}
