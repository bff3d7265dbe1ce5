package dev.meshgate.core.intentions;

import dev.meshgate.core.internal.Require;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The answer to "may this source call this destination?", with its explanation: whether it is
 * allowed, why ({@link #reason()}), which intention governed it if any, and which permission of
 * that intention matched if any. {@link #text()} says the same in one line.
 *
 * <p>{@link IntentionSet} hands out decisions it built in advance, one per intention and outcome,
 * so asking for a decision allocates nothing; {@link #text()} builds its string on each call. Two
 * decisions are equal when all four components are.
 *
 * <p>Immutable and thread-safe.
 *
 * @param allowed whether the traffic may pass
 * @param reason why
 * @param intention the governing intention; empty only for {@link Reason#NO_INTENTION}
 * @param permissionIndex the index of the matching permission within the governing intention;
 *     present only for {@link Reason#MATCHED_PERMISSION}
 */
public record Decision(boolean allowed, Reason reason, Optional<Intention> intention, OptionalInt permissionIndex) {
  /** Why a decision came out the way it did. */
  public enum Reason {
    /** The governing intention is an L4 intention; its action decided. */
    MATCHED_L4_INTENTION,
    /** A permission of the governing L7 intention matched; its action decided. */
    MATCHED_PERMISSION,
    /**
     * The governing L7 intention has no permission that matches the request, so the default policy
     * decided. Consul does not fall through to lower-precedence intentions here (see {@link
     * IntentionSet.Builder#fallThroughOnNoPermissionMatch()}).
     */
    NO_PERMISSION_MATCHED,
    /** No intention covers the (source, destination) pair, so the default policy decided. */
    NO_INTENTION,
    /**
     * The governing intention is an L7 intention but the request is L4 (no HTTP attributes), so
     * it is denied, as Consul's {@code /v1/agent/connect/authorize} and {@code intention check}
     * do.
     */
    L7_INTENTION_ON_L4_REQUEST,
    /**
     * The governing intention's entry-level JWT requirement was not met by the request's verified
     * token (or it had none), so the intention does not apply and the default policy decided.
     */
    JWT_REQUIREMENT_UNMET;

    /**
     * Tells whether decisions with this reason come from the default policy.
     *
     * @return true for {@link #NO_PERMISSION_MATCHED}, {@link #NO_INTENTION} and {@link
     *     #JWT_REQUIREMENT_UNMET}
     */
    public boolean isDefault() {
      return this == NO_PERMISSION_MATCHED || this == NO_INTENTION || this == JWT_REQUIREMENT_UNMET;
    }
  }

  /**
   * Checks that the components fit together.
   *
   * @param allowed whether the traffic may pass
   * @param reason why
   * @param intention the governing intention; empty only for {@link Reason#NO_INTENTION}
   * @param permissionIndex the index of the matching permission; present only for {@link
   *     Reason#MATCHED_PERMISSION}
   * @throws IllegalArgumentException if the intention or index does not fit the reason
   */
  public Decision {
    Require.notNull(reason, "reason");
    Require.notNull(intention, "intention");
    Require.notNull(permissionIndex, "permissionIndex");
    Require.field(
        intention.isEmpty() == (reason == Reason.NO_INTENTION), "intention", intention,
        reason == Reason.NO_INTENTION ? "empty for NO_INTENTION" : "present for " + reason);
    Require.field(
        permissionIndex.isPresent() == (reason == Reason.MATCHED_PERMISSION), "permissionIndex", permissionIndex,
        reason == Reason.MATCHED_PERMISSION ? "present for MATCHED_PERMISSION" : "empty for " + reason);
  }

  /**
   * Explains the decision in one line, e.g. {@code Matched L4 intention: DENY default/web =>
   * default/api (Precedence: 9)}. Decisions Consul's agent would also explain start with Consul's
   * words ({@code Matched L4 intention:}, {@code Matched L7 intention:}, {@code Default intention
   * policy}).
   *
   * @return the explanation
   */
  public String text() {
    String policy = allowed ? "allow" : "deny";
    return switch (reason) {
      case MATCHED_L4_INTENTION -> "Matched L4 intention: " + intention.orElseThrow();
      case MATCHED_PERMISSION -> "Matched L7 intention: " + intention.orElseThrow() + ", Permissions["
          + permissionIndex.getAsInt() + "] " + policy;
      case NO_PERMISSION_MATCHED -> "Matched L7 intention: " + intention.orElseThrow()
          + ", no permission matched; default intention policy: " + policy;
      case NO_INTENTION -> "Default intention policy: " + policy + "; no intention matched";
      case L7_INTENTION_ON_L4_REQUEST -> "Matched L7 intention: " + intention.orElseThrow()
          + ", which needs HTTP attributes; an L4 request is denied";
      case JWT_REQUIREMENT_UNMET -> "Matched intention: " + intention.orElseThrow()
          + ", JWT requirement not met; default intention policy: " + policy;
    };
  }

  /** Returns {@link #text()}. */
  @Override
  public String toString() {
    return text();
  }
}
