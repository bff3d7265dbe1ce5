package dev.meshgate.core.intentions;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The plain model of spec §2.6 that the indexed evaluator is checked against: flatten every
 * entry, sort by precedence, and scan for the first intention covering both sides. Deliberately
 * written without anything from the evaluator (matching, permissions, headers and JWT are
 * re-implemented here), so the two can only agree by both being right. Linear in the number of
 * intentions; the benchmarks use it as the baseline.
 *
 * <p>Expects entries that {@link IntentionSet.Builder#build()} accepts.
 */
public final class ReferenceIntentions {
  private final List<Intention> sorted = new ArrayList<>();
  private final Map<String, String> issuers;
  private final boolean fallThrough;

  /**
   * Flattens and sorts the entries.
   *
   * @param entries valid entries, as written
   * @param groups the sameness groups they name
   * @param issuers issuer by JWT provider name
   * @param fallThrough whether hand-overs to the default pass to the next intention
   */
  public ReferenceIntentions(
      Collection<ServiceIntentions> entries, Collection<SamenessGroup> groups, Map<String, String> issuers,
      boolean fallThrough) {
    this.issuers = Map.copyOf(issuers);
    this.fallThrough = fallThrough;
    for (ServiceIntentions raw : entries) {
      ServiceIntentions e = raw.normalize();
      for (SourceIntention s : e.sources()) {
        if (s.samenessGroup().isEmpty()) {
          sorted.add(flatten(e, s, s.peer(), s.peer().isEmpty() ? s.partition() : ""));
          continue;
        }
        for (SamenessGroup g : groups) {
          if (g.name().equals(s.samenessGroup())) {
            for (SamenessGroup.Member m : g.members()) {
              sorted.add(flatten(e, s, m.peer(), m.peer().isEmpty() ? m.partition() : ""));
            }
          }
        }
      }
    }
    // Precedence first; for the one case where two intentions share precedence and could both
    // match (a sameness-group expansion landing on another source's key), explicit sources win,
    // then the group whose name sorts first.
    sorted.sort(
        Comparator.comparingInt(Intention::precedence).reversed()
            .thenComparing(x -> !x.sourceSamenessGroup().isEmpty())
            .thenComparing(Intention::sourceSamenessGroup)
            .thenComparing(Intention.PRECEDENCE_ORDER));
    // An expansion that lands on a key already taken is dropped altogether: one slot, one rule.
    Set<String> seen = new HashSet<>();
    sorted.removeIf(x -> !seen.add(String.join("\0", x.destinationPartition(), x.destinationNamespace(),
        x.destinationName(), x.sourcePeer(), x.sourcePartition(), x.sourceNamespace(), x.sourceName())));
  }

  private static Intention flatten(ServiceIntentions e, SourceIntention s, String peer, String partition) {
    return new Intention(
        s.name(), s.namespace(), partition, peer, s.samenessGroup(), e.name(), e.namespace(), e.partition(),
        s.action(), s.permissions(), e.jwt(), s.precedence(), s.description(), e.meta());
  }

  /**
   * Decides by scanning every intention.
   *
   * @param source the caller
   * @param destination the service called
   * @param request the HTTP attributes, or {@code null} for an L4 request
   * @param policy the default policy
   * @return the decision
   */
  public Decision decide(SourceIdentity source, DestinationService destination, HttpRequest request, DefaultPolicy policy) {
    Decision passed = null;
    for (Intention x : sorted) {
      if (!coversDestination(x, destination) || !coversSource(x, source)) {
        continue;
      }
      Decision d = decideOne(x, request, policy);
      boolean handsOver = d.reason() == Decision.Reason.NO_PERMISSION_MATCHED
          || d.reason() == Decision.Reason.JWT_REQUIREMENT_UNMET;
      if (!fallThrough || !handsOver) {
        return d;
      }
      if (passed == null) {
        passed = d;
      }
    }
    if (passed != null) {
      return passed;
    }
    return new Decision(policy == DefaultPolicy.ALLOW, Decision.Reason.NO_INTENTION, Optional.empty(),
        OptionalInt.empty());
  }

  /** Returns how many intentions the model scans. */
  public int size() {
    return sorted.size();
  }

  private Decision decideOne(Intention x, HttpRequest request, DefaultPolicy policy) {
    Optional<Intention> ix = Optional.of(x);
    boolean dflt = policy == DefaultPolicy.ALLOW;
    if (request == null) {
      return x.permissions().isEmpty()
          ? new Decision(x.action().get() == Action.ALLOW, Decision.Reason.MATCHED_L4_INTENTION, ix, OptionalInt.empty())
          : new Decision(false, Decision.Reason.L7_INTENTION_ON_L4_REQUEST, ix, OptionalInt.empty());
    }
    if (!jwtSatisfied(x.jwt(), request)) {
      return new Decision(dflt, Decision.Reason.JWT_REQUIREMENT_UNMET, ix, OptionalInt.empty());
    }
    if (x.permissions().isEmpty()) {
      return new Decision(x.action().get() == Action.ALLOW, Decision.Reason.MATCHED_L4_INTENTION, ix,
          OptionalInt.empty());
    }
    for (int i = 0; i < x.permissions().size(); i++) {
      IntentionPermission p = x.permissions().get(i);
      if (httpMatches(p.http().get(), request) && jwtSatisfied(p.jwt(), request)) {
        return new Decision(p.action().get() == Action.ALLOW, Decision.Reason.MATCHED_PERMISSION, ix, OptionalInt.of(i));
      }
    }
    return new Decision(dflt, Decision.Reason.NO_PERMISSION_MATCHED, ix, OptionalInt.empty());
  }

  private static boolean coversDestination(Intention x, DestinationService d) {
    return x.destinationPartition().equals(d.partition())
        && ("*".equals(x.destinationNamespace()) || x.destinationNamespace().equals(d.namespace()))
        && ("*".equals(x.destinationName()) || x.destinationName().equals(d.name()));
  }

  private static boolean coversSource(Intention x, SourceIdentity s) {
    if (!x.sourcePeer().equals(s.peer())) {
      return false;
    }
    if (s.peer().isEmpty() && !x.sourcePartition().equals(s.partition())) {
      return false;
    }
    return ("*".equals(x.sourceNamespace()) || x.sourceNamespace().equals(s.namespace()))
        && ("*".equals(x.sourceName()) || x.sourceName().equals(s.name()));
  }

  private static boolean httpMatches(IntentionHttpPermission h, HttpRequest r) {
    if (!h.pathExact().isEmpty() && !r.path().equals(h.pathExact())) {
      return false;
    }
    if (!h.pathPrefix().isEmpty() && !r.path().startsWith(h.pathPrefix())) {
      return false;
    }
    if (!h.pathRegex().isEmpty() && !fullMatch(h.pathRegex(), r.path())) {
      return false;
    }
    if (!h.methods().isEmpty() && !h.methods().contains(r.method())) {
      return false;
    }
    for (IntentionHttpHeaderPermission c : h.header()) {
      String v = r.headers().get(c.name().toLowerCase(Locale.ROOT));
      boolean ok;
      if (v == null) {
        ok = c.present() && c.invert();
      } else {
        boolean m = c.present() || (!c.exact().isEmpty() && v.equals(c.exact()))
            || (!c.prefix().isEmpty() && v.startsWith(c.prefix()))
            || (!c.suffix().isEmpty() && v.endsWith(c.suffix()))
            || (!c.regex().isEmpty() && fullMatch(c.regex(), v));
        ok = m != c.invert();
      }
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean fullMatch(String regex, String value) {
    return Pattern.compile(regex, Pattern.UNIX_LINES | Pattern.UNICODE_CASE).matcher(value).matches();
  }

  private boolean jwtSatisfied(IntentionJwtRequirement req, HttpRequest r) {
    if (req.providers().isEmpty()) {
      return true;
    }
    if (r.jwt().isEmpty()) {
      return false;
    }
    VerifiedJwt token = r.jwt().get();
    for (IntentionJwtProvider p : req.providers()) {
      if (!token.issuer().equals(issuers.get(p.name()))) {
        continue;
      }
      boolean all = true;
      for (IntentionJwtClaimVerification c : p.verifyClaims()) {
        Object v = token.claims();
        for (String key : c.path()) {
          v = v instanceof Map<?, ?> m ? m.get(key) : null;
        }
        boolean ok = (v instanceof String s && s.equals(c.value()))
            || (v instanceof List<?> l && l.contains(c.value()));
        all &= ok && !c.path().isEmpty();
      }
      if (all) {
        return true;
      }
    }
    return false;
  }
}
