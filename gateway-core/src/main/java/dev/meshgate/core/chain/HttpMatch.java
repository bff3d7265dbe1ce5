package dev.meshgate.core.chain;

import dev.meshgate.core.internal.Require;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP criteria of a {@code service-router} route, as Consul's {@code ServiceRouteHTTPMatch}:
 * at most one path criterion ({@code PathExact}, {@code PathPrefix} or {@code PathRegex}), header
 * and query-parameter criteria that must all match, and the methods the route applies to. An empty
 * match (no criterion at all) matches every request, as the prefix {@code /} does.
 *
 * <p>Paths compare as Envoy compares the request path: {@code PathExact} and {@code PathRegex}
 * against the path without its query string, {@code PathPrefix} as a plain string prefix of the
 * request target (so {@code /admin} also matches {@code /administrator}); case-sensitively unless
 * {@code CaseInsensitive}, which affects exact and prefix paths only. Methods compare exactly
 * ({@link ServiceRouter} upper-cases them, as Consul does). {@link ServiceRouter} validates the
 * combination; this record holds what was written. Immutable and thread-safe.
 *
 * @param pathExact the exact path, or empty
 * @param pathPrefix the path prefix, or empty
 * @param pathRegex the RE2 regex the whole path must match, or empty
 * @param caseInsensitive whether exact and prefix paths ignore ASCII case (Consul 1.16+)
 * @param headers header criteria, all of which must match
 * @param queryParams query-parameter criteria, all of which must match
 * @param methods the methods the route applies to; empty for every method
 */
public record HttpMatch(
    String pathExact,
    String pathPrefix,
    String pathRegex,
    boolean caseInsensitive,
    List<HeaderMatch> headers,
    List<QueryParamMatch> queryParams,
    List<String> methods) {

  /**
   * Copies the lists.
   *
   * @param pathExact the exact path, or empty
   * @param pathPrefix the path prefix, or empty
   * @param pathRegex the path regex, or empty
   * @param caseInsensitive whether exact and prefix paths ignore case
   * @param headers header criteria
   * @param queryParams query-parameter criteria
   * @param methods methods
   * @throws NullPointerException if an argument or element is null
   */
  public HttpMatch {
    Require.notNull(pathExact, "pathExact");
    Require.notNull(pathPrefix, "pathPrefix");
    Require.notNull(pathRegex, "pathRegex");
    headers = List.copyOf(headers);
    queryParams = List.copyOf(queryParams);
    methods = List.copyOf(methods);
  }

  /**
   * Returns the match of a path prefix and nothing else.
   *
   * @param prefix the prefix
   * @return the match
   */
  public static HttpMatch pathPrefix(String prefix) {
    return builder().pathPrefix(prefix).build();
  }

  /**
   * Starts building a match.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Tells whether no criterion is set, as Consul's {@code IsEmpty}.
   *
   * @return true when every field is empty
   */
  public boolean isEmpty() {
    return pathExact.isEmpty() && pathPrefix.isEmpty() && pathRegex.isEmpty() && headers.isEmpty()
        && queryParams.isEmpty() && methods.isEmpty();
  }

  /**
   * Builds an {@link HttpMatch}. Path settings may be set once each; criteria and methods
   * accumulate. Not thread-safe.
   */
  public static final class Builder {
    private String pathExact;
    private String pathPrefix;
    private String pathRegex;
    private boolean caseInsensitive;
    private final List<HeaderMatch> headers = new ArrayList<>();
    private final List<QueryParamMatch> queryParams = new ArrayList<>();
    private final List<String> methods = new ArrayList<>();

    private Builder() {}

    /**
     * Sets {@code PathExact}.
     *
     * @param value the exact path
     * @return this builder
     */
    public Builder pathExact(String value) {
      pathExact = Require.once(pathExact, value, "pathExact");
      return this;
    }

    /**
     * Sets {@code PathPrefix}.
     *
     * @param value the prefix
     * @return this builder
     */
    public Builder pathPrefix(String value) {
      pathPrefix = Require.once(pathPrefix, value, "pathPrefix");
      return this;
    }

    /**
     * Sets {@code PathRegex}.
     *
     * @param value the RE2 regex
     * @return this builder
     */
    public Builder pathRegex(String value) {
      pathRegex = Require.once(pathRegex, value, "pathRegex");
      return this;
    }

    /**
     * Sets {@code CaseInsensitive} (default false).
     *
     * @param value whether exact and prefix paths ignore case
     * @return this builder
     */
    public Builder caseInsensitive(boolean value) {
      caseInsensitive = value;
      return this;
    }

    /**
     * Adds header criteria ({@code Header}).
     *
     * @param values the criteria, in order
     * @return this builder
     */
    public Builder header(HeaderMatch... values) {
      headers.addAll(List.of(values));
      return this;
    }

    /**
     * Adds query-parameter criteria ({@code QueryParam}).
     *
     * @param values the criteria, in order
     * @return this builder
     */
    public Builder queryParam(QueryParamMatch... values) {
      queryParams.addAll(List.of(values));
      return this;
    }

    /**
     * Adds methods ({@code Methods}).
     *
     * @param values the methods, e.g. {@code GET}
     * @return this builder
     */
    public Builder methods(String... values) {
      methods.addAll(List.of(values));
      return this;
    }

    /**
     * Builds the match (validation is the router's).
     *
     * @return the match
     */
    public HttpMatch build() {
      return new HttpMatch(pathExact != null ? pathExact : "", pathPrefix != null ? pathPrefix : "",
          pathRegex != null ? pathRegex : "", caseInsensitive, headers, queryParams, methods);
    }
  }
}
