package dev.meshgate.core.intentions.analysis;

import dev.meshgate.core.intentions.DefaultPolicy;
import dev.meshgate.core.intentions.DestinationService;
import dev.meshgate.core.intentions.HttpRequest;
import dev.meshgate.core.intentions.Intention;
import dev.meshgate.core.intentions.IntentionHttpPermission;
import dev.meshgate.core.intentions.IntentionJwtRequirement;
import dev.meshgate.core.intentions.IntentionSet;
import dev.meshgate.core.intentions.SourceIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A reachability question about an intention set: can any request from these callers to this
 * destination, with these attributes, be allowed (or denied)? For example, any caller outside
 * namespace {@code prod} sending anything but a request under {@code /public}, or any HTTP
 * request under {@code /admin} from {@code web}.
 *
 * <p>Callers: the local partition or peer given, a namespace or {@code *} (then minus {@code
 * exceptSourceNamespaces}), a name or {@code *}. Requests: with {@code http} empty, every request,
 * L4 or HTTP; with it present, the HTTP requests that meet its conditions, read as a permission
 * would be (path exact, prefix or regex; methods, upper-cased as a permission's are; header
 * conditions).
 *
 * <p>Immutable and thread-safe.
 *
 * @param sourcePeer the callers' peer; empty for local callers
 * @param sourcePartition the local callers' partition (empty means {@code default}); empty for a
 *     peer
 * @param sourceNamespace the callers' namespace, or {@code *} for any
 * @param sourceName the callers' name, or {@code *} for any
 * @param exceptSourceNamespaces namespaces left out when {@code sourceNamespace} is {@code *}
 * @param destination the service called
 * @param http the HTTP conditions; empty for any request, L4 or HTTP
 */
