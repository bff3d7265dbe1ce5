package dev.meshgate.core.chain;

import dev.meshgate.core.internal.Require;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One node of a compiled discovery chain, as Consul's {@code DiscoveryGraphNode}: a router, a
 * splitter or a resolver. Nodes refer to each other by {@link #mapKey()}, {@code <type>:<name>}.
 * Router and splitter names are {@code <service>.<namespace>.<partition>}; a resolver's name is its
 * target's ID, {@code [<subset>.]<service>.<namespace>.<partition>.<datacenter>}. Records,
 * immutable and thread-safe.
 */
public sealed interface ChainNode permits ChainNode.Router, ChainNode.Splitter, ChainNode.Resolver {
  /**
   * Returns the node type as Consul writes it.
   *
   * @return {@code router}, {@code splitter} or {@code resolver}
   */
  String type();

  /**
   * Returns the node's name (not necessarily a service name).
   *
   * @return the name
   */
  String name();

  /**
   * Returns the key of the node in the chain's {@code Nodes}.
   *
   * @return {@code <type>:<name>}
   */
  default String mapKey() {
    return type() + ":" + name();
  }

  /**
   * A router node: the service's routes, in order, the compiler's catch-all last.
   *
   * @param name {@code <service>.<namespace>.<partition>}
   * @param routes the routes with the node each leads to
   */
  record Router(String name, List<DiscoveryRoute> routes) implements ChainNode {
    /**
     * Copies the routes.
     *
     * @param name the name
     * @param routes the routes
     */
    public Router {
      Require.notNull(name, "name");
      routes = List.copyOf(routes);
    }

    @Override
    public String type() {
      return "router";
    }
  }

  /**
   * A splitter node, flattened: every leg leads to a resolver.
   *
   * @param name {@code <service>.<namespace>.<partition>}
   * @param splits the legs
   * @param loadBalancer the first hash-based load balancer among the legs' resolvers, whose hash
   *     policies apply to the whole split
   */
  record Splitter(String name, List<DiscoverySplit> splits, Optional<LoadBalancer> loadBalancer)
      implements ChainNode {
    /**
     * Copies the legs.
     *
     * @param name the name
     * @param splits the legs
     * @param loadBalancer the load balancer, or empty
     */
    public Splitter {
      Require.notNull(name, "name");
      splits = List.copyOf(splits);
      Require.notNull(loadBalancer, "loadBalancer");
    }

    @Override
    public String type() {
      return "splitter";
    }
  }

  /**
   * A resolver node (Consul's {@code DiscoveryResolver} fields, flattened).
   *
   * @param name the target's ID
   * @param isDefault whether the service has no resolver entry, or one that changes nothing
   * @param connectTimeout the connect timeout (5 s unless set or overridden)
   * @param requestTimeout the resolver's {@code RequestTimeout}; zero when unset
   * @param target the ID of the target in the chain's {@code Targets}
   * @param failover the failover targets, if the resolver defines any for this subset
   * @param loadBalancer the resolver's load balancer, if any
   */
  record Resolver(String name, boolean isDefault, Duration connectTimeout, Duration requestTimeout, String target,
      Optional<DiscoveryFailover> failover, Optional<LoadBalancer> loadBalancer) implements ChainNode {
    /**
     * Checks for nulls.
     *
     * @param name the name
     * @param isDefault whether it is a default resolver
     * @param connectTimeout the connect timeout
     * @param requestTimeout the request timeout
     * @param target the target ID
     * @param failover the failover, or empty
     * @param loadBalancer the load balancer, or empty
     */
    public Resolver {
      Require.notNull(name, "name");
      Require.notNull(connectTimeout, "connectTimeout");
      Require.notNull(requestTimeout, "requestTimeout");
      Require.notNull(target, "target");
      Require.notNull(failover, "failover");
      Require.notNull(loadBalancer, "loadBalancer");
    }

    @Override
    public String type() {
      return "resolver";
    }
  }

  /**
   * A compiled route: the route as written (or the compiler's catch-all) and the node it leads to.
   *
   * @param definition the route
   * @param nextNode the key of the next node
   */
  record DiscoveryRoute(ServiceRoute definition, String nextNode) {
    /**
     * Checks for nulls.
     *
     * @param definition the route
     * @param nextNode the next node's key
     */
    public DiscoveryRoute {
      Require.notNull(definition, "definition");
      Require.notNull(nextNode, "nextNode");
    }
  }

  /**
   * A compiled leg: the leg as written (merged with its parents' header modifiers when flattened),
   * its effective weight (which differs from the definition's once nested splitters are flattened)
   * and the resolver it leads to.
   *
   * @param definition the leg
   * @param weight the effective weight, a percentage with 0.01 resolution
   * @param nextNode the key of the next node
   */
  record DiscoverySplit(ServiceSplit definition, float weight, String nextNode) {
    /**
     * Checks for nulls.
     *
     * @param definition the leg
     * @param weight the weight
     * @param nextNode the next node's key
     */
    public DiscoverySplit {
      Require.notNull(definition, "definition");
      Require.notNull(nextNode, "nextNode");
    }
  }

  /**
   * The failover of a resolver node: the targets tried after the primary, in order.
   *
   * @param targets target IDs
   * @param policyMode the failover section's {@code Policy.Mode}, or empty when unset
   */
  record DiscoveryFailover(List<String> targets, String policyMode) {
    /**
     * Copies the targets.
     *
     * @param targets target IDs
     * @param policyMode the policy mode, or empty
     */
    public DiscoveryFailover {
      targets = List.copyOf(targets);
      Require.notNull(policyMode, "policyMode");
    }
  }
}
