package dev.meshgate.core.chain;

import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.Endpoint;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.catalog.ServiceKind;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.config.MeshGatewayMode;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link EndpointSource#fromCatalog}: the caller's side of mesh gateways for one target, as the
 * {@code mesh} package's {@code MeshUpstreams} does for an upstream, but with the target's own
 * subset and mode from the compiled chain.
 */
final class CatalogEndpoints implements EndpointSource {
  private final CatalogSnapshot catalog;
  private final String datacenter;
  private final String partition;

  CatalogEndpoints(CatalogSnapshot catalog, String datacenter, String partition) {
    this.catalog = catalog;
    this.datacenter = datacenter;
    this.partition = partition.isEmpty() ? ServiceName.DEFAULT : partition;
  }

  @Override
  public List<Endpoint> endpoints(DiscoveryTarget target) {
    dev.meshgate.core.catalog.ServiceResolver.Subset subset =
        new dev.meshgate.core.catalog.ServiceResolver.Subset(target.subset().filter(), target.subset().onlyPassing());
    List<Endpoint> real = Endpoint.healthyFirst(catalog.connectCapable(target.datacenter(), target.serviceName(), false),
        subset, datacenter, partition);
    boolean local = target.datacenter().equalsIgnoreCase(datacenter) && target.partition().equalsIgnoreCase(partition);
    MeshGatewayMode mode = target.meshGatewayMode();
    if (local || mode == MeshGatewayMode.NONE || mode == MeshGatewayMode.DEFAULT) {
      return real;
    }
    boolean viaLocal = mode == MeshGatewayMode.LOCAL;
    String gatewayDc = viaLocal ? datacenter : target.datacenter();
    String gatewayPartition = viaLocal ? partition : target.partition();
    boolean anyHealthy = !real.isEmpty() && real.get(0).healthy();
    List<Endpoint> gateways = new ArrayList<>();
    for (ServiceInstance gateway : catalog.instancesOfKind(gatewayDc, ServiceKind.MESH_GATEWAY)) {
      if (gateway.node().partition().equalsIgnoreCase(gatewayPartition)) {
        boolean wan = !Endpoint.isLocal(gateway.node(), datacenter, partition);
        gateways.add(Endpoint.of(gateway, wan, false).withHealthy(anyHealthy));
      }
    }
    return gateways;
  }
}
