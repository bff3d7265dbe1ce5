package dev.meshgate.core.ingress;

import dev.meshgate.core.chain.ChainRoute;
import dev.meshgate.core.internal.Require;

/**
 * One HTTP request's destination through an ingress gateway: the virtual host that matched its
 * Host, and the route of the service's discovery chain that matched the request. The gateway
 * applies the virtual host's header changes, then the chain route's ({@link
 * ChainRoute#requestHeaders()}), rewrites the path ({@link ChainRoute#rewritePath}), and dials one of
 * {@link ChainRoute#endpoints()} over mesh mTLS, sending the target's SNI ({@code
 * chain().target().sni()}) and requiring its SPIFFE identity. The router makes every such value
 * when it is built, so routing a request allocates nothing. Immutable and thread-safe.
 *
 * @param virtualHost the virtual host (the service exposed on the listener)
 * @param chain the route of the service's chain
 */
public record HttpRoute(Route virtualHost, ChainRoute chain) implements RouteDecision {
  /**
   * Checks the parts.
   *
   * @param virtualHost the virtual host
   * @param chain the chain route
   */
  public HttpRoute {
    Require.notNull(virtualHost, "virtualHost");
    Require.notNull(chain, "chain");
  }
}
