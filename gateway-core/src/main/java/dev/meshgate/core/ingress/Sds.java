package dev.meshgate.core.ingress;

/**
 * A certificate served through SDS instead of Consul's own leaf, as Consul's
 * {@code GatewayTLSSDSConfig}: the Envoy cluster of the SDS server and the name of the certificate
 * resource it serves. Either field may be empty where a higher level provides it; the entry's
 * validation checks the combinations (see {@link IngressGatewayEntry}). Immutable and thread-safe.
 *
 * @param clusterName the SDS server's cluster ({@code ClusterName}), or empty
 * @param certResource the certificate resource ({@code CertResource}), or empty
 */
public record Sds(String clusterName, String certResource) {
  /**
   * Tells whether a certificate resource is named.
   *
   * @return true when {@code CertResource} is set
   */
  public boolean hasCertResource() {
    return !certResource.isEmpty();
  }

  /**
   * Tells whether an SDS cluster is named.
   *
   * @return true when {@code ClusterName} is set
   */
  public boolean hasClusterName() {
    return !clusterName.isEmpty();
  }
}
