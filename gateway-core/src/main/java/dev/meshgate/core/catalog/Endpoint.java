package dev.meshgate.core.catalog;

import dev.meshgate.core.internal.IpLiterals;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One address a gateway or proxy forwards to, with the health and weight a load balancer uses:
 * Envoy's {@code LbEndpoint} as Consul's xDS generator fills it in.
 *
 * <p>Health and weight follow Consul's {@code calculateEndpointHealthAndWeight}: the weight is
 * {@code Weights.Passing}, or {@code Weights.Warning} while the instance warns; a critical instance
 * is unhealthy, and with {@code OnlyPassing} so is a warning one; a weight below 1 makes the
 * endpoint unhealthy with weight 1; weights are capped at {@value #MAX_WEIGHT}. The catalog keeps
 * only an instance's aggregated status, so where Consul takes the warning weight because one check
 * warns while another is critical, this takes the passing weight; both are unhealthy, and only
 * Envoy's panic mode (which routes to unhealthy hosts) could tell.
 *
 * <p>{@code hostname} marks an address that is a DNS name rather than an IP literal: the proxy
 * resolves it (every address the name resolves to is a target, as a strict-DNS cluster does).
 * Unlike Consul, a service mixing host names and IPs keeps all its endpoints (Consul drops the IPs
 * with a log line and then dials only the first host name).
 *
 * <p>Immutable and thread-safe.
 *
 * @param address an IP literal or a host name
 * @param port the port
 * @param hostname whether {@code address} needs DNS resolution
 * @param healthy whether the endpoint should receive traffic (Envoy's HEALTHY vs UNHEALTHY)
 * @param weight the load-balancing weight, 1..128
 * @param instance the catalog instance behind the endpoint; empty for an address that is not an
 *     instance (a {@code service-defaults} {@code Destination}, for example)
 */
public record Endpoint(
    String address, int port, boolean hostname, boolean healthy, int weight, Optional<ServiceInstance> instance) {
  /** The largest weight Envoy accepts in Consul's configuration. */
  public static final int MAX_WEIGHT = 128;

  /**
   * Returns the endpoint of an instance: its best address, health and weight.
   *
   * @param instance the instance
   * @param wan whether the caller is in another datacenter or partition than the instance's node:
   *     then the instance's WAN address is used when it has one
   * @param onlyPassing the subset's {@code OnlyPassing}: a warning instance is unhealthy too
   * @return the endpoint
   */
  public static Endpoint of(ServiceInstance instance, boolean wan, boolean onlyPassing) {
    ServiceAddress best = instance.bestAddress(wan);
    int raw = instance.health() == HealthStatus.WARNING ? instance.weights().warning() : instance.weights().passing();
    HealthStatus status = instance.health();
    boolean healthy = raw >= 1 && status != HealthStatus.CRITICAL && (!onlyPassing || status == HealthStatus.PASSING);
    return new Endpoint(best.address(), best.port(), !IpLiterals.isIpLiteral(best.address()), healthy,
        raw < 1 ? 1 : Math.min(raw, MAX_WEIGHT), Optional.of(instance));
  }

  /**
   * Returns the endpoints of the instances a subset selects, healthy ones first, each group in the
   * order given. An instance whose node is outside {@code datacenter} and {@code partition} is
   * dialed at its WAN address, as Consul does for endpoints in another datacenter or partition.
   *
   * @param instances the candidate instances, e.g. a service's Connect proxies
   * @param subset the subset's filter and {@code OnlyPassing}
   * @param datacenter the caller's datacenter
   * @param partition the caller's admin partition
   * @return the endpoints, healthy first
   */
  public static List<Endpoint> healthyFirst(
      List<ServiceInstance> instances, ServiceResolver.Subset subset, String datacenter, String partition) {
    List<Endpoint> healthy = new ArrayList<>(instances.size());
    List<Endpoint> unhealthy = new ArrayList<>();
    for (ServiceInstance instance : instances) {
      if (subset.filter().matches(instance)) {
        Endpoint endpoint = of(instance, !isLocal(instance.node(), datacenter, partition), subset.onlyPassing());
        (endpoint.healthy ? healthy : unhealthy).add(endpoint);
      }
    }
    healthy.addAll(unhealthy);
    return List.copyOf(healthy);
  }

  /**
   * Tells whether a node is in a datacenter and partition, ignoring case as the catalog does.
   *
   * @param node the node
   * @param datacenter the datacenter
   * @param partition the admin partition; empty means {@code default}
   * @return true when both match
   */
  public static boolean isLocal(Node node, String datacenter, String partition) {
    return node.datacenter().equalsIgnoreCase(datacenter)
        && node.partition().equalsIgnoreCase(partition.isEmpty() ? ServiceName.DEFAULT : partition);
  }

  /**
   * Returns this endpoint with another health, as Consul gives the mesh gateways a caller dials
   * the health of the service behind them.
   *
   * @param newHealthy the health to report
   * @return a copy with the health replaced
   */
  public Endpoint withHealthy(boolean newHealthy) {
    return newHealthy == healthy ? this : new Endpoint(address, port, hostname, newHealthy, weight, instance);
  }
}
