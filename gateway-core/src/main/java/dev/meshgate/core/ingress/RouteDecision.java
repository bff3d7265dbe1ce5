package dev.meshgate.core.ingress;

/**
 * Where an ingress gateway sends a request or a connection:
 *
 * <ul>
 *   <li>a {@link Route}: the virtual host (HTTP-like listeners, when asked by host alone) or the
 *       tcp listener's service;
 *   <li>an {@link HttpRoute}: for one HTTP request, the virtual host and the route its service's
 *       discovery chain chose (by path, headers, query parameters and method);
 *   <li>{@link Unavailable}: the chain chose a route whose targets have no healthy endpoint (HTTP
 *       503);
 *   <li>a {@link Reject}: no listener, no virtual host for the host (HTTP 404), or no chain route
 *       for the request (HTTP 404), or a closed connection.
 * </ul>
 *
 * Sealed, so a caller's switch covers every kind. Implementations are immutable and thread-safe.
 */
public sealed interface RouteDecision permits Route, HttpRoute, Unavailable, Reject {}
