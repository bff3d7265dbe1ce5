package dev.meshgate.netty;

import dev.meshgate.core.catalog.Endpoint;
import dev.meshgate.core.intentions.Decision;
import dev.meshgate.core.intentions.DestinationService;
import dev.meshgate.core.intentions.SourceIdentity;
import io.netty.channel.Channel;

/**
 * Receives what the gateway flows do with each connection, so that an embedder can log it or
 * export metrics without changing the handlers. Every method has a default that does nothing;
 * implement the ones you need.
 *
 * <p>Methods are called on the client channel's event loop, so they must not block; they are never
 * called per byte. An exception thrown by a method is caught and logged at DEBUG, and does not
 * change what happens to the connection. Implementations used by several channels must be
 * thread-safe.
 *
 * <p>Per connection the calls come in this order: in the terminating flow first {@link
 * #intentionDecided} once the caller is known (except for an http service); then {@link #routed}
 * or {@link #rejected} (then nothing more); for a routed connection {@link #endpointFailed} for
 * each endpoint that refused, {@link #endpointConnected} for the one that accepted, and once {@link
 * #closed}. HTTP requests (the ingress flow's HTTP listeners, the terminating flow's http services)
 * get no {@link #closed}: each request ends with one {@link #requestCompleted}, after the endpoint
 * calls of the upstream connection it opened, if any; in the terminating flow each request is
 * first given its own {@link #intentionDecided}.
 */
public interface GatewayObserver {

  /**
   * Returns the observer that ignores everything: the flows' default.
   *
   * @return a shared instance
   */
  static GatewayObserver noop() {
    return Observers.NOOP;
  }

  /**
   * A connection was routed.
   *
   * @param client the client's channel
   * @param serverName the SNI it was routed by
   * @param destination what it was routed to: for a mesh gateway the route's kind and Consul
   *     cluster name, for a terminating gateway the linked service
   */
  default void routed(Channel client, String serverName, String destination) {}

  /**
   * The terminating flow decided a caller's connection (or, for an http service, one of its
   * requests) by intentions, allowed or not; a denied connection is followed by {@link #rejected},
   * a denied request by a {@link #requestCompleted} with status 403, each with the decision's
   * explanation.
   *
   * @param client the client's channel
   * @param source the caller, from its mesh certificate's SPIFFE ID
   * @param destination the linked service called
   * @param decision the decision and its explanation ({@link Decision#text()})
   */
  default void intentionDecided(Channel client, SourceIdentity source, DestinationService destination,
      Decision decision) {}

  /**
   * A connection was refused and is being closed; nothing was relayed.
   *
   * @param client the client's channel
   * @param serverName the SNI it sent, or empty when it sent none (or no ClientHello)
   * @param reason why, e.g. {@code UNKNOWN_SNI}, or an intention decision's explanation
   */
  default void rejected(Channel client, String serverName, String reason) {}

  /**
   * An endpoint could not be connected to; the relay tries the next one, if any.
   *
   * @param client the client's channel
   * @param endpoint the endpoint that failed
   * @param cause why, e.g. a refused connection or a connect timeout
   */
  default void endpointFailed(Channel client, Endpoint endpoint, Throwable cause) {}

  /**
   * The relay connected to an endpoint and starts relaying.
   *
   * @param client the client's channel
   * @param backend the channel to the endpoint
   * @param endpoint the endpoint chosen
   */
  default void endpointConnected(Channel client, Channel backend, Endpoint endpoint) {}

  /**
   * A relayed connection ended (both channels are closed or closing).
   *
   * @param client the client's channel
   * @param summary where it went, the bytes each way, how long it lasted and why it ended
   */
  default void closed(Channel client, ConnectionSummary summary) {}

  /**
   * The ingress flow, or the terminating flow for an http service, answered one HTTP request
   * (forwarded, refused, denied, or failed upstream).
   *
   * @param client the client's channel
   * @param summary the request's route, explanation, endpoint, status, bytes and duration
   */
  default void requestCompleted(Channel client, RequestSummary summary) {}
}
