package dev.meshgate.core.chain;

import java.util.Objects;
import java.util.Optional;

/**
 * One route of a {@code service-router}, as Consul's {@code ServiceRoute}: what it matches and
 * where it sends what it matches. A route without a match (or with an empty one) matches every
 * request; a route without a destination sends to the router's own service. Immutable and
 * thread-safe.
 *
 * @param match the HTTP criteria, or empty for a catch-all
 * @param destination where matching requests go, or empty for the router's service
 */
public record ServiceRoute(Optional<HttpMatch> match, Optional<RouteDestination> destination) {
  /**
   * Checks for nulls.
   *
   * @param match the criteria, or empty
   * @param destination the destination, or empty
   * @throws NullPointerException if an argument is null
   */
  public ServiceRoute {
    Objects.requireNonNull(match, "match");
    Objects.requireNonNull(destination, "destination");
  }

  /**
   * Returns a route with both parts.
   *
   * @param match the criteria
   * @param destination the destination
   * @return the route
   */
  public static ServiceRoute of(HttpMatch match, RouteDestination destination) {
    return new ServiceRoute(Optional.of(match), Optional.of(destination));
  }

  /**
   * Returns a route that matches a path prefix and sends to a service.
   *
   * @param prefix the path prefix
   * @param service the destination service
   * @return the route
   */
  public static ServiceRoute prefixTo(String prefix, String service) {
    return of(HttpMatch.pathPrefix(prefix), RouteDestination.toService(service));
  }

  /**
   * Tells whether the route matches every request: no match, or an empty one.
   *
   * @return true for a catch-all
   */
  public boolean isCatchAll() {
    return match.isEmpty() || match.get().isEmpty();
  }
}
