package dev.meshgate.core.ingress;

/**
 * The decision to refuse a request or connection. The instances are shared constants, so
 * rejecting allocates nothing. Immutable and thread-safe.
 *
 * @param reason why
 */
public record Reject(Reason reason) implements RouteDecision {
  /** No listener serves the port (or none of its services can be routed). */
  public static final Reject NO_LISTENER = new Reject(Reason.NO_LISTENER);

  /** The Host (or, on an SNI-routed tcp listener, the server name) matches no service: HTTP 404. */
  public static final Reject NO_HOST_MATCH = new Reject(Reason.NO_HOST_MATCH);

  /** No route of the service's discovery chain matches the request: HTTP 404, as Envoy answers. */
  public static final Reject NO_ROUTE = new Reject(Reason.NO_ROUTE);

  /** Why a request or connection is refused. */
  public enum Reason {
    /** No listener on the port. */
    NO_LISTENER,
    /** No virtual host (or SNI-routed service) for the name, or no name. */
    NO_HOST_MATCH,
    /** No route of the service's discovery chain for the request. */
    NO_ROUTE
  }
}
