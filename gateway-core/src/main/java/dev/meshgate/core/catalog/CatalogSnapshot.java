package dev.meshgate.core.catalog;

import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.internal.Problems;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An immutable view of the catalogs of one or more datacenters, plus the global config-entry facts
 * gateways need ({@code service-defaults}, {@code service-resolver}, and per admin partition
 * {@code proxy-defaults}, {@code mesh} and {@code exported-services}). Config entries are global in
 * Consul while catalogs are per datacenter, so every catalog query names its datacenter.
 *
 * <p>Query results are immutable lists in a fixed order: instances by node name, then service ID
 * (both ignoring case). Names in queries are matched ignoring letter case, as Consul's state store
 * does. An unknown datacenter is simply empty.
 *
 * <p>A snapshot is immutable and thread-safe; {@link #version()} increases with every snapshot
 * derived from another through {@link #toBuilder()}, but snapshots built independently (each with
 * {@link #builder()}) may share a version, so a version identifies a snapshot only within one line
 * of derivation.
 */
public final class CatalogSnapshot {
  private static final CatalogSnapshot EMPTY =
      new CatalogSnapshot(0, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
  private static final DatacenterIndex EMPTY_DATACENTER = DatacenterIndex.empty("");

  private final long version;
  private final Map<String, DatacenterIndex> datacenters;
  private final Map<String, ServiceDefaults> defaults;
  private final Map<String, ServiceResolver> resolvers;
  private final Map<String, ProxyDefaults> proxyDefaults;
  private final Map<String, MeshConfig> meshConfigs;
  private final Map<String, ExportedServices> exported;

  private CatalogSnapshot(
      long version,
      Map<String, DatacenterIndex> datacenters,
      Map<String, ServiceDefaults> defaults,
      Map<String, ServiceResolver> resolvers,
      Map<String, ProxyDefaults> proxyDefaults,
      Map<String, MeshConfig> meshConfigs,
      Map<String, ExportedServices> exported) {
    this.version = version;
    this.datacenters = datacenters;
    this.defaults = defaults;
    this.resolvers = resolvers;
    this.proxyDefaults = proxyDefaults;
    this.meshConfigs = meshConfigs;
    this.exported = exported;
  }

  /**
   * Returns the empty snapshot (version 0).
   *
   * @return a snapshot without datacenters or config entries
   */
  public static CatalogSnapshot empty() {
    return EMPTY;
  }

  /**
   * Returns a builder starting from the empty snapshot.
   *
   * @return a builder
   */
  public static Builder builder() {
    return EMPTY.toBuilder();
  }

  /**
   * Returns a builder starting from this snapshot; what it builds has the next version.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Returns the version: 0 for the empty snapshot, one more for each build from a previous one.
   *
   * @return the version
   */
  public long version() {
    return version;
  }

  /**
   * Returns the datacenters that have at least one node.
   *
   * @return the datacenter names as first registered, sorted
   */
  public Set<String> datacenters() {
    Set<String> names = new TreeSet<>();
    for (DatacenterIndex dc : datacenters.values()) {
      if (!dc.nodes.isEmpty()) {
        names.add(dc.name);
      }
    }
    return Collections.unmodifiableSet(names);
  }

  /**
   * Returns the nodes of a datacenter.
   *
   * @param datacenter the datacenter
   * @return the nodes, sorted by partition and name
   */
  public List<Node> nodes(String datacenter) {
    return dc(datacenter).nodeList;
  }

  /**
   * Returns a node.
   *
   * @param datacenter the datacenter
   * @param partition the admin partition; empty means {@code default}
   * @param name the node name
   * @return the node, or empty
   */
  public Optional<Node> node(String datacenter, String partition, String name) {
    return Optional.ofNullable(dc(datacenter).nodes.get(nodeKey(partition, name)));
  }

  /**
   * Returns the service instances registered on a node.
   *
   * @param datacenter the datacenter
   * @param partition the admin partition; empty means {@code default}
   * @param node the node name
   * @return the instances
   */
  public List<ServiceInstance> instancesOnNode(String datacenter, String partition, String node) {
    return dc(datacenter).byNode.getOrDefault(nodeKey(partition, node), List.of());
  }

  /**
   * Returns every service registered in a datacenter, of any kind.
   *
   * @param datacenter the datacenter
   * @return the service names, sorted by partition, namespace and name
   */
  public List<ServiceName> services(String datacenter) {
    return dc(datacenter).serviceNames;
  }

  /**
   * Returns every instance registered under a service name, whatever its kind or health: the
   * "real" instances, Consul's {@code /v1/health/service/<svc>} ({@code Connect=false}).
   *
   * @param datacenter the datacenter
   * @param service the service
   * @return the instances
   */
  public List<ServiceInstance> instances(String datacenter, ServiceName service) {
    return dc(datacenter).byService.getOrDefault(service.key(), List.of());
  }

  /**
   * Returns the instances of a service, optionally only the passing ones, as
   * {@code /v1/health/service/<svc>[?passing]}.
   *
   * @param datacenter the datacenter
   * @param service the service
   * @param onlyPassing whether to drop instances whose health is not {@link HealthStatus#PASSING}
   * @return the instances
   */
  public List<ServiceInstance> healthService(String datacenter, ServiceName service, boolean onlyPassing) {
    List<ServiceInstance> all = instances(datacenter, service);
    return onlyPassing ? passing(all) : all;
  }

  /**
   * Returns the Connect-capable instances registered for a service: the Connect proxies fronting
   * it and its Connect-native instances. This is Consul's {@code /v1/health/connect/<svc>} before
   * terminating gateways are added (see the {@code terminating} package, which adds the instances
   * of gateways linked to the service).
   *
   * @param datacenter the datacenter
   * @param service the service the callers want to reach
   * @param onlyPassing whether to drop instances whose health is not {@link HealthStatus#PASSING}
   * @return the proxies and native instances
   */
  public List<ServiceInstance> connectCapable(String datacenter, ServiceName service, boolean onlyPassing) {
    List<ServiceInstance> all = dc(datacenter).connectByService.getOrDefault(service.key(), List.of());
    return onlyPassing ? passing(all) : all;
  }

  /**
   * Returns every instance of one kind in a datacenter, e.g. its mesh gateways.
   *
   * @param datacenter the datacenter
   * @param kind the kind
   * @return the instances
   */
  public List<ServiceInstance> instancesOfKind(String datacenter, ServiceKind kind) {
    return dc(datacenter).byKind.getOrDefault(kind, List.of());
  }

  /**
   * Returns the {@code service-defaults} of a service.
   *
   * @param service the service
   * @return the defaults, or empty
   */
  public Optional<ServiceDefaults> serviceDefaults(ServiceName service) {
    return Optional.ofNullable(defaults.get(service.key()));
  }

  /**
   * Returns every {@code service-defaults} entry.
   *
   * @return the entries, in the order first written
   */
  public Collection<ServiceDefaults> allServiceDefaults() {
    return defaults.values();
  }

  /**
   * Returns the {@code service-resolver} of a service.
   *
   * @param service the service
   * @return the resolver, or empty
   */
  public Optional<ServiceResolver> resolver(ServiceName service) {
    return Optional.ofNullable(resolvers.get(service.key()));
  }

  /**
   * Returns every {@code service-resolver} entry.
   *
   * @return the entries, in the order first written
   */
  public Collection<ServiceResolver> allResolvers() {
    return resolvers.values();
  }

  /**
   * Returns every {@code proxy-defaults} entry, one per admin partition at most.
   *
   * @return the entries, in the order first written
   */
  public Collection<ProxyDefaults> allProxyDefaults() {
    return proxyDefaults.values();
  }

  /**
   * Returns the {@code proxy-defaults} of an admin partition.
   *
   * @param partition the partition; empty means {@code default}
   * @return the entry, or empty
   */
  public Optional<ProxyDefaults> proxyDefaults(String partition) {
    return Optional.ofNullable(proxyDefaults.get(partitionKey(partition)));
  }

  /**
   * Returns the {@code mesh} config entry of an admin partition.
   *
   * @param partition the partition; empty means {@code default}
   * @return the entry, or empty
   */
  public Optional<MeshConfig> meshConfig(String partition) {
    return Optional.ofNullable(meshConfigs.get(partitionKey(partition)));
  }

  /**
   * Returns the {@code exported-services} entry of an admin partition.
   *
   * @param partition the partition; empty means {@code default}
   * @return the entry, or empty
   */
  public Optional<ExportedServices> exportedServices(String partition) {
    return Optional.ofNullable(exported.get(partitionKey(partition)));
  }

  /**
   * Returns a service's protocol as Consul resolves it: its {@code service-defaults} protocol, else
   * its partition's {@code proxy-defaults} protocol, else {@link Protocol#TCP}.
   *
   * @param service the service
   * @return the protocol
   */
  public Protocol protocol(ServiceName service) {
    ServiceDefaults own = defaults.get(service.key());
    if (own != null && own.configuredProtocol().isPresent()) {
      return own.configuredProtocol().get();
    }
    ProxyDefaults global = proxyDefaults.get(partitionKey(service.partition()));
    return global != null ? global.protocol().orElse(Protocol.TCP) : Protocol.TCP;
  }

  @Override
  public String toString() {
    return "CatalogSnapshot[version=" + version + ", datacenters=" + datacenters() + "]";
  }

  private static String partitionKey(String partition) {
    return (partition.isEmpty() ? ServiceName.DEFAULT : partition).toLowerCase(Locale.ROOT);
  }

  private DatacenterIndex dc(String datacenter) {
    return datacenters.getOrDefault(datacenter.toLowerCase(Locale.ROOT), EMPTY_DATACENTER);
  }

  private static List<ServiceInstance> passing(List<ServiceInstance> all) {
    List<ServiceInstance> out = new ArrayList<>(all.size());
    for (ServiceInstance i : all) {
      if (i.health() == HealthStatus.PASSING) {
        out.add(i);
      }
    }
    return List.copyOf(out);
  }

  static String nodeKey(String partition, String name) {
    return ((partition.isEmpty() ? ServiceName.DEFAULT : partition) + '/' + name).toLowerCase(Locale.ROOT);
  }

  /**
   * Changes a snapshot into the next one: registrations and deregistrations of nodes and
   * instances, and writes of config-entry facts. Unchanged datacenters, and unchanged index groups
   * of changed ones, are shared with the snapshot it started from, so one change costs far less
   * than the catalog's size. Not thread-safe; {@link #build()} leaves it reusable.
   */
  public static final class Builder {
    private long version;
    private Map<String, DatacenterIndex> datacenters;
    private final Map<String, DatacenterIndex.Editor> editors = new HashMap<>();
    private final Map<String, ServiceDefaults> defaults;
    private final Map<String, ServiceResolver> resolvers;
    private final Map<String, ProxyDefaults> proxyDefaults;
    private final Map<String, MeshConfig> meshConfigs;
    private final Map<String, ExportedServices> exported;

    private Builder(CatalogSnapshot base) {
      this.version = base.version;
      this.datacenters = base.datacenters;
      this.defaults = new LinkedHashMap<>(base.defaults);
      this.resolvers = new LinkedHashMap<>(base.resolvers);
      this.proxyDefaults = new HashMap<>(base.proxyDefaults);
      this.meshConfigs = new HashMap<>(base.meshConfigs);
      this.exported = new HashMap<>(base.exported);
    }

    /**
     * Registers (or replaces) a service instance and upserts its node, as Consul's
     * {@code /v1/catalog/register}. The instance's node record replaces the stored one, except that
     * a node an agent manages stays agent-managed.
     *
     * @param instance the instance; its node gives the datacenter
     * @return warnings, empty in the common case: registering through a node record without an
     *     agent on a node a Consul agent manages warns that the agent's anti-entropy would
     *     deregister the service
     */
    public List<String> register(ServiceInstance instance) {
      Node incoming = instance.node();
      DatacenterIndex.Editor dc = editor(incoming.datacenter());
      Node existing = dc.node(incoming.key());
      Node stored = incoming;
      List<String> warnings = List.of();
      if (existing != null && existing.agentManaged() && !incoming.agentManaged()) {
        stored = new Node(
            incoming.name(), incoming.datacenter(), incoming.partition(), incoming.address(),
            incoming.taggedAddresses(), incoming.meta(), true);
        warnings = List.of(String.format(Locale.ROOT,
            "node %s in %s is managed by a Consul agent: its anti-entropy would deregister service %s (ID %s),"
                + " which was registered without the agent; register external services on a node without an agent",
            Problems.quote(existing.name()), incoming.datacenter(), Problems.quote(instance.service()),
            Problems.quote(instance.id())));
      }
      if (existing == null || !existing.equals(stored)) {
        dc.putNode(stored);
      } else {
        stored = existing;
      }
      dc.put(instance.node() == stored ? instance : instance.withNode(stored));
      return warnings;
    }

    /**
     * Registers (or updates) a node without services. A node an agent manages stays agent-managed.
     *
     * @param node the node
     * @return this builder
     */
    public Builder registerNode(Node node) {
      DatacenterIndex.Editor dc = editor(node.datacenter());
      Node existing = dc.node(node.key());
      Node stored = existing != null && existing.agentManaged() && !node.agentManaged()
          ? new Node(node.name(), node.datacenter(), node.partition(), node.address(), node.taggedAddresses(),
              node.meta(), true)
          : node;
      if (existing == null || !existing.equals(stored)) {
        dc.putNode(stored);
      }
      return this;
    }

    /**
     * Deregisters one service instance.
     *
     * @param datacenter the datacenter
     * @param partition the node's partition; empty means {@code default}
     * @param node the node name
     * @param serviceId the service ID
     * @return true if the instance existed
     */
    public boolean deregister(String datacenter, String partition, String node, String serviceId) {
      return editor(datacenter).remove(nodeKey(partition, node) + '/' + serviceId.toLowerCase(Locale.ROOT));
    }

    /**
     * Deregisters a node and every instance on it.
     *
     * @param datacenter the datacenter
     * @param partition the node's partition; empty means {@code default}
     * @param node the node name
     * @return true if the node existed
     */
    public boolean deregisterNode(String datacenter, String partition, String node) {
      return editor(datacenter).removeNode(nodeKey(partition, node));
    }

    /**
     * Writes (creates or replaces) a {@code service-defaults} entry.
     *
     * @param entry the entry
     * @return this builder
     */
    public Builder serviceDefaults(ServiceDefaults entry) {
      defaults.put(entry.service().key(), entry);
      return this;
    }

    /**
     * Deletes a {@code service-defaults} entry.
     *
     * @param service the service the entry is named after
     * @return true if it existed
     */
    public boolean removeServiceDefaults(ServiceName service) {
      return defaults.remove(service.key()) != null;
    }

    /**
     * Writes (creates or replaces) a {@code service-resolver} entry.
     *
     * @param entry the entry
     * @return this builder
     */
    public Builder resolver(ServiceResolver entry) {
      resolvers.put(entry.service().key(), entry);
      return this;
    }

    /**
     * Deletes a {@code service-resolver} entry.
     *
     * @param service the service the entry is named after
     * @return true if it existed
     */
    public boolean removeResolver(ServiceName service) {
      return resolvers.remove(service.key()) != null;
    }

    /**
     * Writes (creates or replaces) a partition's {@code proxy-defaults} entry.
     *
     * @param entry the entry
     * @return this builder
     */
    public Builder proxyDefaults(ProxyDefaults entry) {
      proxyDefaults.put(partitionKey(entry.partition()), entry);
      return this;
    }

    /**
     * Deletes a partition's {@code proxy-defaults} entry.
     *
     * @param partition the partition; empty means {@code default}
     * @return true if it existed
     */
    public boolean removeProxyDefaults(String partition) {
      return proxyDefaults.remove(partitionKey(partition)) != null;
    }

    /**
     * Writes (creates or replaces) a partition's {@code mesh} config entry.
     *
     * @param entry the entry
     * @return this builder
     */
    public Builder meshConfig(MeshConfig entry) {
      meshConfigs.put(partitionKey(entry.partition()), entry);
      return this;
    }

    /**
     * Deletes a partition's {@code mesh} config entry.
     *
     * @param partition the partition; empty means {@code default}
     * @return true if it existed
     */
    public boolean removeMeshConfig(String partition) {
      return meshConfigs.remove(partitionKey(partition)) != null;
    }

    /**
     * Writes (creates or replaces) a partition's {@code exported-services} entry.
     *
     * @param entry the entry
     * @return this builder
     */
    public Builder exportedServices(ExportedServices entry) {
      exported.put(partitionKey(entry.partition()), entry);
      return this;
    }

    /**
     * Deletes a partition's {@code exported-services} entry.
     *
     * @param partition the partition; empty means {@code default}
     * @return true if it existed
     */
    public boolean removeExportedServices(String partition) {
      return exported.remove(partitionKey(partition)) != null;
    }

    /**
     * Builds the next snapshot: the base's version plus one. Datacenters this builder did not touch
     * are shared with the base snapshot. The builder then continues from the snapshot it built, so
     * building again after more changes yields the version after that.
     *
     * @return the snapshot
     */
    public CatalogSnapshot build() {
      Map<String, DatacenterIndex> dcs = new HashMap<>(datacenters);
      for (Map.Entry<String, DatacenterIndex.Editor> e : editors.entrySet()) {
        dcs.put(e.getKey(), e.getValue().build());
      }
      datacenters = Map.copyOf(dcs);
      version++;
      return new CatalogSnapshot(
          version,
          datacenters,
          Collections.unmodifiableMap(new LinkedHashMap<>(defaults)),
          Collections.unmodifiableMap(new LinkedHashMap<>(resolvers)),
          Map.copyOf(proxyDefaults),
          Map.copyOf(meshConfigs),
          Map.copyOf(exported));
    }

    private DatacenterIndex.Editor editor(String datacenter) {
      String key = datacenter.toLowerCase(Locale.ROOT);
      return editors.computeIfAbsent(key, k -> {
        DatacenterIndex index = datacenters.get(k);
        return (index != null ? index : DatacenterIndex.empty(datacenter)).edit();
      });
    }
  }
}
