package dev.meshgate.core.terminating;

import dev.meshgate.core.catalog.ServiceName;

/**
 * One row of Consul's gateway-services table for a terminating gateway: a service the gateway
 * fronts in one datacenter, the link that put it there, and what the catalog knows of it.
 *
 * <p>Rows come from an entry's explicit links and from its {@code *} links expanded against the
 * datacenter's catalog; see {@link TerminatingGateways#gatewayServices}. The {@code *} link itself
 * also has a row (service name {@code *}), the template Consul copies for services registered
 * later. Immutable and thread-safe.
 *
 * @param gateway the gateway's service name
 * @param service the linked service ({@code *} for the template row)
 * @param link the link the row comes from: the service's own, or the {@code *} link for rows made
 *     by a wildcard (whose TLS settings they copy)
 * @param fromWildcard whether a {@code *} link made the row
 * @param serviceKind what the catalog knows of the service
 */
record GatewayService(
    ServiceName gateway, ServiceName service, LinkedService link, boolean fromWildcard, Kind serviceKind) {

  /** What the catalog knows of a linked service, as Consul's {@code GatewayServiceKind}. */
  public enum Kind {
    /** Neither instances nor a {@code service-defaults} {@code Destination} (yet). */
    UNKNOWN,
    /** At least one instance is registered in the datacenter. */
    SERVICE,
    /** No instance, but {@code service-defaults} gives a {@code Destination}. */
    DESTINATION
  }

  /**
   * Returns the origination settings of the service (the link's).
   *
   * @return the TLS settings
   */
  public TlsSettings tls() {
    return link.tls();
  }

  /**
   * Returns the origination mode of the service.
   *
   * @return none, one-way or mutual
   */
  public TlsMode tlsMode() {
    return link.tls().mode();
  }

  /**
   * Tells whether this is the {@code *} template row.
   *
   * @return true when the service name is {@code *}
   */
  public boolean isWildcardTemplate() {
    return LinkedService.WILDCARD.equals(service.name());
  }
}
