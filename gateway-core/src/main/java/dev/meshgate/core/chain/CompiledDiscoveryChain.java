package dev.meshgate.core.chain;

import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.internal.Problems;
import dev.meshgate.core.internal.Require;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A compiled discovery chain, as Consul's {@code CompiledDiscoveryChain}: the value its
 * {@code /v1/discovery-chain/<service>} endpoint returns under {@code Chain}. Walk it from
 * {@link #startNode()} through {@link #nodes()}; every resolver node names a target in
 * {@link #targets()}.
 *
 * <p>{@link #nodes()} and {@link #targets()} iterate in key order, as Consul's JSON writes them.
 * The chain is {@link #isDefault()} when it starts at a default resolver of its own service (no
 * routing, splitting or resolver settings). {@link #customizationHash()} is non-empty when an
 * override changed the result; it is an opaque 8-hex-digit tag of the overrides that mattered, not
 * the value Consul computes (Consul hashes Go structures). Immutable and thread-safe.
 */
public final class CompiledDiscoveryChain {
  private final String serviceName;
  private final String namespace;
  private final String partition;
  private final String datacenter;
  private final String customizationHash;
  private final boolean isDefault;
  private final Protocol protocol;
  private final String startNode;
  private final Map<String, ChainNode> nodes;
  private final Map<String, DiscoveryTarget> targets;

  CompiledDiscoveryChain(String serviceName, String namespace, String partition, String datacenter,
      String customizationHash, boolean isDefault, Protocol protocol, String startNode, Map<String, ChainNode> nodes,
      Map<String, DiscoveryTarget> targets) {
    this.serviceName = serviceName;
    this.namespace = namespace;
    this.partition = partition;
    this.datacenter = datacenter;
    this.customizationHash = customizationHash;
    this.isDefault = isDefault;
    this.protocol = protocol;
    this.startNode = startNode;
    this.nodes = Collections.unmodifiableMap(new TreeMap<>(nodes));
    this.targets = Collections.unmodifiableMap(new TreeMap<>(targets));
    Require.state(this.nodes.containsKey(startNode), "start node %s is not a node", startNode);
  }

  /**
   * Returns the service the chain was compiled for ({@code ServiceName}).
   *
   * @return the service name
   */
  public String serviceName() {
    return serviceName;
  }

  /**
   * Returns the namespace the chain was compiled in.
   *
   * @return the namespace
   */
  public String namespace() {
    return namespace;
  }

  /**
   * Returns the admin partition the chain was compiled in.
   *
   * @return the partition
   */
  public String partition() {
    return partition;
  }

  /**
   * Returns the datacenter the chain was compiled in.
   *
   * @return the datacenter
   */
  public String datacenter() {
    return datacenter;
  }

  /**
   * Returns the tag of the overrides that changed the chain ({@code CustomizationHash}).
   *
   * @return 8 hex digits, or empty when no override changed anything
   */
  public String customizationHash() {
    return customizationHash;
  }

  /**
   * Tells whether the chain is the default one ({@code Default}).
   *
   * @return true for a chain that only resolves its own service by default
   */
  public boolean isDefault() {
    return isDefault;
  }

  /**
   * Returns the protocol shared by everything in the chain ({@code Protocol}).
   *
   * @return the protocol
   */
  public Protocol protocol() {
    return protocol;
  }

  /**
   * Returns the key of the first node ({@code StartNode}).
   *
   * @return a key of {@link #nodes()}
   */
  public String startNode() {
    return startNode;
  }

  /**
   * Returns the nodes by key ({@code Nodes}).
   *
   * @return an immutable map in key order
   */
  public Map<String, ChainNode> nodes() {
    return nodes;
  }

  /**
   * Returns the targets by ID ({@code Targets}).
   *
   * @return an immutable map in ID order
   */
  public Map<String, DiscoveryTarget> targets() {
    return targets;
  }

  /**
   * Returns a node by key.
   *
   * @param key the node's key
   * @return the node
   * @throws IllegalArgumentException if the chain has no such node
   */
  public ChainNode node(String key) {
    ChainNode n = nodes.get(key);
    Require.field(n != null, "node", key, "one of " + nodes.keySet());
    return n;
  }

  /**
   * Returns a target by ID.
   *
   * @param id the target ID
   * @return the target
   * @throws IllegalArgumentException if the chain has no such target
   */
  public DiscoveryTarget target(String id) {
    DiscoveryTarget t = targets.get(id);
    Require.field(t != null, "target", id, "one of " + targets.keySet());
    return t;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CompiledDiscoveryChain other
        && serviceName.equals(other.serviceName)
        && namespace.equals(other.namespace)
        && partition.equals(other.partition)
        && datacenter.equals(other.datacenter)
        && customizationHash.equals(other.customizationHash)
        && isDefault == other.isDefault
        && protocol == other.protocol
        && startNode.equals(other.startNode)
        && nodes.equals(other.nodes)
        && targets.equals(other.targets);
  }

  @Override
  public int hashCode() {
    return Objects.hash(serviceName, namespace, partition, datacenter, customizationHash, isDefault, protocol,
        startNode, nodes, targets);
  }

  @Override
  public String toString() {
    return "CompiledDiscoveryChain[" + serviceName + " in " + namespace + "/" + partition + "/" + datacenter
        + ", " + protocol + ", start " + startNode + ", " + Problems.count(nodes.size(), "node") + ", "
        + Problems.count(targets.size(), "target") + "]";
  }
}
