package dev.meshgate.core.routing;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Test assertions on SNI decisions. */
public final class Decisions {
  private Decisions() {}

  /** Asserts that a decision routes, and returns its route. */
  public static <R> R routed(SniDecision<R> decision) {
    assertInstanceOf(SniDecision.Routed.class, decision);
    return decision.routeOrNull();
  }

  /** Asserts that a decision routes, and returns its route. */
  public static <R> R routed(SniDecision<R> decision, String message) {
    assertInstanceOf(SniDecision.Routed.class, decision, message);
    return decision.routeOrNull();
  }
}
