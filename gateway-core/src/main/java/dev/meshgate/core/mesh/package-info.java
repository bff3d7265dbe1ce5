/**
 * The mesh gateway: how callers reach services in other datacenters and admin partitions, and how
 * the gateway itself routes the mTLS it forwards without decrypting.
 *
 * <ul>
 *   <li>{@link dev.meshgate.core.mesh.MeshGatewayModes} resolves the {@code none} / {@code local} /
 *       {@code remote} mode of one target across Consul's configuration layers;
 *   <li>{@link dev.meshgate.core.mesh.MeshUpstreams#dial} answers a caller: which endpoints to
 *       dial for a target (its instances, local mesh gateways or the target's mesh gateways) and
 *       with which SNI (always the target's);
 *   <li>{@link dev.meshgate.core.mesh.RouteTable} is the gateway's own table from a ClientHello's
 *       SNI to a local service, a remote datacenter's or partition's gateways, WAN-federation or
 *       peering servers, or an exported service, else a rejection;
 *       {@link dev.meshgate.core.mesh.MeshGateway} keeps one current as the catalog changes.
 * </ul>
 *
 * <p>No method in this package accepts or returns {@code null} unless its documentation says so.
 */
package dev.meshgate.core.mesh;
