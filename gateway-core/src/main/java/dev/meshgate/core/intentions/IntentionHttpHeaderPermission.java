package dev.meshgate.core.intentions;

import dev.meshgate.core.internal.Require;

/**
 * One header condition of an HTTP permission: Consul's {@code IntentionHTTPHeaderPermission}.
 * Exactly one of {@link #present()}, {@link #exact()}, {@link #prefix()}, {@link #suffix()} and
 * {@link #regex()} must be set (validation enforces it); {@link #invert()} negates the outcome.
 *
 * <p>Matching follows Envoy: header names compare without regard to case; several values of one
 * header are joined with {@code ,} before matching; a missing header fails every condition,
 * inverted or not, except {@code Present} with {@code Invert}, which means "must be absent".
 * {@code Regex} is a full match, with the syntax and linear-time guarantee described at {@link
 * IntentionHttpPermission}.
 *
 * <p>Immutable and thread-safe. Empty strings mean "not set", as in Consul.
 *
 * @param name the header name; required
 * @param present the header must be present
 * @param exact the value must equal this
 * @param prefix the value must start with this
 * @param suffix the value must end with this
 * @param regex the value must fully match this regular expression (RE2 syntax)
 * @param invert negate the condition
 */
public record IntentionHttpHeaderPermission(
    String name, boolean present, String exact, String prefix, String suffix, String regex, boolean invert) {
  /**
   * Checks for nulls.
   *
   * @param name the header name; required
   * @param present the header must be present
   * @param exact the value must equal this
   * @param prefix the value must start with this
   * @param suffix the value must end with this
   * @param regex the value must fully match this regular expression
   * @param invert negate the condition
   * @throws NullPointerException if a string is null
   */
  public IntentionHttpHeaderPermission {
    Require.notNull(name, "name");
    Require.notNull(exact, "exact");
    Require.notNull(prefix, "prefix");
    Require.notNull(suffix, "suffix");
    Require.notNull(regex, "regex");
  }

  /**
   * Returns a builder for a header condition.
   *
   * @return a new, empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds an {@link IntentionHttpHeaderPermission}; each setter may be called once. The builder
   * does not check that exactly one matcher is set: validation does, with Consul's message. Not
   * thread-safe; {@link #build()} may be called repeatedly.
   */
  public static final class Builder {
    private String name;
    private Boolean present;
    private String exact;
    private String prefix;
    private String suffix;
    private String regex;
    private Boolean invert;

    private Builder() {}

    /**
     * Sets the header name.
     *
     * @param name the header name
     * @return this builder
     * @throws IllegalStateException if the name was already set
     */
    public Builder name(String name) {
      this.name = Require.once(this.name, name, "name");
      return this;
    }

    /**
     * Requires the header to be present.
     *
     * @return this builder
     * @throws IllegalStateException if already called
     */
    public Builder present() {
      this.present = Require.once(this.present, Boolean.TRUE, "present");
      return this;
    }

    /**
     * Requires the value to equal {@code exact}.
     *
     * @param exact the value
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder exact(String exact) {
      this.exact = Require.once(this.exact, exact, "exact");
      return this;
    }

    /**
     * Requires the value to start with {@code prefix}.
     *
     * @param prefix the prefix
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder prefix(String prefix) {
      this.prefix = Require.once(this.prefix, prefix, "prefix");
      return this;
    }

    /**
     * Requires the value to end with {@code suffix}.
     *
     * @param suffix the suffix
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder suffix(String suffix) {
      this.suffix = Require.once(this.suffix, suffix, "suffix");
      return this;
    }

    /**
     * Requires the value to fully match {@code regex}.
     *
     * @param regex the regular expression
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder regex(String regex) {
      this.regex = Require.once(this.regex, regex, "regex");
      return this;
    }

    /**
     * Negates the condition.
     *
     * @return this builder
     * @throws IllegalStateException if already called
     */
    public Builder invert() {
      this.invert = Require.once(this.invert, Boolean.TRUE, "invert");
      return this;
    }

    /**
     * Builds the header condition; unset strings are {@code ""}, unset flags false.
     *
     * @return the header condition
     */
    public IntentionHttpHeaderPermission build() {
      return new IntentionHttpHeaderPermission(
          orEmpty(name), present != null, orEmpty(exact), orEmpty(prefix), orEmpty(suffix), orEmpty(regex),
          invert != null);
    }
  }

  static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
