package dev.meshgate.core.catalog;

import dev.meshgate.core.internal.Require;
import java.util.Locale;
import java.util.Map;

/**
 * A catalog node: a machine (or a placeholder for services outside the mesh) that service
 * instances are registered on, as Consul's {@code Node}.
 *
 * <p>{@code agentManaged} tells whether a Consul agent runs on the node. An agent's anti-entropy
 * makes the catalog match the agent's own state: it deregisters any service on its node that the
 * agent itself does not know, so external services must be registered on nodes <em>without</em> an
 * agent (Consul's "external node" pattern, often with node meta {@code external-node=true}).
 *
 * <p>Guarantees: name, datacenter and address are non-empty; maps are immutable copies. Immutable
 * and thread-safe.
 *
 * @param name the node name (lookups ignore case)
 * @param datacenter the datacenter the node belongs to
 * @param partition the admin partition; empty means {@code default}
 * @param address the node's address (IP literal or host name)
 * @param taggedAddresses Consul's node {@code TaggedAddresses}, e.g. {@code lan} and {@code wan}
 * @param meta the node meta
 * @param agentManaged whether a Consul agent runs on the node
 */
public record Node(
    String name,
    String datacenter,
    String partition,
    String address,
    Map<String, String> taggedAddresses,
    Map<String, String> meta,
    boolean agentManaged) {
  /** The tagged-address key of the LAN address. */
  public static final String LAN = "lan";

  /** The tagged-address key of the WAN address. */
  public static final String WAN = "wan";

  /**
   * Validates the node and copies its maps.
   *
   * @param name the node name
   * @param datacenter the datacenter
   * @param partition the admin partition; empty means {@code default}
   * @param address the node's address
   * @param taggedAddresses the tagged addresses
   * @param meta the node meta
   * @param agentManaged whether a Consul agent runs on the node
   * @throws IllegalArgumentException if name, datacenter or address is empty
   */
  public Node {
    Require.argument(!name.isEmpty(), "node name: \"\" (expected: a non-empty name)");
    Require.argument(!datacenter.isEmpty(), "node %s datacenter: \"\" (expected: a non-empty name)", name);
    Require.argument(!address.isEmpty(), "node %s address: \"\" (expected: an IP address or host name)", name);
    partition = partition.isEmpty() ? ServiceName.DEFAULT : partition;
    taggedAddresses = Map.copyOf(taggedAddresses);
    meta = Map.copyOf(meta);
  }

  /**
   * Returns a node on which a Consul agent runs, in the default partition.
   *
   * @param name the node name
   * @param datacenter the datacenter
   * @param address the node's address
   * @return the node
   */
  public static Node agent(String name, String datacenter, String address) {
    return new Node(name, datacenter, ServiceName.DEFAULT, address, Map.of(), Map.of(), true);
  }

  /**
   * Returns a node without an agent, for services registered straight into the catalog (external
   * services), in the default partition.
   *
   * @param name the node name
   * @param datacenter the datacenter
   * @param address the node's address, often the external service's host name
   * @return the node
   */
  public static Node external(String name, String datacenter, String address) {
    return new Node(name, datacenter, ServiceName.DEFAULT, address, Map.of(), Map.of(), false);
  }

  /**
   * Returns this node in another partition.
   *
   * @param newPartition the admin partition
   * @return a copy with the partition replaced
   */
  public Node withPartition(String newPartition) {
    return new Node(name, datacenter, newPartition, address, taggedAddresses, meta, agentManaged);
  }

  /**
   * Returns this node with other tagged addresses.
   *
   * @param newTaggedAddresses the tagged addresses, e.g. {@code Map.of("wan", "203.0.113.7")}
   * @return a copy with the tagged addresses replaced
   */
  public Node withTaggedAddresses(Map<String, String> newTaggedAddresses) {
    return new Node(name, datacenter, partition, address, newTaggedAddresses, meta, agentManaged);
  }

  /**
   * Returns this node with other meta.
   *
   * @param newMeta the node meta
   * @return a copy with the meta replaced
   */
  public Node withMeta(Map<String, String> newMeta) {
    return new Node(name, datacenter, partition, address, taggedAddresses, newMeta, agentManaged);
  }

  /**
   * Returns the address to dial, as Consul's {@code Node.BestAddress}: the tagged {@code wan}
   * address when asked for one and present, else {@link #address()}.
   *
   * @param wan whether the caller is in another datacenter (or partition)
   * @return the address
   */
  public String bestAddress(boolean wan) {
    if (wan) {
      String tagged = taggedAddresses.get(WAN);
      if (tagged != null && !tagged.isEmpty()) {
        return tagged;
      }
    }
    return address;
  }

  /** Returns the case-folded lookup key within a datacenter. */
  String key() {
    return (partition + '/' + name).toLowerCase(Locale.ROOT);
  }
}
