package dev.meshgate.core.intentions;

import dev.meshgate.core.internal.Require;

/**
 * Something {@link IntentionLint} found: a rule that cannot do what its author likely meant.
 *
 * <p>Immutable and thread-safe.
 *
 * @param kind what kind of problem
 * @param location where: the entry and, where it applies, the source and permission, with
 *     indices in normalized (precedence-sorted) order as in validation messages, e.g. {@code
 *     service-intentions "default/api" Sources[0].Permissions[2]}
 * @param message what is wrong and why, in one sentence
 */
public record LintFinding(Kind kind, String location, String message) {
  /** The kinds of finding. */
  public enum Kind {
    /** A permission that an earlier permission of the same intention always matches first. */
    UNREACHABLE_PERMISSION,
    /**
     * A permission whose action equals the default policy with no later permission of the other
     * action, so removing it changes no decision (without fall-through).
     */
    PERMISSION_EQUALS_DEFAULT,
    /**
     * Two intentions for the same destination and the same source, hence the same precedence,
     * that disagree: duplicated entries, or sameness-group expansions overlapping each other or an
     * explicit source. Only one of them can apply.
     */
    CONFLICTING_EQUAL_PRECEDENCE,
    /**
     * L7 permissions on a destination whose protocol is not HTTP-like: Consul rejects the write,
     * and an L4 request governed by it is denied.
     */
    L7_ON_NON_HTTP_DESTINATION,
    /**
     * Proven by intention analysis: no HTTP request is decided by this permission, because earlier
     * permissions of the intention, or its JWT requirements, take every request it would match.
     */
    PERMISSION_NEVER_DECIDES,
    /**
     * Proven by intention analysis: removing this source (every intention it expands to) changes
     * no decision for any request, under the default policy the lint ran with.
     */
    SOURCE_WITHOUT_EFFECT
  }

  /**
   * Checks for nulls.
   *
   * @param kind what kind of problem
   * @param location where
   * @param message what is wrong and why
   * @throws NullPointerException if an argument is null
   */
  public LintFinding {
    Require.notNull(kind, "kind");
    Require.notNull(location, "location");
    Require.notNull(message, "message");
  }

  @Override
  public String toString() {
    return kind + " at " + location + ": " + message;
  }
}
