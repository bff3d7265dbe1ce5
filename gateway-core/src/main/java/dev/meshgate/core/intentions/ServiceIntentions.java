package dev.meshgate.core.intentions;

import dev.meshgate.core.config.InvalidConfigEntryException;
import dev.meshgate.core.internal.Problems;
import dev.meshgate.core.internal.Require;
import dev.meshgate.core.internal.SetOnce;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code service-intentions} config entry: every intention towards one destination (Consul's
 * {@code ServiceIntentionsConfigEntry}). The destination is {@link #name()} in {@link
 * #namespace()} and {@link #partition()}; {@code *} as name, or as namespace and name, makes it a
 * wildcard destination.
 *
 * <p>Every instance is valid: the constructor, and so {@link Builder#build()}, normalizes the entry
 * as Consul does on a write and checks the result, reporting every problem at once in an {@link
 * InvalidConfigEntryException}. First come Consul's checks, in Consul's order and with Consul's
 * exact texts (so {@link InvalidConfigEntryException#firstError()} is what Consul would say).
 * Source indices in the messages refer to the normalized, precedence-sorted order, as in Consul,
 * which normalizes before it validates. Then come the checks Consul skips:
 *
 * <ul>
 *   <li>{@code PathRegex} and header {@code Regex} must be RE2 regular expressions that Envoy
 *       would also accept (see {@link IntentionHttpPermission});
 *   <li>header names must be HTTP tokens (an optional leading {@code :} for pseudo-headers);
 *   <li>a {@code VerifyClaims} path must not be empty.
 * </ul>
 *
 * <p>The JWT providers and sameness groups an entry names are declared to an {@link
 * IntentionSet.Builder}, which checks them when it builds.
 *
 * <p>The entry keeps what was written; {@link #normalize()} returns it as Consul stores it.
 * Immutable and thread-safe; collections are copied, meta keeps the iteration order it was given.
 *
 * @param name the destination service name, or {@code *}
 * @param namespace the destination namespace, or {@code *}; empty means {@code default}
 * @param partition the destination admin partition; empty means {@code default}
 * @param sources the sources, in the order written (normalization sorts them by precedence)
 * @param jwt a JWT requirement AND-ed with every source; {@link IntentionJwtRequirement#NONE} when
 *     absent
 * @param meta opaque metadata; {@code external-source} is shown in decisions
 */
public record ServiceIntentions(
    String name, String namespace, String partition, List<SourceIntention> sources, IntentionJwtRequirement jwt,
    Map<String, String> meta) {
  /** The config entry kind, as Consul spells it. */
  public static final String KIND = "service-intentions";

  /** Consul's wildcard token. */
  public static final String WILDCARD = "*";

  /**
   * Copies the collections and validates the entry.
   *
   * @param name the destination service name, or {@code *}
   * @param namespace the destination namespace, or {@code *}; empty means {@code default}
   * @param partition the destination admin partition; empty means {@code default}
   * @param sources the sources, in the order written
   * @param jwt a JWT requirement AND-ed with every source
   * @param meta opaque metadata
   * @throws InvalidConfigEntryException listing every problem, Consul's first error first
   * @throws NullPointerException if an argument, element, key or value is null
   */
  public ServiceIntentions {
    Require.notNull(name, "name");
    Require.notNull(namespace, "namespace");
    Require.notNull(partition, "partition");
    sources = List.copyOf(sources);
    Require.notNull(jwt, "jwt");
    meta = copyInOrder(meta);
    String destinationNamespace = Normalization.orDefault(namespace);
    String destinationPartition = Normalization.orDefault(partition);
    EntryValidator.validate(name, destinationNamespace, destinationPartition,
        Normalization.sources(name, destinationNamespace, destinationPartition, sources), jwt, meta).throwIfAny();
  }

  /**
   * Returns the entry as Consul stores it after a write:
   *
   * <ol>
   *   <li>the destination's empty namespace and partition become {@code default};
   *   <li>each source's empty type becomes {@code consul};
   *   <li>a peered or sameness-group source only gets an empty namespace defaulted to {@code
   *       default} (its partition stays empty: Consul keeps the two exclusive); any other source
   *       inherits the destination's namespace and partition where it left them empty, except that
   *       a {@code *} is never inherited, and then defaults what is still empty;
   *   <li>each source's precedence is computed after that (see {@link Intention#precedence()});
   *   <li>every HTTP method is upper-cased ({@code get} becomes {@code GET});
   *   <li>sources are stably sorted by precedence, highest first: equal precedences keep their
   *       written order.
   * </ol>
   *
   * <p>Normalizing twice gives the same entry.
   *
   * @return the normalized entry
   */
  public ServiceIntentions normalize() {
    return Normalization.normalize(this);
  }

  /**
   * Tells whether the destination is a wildcard: name {@code *} or namespace {@code *}.
   *
   * @return true for wildcard destinations
   */
  public boolean hasWildcardDestination() {
    return WILDCARD.equals(name) || WILDCARD.equals(namespace);
  }

  /**
   * Returns a builder for an entry.
   *
   * @return a new, empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  private static Map<String, String> copyInOrder(Map<String, String> meta) {
    Map<String, String> copy = new LinkedHashMap<>();
    meta.forEach(
        (k, v) -> copy.put(Require.notNull(k, "meta key"), Require.notNull(v, "meta value")));
    return Collections.unmodifiableMap(copy);
  }

  /**
   * Builds a {@link ServiceIntentions} entry; {@link #name}, {@link #namespace}, {@link #partition}
   * and {@link #jwt} may be set once, {@link #source} and {@link #meta} add one item per call.
   * {@link #build()} validates the entry. Not thread-safe; {@link #build()} may be called
   * repeatedly.
   */
  public static final class Builder {
    private final SetOnce setOnce = new SetOnce();
    private String name;
    private String namespace;
    private String partition;
    private IntentionJwtRequirement jwt;
    private final List<SourceIntention> sources = new ArrayList<>();
    private final Map<String, String> meta = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets the destination service name.
     *
     * @param name the name, or {@code *}
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder name(String name) {
      this.name = Require.once(this.name, name, "name");
      return this;
    }

    /**
     * Sets the destination namespace.
     *
     * @param namespace the namespace, or {@code *}
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder namespace(String namespace) {
      this.namespace = Require.once(this.namespace, namespace, "namespace");
      return this;
    }

    /**
     * Sets the destination admin partition.
     *
     * @param partition the partition
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder partition(String partition) {
      this.partition = Require.once(this.partition, partition, "partition");
      return this;
    }

    /**
     * Adds a source.
     *
     * @param source the source intention
     * @return this builder
     */
    public Builder source(SourceIntention source) {
      sources.add(Require.notNull(source, "source"));
      return this;
    }

    /**
     * Sets the entry-level JWT requirement.
     *
     * @param jwt the requirement
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder jwt(IntentionJwtRequirement jwt) {
      this.jwt = Require.once(this.jwt, jwt, "jwt");
      return this;
    }

    /**
     * Adds a meta pair.
     *
     * @param key the key
     * @param value the value
     * @return this builder
     * @throws IllegalStateException if the key was already set
     */
    public Builder meta(String key, String value) {
      Require.notNull(key, "key");
      Require.notNull(value, "value");
      setOnce.check("meta " + Problems.quote(key), meta.get(key));
      meta.put(key, value);
      return this;
    }

    /**
     * Validates and builds the entry; unset strings are {@code ""}, the JWT requirement {@link
     * IntentionJwtRequirement#NONE}.
     *
     * @return the entry
     * @throws InvalidConfigEntryException listing every problem, Consul's first error first
     */
    public ServiceIntentions build() {
      return new ServiceIntentions(
          name == null ? "" : name, namespace == null ? "" : namespace, partition == null ? "" : partition,
          sources, jwt == null ? IntentionJwtRequirement.NONE : jwt, meta);
    }
  }
}
