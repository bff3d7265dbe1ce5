package dev.meshgate.core.ingress;

import dev.meshgate.core.chain.ChainDecision;
import dev.meshgate.core.internal.Require;

/**
 * The request matched a route of its service's discovery chain, but no target of that route,
 * failover included, has a healthy endpoint: the gateway answers HTTP 503, as Envoy does for a
 * cluster without healthy hosts. {@code chain().explanation()} says which targets were tried.
 * Immutable and thread-safe.
 *
 * @param virtualHost the virtual host that matched the Host
 * @param chain the chain's decision, with the failover order it tried
 */
public record Unavailable(Route virtualHost, ChainDecision.Unavailable chain) implements RouteDecision {
  /**
   * Checks the parts.
   *
   * @param virtualHost the virtual host
   * @param chain the chain's decision
   */
  public Unavailable {
    Require.notNull(virtualHost, "virtualHost");
    Require.notNull(chain, "chain");
  }
}
