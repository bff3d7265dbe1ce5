package dev.meshgate.consul.api;

import java.util.List;
import java.util.Objects;

/**
 * An answer of Consul's HTTP API that could not be read: not JSON, or JSON of another shape than
 * the endpoint documents. The message names the endpoint, then every problem found, each as
 * {@code <JSON path>: <problem>}, e.g. {@code /v1/health/service/web: [0].Service.Port: expected an
 * integer}. Answers never carry secrets into the message: values are not echoed. Immutable.
 */
public final class AnswerException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The endpoint, e.g. {@code /v1/health/service/web}. */
  private final String endpoint;

  /** Every problem, each {@code path: problem}. */
  private final List<String> problems;

  /**
   * Creates the exception.
   *
   * @param endpoint the endpoint the answer came from
   * @param problems every problem, each {@code path: problem} (the path may be empty for the root)
   */
  public AnswerException(String endpoint, List<String> problems) {
    super(endpoint + ": " + String.join("; ", problems));
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.problems = List.copyOf(problems);
    if (this.problems.isEmpty()) {
      throw new IllegalArgumentException("problems: [] (expected: at least one problem)");
    }
  }

  /**
   * Returns the endpoint the answer came from.
   *
   * @return e.g. {@code /v1/catalog/gateway-services/gw}
   */
  public String endpoint() {
    return endpoint;
  }

  /**
   * Returns every problem found, in document order.
   *
   * @return each {@code path: problem}
   */
  public List<String> problems() {
    return problems;
  }
}
