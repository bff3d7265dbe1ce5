package dev.meshgate.core.intentions;

/**
 * What happens to traffic that no intention decides: Consul's {@code default_intention_policy}, or
 * its ACL default policy when that is unset ({@code allow} when ACLs are disabled). The host
 * application supplies it with every decision; meshgate never guesses it.
 */
public enum DefaultPolicy {
  /** Undecided traffic is let through (Consul with ACLs disabled). */
  ALLOW,
  /** Undecided traffic is refused (Consul's recommended production setting). */
  DENY;

  /**
   * Tells whether this policy lets undecided traffic through.
   *
   * @return true for {@link #ALLOW}
   */
  public boolean allows() {
    return this == ALLOW;
  }

  @Override
  public String toString() {
    return this == ALLOW ? "allow" : "deny";
  }
}
