package dev.meshgate.core.chain;

import dev.meshgate.core.internal.Require;

/**
 * One query-parameter criterion of a {@code service-router} route, as Consul's
 * {@code ServiceRouteHTTPMatchQueryParam}: exactly one of {@code Present}, {@code Exact} or
 * {@code Regex}. {@link ServiceRouter} validates the combination.
 *
 * <p>Matching follows Envoy's query-parameter matcher: the first parameter of that name counts, its
 * value as written (not percent-decoded) is compared case-sensitively, a regex must match the whole
 * value; a parameter without {@code =} has the empty value. Immutable and thread-safe.
 *
 * @param name the parameter name, compared exactly
 * @param present match when the parameter is present with any value
 * @param exact the value the parameter must equal, or empty
 * @param regex the RE2 regex the whole value must match, or empty
 */
public record QueryParamMatch(String name, boolean present, String exact, String regex) {
  /**
   * Checks for nulls.
   *
   * @param name the parameter name
   * @param present match on presence
   * @param exact the exact value, or empty
   * @param regex the regex, or empty
   * @throws NullPointerException if a string is null
   */
  public QueryParamMatch {
    Require.notNull(name, "name");
    Require.notNull(exact, "exact");
    Require.notNull(regex, "regex");
  }

  /**
   * Matches a present parameter.
   *
   * @param name the parameter name
   * @return the criterion
   */
  public static QueryParamMatch present(String name) {
    return new QueryParamMatch(name, true, "", "");
  }

  /**
   * Matches a parameter equal to a value.
   *
   * @param name the parameter name
   * @param value the value
   * @return the criterion
   */
  public static QueryParamMatch exact(String name, String value) {
    return new QueryParamMatch(name, false, value, "");
  }

  /**
   * Matches a parameter whose whole value matches an RE2 regex.
   *
   * @param name the parameter name
   * @param regex the regex
   * @return the criterion
   */
  public static QueryParamMatch regex(String name, String regex) {
    return new QueryParamMatch(name, false, "", regex);
  }
}
