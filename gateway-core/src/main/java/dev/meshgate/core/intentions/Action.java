package dev.meshgate.core.intentions;

/**
 * What an intention or a permission does with the traffic it matches: Consul's {@code allow} and
 * {@code deny}.
 */
public enum Action {
  /** Let the matched traffic through. */
  ALLOW("allow"),
  /** Refuse the matched traffic. */
  DENY("deny");

  private final String wireName;

  Action(String wireName) {
    this.wireName = wireName;
  }

  /**
   * Returns the name Consul writes in config entries.
   *
   * @return {@code allow} or {@code deny}
   */
  public String wireName() {
    return wireName;
  }

  @Override
  public String toString() {
    return wireName;
  }
}
