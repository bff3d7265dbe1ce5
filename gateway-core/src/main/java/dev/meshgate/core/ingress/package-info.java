/**
 * The ingress gateway: its config entry ({@link dev.meshgate.core.ingress.IngressGatewayEntry},
 * validated with Consul's messages in Consul's order), the services each listener exposes
 * ({@link dev.meshgate.core.ingress.IngressGateways}), their domains and the gateway's certificate
 * SANs ({@link dev.meshgate.core.ingress.IngressDomains}), and the router from listener port, Host
 * header (or, on an SNI-routed tcp listener, the ClientHello's server name) and path to a service
 * in the mesh ({@link dev.meshgate.core.ingress.IngressRouter}), with the header modifiers and
 * limits the proxy applies. {@link dev.meshgate.core.ingress.IngressGateway} keeps a router current
 * as the catalog and the entry change.
 *
 * <p>No method in this package accepts or returns {@code null} unless its documentation says so.
 */
package dev.meshgate.core.ingress;
