package dev.meshgate.core.upstream;

import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.config.MeshGatewayMode;

/**
 * One upstream of a caller: the service it names (with namespace and partition), the datacenter
 * it asks for, an optional resolver subset, and the upstream's own mesh-gateway mode. Immutable and
 * thread-safe.
 *
 * @param destination the target service ({@code DestinationName}, {@code DestinationNamespace},
 *     {@code DestinationPartition})
 * @param datacenter the upstream's {@code Datacenter}; empty for the caller's own
 * @param subset a {@code service-resolver} subset; empty for the resolver's {@code DefaultSubset}
 *     (or every instance)
 * @param mode the upstream's {@code MeshGateway.Mode}
 */
public record Upstream(ServiceName destination, String datacenter, String subset, MeshGatewayMode mode) {
  /**
   * Returns an upstream to a service in the caller's datacenter, without a subset or mode.
   *
   * @param destination the target service
   * @return the upstream
   */
  public static Upstream to(ServiceName destination) {
    return new Upstream(destination, "", "", MeshGatewayMode.DEFAULT);
  }

  /**
   * Returns this upstream asking for another datacenter.
   *
   * @param dc the datacenter; empty for the caller's
   * @return a copy with the datacenter replaced
   */
  public Upstream inDatacenter(String dc) {
    return new Upstream(destination, dc, subset, mode);
  }

  /**
   * Returns this upstream asking for a resolver subset.
   *
   * @param name the subset name; empty for the default
   * @return a copy with the subset replaced
   */
  public Upstream withSubset(String name) {
    return new Upstream(destination, datacenter, name, mode);
  }

  /**
   * Returns this upstream with its own mesh-gateway mode.
   *
   * @param newMode the upstream's mode
   * @return a copy with the mode replaced
   */
  public Upstream withMode(MeshGatewayMode newMode) {
    return new Upstream(destination, datacenter, subset, newMode);
  }
}
