package dev.meshgate.core.ingress;

/**
 * Where an ingress gateway sends a request or a connection: a {@link Route}, or a {@link Reject}
 * (HTTP 404, or a closed connection). Sealed so that a later service-router can add route kinds
 * without callers missing one. Implementations are immutable and thread-safe.
 */
public sealed interface RouteDecision permits Route, Reject {}
