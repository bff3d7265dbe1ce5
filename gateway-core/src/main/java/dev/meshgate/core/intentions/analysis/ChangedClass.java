package dev.meshgate.core.intentions.analysis;

import java.util.Objects;

/**
 * A class of requests that two intention sets (or two default policies) decide differently: every
 * request in it is allowed by one and denied by the other, the same way for all of them.
 *
 * <p>Immutable and thread-safe.
 *
 * @param source the callers, e.g. {@code default/ns1/web} or {@code default/ns1/* except web}
 * @param destination the services called, in the same notation without peers
 * @param request the request attributes
 * @param allowedBefore whether the first set allows these requests
 * @param allowedAfter whether the second set allows them; never equal to {@code allowedBefore}
 * @param witness a request of the class, on which the evaluator was run with both sets and
 *     decided as reported
 */
public record ChangedClass(
    String source, String destination, RequestClass request, boolean allowedBefore, boolean allowedAfter,
    Witness witness) {
  /**
   * Checks the components.
   *
   * @param source the callers
   * @param destination the services called
   * @param request the request attributes
   * @param allowedBefore whether the first set allows these requests
   * @param allowedAfter whether the second set allows them
   * @param witness a request of the class
   * @throws IllegalArgumentException if both decisions are equal
   * @throws NullPointerException if an argument is null
   */
  public ChangedClass {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(witness, "witness");
    if (allowedBefore == allowedAfter) {
      throw new IllegalArgumentException(
          "allowedAfter: " + allowedAfter + " (expected: the opposite of allowedBefore)");
    }
  }

  /**
   * Describes the class in one line: {@code <source> -> <destination>, <request>}.
   *
   * @return the description
   */
  public String describe() {
    return source + " -> " + destination + ", " + request.describe();
  }
}
