package dev.meshgate.core.chain;

import dev.meshgate.core.internal.Require;
import dev.meshgate.core.internal.SetOnce;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP header changes applied to a request or a response, as Consul's {@code HTTPHeaderModifiers}:
 * {@code Add} appends a value and keeps the values already there, {@code Set} replaces every value
 * of the header, {@code Remove} strips it. The chain only carries them; the proxy applies them.
 *
 * <p>{@code Add} and {@code Set} are sorted by header name (Consul keeps them in Go maps, which its
 * JSON writes sorted); {@code Remove} keeps its order. All collections are immutable copies.
 * Immutable and thread-safe.
 *
 * @param add headers to append, name to value
 * @param set headers to replace, name to value
 * @param remove header names to strip
 */
public record HttpHeaderModifiers(Map<String, String> add, Map<String, String> set, List<String> remove) {
  /** No change: Consul's nil or zero modifiers. */
  public static final HttpHeaderModifiers NONE = new HttpHeaderModifiers(Map.of(), Map.of(), List.of());

  /**
   * Copies the collections.
   *
   * @param add headers to append
   * @param set headers to replace
   * @param remove header names to strip
   * @throws NullPointerException if a collection, a name or a value is null
   */
  public HttpHeaderModifiers {
    add = Collections.unmodifiableMap(new TreeMap<>(add));
    set = Collections.unmodifiableMap(new TreeMap<>(set));
    remove = List.copyOf(remove);
  }

  /**
   * Starts building modifiers.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Tells whether nothing changes, as Consul's {@code IsZero}.
   *
   * @return true when all three collections are empty
   */
  public boolean isEmpty() {
    return add.isEmpty() && set.isEmpty() && remove.isEmpty();
  }

  /**
   * Merges two sets of modifiers as Consul's {@code MergeHTTPHeaderModifiers}: {@code overrides}
   * wins for a header both {@code Add} or both {@code Set} (an {@code Add} of the same name
   * replaces the base's, since one name holds one value here), and the removals are the base's
   * followed by the override's that the base does not already remove.
   *
   * @param base the modifiers merged into
   * @param overrides the modifiers that win on conflicts
   * @return the merged modifiers
   */
  public static HttpHeaderModifiers merge(HttpHeaderModifiers base, HttpHeaderModifiers overrides) {
    if (base.isEmpty()) {
      return overrides;
    }
    if (overrides.isEmpty()) {
      return base;
    }
    Map<String, String> add = new TreeMap<>(base.add);
    add.putAll(overrides.add);
    Map<String, String> set = new TreeMap<>(base.set);
    set.putAll(overrides.set);
    LinkedHashSet<String> remove = new LinkedHashSet<>(base.remove);
    remove.addAll(overrides.remove);
    return new HttpHeaderModifiers(add, set, new ArrayList<>(remove));
  }

  /**
   * Collects {@link HttpHeaderModifiers}; each header name may be added, set or removed once per
   * list. {@link #build()} leaves the builder reusable. Not thread-safe.
   */
  public static final class Builder {
    private final SetOnce setOnce = new SetOnce();
    private final Map<String, String> add = new TreeMap<>();
    private final Map<String, String> set = new TreeMap<>();
    private final List<String> remove = new ArrayList<>();

    private Builder() {}

    /**
     * Appends a header value ({@code Add}).
     *
     * @param name the header name
     * @param value the value
     * @return this builder
     * @throws IllegalStateException if {@code name} was already added
     */
    public Builder add(String name, String value) {
      setOnce.check("Add " + name, add.get(name));
      add.put(Require.notNull(name, "name"), Require.notNull(value, "value"));
      return this;
    }

    /**
     * Replaces a header's values ({@code Set}).
     *
     * @param name the header name
     * @param value the value
     * @return this builder
     * @throws IllegalStateException if {@code name} was already set
     */
    public Builder set(String name, String value) {
      setOnce.check("Set " + name, set.get(name));
      set.put(Require.notNull(name, "name"), Require.notNull(value, "value"));
      return this;
    }

    /**
     * Strips a header ({@code Remove}).
     *
     * @param name the header name
     * @return this builder
     * @throws IllegalStateException if {@code name} was already removed
     */
    public Builder remove(String name) {
      Require.state(!remove.contains(name), "Remove %s was already set", name);
      remove.add(Require.notNull(name, "name"));
      return this;
    }

    /**
     * Builds the modifiers.
     *
     * @return the modifiers
     */
    public HttpHeaderModifiers build() {
      return new HttpHeaderModifiers(add, set, remove);
    }
  }
}
