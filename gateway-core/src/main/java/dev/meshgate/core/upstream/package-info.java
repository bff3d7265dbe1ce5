/**
 * Dialing an upstream through the mesh, as a caller's sidecar (or an ingress gateway) does.
 *
 * <ul>
 *   <li>{@link dev.meshgate.core.upstream.MeshGatewayModes} resolves the {@code none} /
 *       {@code local} / {@code remote} mesh-gateway mode of one target across Consul's
 *       configuration layers;
 *   <li>{@link dev.meshgate.core.upstream.MeshUpstreams#dial} answers a {@link
 *       dev.meshgate.core.upstream.Caller} asking for an {@link dev.meshgate.core.upstream.Upstream}:
 *       the {@link dev.meshgate.core.upstream.Dial} with the endpoints to connect to (the target's
 *       instances, local mesh gateways or the target's mesh gateways) and the SNI to send (always
 *       the target's).
 * </ul>
 *
 * <p>No method in this package accepts or returns {@code null} unless its documentation says so.
 */
package dev.meshgate.core.upstream;