public record IntentionQuery(
    String sourcePeer, String sourcePartition, String sourceNamespace, String sourceName,
    Set<String> exceptSourceNamespaces, DestinationService destination, Optional<IntentionHttpPermission> http) {
  private static final String WILD = "*";

  /**
   * Checks and defaults the components.
   *
   * @param sourcePeer the callers' peer; empty for local callers
   * @param sourcePartition the local callers' partition; empty means {@code default}
   * @param sourceNamespace the callers' namespace, or {@code *}
   * @param sourceName the callers' name, or {@code *}
   * @param exceptSourceNamespaces namespaces left out of a {@code *} namespace
   * @param destination the service called
   * @param http the HTTP conditions; empty for any request
   * @throws IllegalArgumentException if the namespace is {@code *} but the name is not, a peer
   *     comes with a partition, a name is empty, or namespaces are excepted from a namespace that
   *     is not {@code *}
   * @throws NullPointerException if an argument or element is null
   */
  public IntentionQuery {
    Objects.requireNonNull(sourcePeer, "sourcePeer");
    Objects.requireNonNull(sourcePartition, "sourcePartition");
    Objects.requireNonNull(sourceNamespace, "sourceNamespace");
    Objects.requireNonNull(sourceName, "sourceName");
    exceptSourceNamespaces = Set.copyOf(exceptSourceNamespaces);
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(http, "http");
    http = http.map(IntentionQuery::upperCaseMethods);
    if (!sourcePeer.isEmpty() && !sourcePartition.isEmpty()) {
      throw new IllegalArgumentException("sourcePartition: " + sourcePartition + " (expected: empty for peer "
          + sourcePeer + ")");
    }
    if (sourcePeer.isEmpty() && sourcePartition.isEmpty()) {
      sourcePartition = "default";
    }
    if (sourceNamespace.isEmpty()) {
      sourceNamespace = "default";
    }
    if (sourceName.isEmpty()) {
      throw new IllegalArgumentException("sourceName:  (expected: a service name or *)");
    }
    if (WILD.equals(sourceNamespace) && !WILD.equals(sourceName)) {
      throw new IllegalArgumentException("sourceName: " + sourceName + " (expected: * when sourceNamespace is *)");
    }
    if (!exceptSourceNamespaces.isEmpty() && !WILD.equals(sourceNamespace)) {
      throw new IllegalArgumentException("exceptSourceNamespaces: " + exceptSourceNamespaces
          + " (expected: empty unless sourceNamespace is *)");
    }
  }

  /** Methods compare as a permission's do: upper-cased when the entry is normalized. */
  private static IntentionHttpPermission upperCaseMethods(IntentionHttpPermission h) {
    List<String> methods = new ArrayList<>();
    for (String m : h.methods()) {
      methods.add(m.toUpperCase(Locale.ROOT));
    }
    return new IntentionHttpPermission(h.pathExact(), h.pathPrefix(), h.pathRegex(), h.header(), methods);
  }

  /**
   * Returns a query about one caller calling one destination, with any request.
   *
   * @param source the caller
   * @param destination the service called
   * @return the query
   */
  public static IntentionQuery of(SourceIdentity source, DestinationService destination) {
    return new IntentionQuery(source.peer(), source.partition(), source.namespace(), source.name(), Set.of(),
        destination, Optional.empty());
  }

  /**
   * Returns this query restricted to HTTP requests that meet the conditions.
   *
   * @param conditions the conditions, read as a permission's
   * @return a copy with {@code http} replaced
   */
  public IntentionQuery withHttp(IntentionHttpPermission conditions) {
    return new IntentionQuery(sourcePeer, sourcePartition, sourceNamespace, sourceName, exceptSourceNamespaces,
        destination, Optional.of(conditions));
  }

  /**
   * Tells whether a caller is one of this query's.
   *
   * @param source the caller
   * @return true when peer, partition, namespace and name fit
   */
  public boolean covers(SourceIdentity source) {
    return source.peer().equals(sourcePeer) && source.partition().equals(sourcePartition)
        && (WILD.equals(sourceNamespace) ? !exceptSourceNamespaces.contains(source.namespace())
            : sourceNamespace.equals(source.namespace()))
        && (WILD.equals(sourceName) || sourceName.equals(source.name()));
  }

  /**
   * Asks whether a request of this query can be allowed.
   *
   * @param set the intentions
   * @param defaultPolicy what to do when no intention decides
   * @return the answer, with a witness if possible
   * @throws IllegalStateException if the evaluator decides a witness otherwise than the analysis
   */
  public Reachability canBeAllowed(IntentionSet set, DefaultPolicy defaultPolicy) {
    return reach(set, defaultPolicy, true);
  }

  /**
   * Asks whether a request of this query can be denied.
   *
   * @param set the intentions
   * @param defaultPolicy what to do when no intention decides
   * @return the answer, with a witness if possible
   * @throws IllegalStateException if the evaluator decides a witness otherwise than the analysis
   */
  public Reachability canBeDenied(IntentionSet set, DefaultPolicy defaultPolicy) {
    return reach(set, defaultPolicy, false);
  }

  private Reachability reach(IntentionSet set, DefaultPolicy policy, boolean wanted) {
    Objects.requireNonNull(set, "set");
    Objects.requireNonNull(policy, "defaultPolicy");
    List<Intention> covering = Identities.covering(Identities.byDestination(set.intentions()), destination);
    // The query's own names join the partition, so that it holds for all of a class or none of it.
    List<Intention> named = new ArrayList<>(covering);
    named.add(mention(sourceNamespace, sourceName));
    for (String ns : exceptSourceNamespaces) {
      named.add(mention(ns, WILD));
    }
    List<String> unanalysed = new ArrayList<>();
    RequestSpace.Cache cache = new RequestSpace.Cache();
    for (Identities.SourceClass sc : Identities.sources(named)) {
      SourceIdentity s = sc.member();
      if (!covers(s)) {
        continue;
      }
      List<Intention> chain = IntentionDiff.relevant(Identities.matching(covering, s), set);
      if (http.isEmpty() && IntentionDiff.allowedL4(chain, policy) == wanted) {
        return found(new Witness(s, destination, Optional.empty()), set, policy, wanted);
      }
      RequestSpace.Side side = new RequestSpace.Side(set, chain, policy);
      try {
        RequestSpace space = new RequestSpace(List.of(side), http.orElse(null), cache);
        HttpRequest[] hit = new HttpRequest[1];
        space.forEach(p -> {
          if (hit[0] == null && space.queryHolds(p) && space.allowed(side, p) == wanted) {
            hit[0] = p.request();
          }
        });
        if (hit[0] != null) {
          return found(new Witness(s, destination, Optional.of(hit[0])), set, policy, wanted);
        }
      } catch (Languages.Untranslatable | RequestSpace.TooLarge e) {
        unanalysed.add(sc.description() + " -> " + destination + ": HTTP requests not analysed: " + e.getMessage());
      }
    }
    return new Reachability(false, Optional.empty(), unanalysed);
  }

  /** An intention that exists only to make the partition of callers name a namespace and name. */
  private Intention mention(String namespace, String name) {
    return new Intention(name, namespace, sourcePartition, sourcePeer, "", destination.name(),
        destination.namespace(), destination.partition(), Optional.empty(), List.of(), IntentionJwtRequirement.NONE, 0,
        "", Map.of());
  }

  private static Reachability found(Witness w, IntentionSet set, DefaultPolicy policy, boolean wanted) {
    boolean allowed = w.allowedBy(set, policy);
    if (allowed != wanted) {
      throw new IllegalStateException("intention analysis disagrees with the evaluator on " + w
          + ": analysis says allowed " + wanted + ", evaluator says " + allowed);
    }
    return new Reachability(true, Optional.of(w), List.of());
  }
}
