package dev.meshgate.core.intentions;

import dev.meshgate.core.internal.Require;

/**
 * What the enforced intentions decided and what a candidate set would have decided for the same
 * request: a dry run before a rollout. Only {@link #enforced()} should be acted on.
 *
 * <p>Immutable and thread-safe.
 *
 * @param enforced the decision of the set in force
 * @param candidate the decision the candidate set would make
 */
public record ShadowDecision(Decision enforced, Decision candidate) {
  /**
   * Checks for nulls.
   *
   * @param enforced the decision of the set in force
   * @param candidate the decision the candidate set would make
   * @throws NullPointerException if an argument is null
   */
  public ShadowDecision {
    Require.notNull(enforced, "enforced");
    Require.notNull(candidate, "candidate");
  }

  /**
   * Tells whether rolling out the candidate would change the outcome (allowed or not) of this
   * request. A changed explanation with the same outcome does not count; compare the decisions
   * with {@code equals} for that.
   *
   * @return true when the outcomes differ
   */
  public boolean differs() {
    return enforced.allowed() != candidate.allowed();
  }

  @Override
  public String toString() {
    return (differs() ? "DIFFERS: " : "same: ") + "enforced [" + enforced.text() + "], candidate ["
        + candidate.text() + "]";
  }
}
