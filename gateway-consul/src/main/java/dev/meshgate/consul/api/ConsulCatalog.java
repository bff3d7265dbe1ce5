package dev.meshgate.consul.api;

import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.CatalogSource;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.catalog.ServiceKind;
import dev.meshgate.core.catalog.ServiceName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Each followed service has its own health watch; an update replaces that service's instances in
 * a pending builder and nothing else, so one change costs what the service holds, not what the
 * catalog holds. One publisher thread builds the pending changes into a snapshot and hands it to
 * the listeners: updates that arrive while a snapshot is being built or delivered (10,000 watches
 * answering their first request at once, or a gateway rebuilding its table in its listener) are
 * folded into the next snapshot instead of each costing a build and a delivery, and listeners see
 * snapshots in the order they were built, as CatalogSource allows. A watch that fails publishes
 * nothing, so its service keeps its last instances: a failing watch never empties a table. Only a
 * service that stops being linked or listed, or a datacenter that stops being listed, loses its
 * instances, because Consul said so. Every watch is keyed by datacenter and service, so that the
 * mesh gateways of dc2 and a local service of the same name are followed apart.
 */

/**
 * A {@link CatalogSource} kept current from a Consul agent: the instances of the services a
 * gateway needs, each followed by a {@link Watch} of {@code /v1/health/service/<name>}. The
 * services are given up front, or followed from a gateway's links ({@code
 * /v1/catalog/gateway-services/<gateway>}, for a terminating or ingress gateway) or from the whole
 * datacenter ({@code /v1/catalog/services}, for a mesh gateway), with the fixed ones in either
 * case; services linked or registered in Consul are watched, and removed ones dropped, with no
 * restart. A mesh gateway also needs the mesh gateways of the other datacenters: those of each
 * datacenter that {@code /v1/catalog/datacenters} lists, {@code /v1/health/service/<name>?dc=<dc>},
 * keeping only the instances of kind {@code mesh-gateway}.
 *
 * <p>Before the first answers the snapshot is empty. Listeners are called on the catalog's own
 * publishing thread; changes that arrive while one is busy are folded into the next snapshot.
 * {@link #status()} lists every watch's status, so a caller can tell how stale each part is.
 * Thread-safe; {@link #close()} stops every watch and the publisher.
 */
