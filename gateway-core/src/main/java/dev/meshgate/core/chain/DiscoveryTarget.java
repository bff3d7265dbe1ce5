package dev.meshgate.core.chain;

import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.config.MeshGatewayMode;
import dev.meshgate.core.internal.Require;
import java.time.Duration;

/**
 * One target of a compiled discovery chain, as Consul's {@code DiscoveryTarget}: a service (and
 * subset) in a namespace, partition and datacenter, with everything a caller needs to reach its
 * instances.
 *
 * <p>The ID is {@code [<subset>.]<service>.<namespace>.<partition>.<datacenter>}. The SNI is the
 * target's service SNI ({@code [<subset>.]<service>.<namespace>.<datacenter>.internal.<td>}, or the
 * {@code internal-v1} form with the partition outside {@code default}), or its
 * {@code ExternalSNI}; {@link #name()} keeps the internal SNI in either case. Immutable and
 * thread-safe.
 *
 * @param id the target ID
 * @param service the service
 * @param serviceSubset the subset, or empty
 * @param namespace the namespace
 * @param partition the admin partition
 * @param datacenter the datacenter
 * @param meshGatewayMode how callers reach it across datacenters and partitions
 * @param subset the subset's filter and {@code OnlyPassing}; {@link ServiceResolver.Subset#ALL}
 *     without a subset
 * @param connectTimeout the connect timeout
 * @param external whether the service has an {@code ExternalSNI}
 * @param sni the server name to send
 * @param name the target's internal SNI, a stable name for clusters
 */
public record DiscoveryTarget(
    String id,
    String service,
    String serviceSubset,
    String namespace,
    String partition,
    String datacenter,
    MeshGatewayMode meshGatewayMode,
    ServiceResolver.Subset subset,
    Duration connectTimeout,
    boolean external,
    String sni,
    String name) {

  /**
   * Checks for nulls.
   *
   * @param id the ID
   * @param service the service
   * @param serviceSubset the subset name
   * @param namespace the namespace
   * @param partition the partition
   * @param datacenter the datacenter
   * @param meshGatewayMode the mode
   * @param subset the subset definition
   * @param connectTimeout the connect timeout
   * @param external external service
   * @param sni the SNI
   * @param name the internal name
   */
  public DiscoveryTarget {
    Require.notNull(id, "id");
    Require.notNull(service, "service");
    Require.notNull(serviceSubset, "serviceSubset");
    Require.notNull(namespace, "namespace");
    Require.notNull(partition, "partition");
    Require.notNull(datacenter, "datacenter");
    Require.notNull(meshGatewayMode, "meshGatewayMode");
    Require.notNull(subset, "subset");
    Require.notNull(connectTimeout, "connectTimeout");
    Require.notNull(sni, "sni");
    Require.notNull(name, "name");
  }

  /**
   * Returns the target's service with its namespace and partition.
   *
   * @return the service name
   */
  public ServiceName serviceName() {
    return new ServiceName(service, namespace, partition);
  }

  /**
   * Formats a target ID as Consul's {@code chainID}.
   *
   * @param service the service
   * @param subset the subset, or empty
   * @param namespace the namespace
   * @param partition the partition
   * @param datacenter the datacenter
   * @return {@code [<subset>.]<service>.<namespace>.<partition>.<datacenter>}
   */
  public static String id(String service, String subset, String namespace, String partition, String datacenter) {
    String base = service + "." + namespace + "." + partition + "." + datacenter;
    return subset.isEmpty() ? base : subset + "." + base;
  }
}
