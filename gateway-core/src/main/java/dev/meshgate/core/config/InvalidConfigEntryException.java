package dev.meshgate.core.config;

import java.util.List;

/**
 * Thrown when a config entry fails validation. It carries <em>every</em> problem found, in the
 * order Consul checks them: {@link #errors()}{@code .get(0)} is the exact text Consul itself would
 * report (Consul stops at its first error), the rest are what Consul would only tell you after you
 * fixed that one, or what Consul does not check at all.
 *
 * <p>Messages use Consul's field paths and wording (for example
 * {@code Sources[1].Permissions[0].HTTP.PathExact doesn't start with '/': "x"}); they never contain
 * secrets such as key material, only names, paths and values the operator wrote.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class InvalidConfigEntryException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The kind of entry that failed, e.g. {@code service-intentions}. */
  private final String kind;

  /** The entry's name as written (possibly empty). */
  private final String name;

  /** Every problem, Consul's first error first; never empty. */
  private final List<String> errors;

  /**
   * Creates the exception.
   *
   * @param kind the config entry kind, e.g. {@code terminating-gateway}
   * @param name the entry's name as written, possibly empty
   * @param errors the problems found, in Consul's order; must not be empty
   * @throws IllegalArgumentException if {@code errors} is empty
   */
  public InvalidConfigEntryException(String kind, String name, List<String> errors) {
    super(describe(kind, name, errors));
    this.kind = kind;
    this.name = name;
    this.errors = List.copyOf(errors);
  }

  private static String describe(String kind, String name, List<String> errors) {
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("errors: [] (expected: at least one problem)");
    }
    String subject = kind + " \"" + name + "\"";
    if (errors.size() == 1) {
      return subject + ": " + errors.get(0);
    }
    return subject + " has " + errors.size() + " problems: " + String.join("; ", errors);
  }

  /**
   * Returns the config entry kind that failed validation.
   *
   * @return the kind, e.g. {@code ingress-gateway}
   */
  public String kind() {
    return kind;
  }

  /**
   * Returns the name of the entry that failed validation, as written.
   *
   * @return the entry name, possibly empty
   */
  public String name() {
    return name;
  }

  /**
   * Returns every problem, Consul's first error first.
   *
   * @return an immutable, non-empty list of messages
   */
  public List<String> errors() {
    return errors;
  }

  /**
   * Returns the message Consul itself would have reported: the first problem.
   *
   * @return the first error message
   */
  public String firstError() {
    return errors.get(0);
  }
}
