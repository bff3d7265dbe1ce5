package dev.meshgate.core.routing;

/**
 * Decides by a ClientHello's server name where a connection goes: what a TLS-sniffing relay asks
 * a mesh or terminating gateway (or its current table) for every connection.
 *
 * <p>Names match ignoring ASCII letter case and one trailing dot. An empty name (or {@code null})
 * is {@link SniDecision#noSni()}; a name without a route is {@link SniDecision#unknownSni()}.
 * Implementations decide without locking and without allocating, and are thread-safe.
 *
 * @param <R> the route type of the gateway kind
 */
public interface SniRouter<R> {
  /**
   * Decides where a connection goes by its server name.
   *
   * @param sni the ClientHello's server name; {@code null} or empty when it had none
   * @return the decision; never null
   */
  SniDecision<R> route(CharSequence sni);

  /**
   * Decides where a connection goes by its server name given as ASCII bytes, e.g. straight from
   * the ClientHello, without building a {@link String}.
   *
   * @param ascii the bytes holding the server name
   * @param offset the index of the first byte
   * @param length the number of bytes; 0 when the ClientHello had no server name
   * @return the decision; never null
   */
  SniDecision<R> route(byte[] ascii, int offset, int length);
}
