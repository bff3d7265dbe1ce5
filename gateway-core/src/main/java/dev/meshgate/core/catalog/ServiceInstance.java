package dev.meshgate.core.catalog;

import dev.meshgate.core.internal.Require;
import dev.meshgate.core.internal.SetOnce;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One registered instance of a service on a node, with its health, as Consul's
 * {@code CheckServiceNode} (node, service and the aggregate of their checks).
 *
 * <p>Guarantees: id and service name are non-empty; the port is 0..65535; a
 * {@link ServiceKind#CONNECT_PROXY} names the service it fronts in {@code proxyDestination} and no
 * other kind does; collections are immutable copies in registration order. Immutable and
 * thread-safe.
 *
 * @param node the node the instance runs on (which gives its datacenter and partition)
 * @param id the service ID, unique per node (lookups ignore case)
 * @param service the service name
 * @param namespace the namespace
 * @param kind what the instance is
 * @param proxyDestination for a Connect proxy, the name of the service it fronts; else empty
 * @param address the service address, or empty to use the node's address
 * @param port the service port
 * @param taggedAddresses Consul's service {@code TaggedAddresses}, e.g. {@code wan}
 * @param tags the service tags
 * @param meta the service meta
 * @param weights the load-balancing weights
 * @param health the worst status of the instance's own checks and its node's checks
 */
public record ServiceInstance(
    Node node,
    String id,
    String service,
    String namespace,
    ServiceKind kind,
    String proxyDestination,
    String address,
    int port,
    Map<String, ServiceAddress> taggedAddresses,
    List<String> tags,
    Map<String, String> meta,
    Weights weights,
    HealthStatus health) {

  /**
   * Validates the instance and copies its collections.
   *
   * @param node the node
   * @param id the service ID
   * @param service the service name
   * @param namespace the namespace; empty means {@code default}
   * @param kind what the instance is
   * @param proxyDestination the fronted service for a Connect proxy, else empty
   * @param address the service address, or empty
   * @param port the service port
   * @param taggedAddresses the tagged addresses
   * @param tags the tags
   * @param meta the meta
   * @param weights the weights
   * @param health the aggregated health
   * @throws IllegalArgumentException if a field breaks the guarantees above
   */
  public ServiceInstance {
    Require.argument(!service.isEmpty(), "service name: \"\" (expected: a non-empty name)");
    Require.argument(!id.isEmpty(), "service %s id: \"\" (expected: a non-empty ID)", service);
    Require.argument(port >= 0 && port <= 65535, "service %s port: %d (expected: 0-65535)", id, port);
    Require.argument(
        (kind == ServiceKind.CONNECT_PROXY) != proxyDestination.isEmpty(),
        "service %s proxyDestination: \"%s\" (expected: the fronted service for a connect-proxy, empty for kind %s)",
        id, proxyDestination, kind);
    namespace = namespace.isEmpty() ? ServiceName.DEFAULT : namespace;
    taggedAddresses = Map.copyOf(taggedAddresses);
    tags = List.copyOf(tags);
    meta = Map.copyOf(meta);
  }

  /**
   * Starts building an instance; the ID defaults to the service name, as in Consul.
   *
   * @param node the node the instance runs on
   * @param service the service name
   * @return a builder
   */
  public static Builder builder(Node node, String service) {
    return new Builder(node, service);
  }

  /**
   * Returns the service this instance belongs to, in the node's partition.
   *
   * @return the service name
   */
  public ServiceName serviceName() {
    return new ServiceName(service, namespace, node.partition());
  }

  /**
   * For a Connect proxy, returns the service it fronts, in the same namespace and partition.
   *
   * @return the fronted service
   * @throws IllegalStateException if this is not a Connect proxy
   */
  public ServiceName proxiedService() {
    Require.state(kind == ServiceKind.CONNECT_PROXY, "service %s is %s, not a connect-proxy", id, kind);
    return new ServiceName(proxyDestination, namespace, node.partition());
  }

  /**
   * Returns the datacenter of the instance's node.
   *
   * @return the datacenter
   */
  public String datacenter() {
    return node.datacenter();
  }

  /**
   * Returns the address and port to dial, as Consul's {@code CheckServiceNode.BestAddress}: for a
   * caller in another datacenter the service's tagged {@code wan} address (and its port, if set),
   * then the service address, then the node's best address.
   *
   * @param wan whether the caller is in another datacenter (or partition)
   * @return the address and port
   */
  public ServiceAddress bestAddress(boolean wan) {
    String host = address;
    int p = port;
    if (wan) {
      ServiceAddress tagged = taggedAddresses.get(Node.WAN);
      if (tagged != null) {
        host = tagged.address();
        if (tagged.port() != 0) {
          p = tagged.port();
        }
      }
    }
    if (host.isEmpty()) {
      host = node.bestAddress(wan);
    }
    return new ServiceAddress(host, p);
  }

  /**
   * Returns this instance on an updated record of its node (same name).
   *
   * @param newNode the node's current record
   * @return a copy with the node replaced
   */
  public ServiceInstance withNode(Node newNode) {
    return new ServiceInstance(
        newNode, id, service, namespace, kind, proxyDestination, address, port, taggedAddresses, tags, meta, weights,
        health);
  }

  /**
   * Returns this instance with another health status.
   *
   * @param newHealth the aggregated health
   * @return a copy with the health replaced
   */
  public ServiceInstance withHealth(HealthStatus newHealth) {
    return new ServiceInstance(
        node, id, service, namespace, kind, proxyDestination, address, port, taggedAddresses, tags, meta, weights,
        newHealth);
  }

  /** Returns the case-folded key of the instance within its datacenter: partition, node, ID. */
  String key() {
    return (node.partition() + '/' + node.name() + '/' + id).toLowerCase(Locale.ROOT);
  }

  /**
   * Builds a {@link ServiceInstance}. Each setting may be set once; {@link #build()} checks the
   * settings together and leaves the builder reusable. Not thread-safe.
   */
  public static final class Builder {
    private final SetOnce setOnce = new SetOnce();
    private final Node node;
    private final String service;
    private String id;
    private String namespace;
    private ServiceKind kind;
    private String proxyDestination;
    private String address;
    private Integer port;
    private final Map<String, ServiceAddress> taggedAddresses = new LinkedHashMap<>();
    private List<String> tags;
    private Map<String, String> meta;
    private Weights weights;
    private HealthStatus health;

    private Builder(Node node, String service) {
      this.node = node;
      this.service = service;
    }

    /**
     * Sets the service ID (default: the service name).
     *
     * @param value the ID, unique per node
     * @return this builder
     */
    public Builder id(String value) {
      setOnce.check("id", id);
      id = value;
      return this;
    }

    /**
     * Sets the namespace (default: {@code default}).
     *
     * @param value the namespace
     * @return this builder
     */
    public Builder namespace(String value) {
      setOnce.check("namespace", namespace);
      namespace = value;
      return this;
    }

    /**
     * Sets the kind (default: {@link ServiceKind#TYPICAL}). Use {@link #connectProxyFor} for a
     * Connect proxy.
     *
     * @param value the kind
     * @return this builder
     */
    public Builder kind(ServiceKind value) {
      setOnce.check("kind", kind);
      kind = value;
      return this;
    }

    /**
     * Makes this a Connect proxy (sidecar) fronting {@code destination}.
     *
     * @param destination the name of the fronted service
     * @return this builder
     */
    public Builder connectProxyFor(String destination) {
      setOnce.check("kind", kind);
      kind = ServiceKind.CONNECT_PROXY;
      proxyDestination = destination;
      return this;
    }

    /**
     * Sets the service address (default: empty, meaning the node's address).
     *
     * @param value an IP literal or host name
     * @return this builder
     */
    public Builder address(String value) {
      setOnce.check("address", address);
      address = value;
      return this;
    }

    /**
     * Sets the port (default: 0).
     *
     * @param value the port
     * @return this builder
     */
    public Builder port(int value) {
      setOnce.check("port", port);
      port = value;
      return this;
    }

    /**
     * Adds a tagged address, e.g. {@code wan}.
     *
     * @param tag the tag
     * @param value the address and port
     * @return this builder
     */
    public Builder taggedAddress(String tag, ServiceAddress value) {
      setOnce.check("tagged address " + tag, taggedAddresses.get(tag));
      taggedAddresses.put(tag, value);
      return this;
    }

    /**
     * Sets the tags (default: none).
     *
     * @param values the tags, in order
     * @return this builder
     */
    public Builder tags(String... values) {
      setOnce.check("tags", tags);
      tags = List.of(values);
      return this;
    }

    /**
     * Sets the meta (default: none).
     *
     * @param values the meta
     * @return this builder
     */
    public Builder meta(Map<String, String> values) {
      setOnce.check("meta", meta);
      meta = Map.copyOf(values);
      return this;
    }

    /**
     * Sets the weights (default: {@link Weights#DEFAULT}).
     *
     * @param passing the weight while passing
     * @param warning the weight while warning
     * @return this builder
     */
    public Builder weights(int passing, int warning) {
      setOnce.check("weights", weights);
      weights = new Weights(passing, warning);
      return this;
    }

    /**
     * Sets the aggregated health (default: {@link HealthStatus#PASSING}).
     *
     * @param value the worst status of the instance's and its node's checks
     * @return this builder
     */
    public Builder health(HealthStatus value) {
      setOnce.check("health", health);
      health = value;
      return this;
    }

    /**
     * Builds the instance.
     *
     * @return the instance
     * @throws IllegalArgumentException if the settings break the guarantees of
     *     {@link ServiceInstance}
     */
    public ServiceInstance build() {
      return new ServiceInstance(
          node,
          id != null ? id : service,
          service,
          namespace != null ? namespace : "",
          kind != null ? kind : ServiceKind.TYPICAL,
          proxyDestination != null ? proxyDestination : "",
          address != null ? address : "",
          port != null ? port : 0,
          taggedAddresses,
          tags != null ? tags : List.of(),
          meta != null ? meta : Map.of(),
          weights != null ? weights : Weights.DEFAULT,
          health != null ? health : HealthStatus.PASSING);
    }
  }
}
