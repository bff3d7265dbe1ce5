package dev.meshgate.core.upstream;

import dev.meshgate.core.catalog.Endpoint;
import dev.meshgate.core.config.MeshGatewayMode;
import dev.meshgate.core.naming.SpiffeId;
import java.util.List;

/**
 * What a caller does to reach one upstream target: open a TLS connection to one of
 * {@link #endpoints()}, send {@link #sni()} and require a server certificate for
 * {@link #identity()}. Gateways on the way never terminate that TLS: whether the caller dials the
 * target's instances or a mesh gateway, the SNI and the identity are the target's.
 *
 * <p>Endpoints list healthy ones first, each group in catalog order. Dialing a gateway, every
 * gateway endpoint carries one synthesized health: healthy when any instance of the target is
 * (Consul's rule), so a load balancer stops sending to gateways in front of a dead service. The
 * list is empty when nothing can be dialed (no instance, or no gateway for the chosen side).
 * Immutable and thread-safe.
 *
 * @param sni the server name to send: the target's service SNI (with its subset), or its
 *     {@code ExternalSNI}
 * @param identity the SPIFFE ID the server certificate must carry: the target service's
 * @param mode the target's resolved mesh-gateway mode
 * @param via what the endpoints are
 * @param external whether the target has an {@code ExternalSNI} (it then bypasses gateways)
 * @param endpoints where to connect, healthy first
 */
public record Dial(
    String sni, SpiffeId.Service identity, MeshGatewayMode mode, Via via, boolean external, List<Endpoint> endpoints) {
  /**
   * Copies the endpoints.
   *
   * @param sni the server name to send
   * @param identity the SPIFFE ID to require
   * @param mode the resolved mode
   * @param via what the endpoints are
   * @param external whether the target has an {@code ExternalSNI}
   * @param endpoints where to connect, healthy first
   */
  public Dial {
    endpoints = List.copyOf(endpoints);
  }

  /** What a caller dials. */
  public enum Via {
    /** The target's own Connect-capable instances (sidecars or natives). */
    DIRECT,
    /** The mesh gateways of the caller's datacenter and partition (mode {@code local}). */
    LOCAL_GATEWAYS,
    /** The mesh gateways of the target's datacenter and partition (mode {@code remote}). */
    REMOTE_GATEWAYS
  }
}
