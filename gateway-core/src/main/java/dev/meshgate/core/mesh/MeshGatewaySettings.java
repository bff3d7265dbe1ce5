package dev.meshgate.core.mesh;

import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.internal.Require;
import dev.meshgate.core.naming.TrustDomain;

/**
 * What a mesh gateway's routing table is built for: the gateway's service (whose partition is the
 * gateway's), its datacenter, the mesh trust domain, the agent DNS domain of WAN-federation server
 * names, and whether the gateway carries WAN federation (Consul's service meta
 * {@code consul-wan-federation=1}, honoured in the default partition only). Immutable and
 * thread-safe.
 *
 * @param gateway the gateway's service name; its partition is the gateway's
 * @param datacenter the gateway's datacenter
 * @param trustDomain the mesh trust domain
 * @param dnsDomain the agent DNS domain (Consul's {@code domain}, default {@code consul}); one
 *     trailing dot is removed
 * @param wanFederation whether the gateway routes WAN-federation traffic between servers
 */
public record MeshGatewaySettings(
    ServiceName gateway, String datacenter, TrustDomain trustDomain, String dnsDomain, boolean wanFederation) {
  /** The service meta key that turns on WAN federation through a mesh gateway. */
  public static final String WAN_FEDERATION_META = "consul-wan-federation";

  /**
   * Checks the names and trims the DNS domain.
   *
   * @param gateway the gateway's service name
   * @param datacenter the gateway's datacenter
   * @param trustDomain the mesh trust domain
   * @param dnsDomain the agent DNS domain
   * @param wanFederation whether the gateway routes WAN-federation traffic
   * @throws IllegalArgumentException if the datacenter or DNS domain is empty
   */
  public MeshGatewaySettings {
    Require.field(!datacenter.isEmpty(), "datacenter", datacenter, "a datacenter name");
    dnsDomain = dnsDomain.endsWith(".") ? dnsDomain.substring(0, dnsDomain.length() - 1) : dnsDomain;
    Require.field(!dnsDomain.isEmpty(), "dnsDomain", dnsDomain, "a DNS domain such as consul");
  }

  /**
   * Returns the gateway's admin partition.
   *
   * @return the partition of {@link #gateway()}
   */
  public String partition() {
    return gateway.partition();
  }

  /**
   * Tells whether WAN-federation routes apply: requested, and the gateway is in the default
   * partition.
   *
   * @return true when the table carries WAN-federation routes
   */
  public boolean routesWanFederation() {
    return wanFederation && ServiceName.DEFAULT.equalsIgnoreCase(gateway.partition());
  }
}
