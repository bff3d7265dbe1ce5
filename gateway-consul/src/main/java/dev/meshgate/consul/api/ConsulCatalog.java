package dev.meshgate.consul.api;

import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.CatalogSource;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.catalog.ServiceName;
import java.time.Duration;
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
 * service that stops being linked loses its instances, because Consul said so.
 */

/**
 * A {@link CatalogSource} kept current from a Consul agent: the instances of the services a
 * gateway needs, each followed by a {@link Watch} of {@code /v1/health/service/<name>}. The
 * services are given up front, or followed from a gateway's links ({@code
 * /v1/catalog/gateway-services/<gateway>}, for a terminating gateway), or both; linked services
 * added in Consul are watched, and removed ones dropped, with no restart.
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
  private final CopyOnWriteArrayList<Consumer<CatalogSnapshot>> listeners = new CopyOnWriteArrayList<>();

  private final Object lock = new Object();
  private final Map<ServiceName, Watch<List<ServiceInstance>>> watches = new LinkedHashMap<>();
  private final Map<ServiceName, List<ServiceInstance>> instances = new HashMap<>();
  private Watch<List<GatewayService>> links;
  private volatile CatalogSnapshot current = CatalogSnapshot.empty();
  private CatalogSnapshot.Builder pending;
  private boolean dirty;
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
  }

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
   * @return the statuses: the gateway-services watch if any, then each service's health watch
   */
  public Map<String, Watch.Status> status() {
    Map<String, Watch.Status> out = new LinkedHashMap<>();
    synchronized (lock) {
      if (links != null) {
        out.put(links.endpoint(), links.status());
      }
      for (Watch<?> w : watches.values()) {
        out.put(w.endpoint(), w.status());
      }
    }
    return out;
  }

  /**
   * Returns the services followed now.
   *
   * @return the services, in the order first followed
   */
  public Set<ServiceName> services() {
    synchronized (lock) {
      return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(watches.keySet()));
    }
  }

  /** Stops every watch; the last snapshot stays readable. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
      if (links != null) {
        links.close();
      }
      for (Watch<?> w : watches.values()) {
        w.close();
      }
    }
  }

  private <T> Watch.Builder<T> timed(Watch.Builder<T> b) {
    return b.wait(wait).minInterval(minInterval).backoff(baseBackoff, maxBackoff);
  }

  private void follow(ServiceName service) {
    if (watches.containsKey(service)) {
      return;
    }
    // The listener checks that its own watch is still the service's: a watch closed because its
    // service was unlinked may deliver one last answer, which must not bring the instances back.
    AtomicReference<Watch<List<ServiceInstance>>> self = new AtomicReference<>();
    Watch<List<ServiceInstance>> w = timed(ConsulWatches.healthService(client, datacenter, service, connect))
        .listener((value, index) -> update(service, self, value))
        .start();
    self.set(w);
    watches.put(service, w);
  }

  private void linked(List<GatewayService> rows) {
    Set<ServiceName> wanted = new LinkedHashSet<>(fixed);
    for (GatewayService row : rows) {
      if (!row.service().name().equals("*")) {
        wanted.add(row.service());
      }
    }
    synchronized (lock) {
      if (closed) {
        return;
      }
      for (ServiceName s : wanted) {
        follow(s);
      }
      for (ServiceName s : List.copyOf(watches.keySet())) {
        if (!wanted.contains(s)) {
          watches.remove(s).close();
          List<ServiceInstance> old = instances.remove(s);
          if (old != null && !old.isEmpty()) {
            deregister(pending(), old);
            changed();
          }
          LOG.info("{} is no longer linked: its instances are dropped", s);
        }
      }
    }
  }

  private void update(
      ServiceName service, AtomicReference<Watch<List<ServiceInstance>>> from, List<ServiceInstance> now) {
    // follow() starts the watch and sets the reference under this lock, so it is set here.
    synchronized (lock) {
      if (closed || watches.get(service) != from.get()) {
        return;
      }
      CatalogSnapshot.Builder b = pending();
      List<ServiceInstance> old = instances.put(service, now);
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
        current = next;
      }
      publish(next);
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
      if (name.isEmpty()) {
        throw new IllegalArgumentException("linkedServicesOf: \"\" (expected: a gateway name)");
      }
      this.gateway = name;
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
     * @throws IllegalStateException if neither services nor a gateway were given
     */
    public ConsulCatalog start() {
      if (services.isEmpty() && gateway.isEmpty()) {
        throw new IllegalStateException("services: none (expected: services(...) or linkedServicesOf(gateway))");
      }
      // Validate the timing once, through a watch builder, before any thread starts.
      Watch.builder(client, "/", (e, b) -> b).wait(wait).minInterval(minInterval).backoff(baseBackoff, maxBackoff);
      ConsulCatalog c = new ConsulCatalog(this);
      c.publisher.setDaemon(true);
      c.publisher.start();
      synchronized (c.lock) {
        for (ServiceName s : services) {
          c.follow(s);
        }
        if (!gateway.isEmpty()) {
          c.links = c.timed(ConsulWatches.gatewayServices(client, gateway))
              .listener((rows, index) -> c.linked(rows))
              .start();
        }
      }
      return c;
    }
  }
}
