package dev.meshgate.core.intentions.analysis;

import dev.meshgate.core.intentions.DefaultPolicy;
import dev.meshgate.core.intentions.Intention;
import dev.meshgate.core.intentions.IntentionSet;
import dev.meshgate.core.intentions.LintFinding;
import dev.meshgate.core.intentions.ServiceIntentions;
import dev.meshgate.core.intentions.SourceIntention;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Lint findings that are proofs rather than heuristics: a permission that never decides any
 * request ({@link LintFinding.Kind#PERMISSION_NEVER_DECIDES}), and a source whose removal changes
 * no decision ({@link LintFinding.Kind#SOURCE_WITHOUT_EFFECT}). A finding is reported only when
 * the analysis is complete for it; what cannot be analysed (an untranslated regex) is not
 * reported, so every finding holds.
 *
 * <p>Each source costs one build of the set without it and one {@link IntentionDiff}, so this is
 * meant for sets of the size a review looks at, not for 100,000 intentions at once.
 *
 * <p>Stateless and thread-safe.
 */
public final class ProvenLint {
  private ProvenLint() {}

  /**
   * Checks entries.
   *
   * @param entries the entries, as written
   * @param build how to build a set from entries: the caller declares JWT providers, sameness
   *     groups and fall-through as for the real set
   * @param defaultPolicy the default policy the entries will run under
   * @return the findings, entry by entry and source by source in normalized order, located as
   *     {@link dev.meshgate.core.intentions.IntentionLint} locates them
   * @throws RuntimeException whatever {@code build} throws for the entries as given
   */
  public static List<LintFinding> check(
      List<ServiceIntentions> entries, Function<List<ServiceIntentions>, IntentionSet> build,
      DefaultPolicy defaultPolicy) {
    Objects.requireNonNull(build, "build");
    Objects.requireNonNull(defaultPolicy, "defaultPolicy");
    List<ServiceIntentions> given = List.copyOf(entries);
    IntentionSet set = build.apply(given);
    List<LintFinding> findings = new ArrayList<>();
    for (int e = 0; e < given.size(); e++) {
      ServiceIntentions entry = given.get(e).normalize();
      String where = ServiceIntentions.KIND + " \"" + destination(entry) + "\"";
      for (int i = 0; i < entry.sources().size(); i++) {
        SourceIntention source = entry.sources().get(i);
        String at = where + " Sources[" + i + "]";
        if (source.hasPermissions()) {
          neverDeciding(findings, set, entry, source, at);
        }
        withoutEffect(findings, given, e, entry, i, set, build, defaultPolicy, at);
      }
    }
    return findings;
  }

  private static String destination(ServiceIntentions entry) {
    String d = entry.namespace() + "/" + entry.name();
    return "default".equals(entry.partition()) ? d : entry.partition() + "/" + d;
  }

  private static void neverDeciding(
      List<LintFinding> findings, IntentionSet set, ServiceIntentions entry, SourceIntention source, String at) {
    Intention x = new Intention(source.name(), source.namespace(), source.partition(), source.peer(), "",
        entry.name(), entry.namespace(), entry.partition(), source.action(), source.permissions(), entry.jwt(),
        source.precedence(), "", Map.of());
    RequestSpace.Side side = new RequestSpace.Side(set, List.of(x), DefaultPolicy.DENY);
    RequestSpace space;
    try {
      space = new RequestSpace(List.of(side), null, new RequestSpace.Cache());
    } catch (Languages.Untranslatable | RequestSpace.TooLarge e) {
      return; // not analysed: nothing is claimed
    }
    boolean[] decides = new boolean[x.permissions().size()];
    try {
      space.forEach(p -> {
        int k = space.deciding(side, x, p);
        if (k >= 0) {
          decides[k] = true;
        }
      });
    } catch (RequestSpace.TooLarge tooMany) {
      return;
    }
    for (int k = 0; k < decides.length; k++) {
      if (!decides[k]) {
        findings.add(new LintFinding(LintFinding.Kind.PERMISSION_NEVER_DECIDES, at + ".Permissions[" + k + "]",
            "no request is decided by this permission: the permissions before it, or the JWT requirements, take"
                + " every request it matches"));
      }
    }
  }

  private static void withoutEffect(
      List<LintFinding> findings, List<ServiceIntentions> given, int e, ServiceIntentions entry, int i,
      IntentionSet set, Function<List<ServiceIntentions>, IntentionSet> build, DefaultPolicy policy, String at) {
    List<ServiceIntentions> without = new ArrayList<>(given);
    if (entry.sources().size() == 1) {
      without.remove(e);
    } else {
      List<SourceIntention> sources = new ArrayList<>(entry.sources());
      sources.remove(i);
      without.set(e, new ServiceIntentions(entry.name(), entry.namespace(), entry.partition(), sources, entry.jwt(),
          entry.meta()));
    }
    IntentionSet smaller;
    try {
      smaller = build.apply(without);
    } catch (RuntimeException invalid) {
      return; // the set without it is not valid: nothing to compare
    }
    IntentionDiff diff = IntentionDiff.between(set, smaller, policy);
    if (diff.isEmpty() && diff.complete()) {
      findings.add(new LintFinding(LintFinding.Kind.SOURCE_WITHOUT_EFFECT, at,
          "removing this source changes no decision under default policy " + policy
              + ": every request it governs is decided the same way without it"));
    }
  }
}
