package dev.meshgate.core.ingress;

import dev.meshgate.core.internal.Require;
import dev.meshgate.core.internal.SetOnce;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTP header changes a proxy applies to requests or responses of one service, as Consul's
 * {@code HTTPHeaderModifiers}: {@code Add} appends a value (keeping existing ones), {@code Set}
 * replaces every value, {@code Remove} strips the header. meshgate only carries them as data; the
 * proxy applies them (Envoy: virtual-host {@code request_headers_to_add} with {@code append} true for
 * Add and false for Set, then {@code *_headers_to_remove}).
 *
 * <p>Maps keep insertion order; all collections are immutable copies. Immutable and thread-safe.
 *
 * @param add headers to append, name to value
 * @param set headers to replace, name to value
 * @param remove header names to strip
 */
public record HeaderModifiers(Map<String, String> add, Map<String, String> set, List<String> remove) {
  /** No change. */
  public static final HeaderModifiers NONE = new HeaderModifiers(Map.of(), Map.of(), List.of());

  /**
   * Copies the collections.
   *
   * @param add headers to append
   * @param set headers to replace
   * @param remove header names to strip
   */
  public HeaderModifiers {
    add = Collections.unmodifiableMap(new LinkedHashMap<>(add));
    set = Collections.unmodifiableMap(new LinkedHashMap<>(set));
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
   * Collects {@link HeaderModifiers}; each header name may be added, set or removed once per list.
   * {@link #build()} leaves the builder reusable. Not thread-safe.
   */
  public static final class Builder {
    private final SetOnce setOnce = new SetOnce();
    private final Map<String, String> add = new LinkedHashMap<>();
    private final Map<String, String> set = new LinkedHashMap<>();
    private final List<String> remove = new ArrayList<>();

    private Builder() {}

    /**
     * Appends a header value ({@code Add}).
     *
     * @param name the header name
     * @param value the value
     * @return this builder
     */
    public Builder add(String name, String value) {
      setOnce.check("Add " + name, add.get(name));
      add.put(name, Require.notNull(value, "value"));
      return this;
    }

    /**
     * Replaces a header's values ({@code Set}).
     *
     * @param name the header name
     * @param value the value
     * @return this builder
     */
    public Builder set(String name, String value) {
      setOnce.check("Set " + name, set.get(name));
      set.put(name, Require.notNull(value, "value"));
      return this;
    }

    /**
     * Strips a header ({@code Remove}).
     *
     * @param name the header name
     * @return this builder
     */
    public Builder remove(String name) {
      Require.state(!remove.contains(name), "Remove %s was already set", name);
      remove.add(name);
      return this;
    }

    /**
     * Builds the modifiers.
     *
     * @return the modifiers
     */
    public HeaderModifiers build() {
      return new HeaderModifiers(add, set, remove);
    }
  }
}
