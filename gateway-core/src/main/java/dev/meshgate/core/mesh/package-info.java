/**
 * The mesh gateway: how it routes the mTLS it forwards without decrypting.
 *
 * <p>{@link dev.meshgate.core.mesh.RouteTable} is the gateway's table from a ClientHello's SNI to
 * a local service, a remote datacenter's or partition's gateways, WAN-federation or peering
 * servers, or an exported service, else a rejection; {@link dev.meshgate.core.mesh.MeshGateway}
 * keeps one current as the catalog changes. How a caller reaches a service through mesh gateways
 * is {@link dev.meshgate.core.upstream}'s.
 *
 * <p>No method in this package accepts or returns {@code null} unless its documentation says so.
 */
package dev.meshgate.core.mesh;
