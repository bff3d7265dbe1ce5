package dev.meshgate.core.intentions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshgate.core.config.InvalidConfigEntryException;
import dev.meshgate.core.intentions.IntentionArbitraries.Request;
import dev.meshgate.core.intentions.IntentionArbitraries.Scenario;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class IntentionSetPropertiesTest {
  @Provide
  Arbitrary<Scenario> scenarios() {
    return IntentionArbitraries.scenarios();
  }

  @Property(tries = 10_000)
  void indexedEvaluatorAgreesWithTheLinearReferenceModel(@ForAll("scenarios") Scenario scenario) {
    IntentionSet set = scenario.build();
    ReferenceIntentions reference = scenario.reference();
    assertEquals(reference.size(), set.intentions().size(), "intention count");
    for (Request r : scenario.requests()) {
      assertEquals(r.ask(reference), r.ask(set), () -> "request " + r + " against " + scenario.entries());
    }
  }

  @Property(tries = 2_000)
  void decisionsDoNotDependOnTheOrderOfEntriesOrSources(
      @ForAll("scenarios") Scenario scenario, @ForAll long seed) {
    IntentionSet set = scenario.build();
    Random random = new Random(seed);
    List<ServiceIntentions> shuffled = new ArrayList<>();
    for (ServiceIntentions e : scenario.entries()) {
      List<SourceIntention> sources = new ArrayList<>(e.sources());
      Collections.shuffle(sources, random);
      shuffled.add(new ServiceIntentions(e.name(), e.namespace(), e.partition(), sources, e.jwt(), e.meta()));
    }
    Collections.shuffle(shuffled, random);
    IntentionSet other = scenario.build(shuffled);
    assertEquals(set.intentions(), other.intentions());
    for (Request r : scenario.requests()) {
      assertEquals(r.ask(set), r.ask(other), () -> "request " + r);
    }
  }

  @Provide
  Arbitrary<SourceIntention.Builder> extraSources() {
    return IntentionArbitraries.sourceDrafts().map(d -> {
      SourceIntention s = d.toSource(true);
      return SourceIntention.builder().name(s.name()).namespace(s.namespace()).partition(s.partition())
          .peer(s.peer()).samenessGroup(s.samenessGroup()).action(s.action().orElseThrow());
    });
  }

  /** A destination an extra source is added to; an entry cannot be built without a source. */
  record Target(String name, String namespace, String partition) {}

  @Provide
  Arbitrary<Target> extraDestinations() {
    return Combinators.combine(Arbitraries.of("", "ap1"), Arbitraries.of("default", "ns1", "*"),
            Arbitraries.of("a", "b", "*"))
        .as((p, ns, n) -> new Target("*".equals(ns) ? "*" : n, ns, p));
  }

  @Property(tries = 3_000)
  void anIntentionBelowTheGoverningOneNeverChangesADecision(
      @ForAll("scenarios") Scenario generated, @ForAll("extraSources") SourceIntention.Builder extra,
      @ForAll("extraDestinations") Target extraDestination) {
    // Fall-through mode lets lower intentions decide by design, so the property is Consul's mode.
    Scenario scenario = new Scenario(generated.entries(), false, generated.requests());
    IntentionSet set = scenario.build();
    SourceIntention source = extra.build();
    IntentionSet bigger;
    try {
      bigger = scenario.build(withExtraSource(scenario.entries(), extraDestination, source));
    } catch (InvalidConfigEntryException e) {
      Assume.that(false); // the extra source collides with an existing one
      return;
    }
    int extraPrecedence = only(extraDestination, source).normalize().sources().get(0).precedence();
    for (Request r : scenario.requests()) {
      Decision before = r.ask(set);
      if (before.intention().isPresent() && before.intention().get().precedence() > extraPrecedence) {
        assertEquals(before, r.ask(bigger), () -> "request " + r + " after adding " + source);
      }
    }
  }

  private static ServiceIntentions only(Target destination, SourceIntention source) {
    return new ServiceIntentions(destination.name(), destination.namespace(), destination.partition(),
        List.of(source), IntentionJwtRequirement.NONE, Map.of());
  }

  private static List<ServiceIntentions> withExtraSource(
      List<ServiceIntentions> entries, Target destination, SourceIntention source) {
    List<ServiceIntentions> out = new ArrayList<>();
    ServiceIntentions target = only(destination, source).normalize();
    boolean added = false;
    for (ServiceIntentions e : entries) {
      ServiceIntentions n = e.normalize();
      if (n.partition().equals(target.partition()) && n.namespace().equals(target.namespace())
          && n.name().equals(target.name())) {
        List<SourceIntention> sources = new ArrayList<>(e.sources());
        sources.add(source);
        out.add(new ServiceIntentions(e.name(), e.namespace(), e.partition(), sources, e.jwt(), e.meta()));
        added = true;
      } else {
        out.add(e);
      }
    }
    if (!added) {
      out.add(only(destination, source));
    }
    return out;
  }
}
