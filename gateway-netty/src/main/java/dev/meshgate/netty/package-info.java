/**
 * Gateway flows as Netty handlers: {@link dev.meshgate.netty.Relay} relays bytes between a client
 * and the first endpoint that accepts a connection, {@link dev.meshgate.netty.MeshGatewayInitializer}
 * routes connections by their SNI without decrypting them, {@link
 * dev.meshgate.netty.TerminatingGatewayInitializer} terminates mesh mTLS and checks intentions (per
 * connection, or per request for an http service),
 * {@link dev.meshgate.netty.IngressGatewayInitializer} routes HTTP requests and tcp connections of
 * an ingress listener into the mesh, and every flow reports what it does to a {@link
 * dev.meshgate.netty.GatewayObserver}.
 *
 * <p>No method in this package accepts or returns {@code null} unless its documentation says so.
 */
package dev.meshgate.netty;
