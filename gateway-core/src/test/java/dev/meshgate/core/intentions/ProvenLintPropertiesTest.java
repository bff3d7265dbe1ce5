package dev.meshgate.core.intentions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.meshgate.core.intentions.IntentionArbitraries.Request;
import dev.meshgate.core.intentions.IntentionArbitraries.Scenario;
import dev.meshgate.core.intentions.analysis.ProvenLint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Proven lint findings hold on random sets: the evaluator never contradicts one. */
class ProvenLintPropertiesTest {
  @Provide
  Arbitrary<Scenario> scenarios() {
    return IntentionArbitraries.scenarios();
  }

  @Property(tries = 100)
  void provenFindingsHoldForEveryRequestTried(
      @ForAll("scenarios") Scenario scenario, @ForAll("policies") DefaultPolicy policy) {
    IntentionSet set = scenario.build();
    List<LintFinding> findings = ProvenLint.check(scenario.entries(), scenario::build, policy);
    for (LintFinding f : findings) {
      if (f.kind() == LintFinding.Kind.PERMISSION_NEVER_DECIDES) {
        for (Request r : scenario.requests()) {
          Decision d = r.ask(set);
          if (d.reason() == Decision.Reason.MATCHED_PERMISSION) {
            assertFalse(f.location().equals(location(scenario.entries(), d)), () -> f + " but " + r + " decided " + d);
          }
        }
      } else if (f.kind() == LintFinding.Kind.SOURCE_WITHOUT_EFFECT) {
        IntentionSet without = scenario.build(without(scenario.entries(), f.location()));
        for (Request r : scenario.requests()) {
          Request same = new Request(r.source(), r.destination(), r.http(), policy);
          assertEquals(same.ask(set).allowed(), same.ask(without).allowed(), () -> f + " but not for " + same);
        }
      }
    }
  }

  @Provide
  Arbitrary<DefaultPolicy> policies() {
    return Arbitraries.of(DefaultPolicy.values());
  }

  private static String where(ServiceIntentions n) {
    String d = n.namespace() + "/" + n.name();
    return ServiceIntentions.KIND + " \"" + ("default".equals(n.partition()) ? d : n.partition() + "/" + d) + "\"";
  }

  /** The lint location of the permission that made a decision. */
  private static String location(List<ServiceIntentions> entries, Decision d) {
    Intention x = d.intention().orElseThrow();
    for (ServiceIntentions e : entries) {
      ServiceIntentions n = e.normalize();
      if (!n.name().equals(x.destinationName()) || !n.namespace().equals(x.destinationNamespace())
          || !n.partition().equals(x.destinationPartition())) {
        continue;
      }
      for (int i = 0; i < n.sources().size(); i++) {
        SourceIntention s = n.sources().get(i);
        boolean same = s.name().equals(x.sourceName()) && s.namespace().equals(x.sourceNamespace())
            && s.samenessGroup().equals(x.sourceSamenessGroup())
            && (!s.samenessGroup().isEmpty() || (s.peer().equals(x.sourcePeer())
                && (!s.peer().isEmpty() || Normalization.orDefault(s.partition()).equals(x.sourcePartition()))));
        if (same) {
          return where(n) + " Sources[" + i + "].Permissions[" + d.permissionIndex().getAsInt() + "]";
        }
      }
    }
    return "";
  }

  /** The entries without the source a location names. */
  private static List<ServiceIntentions> without(List<ServiceIntentions> entries, String location) {
    List<ServiceIntentions> out = new ArrayList<>();
    for (ServiceIntentions e : entries) {
      ServiceIntentions n = e.normalize();
      Optional<Integer> index = Optional.empty();
      for (int i = 0; i < n.sources().size(); i++) {
        if (location.equals(where(n) + " Sources[" + i + "]")) {
          index = Optional.of(i);
        }
      }
      if (index.isEmpty()) {
        out.add(e);
      } else if (n.sources().size() > 1) {
        List<SourceIntention> sources = new ArrayList<>(n.sources());
        sources.remove((int) index.get());
        out.add(new ServiceIntentions(n.name(), n.namespace(), n.partition(), sources, n.jwt(), n.meta()));
      }
    }
    return out;
  }
}
