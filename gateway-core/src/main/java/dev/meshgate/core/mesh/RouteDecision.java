package dev.meshgate.core.mesh;

/**
 * Where a mesh gateway sends a connection, decided by its SNI: a {@link Route}, or a
 * {@link Reject}. A name the table does not know is rejected, so the gateway is never an open
 * relay. Implementations are immutable and thread-safe.
 */
public sealed interface RouteDecision permits Route, Reject {}
