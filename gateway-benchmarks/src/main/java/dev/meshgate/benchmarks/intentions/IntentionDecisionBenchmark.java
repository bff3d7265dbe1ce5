package dev.meshgate.benchmarks.intentions;

import dev.meshgate.core.intentions.Action;
import dev.meshgate.core.intentions.Decision;
import dev.meshgate.core.intentions.DefaultPolicy;
import dev.meshgate.core.intentions.IntentionSet;
import dev.meshgate.core.intentions.ReferenceIntentions;
import dev.meshgate.core.intentions.ServiceIntentions;
import dev.meshgate.core.intentions.DestinationService;
import dev.meshgate.core.intentions.SourceIdentity;
import dev.meshgate.core.intentions.SourceIntention;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
 * L4 decisions against sets of 10, 1,000 and 100,000 intentions, by the indexed {@link
 * IntentionSet} and by the linear {@link ReferenceIntentions} the tests check it against.
 *
 * <p>Every size has the same shape, so that only the size changes: entries {@code svc-<e>}, each
 * with nine sources {@code caller-0..8} (alternately allow and deny) and a {@code *} deny, plus
 * one global {@code *} to {@code *} allow (so the set holds N + 1 intentions). The requests cycle
 * through 1,024 pairs drawn at random, in the same mix at every size: 5/8 hit an exact intention
 * (precedence 9), 1/8 the entry's {@code *} (8), 1/8 call an unknown service and fall to the global
 * intention (1, the longest probe sequence), 1/8 come from a partition nothing mentions (no
 * intention).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class IntentionDecisionBenchmark {
  private static final int REQUESTS = 1024;

  @Param({"10", "1000", "100000"})
  int intentions;

  private IntentionSet indexed;
  private ReferenceIntentions reference;
  private final SourceIdentity[] sources = new SourceIdentity[REQUESTS];
  private final DestinationService[] destinations = new DestinationService[REQUESTS];
  private int cursor;

  @Setup
  public void setUp() {
    int entries = intentions / 10;
    List<ServiceIntentions> all = new ArrayList<>();
    for (int e = 0; e < entries; e++) {
      ServiceIntentions.Builder b = ServiceIntentions.builder().name("svc-" + e);
      for (int s = 0; s < 9; s++) {
        b.source(SourceIntention.of("caller-" + s, s % 2 == 0 ? Action.ALLOW : Action.DENY));
      }
      all.add(b.source(SourceIntention.of("*", Action.DENY)).build());
    }
    all.add(ServiceIntentions.builder().namespace("*").name("*")
        .source(SourceIntention.builder().namespace("*").name("*").action(Action.ALLOW).build()).build());
    indexed = IntentionSet.builder().addAll(all).build();
    reference = new ReferenceIntentions(all, List.of(), Map.of(), false);
    Random random = new Random(42);
    for (int i = 0; i < REQUESTS; i++) {
      int kind = random.nextInt(8);
      String caller = kind == 5 ? "caller-9" : "caller-" + random.nextInt(9);
      String service = kind == 6 ? "unknown" : "svc-" + random.nextInt(entries);
      String partition = kind == 7 ? "other" : "";
      sources[i] = SourceIdentity.of(caller).inPartition(partition);
      destinations[i] = DestinationService.of(service);
    }
    // The two models must agree on every request before anything is measured.
    for (int i = 0; i < REQUESTS; i++) {
      Decision a = indexed.decide(sources[i], destinations[i], DefaultPolicy.DENY);
      Decision b = reference.decide(sources[i], destinations[i], null, DefaultPolicy.DENY);
      if (!a.equals(b)) {
        throw new IllegalStateException("models disagree on request " + i + ": " + a + " vs " + b);
      }
    }
  }

  @Benchmark
  public Decision l4Indexed() {
    int i = cursor++ & (REQUESTS - 1);
    return indexed.decide(sources[i], destinations[i], DefaultPolicy.DENY);
  }

  @Benchmark
  public Decision l4Reference() {
    int i = cursor++ & (REQUESTS - 1);
    return reference.decide(sources[i], destinations[i], null, DefaultPolicy.DENY);
  }
}
