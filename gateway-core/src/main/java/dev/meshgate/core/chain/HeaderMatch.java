package dev.meshgate.core.chain;

import dev.meshgate.core.internal.Require;

/**
 * One header criterion of a {@code service-router} route, as Consul's
 * {@code ServiceRouteHTTPMatchHeader}: exactly one of {@code Present}, {@code Exact},
 * {@code Prefix}, {@code Suffix} or {@code Regex}, optionally inverted. {@link ServiceRouter}
 * validates the combination; this record only holds what was written (empty strings for unset
 * values).
 *
 * <p>Matching follows Envoy's header matcher: the header's values joined with {@code ,} are
 * compared case-sensitively; a regex must match the whole value (RE2 syntax). A missing header
 * matches only {@code Present} with {@code Invert} (Envoy 1.20+: an inverted exact, prefix, suffix
 * or regex criterion does not match a missing header). Immutable and thread-safe.
 *
 * @param name the header name, compared ignoring case
 * @param present match when the header is present with any value
 * @param exact the value the header must equal, or empty
 * @param prefix the prefix the value must start with, or empty
 * @param suffix the suffix the value must end with, or empty
 * @param regex the RE2 regex the whole value must match, or empty
 * @param invert whether the criterion is inverted
 */
public record HeaderMatch(
    String name, boolean present, String exact, String prefix, String suffix, String regex, boolean invert) {

  /**
   * Checks for nulls.
   *
   * @param name the header name
   * @param present match on presence
   * @param exact the exact value, or empty
   * @param prefix the prefix, or empty
   * @param suffix the suffix, or empty
   * @param regex the regex, or empty
   * @param invert whether the criterion is inverted
   * @throws NullPointerException if a string is null
   */
  public HeaderMatch {
    Require.notNull(name, "name");
    Require.notNull(exact, "exact");
    Require.notNull(prefix, "prefix");
    Require.notNull(suffix, "suffix");
    Require.notNull(regex, "regex");
  }

  /**
   * Matches a present header.
   *
   * @param name the header name
   * @return the criterion
   */
  public static HeaderMatch present(String name) {
    return new HeaderMatch(name, true, "", "", "", "", false);
  }

  /**
   * Matches a header equal to a value.
   *
   * @param name the header name
   * @param value the value
   * @return the criterion
   */
  public static HeaderMatch exact(String name, String value) {
    return new HeaderMatch(name, false, value, "", "", "", false);
  }

  /**
   * Matches a header starting with a value.
   *
   * @param name the header name
   * @param value the prefix
   * @return the criterion
   */
  public static HeaderMatch prefix(String name, String value) {
    return new HeaderMatch(name, false, "", value, "", "", false);
  }

  /**
   * Matches a header ending with a value.
   *
   * @param name the header name
   * @param value the suffix
   * @return the criterion
   */
  public static HeaderMatch suffix(String name, String value) {
    return new HeaderMatch(name, false, "", "", value, "", false);
  }

  /**
   * Matches a header whose whole value matches an RE2 regex.
   *
   * @param name the header name
   * @param regex the regex
   * @return the criterion
   */
  public static HeaderMatch regex(String name, String regex) {
    return new HeaderMatch(name, false, "", "", "", regex, false);
  }

  /**
   * Returns this criterion inverted ({@code Invert = true}).
   *
   * @return the inverted criterion
   */
  public HeaderMatch inverted() {
    return new HeaderMatch(name, present, exact, prefix, suffix, regex, true);
  }
}
