package dev.meshgate.consul.api;

import dev.meshgate.core.catalog.ServiceName;
import java.util.List;
import java.util.Objects;

/**
 * One row of {@code /v1/catalog/gateway-services/<gateway>}: a service a terminating or ingress
 * gateway links, with the settings of the link. Fields Consul leaves empty for a kind are empty
 * strings, 0 or empty lists. Immutable.
 *
 * @param gateway the gateway
 * @param service the linked service; its name is {@code *} for a wildcard row of an ingress listener
 * @param gatewayKind {@code terminating-gateway} or {@code ingress-gateway}
 * @param port the ingress listener's port; 0 for a terminating gateway
 * @param protocol the ingress listener's protocol; empty for a terminating gateway
 * @param hosts the ingress hosts
 * @param caFile the terminating gateway's CA file for TLS origination, or empty
 * @param certFile the terminating gateway's client certificate file, or empty
 * @param keyFile the terminating gateway's client key file, or empty
 * @param sni the SNI the terminating gateway sends, or empty
 * @param fromWildcard whether the row comes from a wildcard link
 */
public record GatewayService(
    ServiceName gateway,
    ServiceName service,
    String gatewayKind,
    int port,
    String protocol,
    List<String> hosts,
    String caFile,
    String certFile,
    String keyFile,
    String sni,
    boolean fromWildcard) {
  /**
   * Checks for nulls and copies the hosts.
   *
   * @param gateway the gateway
   * @param service the linked service
   * @param gatewayKind the gateway's kind
   * @param port the listener port or 0
   * @param protocol the listener protocol or empty
   * @param hosts the ingress hosts
   * @param caFile the CA file or empty
   * @param certFile the certificate file or empty
   * @param keyFile the key file or empty
   * @param sni the SNI or empty
   * @param fromWildcard whether from a wildcard
   */
  public GatewayService {
    Objects.requireNonNull(gateway, "gateway");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(gatewayKind, "gatewayKind");
    Objects.requireNonNull(protocol, "protocol");
    hosts = List.copyOf(hosts);
    Objects.requireNonNull(caFile, "caFile");
    Objects.requireNonNull(certFile, "certFile");
    Objects.requireNonNull(keyFile, "keyFile");
    Objects.requireNonNull(sni, "sni");
  }
}
