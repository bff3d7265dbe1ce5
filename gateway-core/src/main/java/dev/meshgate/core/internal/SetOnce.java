package dev.meshgate.core.internal;

import java.util.HashSet;
import java.util.Set;

/**
 * Remembers which of a builder's once-only settings were called, so a second call fails even when
 * the first one set the value to {@code null} (a null value cannot tell "never set" from "set to
 * null"). A setting that already holds a value, e.g. copied from an existing object, counts as set
 * too.
 *
 * <p>Not thread-safe, like the builders that own one.
 */
public final class SetOnce {
  private final Set<String> called = new HashSet<>();

  /** Creates a record with no setting called yet. */
  public SetOnce() {}

  /**
   * Records a call of a setting, or fails because it was called before or already holds a value.
   *
   * @param setting the setting's name, e.g. {@code address}
   * @param earlier the setting's current value, or null
   * @throws IllegalStateException naming the setting and quoting the earlier value
   */
  public void check(String setting, Object earlier) {
    if (!called.add(setting) || earlier != null) {
      throw new IllegalStateException(setting + " was already set to " + Require.describe(earlier));
    }
  }
}
