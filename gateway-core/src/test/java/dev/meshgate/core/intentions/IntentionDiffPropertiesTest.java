package dev.meshgate.core.intentions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.intentions.IntentionArbitraries.Request;
import dev.meshgate.core.intentions.analysis.ChangedClass;
import dev.meshgate.core.intentions.analysis.IntentionDiff;
import dev.meshgate.core.intentions.analysis.Witness;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The semantic diff against the evaluator itself: on random pairs of intention sets, a request is
 * decided differently exactly when it lies in a reported class, and every class holds its witness.
 */
class IntentionDiffPropertiesTest {
  /** Two sets that share some entries, their modes and default policies, and requests to ask. */
  record Pair(List<ServiceIntentions> before, boolean fallBefore, List<ServiceIntentions> after, boolean fallAfter,
      DefaultPolicy policyBefore, DefaultPolicy policyAfter, List<Request> requests) {
    IntentionSet build(List<ServiceIntentions> entries, boolean fall) {
      return new IntentionArbitraries.Scenario(entries, fall, List.of()).build();
    }
  }

  @Provide
  Arbitrary<Pair> pairs() {
    Arbitrary<List<ServiceIntentions>> some = IntentionArbitraries.entries().list().ofMaxSize(3);
    return Combinators.combine(some, some, some, Arbitraries.of(false, false, true), Arbitraries.of(false, false, true),
            Arbitraries.of(DefaultPolicy.values()), Arbitraries.of(DefaultPolicy.values()),
            IntentionArbitraries.requests().list().ofSize(30))
        .as((shared, onlyBefore, onlyAfter, fb, fa, pb, pa, requests) -> {
          List<ServiceIntentions> before = new ArrayList<>(shared);
          before.addAll(onlyBefore);
          List<ServiceIntentions> after = new ArrayList<>(onlyAfter);
          after.addAll(shared);
          return new Pair(IntentionArbitraries.dedupeDestinations(before), fb,
              IntentionArbitraries.dedupeDestinations(after), fa, pb, pa, requests);
        });
  }

  @Property(tries = 150)
  void requestChangesDecisionExactlyWhenItFallsInAReportedClass(@ForAll("pairs") Pair pair) {
    IntentionSet before = pair.build(pair.before(), pair.fallBefore());
    IntentionSet after = pair.build(pair.after(), pair.fallAfter());
    IntentionDiff diff = IntentionDiff.between(before, after, pair.policyBefore(), pair.policyAfter());
    assertTrue(diff.complete(), () -> "unanalysed: " + diff.unanalysed());
    for (Request r : pair.requests()) {
      Witness w = new Witness(r.source(), r.destination(), Optional.ofNullable(r.http()));
      boolean b = w.allowedBy(before, pair.policyBefore());
      boolean a = w.allowedBy(after, pair.policyAfter());
      Optional<ChangedClass> c = diff.classOf(w);
      assertEquals(b != a, c.isPresent(), () -> "request " + w + " (before " + b + ", after " + a + ") in "
          + c.map(ChangedClass::describe) + "; changes: " + describe(diff));
      c.ifPresent(changed -> {
        assertEquals(b, changed.allowedBefore(), "allowedBefore of " + changed.describe());
        assertEquals(a, changed.allowedAfter(), "allowedAfter of " + changed.describe());
      });
    }
    for (ChangedClass changed : diff.changes()) {
      assertEquals(Optional.of(changed), diff.classOf(changed.witness()), () -> "witness of " + changed.describe());
    }
  }

  @Property(tries = 100)
  void aSetComparedWithItselfChangesNothing(@ForAll("pairs") Pair pair) {
    IntentionSet before = pair.build(pair.before(), pair.fallBefore());
    IntentionSet again = pair.build(pair.before(), pair.fallBefore());
    IntentionDiff diff = IntentionDiff.between(before, again, pair.policyBefore());
    assertTrue(diff.isEmpty() && diff.complete(), () -> describe(diff));
  }

  private static String describe(IntentionDiff diff) {
    StringBuilder b = new StringBuilder();
    for (ChangedClass c : diff.changes()) {
      b.append("\n  ").append(c.describe()).append(": ").append(c.allowedBefore()).append(" -> ")
          .append(c.allowedAfter());
    }
    return b.toString();
  }
}
