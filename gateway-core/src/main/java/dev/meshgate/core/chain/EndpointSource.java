package dev.meshgate.core.chain;

import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.Endpoint;
import java.util.List;

/**
 * Supplies the endpoints of a chain's targets when a chain is bound ({@link ChainRouter#bind}):
 * the instances (or mesh gateways) a caller dials for a target, with their health and weight.
 * Called off the request path, once per target and binding.
 */
@FunctionalInterface
public interface EndpointSource {
  /**
   * Returns the endpoints of a target.
   *
   * @param target the target, with its subset filter, {@code OnlyPassing} and mesh-gateway mode
   * @return the endpoints, in any order (healthy and unhealthy)
   */
  List<Endpoint> endpoints(DiscoveryTarget target);

  /**
   * Returns the endpoints a caller in a datacenter and partition dials, from a catalog, as Consul's
   * xDS generator fills an upstream cluster: the target's Connect-capable instances that pass its
   * subset filter ({@code OnlyPassing} making warning instances unhealthy), or, when the target is in
   * another datacenter or partition and its mesh-gateway mode is {@code local} or {@code remote},
   * the mesh gateways of that side, all carrying one health (healthy when any instance of the
   * target is).
   *
   * @param catalog the catalogs of the caller's and the targets' datacenters
   * @param callerDatacenter the caller's datacenter
   * @param callerPartition the caller's admin partition
   * @return the source
   */
  static EndpointSource fromCatalog(CatalogSnapshot catalog, String callerDatacenter, String callerPartition) {
    return new CatalogEndpoints(catalog, callerDatacenter, callerPartition);
  }
}
