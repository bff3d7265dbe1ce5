package dev.meshgate.core.upstream;

import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.ProxyDefaults;
import dev.meshgate.core.catalog.ServiceDefaults;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.config.MeshGatewayMode;
import java.util.Optional;

/**
 * Resolves the mesh-gateway mode of one discovery-chain target across Consul's layers. The
 * effective precedence is:
 *
 * <p>{@code upstream > source proxy/service config > target service-defaults > target-partition
 * proxy-defaults > ""}
 *
 * <p>in three steps, each a function here: the source proxy's mode ({@link #sourceProxy}: its
 * registration, else its service's {@code service-defaults}, else its partition's
 * {@code proxy-defaults}); the override the discovery chain is compiled with ({@link #override}: the
 * upstream's own mode laid over the proxy's); and the target's mode ({@link #forTarget}: the
 * override if set, else the target's {@code service-defaults}, else its partition's
 * {@code proxy-defaults}). A target with an {@code ExternalSNI} always bypasses gateways.
 *
 * <p>The mode only changes anything when the target is in another datacenter or partition than
 * the caller; see {@link MeshUpstreams#dial}. Stateless and thread-safe.
 */
public final class MeshGatewayModes {
  private MeshGatewayModes() {}

  /**
   * Returns a proxy's mode once Consul has merged its defaults into its registration: the
   * registration's own mode, else the source service's {@code service-defaults} mode, else the
   * {@code proxy-defaults} mode of the source's partition.
   *
   * @param registration the mode in the proxy's registration ({@code Proxy.MeshGateway.Mode})
   * @param catalog the config-entry facts
   * @param source the service the proxy fronts
   * @return the proxy's mode, possibly {@link MeshGatewayMode#DEFAULT}
   */
  public static MeshGatewayMode sourceProxy(MeshGatewayMode registration, CatalogSnapshot catalog, ServiceName source) {
    MeshGatewayMode global = catalog.proxyDefaults(source.partition())
        .map(ProxyDefaults::meshGatewayMode).orElse(MeshGatewayMode.DEFAULT);
    MeshGatewayMode service = catalog.serviceDefaults(source)
        .map(ServiceDefaults::meshGatewayMode).orElse(MeshGatewayMode.DEFAULT);
    return global.overlayWith(service).overlayWith(registration);
  }

  /**
   * Returns the override the discovery chain of one upstream is compiled with: the upstream's own
   * mode laid over the proxy's.
   *
   * @param sourceProxy the proxy's mode (see {@link #sourceProxy})
   * @param upstream the upstream's {@code MeshGateway.Mode}
   * @return the override, possibly {@link MeshGatewayMode#DEFAULT}
   */
  public static MeshGatewayMode override(MeshGatewayMode sourceProxy, MeshGatewayMode upstream) {
    return sourceProxy.overlayWith(upstream);
  }

  /**
   * Returns the mode of one target, as Consul's chain compiler sets it: {@link MeshGatewayMode#DEFAULT}
   * for a target with an {@code ExternalSNI}; otherwise the override when set, else the target's
   * {@code service-defaults} mode, else the {@code proxy-defaults} mode of the target's partition.
   *
   * @param override the chain's override (see {@link #override})
   * @param catalog the config-entry facts
   * @param target the target service
   * @return the target's mode, possibly {@link MeshGatewayMode#DEFAULT}
   */
  public static MeshGatewayMode forTarget(MeshGatewayMode override, CatalogSnapshot catalog, ServiceName target) {
    Optional<ServiceDefaults> defaults = catalog.serviceDefaults(target);
    if (defaults.isPresent() && !defaults.get().externalSni().isEmpty()) {
      return MeshGatewayMode.DEFAULT;
    }
    MeshGatewayMode own = defaults.map(ServiceDefaults::meshGatewayMode).orElse(MeshGatewayMode.DEFAULT);
    if (own == MeshGatewayMode.DEFAULT) {
      own = catalog.proxyDefaults(target.partition()).map(ProxyDefaults::meshGatewayMode).orElse(MeshGatewayMode.DEFAULT);
    }
    return own.overlayWith(override);
  }
}
