package dev.meshgate.core.terminating;

/**
 * Where a terminating gateway sends a connection, decided by its SNI: a {@link Route}, or a
 * {@link Reject}. There is no default route: a name the table does not know is rejected, so the
 * gateway is never an open proxy. Implementations are immutable and thread-safe.
 */
public sealed interface RouteDecision permits Route, Reject {}
