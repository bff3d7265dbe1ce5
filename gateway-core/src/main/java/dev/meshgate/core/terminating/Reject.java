package dev.meshgate.core.terminating;

/**
 * The decision to refuse a connection: close it (Consul's catch-all filter chain, whose
 * {@code sni_cluster} finds no cluster and resets the connection). The instances are shared
 * constants, so rejecting allocates nothing. Immutable and thread-safe.
 *
 * @param reason why the connection is refused
 */
public record Reject(Reason reason) implements RouteDecision {
  /** The ClientHello carried no server name. */
  public static final Reject NO_SNI = new Reject(Reason.NO_SNI);

  /** The server name is not one this gateway routes (unknown, unlinked, or without instances). */
  public static final Reject UNKNOWN_SNI = new Reject(Reason.UNKNOWN_SNI);

  /** Why a connection is refused. */
  public enum Reason {
    /** No server name in the ClientHello. */
    NO_SNI,
    /** A server name the gateway does not route. */
    UNKNOWN_SNI
  }
}
