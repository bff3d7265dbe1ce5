package dev.meshgate.core.routing;

/**
 * Where a gateway that routes by the TLS server name sends a connection: {@link Routed} to a route
 * of the gateway's kind, or {@link Reject}ed. The mesh and the terminating gateway decide with the
 * same type, so one relay can serve both; a name the gateway was not told to route is always a
 * rejection, never a default destination.
 *
 * <p>Deciding allocates nothing: tables hold their routes already wrapped in {@link Routed}, and
 * the two rejections are shared instances. Implementations are immutable and thread-safe.
 *
 * @param <R> the route type of the gateway kind
 */
public sealed interface SniDecision<R> permits SniDecision.Routed, SniDecision.Reject {

  /**
   * Returns the rejection of a ClientHello without a server name.
   *
   * @param <R> the route type of the gateway kind
   * @return the shared rejection, reason {@link Reason#NO_SNI}
   */
  @SuppressWarnings("unchecked")
  static <R> Reject<R> noSni() {
    return (Reject<R>) Reject.NO_SNI;
  }

  /**
   * Returns the rejection of a server name the gateway does not route.
   *
   * @param <R> the route type of the gateway kind
   * @return the shared rejection, reason {@link Reason#UNKNOWN_SNI}
   */
  @SuppressWarnings("unchecked")
  static <R> Reject<R> unknownSni() {
    return (Reject<R>) Reject.UNKNOWN_SNI;
  }

  /**
   * Returns the route, or null when the connection is rejected: a shorthand for the pattern match
   * where a caller only needs the route.
   *
   * @return the route, or {@code null} for a rejection
   */
  R routeOrNull();

  /**
   * The connection goes to {@code route}.
   *
   * @param route where the connection goes; never null
   * @param <R> the route type of the gateway kind
   */
  record Routed<R>(R route) implements SniDecision<R> {
    /**
     * Checks the route.
     *
     * @param route where the connection goes
     * @throws NullPointerException if {@code route} is null
     */
    public Routed {
      if (route == null) {
        throw new NullPointerException("route");
      }
    }

    @Override
    public R routeOrNull() {
      return route;
    }
  }

  /**
   * The connection is refused and closed, as Consul's catch-all filter chain does when its
   * {@code sni_cluster} finds no cluster for the name. Get the instances from {@link
   * SniDecision#noSni()} and {@link SniDecision#unknownSni()}; two rejections are equal when their
   * reasons are.
   *
   * @param reason why the connection is refused
   * @param <R> the route type of the gateway kind
   */
  record Reject<R>(Reason reason) implements SniDecision<R> {
    private static final Reject<Object> NO_SNI = new Reject<>(Reason.NO_SNI);
    private static final Reject<Object> UNKNOWN_SNI = new Reject<>(Reason.UNKNOWN_SNI);

    /**
     * Checks the reason.
     *
     * @param reason why the connection is refused
     * @throws NullPointerException if {@code reason} is null
     */
    public Reject {
      if (reason == null) {
        throw new NullPointerException("reason");
      }
    }

    @Override
    public R routeOrNull() {
      return null;
    }
  }

  /** Why a connection is refused. */
  enum Reason {
    /** The ClientHello carried no server name. */
    NO_SNI,
    /** The server name is not one the gateway routes (unknown, unlinked, or without instances). */
    UNKNOWN_SNI
  }
}
