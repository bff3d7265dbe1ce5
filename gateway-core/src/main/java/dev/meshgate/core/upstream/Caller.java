package dev.meshgate.core.upstream;

import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.config.MeshGatewayMode;
import dev.meshgate.core.internal.Require;

/**
 * Who dials an upstream: a sidecar proxy (or an ingress or terminating gateway) in a datacenter and
 * admin partition, with its proxy's mesh-gateway mode (see {@link MeshGatewayModes#sourceProxy}).
 * Immutable and thread-safe.
 *
 * @param datacenter the caller's datacenter
 * @param partition the caller's admin partition; empty means {@code default}
 * @param proxyMode the caller proxy's mode, with its defaults merged in
 */
public record Caller(String datacenter, String partition, MeshGatewayMode proxyMode) {
  /**
   * Applies the partition default and checks the datacenter.
   *
   * @param datacenter the caller's datacenter
   * @param partition the caller's admin partition; empty means {@code default}
   * @param proxyMode the caller proxy's mode
   * @throws IllegalArgumentException if the datacenter is empty
   */
  public Caller {
    Require.field(!datacenter.isEmpty(), "caller datacenter", datacenter, "a datacenter name");
    partition = partition.isEmpty() ? ServiceName.DEFAULT : partition;
  }

  /**
   * Returns a caller in the default partition whose proxy sets no mode.
   *
   * @param datacenter the caller's datacenter
   * @return the caller
   */
  public static Caller in(String datacenter) {
    return new Caller(datacenter, ServiceName.DEFAULT, MeshGatewayMode.DEFAULT);
  }

  /**
   * Returns this caller with another proxy mode.
   *
   * @param mode the proxy's mode
   * @return a copy with the mode replaced
   */
  public Caller withProxyMode(MeshGatewayMode mode) {
    return new Caller(datacenter, partition, mode);
  }
}
