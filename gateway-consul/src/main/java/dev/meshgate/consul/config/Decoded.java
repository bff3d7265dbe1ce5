package dev.meshgate.consul.config;

import java.util.List;

/**
 * What decoding one or more sources gave: the entries that decoded, in input order, and every
 * decode problem (malformed JSON, an unknown kind or key, a value of the wrong type). An entry with
 * a problem is left out of {@link #entries()}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param sources the sources decoded, in input order (problems are reported in this order)
 * @param entries the decoded entries, in input order
 * @param errors every decode problem, in input order
 */
public record Decoded(List<String> sources, List<ConfigEntry> entries, List<ConfigProblem> errors) {
  /**
   * Copies the lists.
   *
   * @param sources the sources decoded
   * @param entries the decoded entries
   * @param errors the decode problems
   */
  public Decoded {
    sources = List.copyOf(sources);
    entries = List.copyOf(entries);
    errors = List.copyOf(errors);
  }

  /**
   * Tells whether every entry decoded.
   *
   * @return true when there is no error
   */
  public boolean ok() {
    return errors.isEmpty();
  }
}
