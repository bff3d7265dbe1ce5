package dev.meshgate.core.chain;

import dev.meshgate.core.internal.Require;
import java.util.List;

/**
 * Where a request goes through a discovery chain: a {@link ChainRoute} with at least one healthy
 * endpoint, {@link Unavailable} when no target of the chosen failover order has one (Envoy's
 * 503 "no healthy upstream"), or {@link NoRoute} when no route matches (Envoy's 404; only a path
 * that does not start with {@code /} misses the chain's catch-all). Sealed, so that a caller handles
 * every kind. Implementations are immutable and thread-safe.
 */
public sealed interface ChainDecision permits ChainRoute, ChainDecision.Unavailable, ChainDecision.NoRoute {
  /**
   * Returns why the request was routed as it was.
   *
   * @return the explanation
   */
  Explanation explanation();

  /**
   * The route and split matched, but no target in the failover order has a healthy endpoint.
   * meshgate does not route to unhealthy endpoints (Envoy's panic mode would).
   *
   * @param explanation why
   * @param failoverOrder the targets tried, with their endpoints
   */
  record Unavailable(Explanation explanation, List<TargetEndpoints> failoverOrder) implements ChainDecision {
    /**
     * Copies the targets.
     *
     * @param explanation why
     * @param failoverOrder the targets tried
     */
    public Unavailable {
      Require.notNull(explanation, "explanation");
      failoverOrder = List.copyOf(failoverOrder);
    }
  }

  /**
   * No route of the chain matches the request.
   *
   * @param explanation why
   */
  record NoRoute(Explanation explanation) implements ChainDecision {
    /**
     * Checks for null.
     *
     * @param explanation why
     */
    public NoRoute {
      Require.notNull(explanation, "explanation");
    }
  }
}
