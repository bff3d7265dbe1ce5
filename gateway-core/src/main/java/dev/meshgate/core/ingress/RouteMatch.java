package dev.meshgate.core.ingress;

/**
 * What part of a virtual host a route covers. Today every route covers every path (Consul's
 * default route, prefix {@code /}, used when a service has no {@code service-router}); a later
 * service-router adds exact, prefix and regex paths and header matches here. Immutable and
 * thread-safe.
 *
 * @param pathPrefix the path prefix the route matches
 */
public record RouteMatch(String pathPrefix) {
  /** Every path: prefix {@code /}. */
  public static final RouteMatch ALL_PATHS = new RouteMatch("/");
}
