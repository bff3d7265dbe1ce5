/**
 * The terminating gateway: its config entry ({@link dev.meshgate.core.terminating.TerminatingGatewayEntry},
 * validated with Consul's messages), the services it links in a datacenter
 * ({@link dev.meshgate.core.terminating.GatewayService} rows), and its routing table
 * ({@link dev.meshgate.core.terminating.RouteTable}): for each SNI, the linked service, its
 * endpoints and how the gateway originates connections to them
 * ({@link dev.meshgate.core.terminating.TlsMode}: plaintext, one-way or mutual TLS).
 *
 * <p>{@link dev.meshgate.core.terminating.TerminatingGateway} keeps a table current as the catalog
 * and the entry change; {@link dev.meshgate.core.terminating.TerminatingGateways} answers the
 * caller's side ({@code /v1/health/connect/<service>}) for every gateway of a mesh;
 * {@link dev.meshgate.core.terminating.AclRequirements} renders the token policy a gateway needs.
 *
 * <p>No method in this package accepts or returns {@code null} unless its documentation says so.
 */
package dev.meshgate.core.terminating;
