package dev.meshgate.core.mesh;

/**
 * The decision to refuse a connection, as Consul's catch-all chain does when {@code sni_cluster}
 * finds no cluster for the name. The instances are shared constants, so rejecting allocates
 * nothing. Immutable and thread-safe.
 *
 * @param reason why the connection is refused
 */
public record Reject(Reason reason) implements RouteDecision {
  /** The ClientHello carried no server name. */
  public static final Reject NO_SNI = new Reject(Reason.NO_SNI);

  /** No filter chain and no cluster answers to the server name. */
  public static final Reject UNKNOWN_SNI = new Reject(Reason.UNKNOWN_SNI);

  /** Why a connection is refused. */
  public enum Reason {
    /** No server name in the ClientHello. */
    NO_SNI,
    /** A server name the gateway does not route. */
    UNKNOWN_SNI
  }
}
