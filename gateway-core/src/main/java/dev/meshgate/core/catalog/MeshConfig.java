package dev.meshgate.core.catalog;

/**
 * The facts of a partition's {@code mesh} config entry that mesh gateways act on: whether cluster
 * peers reach this cluster's servers through the mesh gateways ({@code Peering.PeerThroughMeshGateways}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param partition the admin partition the entry applies to; empty means {@code default}
 * @param peerThroughMeshGateways whether peering control-plane traffic goes through mesh gateways
 */
public record MeshConfig(String partition, boolean peerThroughMeshGateways) {
  /**
   * Applies the partition default.
   *
   * @param partition the admin partition; empty means {@code default}
   * @param peerThroughMeshGateways whether peering control-plane traffic goes through mesh gateways
   */
  public MeshConfig {
    partition = partition.isEmpty() ? ServiceName.DEFAULT : partition;
  }
}
