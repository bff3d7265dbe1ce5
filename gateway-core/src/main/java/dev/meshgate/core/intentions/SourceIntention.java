package dev.meshgate.core.intentions;

import dev.meshgate.core.internal.Require;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One source of a {@code service-intentions} entry: Consul's {@code SourceIntention}. It is either
 * an L4 intention ({@link #action()} set, no permissions) or an L7 intention ({@link
 * #permissions()} set, no action).
 *
 * <p>Empty strings mean "not set", as in Consul: an unset namespace or partition is inherited from
 * the destination by {@link ServiceIntentions#normalize()}, an unset {@link #type()} becomes {@code
 * consul}. {@link #precedence()} is computed by normalization; whatever a caller puts there is
 * replaced, as Consul recomputes it on every write.
 *
 * <p>Immutable and thread-safe; the permission list is copied.
 *
 * @param name the source service name, or {@code *}
 * @param namespace the source namespace, or {@code *}; empty inherits the destination's
 * @param partition the source admin partition; empty inherits the destination's
 * @param peer the cluster peer the source lives in; empty for local sources
 * @param samenessGroup the sameness group the source stands for; empty if none
 * @param action the L4 action; empty for L7 intentions
 * @param permissions the L7 permissions, tried in order; empty for L4 intentions
 * @param precedence the computed precedence, 1 (lowest) to 9 (highest); 0 before normalization
 * @param type the source type; only {@code consul} is valid, empty normalizes to it
 * @param description free text, at most 512 bytes
 */
public record SourceIntention(
    String name, String namespace, String partition, String peer, String samenessGroup, Optional<Action> action,
    List<IntentionPermission> permissions, int precedence, String type, String description) {
  /** The only source type Consul accepts. */
  public static final String TYPE_CONSUL = "consul";

  /**
   * Copies the permissions.
   *
   * @param name the source service name, or {@code *}
   * @param namespace the source namespace, or {@code *}; empty inherits the destination's
   * @param partition the source admin partition; empty inherits the destination's
   * @param peer the cluster peer the source lives in; empty for local sources
   * @param samenessGroup the sameness group the source stands for; empty if none
   * @param action the L4 action; empty for L7 intentions
   * @param permissions the L7 permissions, tried in order; empty for L4 intentions
   * @param precedence the computed precedence; 0 before normalization
   * @param type the source type; only {@code consul} is valid, empty normalizes to it
   * @param description free text, at most 512 bytes
   * @throws NullPointerException if an argument or a permission is null
   */
  public SourceIntention {
    Require.notNull(name, "name");
    Require.notNull(namespace, "namespace");
    Require.notNull(partition, "partition");
    Require.notNull(peer, "peer");
    Require.notNull(samenessGroup, "samenessGroup");
    Require.notNull(action, "action");
    permissions = List.copyOf(permissions);
    Require.notNull(type, "type");
    Require.notNull(description, "description");
  }

  /**
   * Returns an L4 source intention for a local service in the destination's namespace and
   * partition.
   *
   * @param name the source service name, or {@code *}
   * @param action the action
   * @return the source intention
   */
  public static SourceIntention of(String name, Action action) {
    return builder().name(name).action(action).build();
  }

  /**
   * Tells whether this is an L7 intention, one with permissions.
   *
   * @return true when {@link #permissions()} is not empty
   */
  public boolean hasPermissions() {
    return !permissions.isEmpty();
  }

  /**
   * Returns a builder for a source intention.
   *
   * @return a new, empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a {@link SourceIntention}; each setter may be called once except {@link #permission},
   * which adds one permission per call. The builder does not apply Consul's rules (an action
   * together with permissions, say): validation does, with Consul's messages. Not thread-safe;
   * {@link #build()} may be called repeatedly.
   */
  public static final class Builder {
    private String name;
    private String namespace;
    private String partition;
    private String peer;
    private String samenessGroup;
    private Action action;
    private String type;
    private String description;
    private final List<IntentionPermission> permissions = new ArrayList<>();

    private Builder() {}

    /**
     * Sets the source service name.
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
     * Sets the source namespace.
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
     * Sets the source admin partition.
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
     * Sets the cluster peer the source lives in.
     *
     * @param peer the peer name
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder peer(String peer) {
      this.peer = Require.once(this.peer, peer, "peer");
      return this;
    }

    /**
     * Sets the sameness group the source stands for.
     *
     * @param samenessGroup the group name
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder samenessGroup(String samenessGroup) {
      this.samenessGroup = Require.once(this.samenessGroup, samenessGroup, "samenessGroup");
      return this;
    }

    /**
     * Sets the L4 action.
     *
     * @param action the action
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder action(Action action) {
      this.action = Require.once(this.action, action, "action");
      return this;
    }

    /**
     * Adds an L7 permission; permissions are tried in the order added.
     *
     * @param permission the permission
     * @return this builder
     */
    public Builder permission(IntentionPermission permission) {
      permissions.add(Require.notNull(permission, "permission"));
      return this;
    }

    /**
     * Sets the source type.
     *
     * @param type the type; only {@code consul} is valid
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder type(String type) {
      this.type = Require.once(this.type, type, "type");
      return this;
    }

    /**
     * Sets the description.
     *
     * @param description free text
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder description(String description) {
      this.description = Require.once(this.description, description, "description");
      return this;
    }

    /**
     * Builds the source intention; unset strings are {@code ""}, precedence is 0.
     *
     * @return the source intention
     */
    public SourceIntention build() {
      return new SourceIntention(
          orEmpty(name), orEmpty(namespace), orEmpty(partition), orEmpty(peer), orEmpty(samenessGroup),
          Optional.ofNullable(action), permissions, 0, orEmpty(type), orEmpty(description));
    }

    private static String orEmpty(String s) {
      return s == null ? "" : s;
    }
  }
}
