package dev.meshgate.core.chain;

import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.ProxyDefaults;
import dev.meshgate.core.catalog.ServiceDefaults;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.internal.Require;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The config entries a discovery chain is compiled from, as Consul's {@code DiscoveryChainSet}:
 * {@code service-router}, {@code service-splitter} and {@code service-resolver} entries by
 * service, {@code service-defaults} (protocol, {@code ExternalSNI}, mesh-gateway mode) by service,
 * and {@code proxy-defaults} (protocol, mesh-gateway mode) by admin partition.
 *
 * <p>Entries are keyed by their exact name, namespace and partition, as the compiler looks them up.
 * A set is immutable and thread-safe; {@link #toBuilder()} starts the next version, sharing the
 * unchanged entries, which keeps {@link ChainCompiler#update} cheap.
 */
public final class ChainEntries {
  private static final ChainEntries EMPTY = new Builder().build();

  private final Map<ServiceName, ServiceRouter> routers;
  private final Map<ServiceName, ServiceSplitter> splitters;
  private final Map<ServiceName, ServiceResolver> resolvers;
  private final Map<ServiceName, ServiceDefaults> serviceDefaults;
  private final Map<String, ProxyDefaults> proxyDefaults;

  private ChainEntries(Builder b) {
    // A kind the builder did not touch keeps the base set's (immutable) map, so that update()
    // skips it; Map.copyOf returns an immutable map as it is.
    this.routers = Map.copyOf(b.routers);
    this.splitters = Map.copyOf(b.splitters);
    this.resolvers = Map.copyOf(b.resolvers);
    this.serviceDefaults = Map.copyOf(b.serviceDefaults);
    this.proxyDefaults = Map.copyOf(b.proxyDefaults);
  }

  /**
   * Returns the set without entries: every chain compiles to its service's default resolver.
   *
   * @return the empty set
   */
  public static ChainEntries empty() {
    return EMPTY;
  }

  /**
   * Starts an empty set.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a new version of this set.
   *
   * @return a builder holding this set's entries
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.routers = routers;
    b.splitters = splitters;
    b.resolvers = resolvers;
    b.serviceDefaults = serviceDefaults;
    b.proxyDefaults = proxyDefaults;
    return b;
  }

  /**
   * Returns the router of a service.
   *
   * @param service the service
   * @return the entry, or empty
   */
  public Optional<ServiceRouter> router(ServiceName service) {
    return Optional.ofNullable(routers.get(service));
  }

  /**
   * Returns the splitter of a service.
   *
   * @param service the service
   * @return the entry, or empty
   */
  public Optional<ServiceSplitter> splitter(ServiceName service) {
    return Optional.ofNullable(splitters.get(service));
  }

  /**
   * Returns the resolver of a service.
   *
   * @param service the service
   * @return the entry, or empty
   */
  public Optional<ServiceResolver> resolver(ServiceName service) {
    return Optional.ofNullable(resolvers.get(service));
  }

  /**
   * Returns the {@code service-defaults} of a service.
   *
   * @param service the service
   * @return the entry, or empty
   */
  public Optional<ServiceDefaults> serviceDefaults(ServiceName service) {
    return Optional.ofNullable(serviceDefaults.get(service));
  }

  /**
   * Returns the {@code proxy-defaults} of an admin partition.
   *
   * @param partition the partition; empty means {@code default}
   * @return the entry, or empty
   */
  public Optional<ProxyDefaults> proxyDefaults(String partition) {
    return Optional.ofNullable(proxyDefaults.get(partition.isEmpty() ? ServiceName.DEFAULT : partition));
  }

  /**
   * Returns every router.
   *
   * @return an immutable collection in no particular order
   */
  public Collection<ServiceRouter> routers() {
    return routers.values();
  }

  /**
   * Returns every splitter.
   *
   * @return an immutable collection in no particular order
   */
  public Collection<ServiceSplitter> splitters() {
    return splitters.values();
  }

  /**
   * Returns every resolver.
   *
   * @return an immutable collection in no particular order
   */
  public Collection<ServiceResolver> resolvers() {
    return resolvers.values();
  }

  /**
   * Returns the services that have a router, splitter or resolver entry, in name order (partition,
   * namespace, name): the chains that are not simply the default resolver of their service.
   *
   * @return an immutable sorted set
   */
  public Set<ServiceName> chainServices() {
    TreeSet<ServiceName> out = new TreeSet<>((a, b) -> {
      int c = a.partition().compareTo(b.partition());
      if (c == 0) {
        c = a.namespace().compareTo(b.namespace());
      }
      return c != 0 ? c : a.name().compareTo(b.name());
    });
    out.addAll(routers.keySet());
    out.addAll(splitters.keySet());
    out.addAll(resolvers.keySet());
    return Collections.unmodifiableSet(out);
  }

  /** Returns the keys of the entries that differ between this set and {@code other}. */
  Set<EntryKey> changedKeys(ChainEntries other) {
    Set<EntryKey> out = new HashSet<>();
    diff(EntryKey.ROUTER, routers, other.routers, out);
    diff(EntryKey.SPLITTER, splitters, other.splitters, out);
    diff(EntryKey.RESOLVER, resolvers, other.resolvers, out);
    diff(EntryKey.SERVICE_DEFAULTS, serviceDefaults, other.serviceDefaults, out);
    if (proxyDefaults != other.proxyDefaults) {
      for (Map.Entry<String, ProxyDefaults> e : proxyDefaults.entrySet()) {
        if (!same(e.getValue(), other.proxyDefaults.get(e.getKey()))) {
          out.add(EntryKey.proxyDefaults(e.getKey()));
        }
      }
      for (String p : other.proxyDefaults.keySet()) {
        if (!proxyDefaults.containsKey(p)) {
          out.add(EntryKey.proxyDefaults(p));
        }
      }
    }
    return out;
  }

  /** Adds the keys whose entries differ: changed or removed (walking a), added (walking b). */
  private static <V> void diff(String kind, Map<ServiceName, V> a, Map<ServiceName, V> b, Set<EntryKey> out) {
    if (a == b) {
      return;
    }
    for (Map.Entry<ServiceName, V> e : a.entrySet()) {
      if (!same(e.getValue(), b.get(e.getKey()))) {
        out.add(EntryKey.of(kind, e.getKey()));
      }
    }
    for (ServiceName s : b.keySet()) {
      if (!a.containsKey(s)) {
        out.add(EntryKey.of(kind, s));
      }
    }
  }

  private static boolean same(Object a, Object b) {
    return a == b || (a != null && a.equals(b));
  }

  /**
   * Returns these entries with what they lack taken from a catalog's config-entry facts: each
   * service's {@code service-defaults}, each partition's {@code proxy-defaults}, and each
   * resolver's subsets and default subset, so that one set of config entries means the same to a
   * gateway's routes and to its chains. Entries given here win.
   *
   * @param catalog the catalog snapshot
   * @return the completed entries
   */
  public ChainEntries withCatalogFacts(CatalogSnapshot catalog) {
    Builder b = toBuilder();
    for (ServiceDefaults defaults : catalog.allServiceDefaults()) {
      if (serviceDefaults(defaults.service()).isEmpty()) {
        b.serviceDefaults(defaults);
      }
    }
    for (dev.meshgate.core.catalog.ServiceResolver resolver : catalog.allResolvers()) {
      if (resolver(resolver.service()).isEmpty()) {
        ServiceResolver.Builder chain = ServiceResolver.builder(resolver.service());
        if (!resolver.defaultSubset().isEmpty()) {
          chain.defaultSubset(resolver.defaultSubset());
        }
        resolver.subsets().forEach((name, subset) -> chain.subset(name, subset.filter().source(), subset.onlyPassing()));
        b.resolver(chain.build());
      }
    }
    for (ProxyDefaults proxy : catalog.allProxyDefaults()) {
      if (proxyDefaults(proxy.partition()).isEmpty()) {
        b.proxyDefaults(proxy);
      }
    }
    return b.build();
  }

  @Override
  public String toString() {
    return "ChainEntries[" + routers.size() + " routers, " + splitters.size() + " splitters, " + resolvers.size()
        + " resolvers, " + serviceDefaults.size() + " service-defaults, " + proxyDefaults.size() + " proxy-defaults]";
  }

  /**
   * Builds {@link ChainEntries}. Adding an entry replaces the one of the same kind and name.
   * {@link #build()} leaves the builder reusable. Not thread-safe.
   */
  public static final class Builder {
    // Each map is the base set's immutable one until the first change to that kind copies it.
    private Map<ServiceName, ServiceRouter> routers = Map.of();
    private Map<ServiceName, ServiceSplitter> splitters = Map.of();
    private Map<ServiceName, ServiceResolver> resolvers = Map.of();
    private Map<ServiceName, ServiceDefaults> serviceDefaults = Map.of();
    private Map<String, ProxyDefaults> proxyDefaults = Map.of();
    private boolean routersChanged;
    private boolean splittersChanged;
    private boolean resolversChanged;
    private boolean serviceDefaultsChanged;
    private boolean proxyDefaultsChanged;

    private Builder() {}

    /**
     * Adds or replaces a router.
     *
     * @param entry the entry
     * @return this builder
     */
    public Builder router(ServiceRouter entry) {
      if (!routersChanged) {
        routers = new HashMap<>(routers);
        routersChanged = true;
      }
      routers.put(entry.service(), entry);
      return this;
    }

    /**
     * Adds or replaces a splitter.
     *
     * @param entry the entry
     * @return this builder
     */
    public Builder splitter(ServiceSplitter entry) {
      if (!splittersChanged) {
        splitters = new HashMap<>(splitters);
        splittersChanged = true;
      }
      splitters.put(entry.service(), entry);
      return this;
    }

    /**
     * Adds or replaces a resolver.
     *
     * @param entry the entry
     * @return this builder
     */
    public Builder resolver(ServiceResolver entry) {
      if (!resolversChanged) {
        resolvers = new HashMap<>(resolvers);
        resolversChanged = true;
      }
      resolvers.put(entry.service(), entry);
      return this;
    }

    /**
     * Adds or replaces a {@code service-defaults} entry.
     *
     * @param entry the entry
     * @return this builder
     */
    public Builder serviceDefaults(ServiceDefaults entry) {
      if (!serviceDefaultsChanged) {
        serviceDefaults = new HashMap<>(serviceDefaults);
        serviceDefaultsChanged = true;
      }
      serviceDefaults.put(entry.service(), entry);
      return this;
    }

    /**
     * Adds or replaces the {@code proxy-defaults} entry of the entry's partition.
     *
     * @param entry the entry
     * @return this builder
     */
    public Builder proxyDefaults(ProxyDefaults entry) {
      if (!proxyDefaultsChanged) {
        proxyDefaults = new HashMap<>(proxyDefaults);
        proxyDefaultsChanged = true;
      }
      proxyDefaults.put(entry.partition(), entry);
      return this;
    }

    /**
     * Removes a router.
     *
     * @param service the service
     * @return true if there was one
     */
    public boolean removeRouter(ServiceName service) {
      if (!routersChanged) {
        routers = new HashMap<>(routers);
        routersChanged = true;
      }
      return routers.remove(Require.notNull(service, "service")) != null;
    }

    /**
     * Removes a splitter.
     *
     * @param service the service
     * @return true if there was one
     */
    public boolean removeSplitter(ServiceName service) {
      if (!splittersChanged) {
        splitters = new HashMap<>(splitters);
        splittersChanged = true;
      }
      return splitters.remove(Require.notNull(service, "service")) != null;
    }

    /**
     * Removes a resolver.
     *
     * @param service the service
     * @return true if there was one
     */
    public boolean removeResolver(ServiceName service) {
      if (!resolversChanged) {
        resolvers = new HashMap<>(resolvers);
        resolversChanged = true;
      }
      return resolvers.remove(Require.notNull(service, "service")) != null;
    }

    /**
     * Removes a {@code service-defaults} entry.
     *
     * @param service the service
     * @return true if there was one
     */
    public boolean removeServiceDefaults(ServiceName service) {
      if (!serviceDefaultsChanged) {
        serviceDefaults = new HashMap<>(serviceDefaults);
        serviceDefaultsChanged = true;
      }
      return serviceDefaults.remove(Require.notNull(service, "service")) != null;
    }

    /**
     * Removes the {@code proxy-defaults} entry of a partition.
     *
     * @param partition the partition; empty means {@code default}
     * @return true if there was one
     */
    public boolean removeProxyDefaults(String partition) {
      if (!proxyDefaultsChanged) {
        proxyDefaults = new HashMap<>(proxyDefaults);
        proxyDefaultsChanged = true;
      }
      return proxyDefaults.remove(partition.isEmpty() ? ServiceName.DEFAULT : partition) != null;
    }

    /**
     * Builds the set.
     *
     * @return the set
     */
    public ChainEntries build() {
      return new ChainEntries(this);
    }
  }
}
