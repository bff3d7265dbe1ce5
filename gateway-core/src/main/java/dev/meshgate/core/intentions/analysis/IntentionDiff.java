package dev.meshgate.core.intentions.analysis;

import dev.meshgate.core.intentions.Action;
import dev.meshgate.core.intentions.DefaultPolicy;
import dev.meshgate.core.intentions.DestinationService;
import dev.meshgate.core.intentions.HttpRequest;
import dev.meshgate.core.intentions.Intention;
import dev.meshgate.core.intentions.IntentionJwtProvider;
import dev.meshgate.core.intentions.IntentionJwtRequirement;
import dev.meshgate.core.intentions.IntentionPermission;
import dev.meshgate.core.intentions.IntentionSet;
import dev.meshgate.core.intentions.SourceIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What replacing one intention set by another (or one default policy by another) does: every
 * class of requests the two decide differently, each with a witness request.
 *
 * <p>The classes are disjoint and complete: a request is decided differently by the two sets if
 * and only if it belongs to one of {@link #changes()}, unless {@link #unanalysed()} names the
 * (caller, destination) classes whose HTTP requests could not be analysed (a regex outside the
 * translated subset of RE2, or more request classes than are enumerated); L4 requests are always
 * analysed. Every witness was decided by the evaluator with both sets before it was reported, and
 * agreed with the analysis.
 *
 * <p>Requests are those a host can present: paths and header values are valid UTF-16 (what a
 * proxy decoding UTF-8 produces), and a path holds no {@code ?} or {@code #} (the evaluator cuts
 * them off). Methods, header names and claim values are compared exactly, as the evaluator does.
 *
 * <p>Immutable and thread-safe.
 */
public final class IntentionDiff {
  private final List<ChangedClass> changes;
  private final List<String> unanalysed;
  private final List<Membership> members;

  /** What a request must be to fall in a change: its identities' classes and, for HTTP, its cells. */
  private record Membership(
      Function<DestinationService, DestinationService> destinationOf, DestinationService destination,
      Function<SourceIdentity, SourceIdentity> sourceOf, SourceIdentity source, RequestSpace space,
      RequestSpace.Point point) {
    boolean contains(Witness w) {
      if (!destinationOf.apply(w.destination()).equals(destination) || !sourceOf.apply(w.source()).equals(source)) {
        return false;
      }
      return point == null ? w.http().isEmpty() : w.http().isPresent() && space.contains(point, w.http().get());
    }
  }

  private IntentionDiff(List<ChangedClass> changes, List<String> unanalysed, List<Membership> members) {
    this.changes = List.copyOf(changes);
    this.unanalysed = List.copyOf(unanalysed);
    this.members = List.copyOf(members);
  }

  /**
   * Returns the classes decided differently.
   *
   * @return the classes, disjoint, in a stable order (by destination class, then caller class)
   */
  public List<ChangedClass> changes() {
    return changes;
  }

  /**
   * Returns why some classes of HTTP requests were not analysed.
   *
   * @return one line per (caller class, destination class) not analysed; empty when the diff is
   *     complete
   */
  public List<String> unanalysed() {
    return unanalysed;
  }

  /**
   * Finds the change a request falls in.
   *
   * @param request the request
   * @return the class that holds it, or empty when the two sets decide it alike (or it lies in an
   *     unanalysed class)
   */
  public Optional<ChangedClass> classOf(Witness request) {
    Objects.requireNonNull(request, "request");
    for (int i = 0; i < members.size(); i++) {
      if (members.get(i).contains(request)) {
        return Optional.of(changes.get(i));
      }
    }
    return Optional.empty();
  }

  /**
   * Compares two sets under one default policy.
   *
   * @param before the set in force
   * @param after the set that would replace it
   * @param defaultPolicy what to do when no intention decides, for both
   * @return the classes of requests decided differently
   * @throws IllegalStateException if the evaluator decides a witness otherwise than the analysis,
   *     which is a bug in one of them
   */
  public static IntentionDiff between(IntentionSet before, IntentionSet after, DefaultPolicy defaultPolicy) {
    return between(before, after, defaultPolicy, defaultPolicy);
  }

  /**
   * Compares two sets, each under its own default policy.
   *
   * @param before the set in force
   * @param after the set that would replace it
   * @param beforePolicy the default policy in force
   * @param afterPolicy the default policy that would replace it
   * @return the classes of requests decided differently
   * @throws IllegalStateException if the evaluator decides a witness otherwise than the analysis,
   *     which is a bug in one of them
   */
  public static IntentionDiff between(
      IntentionSet before, IntentionSet after, DefaultPolicy beforePolicy, DefaultPolicy afterPolicy) {
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(beforePolicy, "beforePolicy");
    Objects.requireNonNull(afterPolicy, "afterPolicy");
    List<ChangedClass> changes = new ArrayList<>();
    List<String> unanalysed = new ArrayList<>();
    List<Membership> members = new ArrayList<>();
    RequestSpace.Cache cache = new RequestSpace.Cache();
    Map<String, List<Intention>> byB = Identities.byDestination(before.intentions());
    Map<String, List<Intention>> byA = Identities.byDestination(after.intentions());
    List<Intention> all = new ArrayList<>(before.intentions());
    all.addAll(after.intentions());
    boolean sameRules = beforePolicy == afterPolicy && before.fallsThrough() == after.fallsThrough();
    Function<DestinationService, DestinationService> destinationOf = Identities.destinationClassOf(all);
    for (Identities.DestinationClass dc : Identities.destinations(all)) {
      DestinationService d = dc.member();
      List<Intention> covB = Identities.covering(byB, d);
      List<Intention> covA = Identities.covering(byA, d);
      if (sameRules && covB.equals(covA) && sameIssuers(covB, before, after)) {
        continue;
      }
      List<Intention> union = new ArrayList<>(covB);
      union.addAll(covA);
      Function<SourceIdentity, SourceIdentity> sourceOf = Identities.sourceClassOf(union);
      for (Identities.SourceClass sc : Identities.sources(union)) {
        SourceIdentity s = sc.member();
        List<Intention> chainB = relevant(Identities.matching(covB, s), before);
        List<Intention> chainA = relevant(Identities.matching(covA, s), after);
        if (sameRules && chainB.equals(chainA) && sameIssuers(chainB, before, after)) {
          continue;
        }
        boolean l4B = allowedL4(chainB, beforePolicy);
        boolean l4A = allowedL4(chainA, afterPolicy);
        if (l4B != l4A) {
          changes.add(verified(new ChangedClass(sc.description(), dc.description(), new RequestClass.L4(), l4B, l4A,
              new Witness(s, d, Optional.empty())), before, after, beforePolicy, afterPolicy));
          members.add(new Membership(destinationOf, d, sourceOf, s, null, null));
        }
        RequestSpace.Side sideB = new RequestSpace.Side(before, chainB, beforePolicy);
        RequestSpace.Side sideA = new RequestSpace.Side(after, chainA, afterPolicy);
        RequestSpace space;
        try {
          space = new RequestSpace(List.of(sideB, sideA), null, cache);
          List<ChangedClass> found = new ArrayList<>();
          List<Membership> foundMembers = new ArrayList<>();
          space.forEach(p -> {
            boolean b = space.allowed(sideB, p);
            boolean a = space.allowed(sideA, p);
            if (b != a) {
              HttpRequest request = p.request();
              found.add(verified(new ChangedClass(sc.description(), dc.description(), p.describe(), b, a,
                  new Witness(s, d, Optional.of(request))), before, after, beforePolicy, afterPolicy));
              foundMembers.add(new Membership(destinationOf, d, sourceOf, s, space, p));
            }
          });
          changes.addAll(found);
          members.addAll(foundMembers);
        } catch (Languages.Untranslatable | RequestSpace.TooLarge e) {
          unanalysed.add(sc.description() + " -> " + dc.description() + ": HTTP requests not analysed: "
              + e.getMessage());
        }
      }
    }
    return new IntentionDiff(changes, unanalysed, members);
  }

  /**
   * Tells whether the diff covers every request.
   *
   * @return true when {@link #unanalysed()} is empty
   */
  public boolean complete() {
    return unanalysed.isEmpty();
  }

  /**
   * Tells whether no analysed request changes decision.
   *
   * @return true when {@link #changes()} is empty
   */
  public boolean isEmpty() {
    return changes.isEmpty();
  }

  /** The intentions that can decide, in order: the first one, or all of them under fall-through. */
  static List<Intention> relevant(List<Intention> matching, IntentionSet set) {
    if (set.fallsThrough() || matching.size() <= 1) {
      return matching;
    }
    return List.of(matching.get(0));
  }

  /** The L4 rule: the governing intention's action, a denial for an L7 one, else the default. */
  static boolean allowedL4(List<Intention> chain, DefaultPolicy policy) {
    if (chain.isEmpty()) {
      return policy.allows();
    }
    Intention governing = chain.get(0);
    return !governing.hasPermissions() && governing.action().orElseThrow() == Action.ALLOW;
  }

  /** Whether every provider the intentions name has the same issuer in both sets. */
  static boolean sameIssuers(List<Intention> intentions, IntentionSet before, IntentionSet after) {
    for (Intention x : intentions) {
      if (!sameIssuers(x.jwt(), before, after)) {
        return false;
      }
      for (IntentionPermission p : x.permissions()) {
        if (!sameIssuers(p.jwt(), before, after)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean sameIssuers(IntentionJwtRequirement r, IntentionSet before, IntentionSet after) {
    for (IntentionJwtProvider provider : r.providers()) {
      if (!before.jwtIssuer(provider.name()).equals(after.jwtIssuer(provider.name()))) {
        return false;
      }
    }
    return true;
  }

  private static ChangedClass verified(
      ChangedClass c, IntentionSet before, IntentionSet after, DefaultPolicy beforePolicy, DefaultPolicy afterPolicy) {
    boolean b = c.witness().allowedBy(before, beforePolicy);
    boolean a = c.witness().allowedBy(after, afterPolicy);
    if (b != c.allowedBefore() || a != c.allowedAfter()) {
      throw new IllegalStateException("intention analysis disagrees with the evaluator on " + c.witness()
          + " in class " + c.describe() + ": analysis says before " + c.allowedBefore() + ", after "
          + c.allowedAfter() + "; evaluator says before " + b + ", after " + a);
    }
    return c;
  }
}
