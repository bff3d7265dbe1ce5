package dev.meshgate.core.ingress;

import dev.meshgate.core.catalog.ServiceName;
import java.util.List;

/**
 * One row of Consul's gateway-services table for an ingress gateway: a service one listener
 * exposes, and the {@link IngressService} that put it there (the service's own, or the listener's
 * {@code *}, whose header modifiers and limits then apply). Immutable and thread-safe.
 *
 * @param port the listener's port
 * @param protocol the listener's protocol
 * @param service the exposed service
 * @param hosts the service's {@code Hosts} (empty for a row made by {@code *})
 * @param fromWildcard whether the listener's {@code *} made the row
 * @param config the {@code IngressService} the row comes from
 */
record ExposedService(
    int port, String protocol, ServiceName service, List<String> hosts, boolean fromWildcard, IngressService config) {
  /**
   * Copies the hosts.
   *
   * @param port the listener's port
   * @param protocol the listener's protocol
   * @param service the exposed service
   * @param hosts the service's hosts
   * @param fromWildcard whether {@code *} made the row
   * @param config the {@code IngressService} the row comes from
   */
  public ExposedService {
    hosts = List.copyOf(hosts);
  }

  /**
   * Returns the row's virtual-host domains; see {@link IngressDomains#domains}.
   *
   * @return the domains, in Consul's order
   */
  public List<String> domains() {
    return IngressDomains.domains(service, hosts, port);
  }
}