public final class ConsulCatalog implements CatalogSource, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConsulCatalog.class);

  private final ConsulClient client;
  private final String datacenter;
  private final boolean connect;
  private final Duration wait;
  private final Duration minInterval;
  private final Duration baseBackoff;
  private final Duration maxBackoff;
  private final Set<ServiceName> fixed;
  private final String remoteGateways;
  private final Duration datacenterInterval;
  private final CopyOnWriteArrayList<Consumer<CatalogSnapshot>> listeners = new CopyOnWriteArrayList<>();

  private final Object lock = new Object();
  private final Map<Key, Watch<List<ServiceInstance>>> watches = new LinkedHashMap<>();
  private final Map<Key, List<ServiceInstance>> instances = new HashMap<>();
  /** The watches of lists (links, services, datacenters) that say what else to watch. */
  private final List<Watch<?>> lists = new ArrayList<>();
  private volatile CatalogSnapshot current = CatalogSnapshot.empty();
  private CatalogSnapshot.Builder pending;
  private boolean dirty;
  private boolean publishing;
  private boolean closed;
  private final Thread publisher = new Thread(this::publishLoop, "meshgate-consul-catalog");

  private ConsulCatalog(Builder b) {
    this.client = b.client;
    this.datacenter = b.datacenter;
    this.connect = b.connect;
    this.wait = b.wait;
    this.minInterval = b.minInterval;
    this.baseBackoff = b.baseBackoff;
    this.maxBackoff = b.maxBackoff;
    this.fixed = Set.copyOf(b.services);
    this.remoteGateways = b.remoteGateways;
    this.datacenterInterval = b.datacenterInterval;
  }

  /** A followed service: the catalog's own datacenter for local ones, another for remote gateways. */
  private record Key(String datacenter, ServiceName service) {}

  /**
   * Starts a builder.
   *
   * @param client the client asking the agent
   * @param datacenter the datacenter the client asks (its nodes' datacenter when they name none)
   * @return a builder
   */
  public static Builder builder(ConsulClient client, String datacenter) {
    return new Builder(client, datacenter);
  }

  @Override
  public CatalogSnapshot snapshot() {
    return current;
  }

  @Override
  public Subscription subscribe(Consumer<CatalogSnapshot> listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /**
   * Returns the status of every watch, by endpoint.
   *
   * @return the statuses: the list watches (gateway-services, services, datacenters) if any, then
   *     each service's health watch; a watch of another datacenter's endpoint ends with {@code
   *     ?dc=<datacenter>}
   */
  public Map<String, Watch.Status> status() {
    Map<String, Watch.Status> out = new LinkedHashMap<>();
    synchronized (lock) {
      for (Watch<?> w : lists) {
        out.put(w.endpoint(), w.status());
      }
      watches.forEach((key, w) -> out.put(w.endpoint() + (isLocal(key) ? "" : "?dc=" + key.datacenter()),
          w.status()));
    }
    return out;
  }

  /**
   * Tells whether each list followed (a gateway's links, the datacenter's services, the
   * datacenters) has answered once, so that the services to follow are known; true at once when
   * only fixed services are followed.
   *
   * @return whether every list has a value
   */
  public boolean listed() {
    synchronized (lock) {
      return lists.stream().allMatch(w -> w.latest().isPresent());
    }
  }

  /**
   * Returns the services of the catalog's datacenter followed now.
   *
   * @return the services, in the order first followed
   */
  public Set<ServiceName> services() {
    Set<ServiceName> out = new LinkedHashSet<>();
    synchronized (lock) {
      for (Key k : watches.keySet()) {
        if (isLocal(k)) {
          out.add(k.service());
        }
      }
    }
    return Collections.unmodifiableSet(out);
  }

  /**
   * Returns the datacenters whose mesh gateways are followed now.
   *
   * @return the datacenters, in the order first followed
   */
  public Set<String> remoteDatacenters() {
    Set<String> out = new LinkedHashSet<>();
    synchronized (lock) {
      for (Key k : watches.keySet()) {
        if (!isLocal(k)) {
          out.add(k.datacenter());
        }
      }
    }
    return Collections.unmodifiableSet(out);
  }

  private boolean isLocal(Key key) {
    return key.datacenter().equals(datacenter);
  }

  /** Stops every watch; the last snapshot stays readable. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
      for (Watch<?> w : lists) {
        w.close();
      }
      for (Watch<?> w : watches.values()) {
        w.close();
      }
    }
  }

  private <T> Watch.Builder<T> timed(Watch.Builder<T> b) {
    return b.wait(wait).minInterval(minInterval).backoff(baseBackoff, maxBackoff);
  }

  private void follow(Key key) {
    if (watches.containsKey(key)) {
      return;
    }
    // The listener checks that its own watch is still the key's: a watch closed because its
    // service was unlinked may deliver one last answer, which must not bring the instances back.
    AtomicReference<Watch<List<ServiceInstance>>> self = new AtomicReference<>();
    Watch.Builder<List<ServiceInstance>> b = isLocal(key)
        ? ConsulWatches.healthService(client, datacenter, key.service(), connect)
        : ConsulWatches.healthServiceIn(client, key.datacenter(), key.service().name());
    Watch<List<ServiceInstance>> w = timed(b).listener((value, index) -> update(key, self, value)).start();
    self.set(w);
    watches.put(key, w);
  }

  private void linked(List<GatewayService> rows) {
    Set<ServiceName> wanted = new LinkedHashSet<>(fixed);
    for (GatewayService row : rows) {
      if (!row.service().name().equals("*")) {
        wanted.add(row.service());
      }
    }
    followLocal(wanted, "is no longer linked");
  }

  private void listed(Map<String, List<String>> names) {
    Set<ServiceName> wanted = new LinkedHashSet<>(fixed);
    for (String name : names.keySet()) {
      wanted.add(ServiceName.of(name));
    }
    followLocal(wanted, "is no longer in the catalog");
  }

  private void followLocal(Set<ServiceName> services, String gone) {
    Set<Key> wanted = new LinkedHashSet<>();
    for (ServiceName s : services) {
      wanted.add(new Key(datacenter, s));
    }
    retain(this::isLocal, wanted, gone);
  }

  private void datacentersChanged(List<String> names) {
    Set<Key> wanted = new LinkedHashSet<>();
    for (String dc : names) {
      if (!dc.equalsIgnoreCase(datacenter)) {
        wanted.add(new Key(dc, ServiceName.of(remoteGateways)));
      }
    }
    retain(k -> !isLocal(k), wanted, "is in a datacenter no longer listed");
  }

  /** Follows every wanted key, and drops the keys of the scope that are not wanted any more. */
  private void retain(Predicate<Key> scope, Set<Key> wanted, String gone) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      for (Key k : wanted) {
        follow(k);
      }
      for (Key k : List.copyOf(watches.keySet())) {
        if (scope.test(k) && !wanted.contains(k)) {
          watches.remove(k).close();
          List<ServiceInstance> old = instances.remove(k);
          if (old != null && !old.isEmpty()) {
            deregister(pending(), old);
            changed();
          }
          LOG.info("{} in {} {}: its instances are dropped", k.service(), k.datacenter(), gone);
        }
      }
    }
  }

  private void update(Key key, AtomicReference<Watch<List<ServiceInstance>>> from, List<ServiceInstance> answer) {
    // Of another datacenter, only its mesh gateways are routed to.
    List<ServiceInstance> now = isLocal(key) ? answer
        : answer.stream().filter(i -> i.kind() == ServiceKind.MESH_GATEWAY).toList();
    // follow() starts the watch and sets the reference under this lock, so it is set here.
    synchronized (lock) {
      if (closed || watches.get(key) != from.get()) {
        return;
      }
      CatalogSnapshot.Builder b = pending();
      List<ServiceInstance> old = instances.put(key, now);
      if (old != null) {
        deregister(b, old);
      }
      for (ServiceInstance i : now) {
        b.register(i);
      }
      changed();
    }
  }

  /** Called under the lock. */
  private CatalogSnapshot.Builder pending() {
    if (pending == null) {
      pending = current.toBuilder();
    }
    return pending;
  }

  /** Called under the lock. */
  private void changed() {
    dirty = true;
    lock.notifyAll();
  }

  private void publishLoop() {
    while (true) {
      CatalogSnapshot next;
      synchronized (lock) {
        while (!dirty && !closed) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (closed) {
          return;
        }
        // The builder continues from the snapshot it builds, so it stays the pending one.
        next = pending.build();
        dirty = false;
        publishing = true;
        current = next;
      }
      publish(next);
      synchronized (lock) {
        publishing = false;
      }
    }
  }

  /**
   * Tells whether every answer the watches have delivered is in a snapshot the subscribers have
   * been given: false while a change waits for the publisher thread or is being handed out. With
   * every watch's {@link Watch#status()} index above 0, true means the subscribers have the
   * catalog as the agent first answered it.
   *
   * @return whether no change is pending or in delivery
   */
  public boolean settled() {
    synchronized (lock) {
      return !dirty && !publishing;
    }
  }

  private static void deregister(CatalogSnapshot.Builder b, List<ServiceInstance> old) {
    for (ServiceInstance i : old) {
      b.deregister(i.datacenter(), i.node().partition(), i.node().name(), i.id());
    }
  }

  /** Called on the publisher thread only, so that listeners see snapshots in the order built. */
  private void publish(CatalogSnapshot next) {
    for (Consumer<CatalogSnapshot> l : listeners) {
      try {
        l.accept(next);
      } catch (RuntimeException e) {
        LOG.warn("catalog listener failed on snapshot {}", next.version(), e);
      }
    }
  }

  /**
   * Configures a catalog; each setting may be given once. Timing defaults are {@link Watch}'s. Not
   * thread-safe.
   */
  public static final class Builder {
    private final ConsulClient client;
    private final String datacenter;
    private final Set<ServiceName> services = new LinkedHashSet<>();
    private String gateway = "";
    private boolean all;
    private String remoteGateways = "";
    private Duration datacenterInterval = Duration.ofSeconds(30);
    private boolean datacenterIntervalSet;
    private boolean connect;
    private boolean connectSet;
    private Duration wait = Duration.ofMinutes(5);
    private boolean waitSet;
    private Duration minInterval = Duration.ofMillis(100);
    private boolean minIntervalSet;
    private Duration baseBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofSeconds(60);
    private boolean backoffSet;

    private Builder(ConsulClient client, String datacenter) {
      this.client = Objects.requireNonNull(client, "client");
      if (datacenter.isEmpty()) {
        throw new IllegalArgumentException("datacenter: \"\" (expected: a datacenter name)");
      }
      this.datacenter = datacenter;
    }

    private static void once(boolean set, String setting, Object earlier) {
      if (set) {
        throw new IllegalStateException(setting + " was already set to " + earlier);
      }
    }

    /**
     * Adds services to follow whatever a gateway links.
     *
     * @param more the services
     * @return this builder
     */
    public Builder services(ServiceName... more) {
      for (ServiceName s : more) {
        services.add(Objects.requireNonNull(s, "service"));
      }
      return this;
    }

    /**
     * Follows the services a gateway links, as {@code /v1/catalog/gateway-services} lists them.
     *
     * @param name the gateway's service name
     * @return this builder
     */
    public Builder linkedServicesOf(String name) {
      once(!gateway.isEmpty(), "linkedServicesOf", gateway);
      if (all) {
        throw new IllegalStateException("linkedServicesOf: allServices() was set (expected: one or the other)");
      }
      if (name.isEmpty()) {
        throw new IllegalArgumentException("linkedServicesOf: \"\" (expected: a gateway name)");
      }
      this.gateway = name;
      return this;
    }

    /**
     * Follows every service of the datacenter, as {@code /v1/catalog/services} lists them (in the
     * client's namespace and partition): what a mesh gateway routes to.
     *
     * @return this builder
     * @throws IllegalStateException if {@link #linkedServicesOf} was set
     */
    public Builder allServices() {
      once(all, "allServices", true);
      if (!gateway.isEmpty()) {
        throw new IllegalStateException("allServices: linkedServicesOf(" + gateway + ") was set (expected: one or "
            + "the other)");
      }
      this.all = true;
      return this;
    }

    /**
     * Follows the mesh gateways of every other datacenter that {@code /v1/catalog/datacenters}
     * lists: the instances of kind {@code mesh-gateway} of a service, asked of each datacenter.
     *
     * @param service the mesh gateways' service name, e.g. {@code mesh-gateway}
     * @return this builder
     */
    public Builder remoteGateways(String service) {
      once(!remoteGateways.isEmpty(), "remoteGateways", remoteGateways);
      if (service.isEmpty()) {
        throw new IllegalArgumentException("remoteGateways: \"\" (expected: a mesh gateway service name)");
      }
      this.remoteGateways = service;
      return this;
    }

    /**
     * Sets how often the datacenters are asked (30 seconds unless set): Consul answers {@code
     * /v1/catalog/datacenters} at once, without blocking, so it is polled.
     *
     * @param value the interval, at least the minimum interval of the other watches
     * @return this builder
     */
    public Builder datacenterInterval(Duration value) {
      once(datacenterIntervalSet, "datacenterInterval", datacenterInterval);
      this.datacenterInterval = Objects.requireNonNull(value, "datacenterInterval");
      this.datacenterIntervalSet = true;
      return this;
    }

    /**
     * Asks for the Connect-capable instances ({@code ?connect}) instead of every instance.
     *
     * @param value true for {@code ?connect}; false (the default) for the instances themselves, what
     *     a terminating gateway forwards to
     * @return this builder
     */
    public Builder connect(boolean value) {
      once(connectSet, "connect", connect);
      this.connect = value;
      this.connectSet = true;
      return this;
    }

    /**
     * Sets each watch's blocking wait (see {@link Watch.Builder#wait}).
     *
     * @param value the wait
     * @return this builder
     */
    public Builder wait(Duration value) {
      once(waitSet, "wait", wait);
      this.wait = Objects.requireNonNull(value, "wait");
      this.waitSet = true;
      return this;
    }

    /**
     * Sets each watch's minimum interval (see {@link Watch.Builder#minInterval}).
     *
     * @param value the interval
     * @return this builder
     */
    public Builder minInterval(Duration value) {
      once(minIntervalSet, "minInterval", minInterval);
      this.minInterval = Objects.requireNonNull(value, "minInterval");
      this.minIntervalSet = true;
      return this;
    }

    /**
     * Sets each watch's backoff (see {@link Watch.Builder#backoff}).
     *
     * @param base the first backoff
     * @param max the cap
     * @return this builder
     */
    public Builder backoff(Duration base, Duration max) {
      once(backoffSet, "backoff", baseBackoff + ".." + maxBackoff);
      this.baseBackoff = Objects.requireNonNull(base, "base");
      this.maxBackoff = Objects.requireNonNull(max, "max");
      this.backoffSet = true;
      return this;
    }

    /**
     * Builds the catalog and starts its watches.
     *
     * @return the running catalog
     * @throws IllegalStateException if no services, gateway, allServices or remoteGateways were given
     * @throws IllegalArgumentException if the datacenter interval is shorter than the minimum interval
     */
    public ConsulCatalog start() {
      if (services.isEmpty() && gateway.isEmpty() && !all && remoteGateways.isEmpty()) {
        throw new IllegalStateException("services: none (expected: services(...), linkedServicesOf(gateway), "
            + "allServices() or remoteGateways(service))");
      }
      if (datacenterInterval.compareTo(minInterval) < 0) {
        throw new IllegalArgumentException("datacenterInterval: " + datacenterInterval + " (expected: at least the "
            + "minimum interval, " + minInterval + ")");
      }
      // Validate the timing once, through a watch builder, before any thread starts.
      Watch.builder(client, "/", (e, b) -> b).wait(wait).minInterval(minInterval).backoff(baseBackoff, maxBackoff);
      ConsulCatalog c = new ConsulCatalog(this);
      c.publisher.setDaemon(true);
      c.publisher.start();
      synchronized (c.lock) {
        for (ServiceName s : services) {
          c.follow(new Key(datacenter, s));
        }
        if (!gateway.isEmpty()) {
          c.lists.add(c.timed(ConsulWatches.gatewayServices(client, gateway))
              .listener((rows, index) -> c.linked(rows))
              .start());
        }
        if (all) {
          c.lists.add(c.timed(ConsulWatches.catalogServices(client))
              .listener((names, index) -> c.listed(names))
              .start());
        }
        if (!remoteGateways.isEmpty()) {
          c.lists.add(ConsulWatches.datacenters(client).wait(wait).minInterval(datacenterInterval)
              .backoff(baseBackoff, maxBackoff).listener((names, index) -> c.datacentersChanged(names))
              .start());
        }
      }
      return c;
    }
  }
}
