package dev.meshgate.core.intentions;

import dev.meshgate.core.internal.Require;
import java.util.Optional;

/**
 * One L7 rule of a source intention: Consul's {@code IntentionPermission}. Permissions are tried in
 * the order written; the first whose {@link #http()} conditions and {@link #jwt()} requirement both
 * hold decides with its {@link #action()}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param action what a match does; Consul requires it (empty only so validation can report it)
 * @param http the HTTP conditions; Consul requires them (empty only so validation can report it)
 * @param jwt a JWT requirement AND-ed with the HTTP conditions; {@link IntentionJwtRequirement#NONE}
 *     when absent
 */
public record IntentionPermission(
    Optional<Action> action, Optional<IntentionHttpPermission> http, IntentionJwtRequirement jwt) {
  /**
   * Checks for nulls.
   *
   * @param action what a match does
   * @param http the HTTP conditions
   * @param jwt a JWT requirement AND-ed with the HTTP conditions
   * @throws NullPointerException if an argument is null
   */
  public IntentionPermission {
    Require.notNull(action, "action");
    Require.notNull(http, "http");
    Require.notNull(jwt, "jwt");
  }

  /**
   * Returns a permission with the given action and HTTP conditions and no JWT requirement.
   *
   * @param action what a match does
   * @param http the HTTP conditions
   * @return the permission
   */
  public static IntentionPermission of(Action action, IntentionHttpPermission http) {
    return new IntentionPermission(Optional.of(action), Optional.of(http), IntentionJwtRequirement.NONE);
  }

  /**
   * Returns a builder for a permission.
   *
   * @return a new, empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds an {@link IntentionPermission}; each setter may be called once. Not thread-safe;
   * {@link #build()} may be called repeatedly.
   */
  public static final class Builder {
    private Action action;
    private IntentionHttpPermission http;
    private IntentionJwtRequirement jwt;

    private Builder() {}

    /**
     * Sets the action.
     *
     * @param action what a match does
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder action(Action action) {
      this.action = Require.once(this.action, action, "action");
      return this;
    }

    /**
     * Sets the HTTP conditions.
     *
     * @param http the conditions
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder http(IntentionHttpPermission http) {
      this.http = Require.once(this.http, http, "http");
      return this;
    }

    /**
     * Sets the JWT requirement.
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
     * Builds the permission; unset parts are empty.
     *
     * @return the permission
     */
    public IntentionPermission build() {
      return new IntentionPermission(
          Optional.ofNullable(action), Optional.ofNullable(http), jwt == null ? IntentionJwtRequirement.NONE : jwt);
    }
  }
}
