package dev.meshgate.core.terminating;

import java.util.Objects;

/**
 * Refuse the request with an HTTP status: 404 when no route of the service's chain matches, 503
 * when the matched route has no healthy endpoint, 403 when the chain would send it to another
 * service or datacenter: a terminating gateway forwards a connection's requests only to the service
 * its SNI named, whose intentions were checked for the caller, even when it links the other one
 * too. Made when the table is built. Immutable and thread-safe.
 *
 * @param connection the route of the connection the request arrived on
 * @param status the HTTP status to answer
 * @param reason why, for logs
 */
public record Refuse(Route connection, int status, String reason) implements RequestDecision {
  /**
   * Checks for nulls.
   *
   * @param connection the connection's route
   * @param status the status
   * @param reason why
   */
  public Refuse {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(reason, "reason");
  }
}
