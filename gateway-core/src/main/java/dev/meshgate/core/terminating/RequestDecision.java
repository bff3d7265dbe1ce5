package dev.meshgate.core.terminating;

/**
 * Where a terminating gateway sends one HTTP request of a connection it accepted: {@link Forward}
 * to a route's endpoints (for an HTTP-like linked service, the route its discovery chain chose,
 * with that route's own TLS mode), or {@link Refuse} with the HTTP status to answer. Sealed, so a
 * caller's switch covers both. Implementations are immutable and thread-safe.
 */
public sealed interface RequestDecision permits Forward, Refuse {}
