package dev.meshgate.core.ingress;

/**
 * What part of a virtual host a route covers: every path (prefix {@code /}). Which requests of the
 * virtual host go where is decided by the service's discovery chain (see {@link HttpRoute}).
 * Immutable and thread-safe.
 *
 * @param pathPrefix the path prefix the route matches
 */
public record RouteMatch(String pathPrefix) {
  /** Every path: prefix {@code /}. */
  public static final RouteMatch ALL_PATHS = new RouteMatch("/");
}
