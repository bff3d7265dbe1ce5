package dev.meshgate.core.intentions.analysis;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to an {@link IntentionQuery}: whether some request it describes gets the decision
 * asked about, with a witness if so.
 *
 * <p>Three outcomes: {@code possible} with a witness the evaluator was run on; not possible with
 * {@link #unanalysed()} empty, which is a proof that no request of the query gets that decision;
 * or not possible with {@link #unanalysed()} naming what could not be analysed, which proves
 * nothing about those classes.
 *
 * <p>Immutable and thread-safe.
 *
 * @param possible whether a request of the query gets the decision
 * @param witness such a request; present exactly when {@code possible}
 * @param unanalysed why some (caller, destination) classes of HTTP requests were not analysed
 */
public record Reachability(boolean possible, Optional<Witness> witness, List<String> unanalysed) {
  /**
   * Checks the components.
   *
   * @param possible whether a request of the query gets the decision
   * @param witness such a request
   * @param unanalysed why some classes were not analysed
   * @throws IllegalArgumentException if a witness is given without {@code possible} or missing
   *     with it
   * @throws NullPointerException if an argument or element is null
   */
  public Reachability {
    Objects.requireNonNull(witness, "witness");
    if (witness.isPresent() != possible) {
      throw new IllegalArgumentException("witness: " + witness + " (expected: present exactly when possible)");
    }
    unanalysed = List.copyOf(unanalysed);
  }

  /**
   * Tells whether "not possible" is proven.
   *
   * @return true when nothing is possible and every class was analysed
   */
  public boolean provenImpossible() {
    return !possible && unanalysed.isEmpty();
  }
}
