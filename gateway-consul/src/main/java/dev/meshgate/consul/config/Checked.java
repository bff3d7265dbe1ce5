package dev.meshgate.consul.config;

import java.util.ArrayList;
import java.util.List;

/**
 * What checking entries gave: the valid ones, normalized and mapped onto their models, in input
 * order; every error of every entry (decode errors carried over, then validation errors, each entry
 * on its own); and every warning. An invalid entry is left out of {@link #valid()}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param valid the valid entries, in input order
 * @param errors every error
 * @param warnings every warning of the valid entries
 */
public record Checked(List<ValidEntry<?>> valid, List<ConfigProblem> errors, List<ConfigProblem> warnings) {
  /**
   * Copies the lists.
   *
   * @param valid the valid entries
   * @param errors the errors
   * @param warnings the warnings
   */
  public Checked {
    valid = List.copyOf(valid);
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
  }

  /**
   * Tells whether every entry was valid.
   *
   * @return true when there is no error
   */
  public boolean ok() {
    return errors.isEmpty();
  }

  /**
   * Returns the normalized valid entries.
   *
   * @return the entries, in input order
   */
  public List<ConfigEntry> entries() {
    List<ConfigEntry> out = new ArrayList<>(valid.size());
    for (ValidEntry<?> v : valid) {
      out.add(v.entry());
    }
    return List.copyOf(out);
  }

  /**
   * Returns the models of one kind.
   *
   * @param <T> the model type
   * @param kind the kind
   * @return the models of the valid entries of that kind, in input order
   */
  public <T> List<T> models(ConfigEntryKind<T> kind) {
    List<T> out = new ArrayList<>();
    for (ValidEntry<?> v : valid) {
      if (v.kind() == kind) {
        out.add(kind.modelType().cast(v.model()));
      }
    }
    return List.copyOf(out);
  }
}
