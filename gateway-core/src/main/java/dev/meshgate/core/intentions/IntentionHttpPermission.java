package dev.meshgate.core.intentions;

import dev.meshgate.core.internal.Require;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The HTTP conditions of a permission: Consul's {@code IntentionHTTPPermission}. Every condition
 * present must hold (AND). At most one of the three path matchers may be set; at least one
 * condition must be (validation enforces both).
 *
 * <p>Paths compare against the request path without its query string: {@code PathExact} is string
 * equality, {@code PathPrefix} a plain string prefix ({@code /v1} also matches {@code /v1beta}),
 * {@code PathRegex} a full match. {@link #methods()} are upper-cased by normalization and compared
 * exactly.
 *
 * <p>{@code PathRegex} and header {@code Regex} use RE2's syntax, as Envoy does, and are matched
 * with RE2's automaton model: a match costs time linear in the length of the path or header value,
 * whatever the regex, so a request cannot make a decision slow. Validation accepts what RE2/J
 * compiles, except what an Envoy with default settings would refuse: the {@code (?<name>re)} group
 * syntax (write {@code (?P<name>re)}), nested counted repetitions that multiply to more than 1000,
 * and regexes whose RE2 program certainly exceeds Envoy's default limit of 100 instructions (each
 * literal, class or {@code .} counts at least one, counted repetitions multiply). meshgate also
 * refuses groups nested more than 1000 deep, regexes that expand to more than 10,000 elements, and
 * unpaired surrogates. Backreferences, lookaround, atomic groups and possessive quantifiers do not
 * exist in RE2.
 *
 * <p>Immutable and thread-safe; lists are copied. Empty strings mean "not set", as in Consul.
 *
 * @param pathExact the path must equal this
 * @param pathPrefix the path must start with this
 * @param pathRegex the path must fully match this regular expression (RE2 syntax)
 * @param header header conditions, all of which must hold (Consul's {@code Header})
 * @param methods the request method must be one of these
 */
public record IntentionHttpPermission(
    String pathExact, String pathPrefix, String pathRegex, List<IntentionHttpHeaderPermission> header,
    List<String> methods) {
  /**
   * Copies the lists.
   *
   * @param pathExact the path must equal this
   * @param pathPrefix the path must start with this
   * @param pathRegex the path must fully match this regular expression
   * @param header header conditions, all of which must hold
   * @param methods the request method must be one of these
   * @throws NullPointerException if an argument or an element is null
   */
  public IntentionHttpPermission {
    Require.notNull(pathExact, "pathExact");
    Require.notNull(pathPrefix, "pathPrefix");
    Require.notNull(pathRegex, "pathRegex");
    header = List.copyOf(header);
    methods = List.copyOf(methods);
  }

  /**
   * Returns a builder for HTTP conditions.
   *
   * @return a new, empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds an {@link IntentionHttpPermission}; path setters and {@link #methods} may be called
   * once, {@link #header} adds one condition per call. Not thread-safe; {@link #build()} may be
   * called repeatedly.
   */
  public static final class Builder {
    private String pathExact;
    private String pathPrefix;
    private String pathRegex;
    private List<String> methods;
    private final List<IntentionHttpHeaderPermission> header = new ArrayList<>();

    private Builder() {}

    /**
     * Requires the path to equal {@code path}.
     *
     * @param path the path
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder pathExact(String path) {
      this.pathExact = Require.once(this.pathExact, path, "pathExact");
      return this;
    }

    /**
     * Requires the path to start with {@code prefix}.
     *
     * @param prefix the prefix
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder pathPrefix(String prefix) {
      this.pathPrefix = Require.once(this.pathPrefix, prefix, "pathPrefix");
      return this;
    }

    /**
     * Requires the path to fully match {@code regex}.
     *
     * @param regex the regular expression
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder pathRegex(String regex) {
      this.pathRegex = Require.once(this.pathRegex, regex, "pathRegex");
      return this;
    }

    /**
     * Requires the method to be one of {@code methods}.
     *
     * @param methods the methods, e.g. {@code GET}
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder methods(String... methods) {
      this.methods = Require.once(this.methods, List.copyOf(Arrays.asList(methods)), "methods");
      return this;
    }

    /**
     * Adds a header condition.
     *
     * @param condition the condition
     * @return this builder
     */
    public Builder header(IntentionHttpHeaderPermission condition) {
      header.add(Require.notNull(condition, "condition"));
      return this;
    }

    /**
     * Builds the HTTP conditions; unset paths are {@code ""}, unset lists empty.
     *
     * @return the HTTP conditions
     */
    public IntentionHttpPermission build() {
      return new IntentionHttpPermission(
          IntentionHttpHeaderPermission.orEmpty(pathExact), IntentionHttpHeaderPermission.orEmpty(pathPrefix),
          IntentionHttpHeaderPermission.orEmpty(pathRegex), header, methods == null ? List.of() : methods);
    }
  }
}
