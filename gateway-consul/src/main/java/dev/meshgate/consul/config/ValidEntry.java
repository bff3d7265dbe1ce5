package dev.meshgate.consul.config;

import java.util.List;
import java.util.Objects;

/**
 * An entry that passed normalization and validation: the normalized entry as Consul would store it,
 * the model core built from it, and the warnings Consul (or meshgate) has about it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param <T> the model type
 * @param kind the entry's kind
 * @param entry the normalized entry; it keeps the source and index of the decoded one
 * @param model the model
 * @param warnings non-fatal findings, in Consul's words where Consul has them
 */
public record ValidEntry<T>(ConfigEntryKind<T> kind, ConfigEntry entry, T model, List<String> warnings) {
  /**
   * Checks for nulls and copies the warnings.
   *
   * @param kind the kind
   * @param entry the normalized entry
   * @param model the model
   * @param warnings the warnings
   */
  public ValidEntry {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(model, "model");
    warnings = List.copyOf(warnings);
  }
}
