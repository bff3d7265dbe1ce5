package dev.meshgate.core.intentions;

import dev.meshgate.core.config.InvalidConfigEntryException;
import dev.meshgate.core.internal.Problems;
import dev.meshgate.core.internal.Require;
import dev.meshgate.core.internal.SetOnce;
import dev.meshgate.core.internal.regex.Re2;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A validated, indexed snapshot of {@code service-intentions} entries that decides requests the
 * way Consul's authorize endpoint does, and explains each decision.
 *
 * <p>How a decision is made:
 *
 * <ol>
 *   <li>the governing intention is the highest-precedence intention whose destination covers the
 *       destination and whose source covers the caller (see {@link Intention#matchesSource}); no
 *       other intention can affect the pair, not even a lower-precedence one that names the
 *       caller more specifically ({@code web -> *} loses to {@code * -> api} for web calling api,
 *       where the RBAC Consul compiles for Envoy would let it win under default deny). Without
 *       one, the default policy decides;
 *   <li>an L4 intention decides by its action. For an HTTP request, an entry-level JWT requirement
 *       must also be met, or the intention does not apply and the default decides;
 *   <li>an L7 intention, for an HTTP request, tries its permissions in order and the first match
 *       decides; when none matches, the default decides (no fall-through, unless {@link
 *       Builder#fallThroughOnNoPermissionMatch()}). For an L4 request it denies, as Consul's
 *       authorize endpoint does.
 * </ol>
 *
 * <p>Cost: an L4 decision probes at most nine precedence slots with a few hash lookups each,
 * whatever the number of intentions; an L7 decision adds the permissions of the governing
 * intention only, and a regex condition costs time linear in the length of the path or header
 * value it matches, whatever the regex (regexes run on RE2's automaton model, which never
 * backtracks). Deciding allocates nothing (each {@link Decision} is built in advance) except the
 * regex engine's small matcher state per regex condition reached.
 *
 * <p>Immutable and thread-safe: build once, share everywhere, rebuild on change.
 */
public final class IntentionSet {
  private static final Logger LOG = LoggerFactory.getLogger(IntentionSet.class);

  private static final Decision NO_INTENTION_ALLOW =
      new Decision(true, Decision.Reason.NO_INTENTION, Optional.empty(), OptionalInt.empty());
  private static final Decision NO_INTENTION_DENY =
      new Decision(false, Decision.Reason.NO_INTENTION, Optional.empty(), OptionalInt.empty());

  private final IntentionIndex index;
  private final boolean fallThrough;
  private final List<Intention> intentions;
  private final Map<String, String> issuerByProvider;

  private IntentionSet(IntentionIndex index, boolean fallThrough, Map<String, String> issuerByProvider) {
    this.index = index;
    this.fallThrough = fallThrough;
    this.issuerByProvider = Map.copyOf(issuerByProvider);
    List<Intention> all = index.all();
    all.sort(Intention.PRECEDENCE_ORDER);
    this.intentions = List.copyOf(all);
  }

  /**
   * Returns a builder for a set.
   *
   * @return a new, empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Decides an L4 request (no HTTP attributes): the governing intention's action, or a denial if it
   * is an L7 intention. JWT requirements do not apply to L4 traffic.
   *
   * @param source the caller
   * @param destination the service called
   * @param defaultPolicy what to do when no intention decides
   * @return the explained decision
   */
  public Decision decide(SourceIdentity source, DestinationService destination, DefaultPolicy defaultPolicy) {
    return decideOrDefault(source, destination, null, defaultPolicy);
  }

  /**
   * Decides an HTTP request.
   *
   * @param source the caller
   * @param destination the service called
   * @param request the HTTP attributes
   * @param defaultPolicy what to do when no intention decides
   * @return the explained decision
   */
  public Decision decide(
      SourceIdentity source, DestinationService destination, HttpRequest request, DefaultPolicy defaultPolicy) {
    Require.notNull(request, "request");
    return decideOrDefault(source, destination, request, defaultPolicy);
  }

  private Decision decideOrDefault(
      SourceIdentity source, DestinationService destination, HttpRequest request, DefaultPolicy policy) {
    Require.notNull(source, "source");
    Require.notNull(destination, "destination");
    Require.notNull(policy, "defaultPolicy");
    Decision d = index.decide(source, destination, request, policy, fallThrough);
    if (d != null) {
      return d;
    }
    return policy.allows() ? NO_INTENTION_ALLOW : NO_INTENTION_DENY;
  }

  /**
   * Decides an L4 request with this set and with a candidate set, for a dry run of the candidate.
   *
   * @param candidate the set that would replace this one
   * @param source the caller
   * @param destination the service called
   * @param defaultPolicy what to do when no intention decides
   * @return both decisions
   */
  public ShadowDecision decideWithShadow(
      IntentionSet candidate, SourceIdentity source, DestinationService destination, DefaultPolicy defaultPolicy) {
    return new ShadowDecision(
        decide(source, destination, defaultPolicy), candidate.decide(source, destination, defaultPolicy));
  }

  /**
   * Decides an HTTP request with this set and with a candidate set, for a dry run of the candidate.
   *
   * @param candidate the set that would replace this one
   * @param source the caller
   * @param destination the service called
   * @param request the HTTP attributes
   * @param defaultPolicy what to do when no intention decides
   * @return both decisions
   */
  public ShadowDecision decideWithShadow(
      IntentionSet candidate, SourceIdentity source, DestinationService destination, HttpRequest request,
      DefaultPolicy defaultPolicy) {
    return new ShadowDecision(
        decide(source, destination, request, defaultPolicy),
        candidate.decide(source, destination, request, defaultPolicy));
  }

  /**
   * Returns every intention, in {@link Intention#PRECEDENCE_ORDER}.
   *
   * @return an immutable list
   */
  public List<Intention> intentions() {
    return intentions;
  }

  /**
   * Returns the intentions whose destination covers a service, in {@link
   * Intention#PRECEDENCE_ORDER}: Consul's {@code IntentionMatch} by destination ({@code consul
   * intention match}). The first one whose source covers a caller governs that caller.
   *
   * @param destination the service
   * @return a new list
   */
  public List<Intention> intentionsFor(DestinationService destination) {
    List<Intention> out = index.covering(Require.notNull(destination, "destination"));
    out.sort(Intention.PRECEDENCE_ORDER);
    return out;
  }

  /**
   * Tells whether an L7 intention with no matching permission passes to the next intention.
   *
   * @return true when built with {@link Builder#fallThroughOnNoPermissionMatch()}
   */
  public boolean fallsThrough() {
    return fallThrough;
  }

  /**
   * Returns the issuer a declared {@code jwt-provider}'s verified tokens carry: the {@code iss} a
   * token must have to satisfy a JWT requirement naming that provider.
   *
   * @param provider the provider name
   * @return the issuer, or empty when no provider of that name was declared
   */
  public Optional<String> jwtIssuer(String provider) {
    return Optional.ofNullable(issuerByProvider.get(Require.notNull(provider, "provider")));
  }

  @Override
  public String toString() {
    return "IntentionSet[" + intentions.size() + " intentions" + (fallThrough ? ", fall-through" : "") + "]";
  }

  /**
   * Builds an {@link IntentionSet}: collects entries, the JWT providers and sameness groups they
   * refer to, and options, then validates and indexes everything in {@link #build()}.
   *
   * <p>{@link #add} may be called any number of times; {@link #jwtProvider} and {@link
   * #samenessGroup} once per name; {@link #fallThroughOnNoPermissionMatch()} once. Not thread-safe;
   * {@link #build()} leaves the builder unchanged and may be called again.
   */
  public static final class Builder {
    private final SetOnce setOnce = new SetOnce();
    private final List<ServiceIntentions> entries = new ArrayList<>();
    private final Map<String, String> issuerByProvider = new LinkedHashMap<>();
    private final Map<String, SamenessGroup> groups = new LinkedHashMap<>();
    private Boolean fallThrough;

    private Builder() {}

    /**
     * Adds a config entry; {@link #build()} checks its references and normalizes it.
     *
     * @param entry the entry
     * @return this builder
     */
    public Builder add(ServiceIntentions entry) {
      entries.add(Require.notNull(entry, "entry"));
      return this;
    }

    /**
     * Adds config entries, as written.
     *
     * @param entries the entries
     * @return this builder
     */
    public Builder addAll(Iterable<ServiceIntentions> entries) {
      for (ServiceIntentions e : entries) {
        add(e);
      }
      return this;
    }

    /**
     * Declares a {@code jwt-provider}: the name intentions refer to and the issuer ({@code iss})
     * its tokens carry. Every provider an entry names must be declared.
     *
     * @param name the provider name
     * @param issuer the issuer its verified tokens carry
     * @return this builder
     * @throws IllegalStateException if the provider was already declared
     */
    public Builder jwtProvider(String name, String issuer) {
      Require.notNull(name, "name");
      Require.notNull(issuer, "issuer");
      Require.field(!name.isEmpty(), "name", name, "a provider name");
      setOnce.check("issuer of jwt provider " + Problems.quote(name), issuerByProvider.get(name));
      issuerByProvider.put(name, issuer);
      return this;
    }

    /**
     * Declares a sameness group that sources may name.
     *
     * @param group the group
     * @return this builder
     * @throws IllegalStateException if a group of that name was already declared
     */
    public Builder samenessGroup(SamenessGroup group) {
      Require.notNull(group, "group");
      setOnce.check("sameness group " + Problems.quote(group.name()), groups.get(group.name()));
      groups.put(group.name(), group);
      return this;
    }

    /**
     * Makes an L7 intention whose permissions all miss, or an intention whose JWT requirement is
     * unmet, pass the request to the next lower-precedence intention covering the caller instead
     * of to the default policy. Off by default, for parity with Consul, although its users often
     * expect it. If every candidate passes, the default decides and the
     * decision names the first intention that passed.
     *
     * @return this builder
     * @throws IllegalStateException if already called
     */
    public Builder fallThroughOnNoPermissionMatch() {
      setOnce.check("fallThroughOnNoPermissionMatch", fallThrough);
      fallThrough = true;
      return this;
    }

    /**
     * Checks that each JWT provider and sameness group the entries name was declared and that no
     * two entries share a destination, then normalizes the entries and indexes their intentions.
     * (Each entry was validated on its own when it was built.)
     *
     * <p>A source naming a sameness group becomes one intention per member. If such an intention
     * lands on the same slot as another one (same destination, same source key), the explicitly
     * written source wins, then the group whose name sorts first; {@link IntentionLint} reports
     * these overlaps.
     *
     * @return the set
     * @throws InvalidConfigEntryException for the first entry with an undeclared reference or a
     *     taken destination, listing all its problems; later such entries are attached as
     *     suppressed exceptions
     */
    public IntentionSet build() {
      EntryValidator.Context context = new EntryValidator.Context(issuerByProvider.keySet(), groups.keySet());
      List<ServiceIntentions> normalized = new ArrayList<>(entries.size());
      List<InvalidConfigEntryException> failures = new ArrayList<>();
      Map<String, Boolean> destinations = new HashMap<>();
      for (ServiceIntentions entry : entries) {
        ServiceIntentions n = entry.normalize();
        Problems problems = EntryValidator.references(n, context);
        String destination = n.partition() + "/" + n.namespace() + "/" + n.name();
        if (destinations.put(destination, Boolean.TRUE) != null) {
          problems.add("Name: destination " + Problems.quote(destination)
              + " is already defined by another service-intentions entry");
        }
        if (problems.isEmpty()) {
          normalized.add(n);
        } else {
          failures.add(new InvalidConfigEntryException(ServiceIntentions.KIND, n.name(), problems.messages()));
        }
      }
      if (!failures.isEmpty()) {
        InvalidConfigEntryException first = failures.get(0);
        failures.subList(1, failures.size()).forEach(first::addSuppressed);
        throw first;
      }
      IntentionIndex index = new IntentionIndex();
      Map<String, Re2.FullMatch> patterns = new HashMap<>();
      List<Intention> expanded = new ArrayList<>();
      for (ServiceIntentions entry : normalized) {
        for (SourceIntention source : entry.sources()) {
          if (source.samenessGroup().isEmpty()) {
            index.add(new CompiledIntention(Flattening.intention(entry, source, "", source.partition()),
                patterns, issuerByProvider));
          } else {
            for (SamenessGroup.Member member : groups.get(source.samenessGroup()).members()) {
              expanded.add(Flattening.intention(entry, source, member.peer(), member.partition()));
            }
          }
        }
      }
      expanded.sort(Comparator.comparing(Intention::sourceSamenessGroup));
      int overlaps = 0;
      for (Intention x : expanded) {
        if (!index.add(new CompiledIntention(x, patterns, issuerByProvider))) {
          overlaps++;
        }
      }
      LOG.debug(
          "built intention set: {} entries, {} intentions, {} sameness-group intentions overlapped, fall-through {}",
          normalized.size(), index.size(), overlaps, fallThrough != null);
      return new IntentionSet(index, fallThrough != null, issuerByProvider);
    }
  }
}
