package dev.meshgate.core.terminating;

import dev.meshgate.core.catalog.Endpoint;
import dev.meshgate.core.chain.ChainRoute;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Send the request to {@link #route()}'s service: connect with the route's TLS mode to one of
 * {@link #endpoints()}. For an HTTP-like linked service the chain route says which route of the
 * service (its own, or a resolver subset's) and carries the rewrites, timeouts, retries and header
 * changes to apply; for any other route the chain is empty. Made when the table is built.
 * Immutable and thread-safe.
 *
 * @param route the route whose TLS mode and identity apply
 * @param chain the chain route that chose it, or empty when the service has no chain
 */
public record Forward(Route route, Optional<ChainRoute> chain) implements RequestDecision {
  /**
   * Checks for nulls.
   *
   * @param route the route
   * @param chain the chain route, or empty
   */
  public Forward {
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(chain, "chain");
  }

  /**
   * Returns where to connect, healthy first: the chain route's endpoints, else the route's.
   *
   * @return the endpoints
   */
  public List<Endpoint> endpoints() {
    return chain.isPresent() ? chain.get().endpoints() : route.endpoints();
  }
}
