package dev.meshgate.tls;

import dev.meshgate.core.naming.SpiffeId;

/**
 * Where a terminating gateway gets the leaf certificate it presents for a linked service: files
 * on disk, a Consul agent's leaf endpoint, a test CA. Called when a service is first linked and on
 * {@link TerminatingGatewayTls#refreshLeaves()}; never per connection.
 */
@FunctionalInterface
public interface LeafSource {
  /**
   * Returns the leaf to present for a linked service.
   *
   * @param service the SPIFFE ID the gateway presents for the service
   * @return the service's leaf certificate chain and key
   * @throws TlsMaterialException if there is no usable leaf for the service
   */
  KeyMaterial leaf(SpiffeId.Service service);
}
