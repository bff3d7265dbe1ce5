package dev.meshgate.consul.api;

import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.naming.SpiffeId;
import dev.meshgate.core.routing.Subscription;
import dev.meshgate.core.terminating.Route;
import dev.meshgate.core.terminating.RouteTable;
import dev.meshgate.core.terminating.TerminatingGateway;
import dev.meshgate.tls.KeyMaterial;
import dev.meshgate.tls.TerminatingGatewayTls;
import dev.meshgate.tls.TlsContexts;
import dev.meshgate.tls.TrustBundle;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a terminating gateway's TLS material current from a Consul agent, with no restart: the
 * Connect CA roots that callers' certificates must chain to, and the leaf certificate the gateway
 * presents for each linked service it routes, each followed by a blocking-query watch
 * ({@code /v1/agent/connect/ca/roots}, {@code /v1/agent/connect/ca/leaf/<service>}).
 *
 * <p>A service linked in Consul gets a leaf watch when its route appears and is served once its
 * first leaf arrives (until then its handshakes fail, closed); a rotated leaf or root is used for
 * new handshakes as soon as the agent answers it; a service no longer routed has its watch closed.
 * A failing watch keeps the last leaf or roots it delivered. Built on {@link
 * TerminatingGatewayTls}, which {@link #tls()} returns for the per-connection calls.
 *
 * <p>Thread-safe. Close it to stop every watch; the material stays usable.
 */
public final class ConsulTerminatingTls implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConsulTerminatingTls.class);

  private final Builder settings;
  private final Watch<CaRoots> roots;
  private final Map<SpiffeId.Service, Watch<LeafCertificate>> leaves = new ConcurrentHashMap<>();
  /** The parsed leaf of each watched certificate, so a refresh parses only what changed. */
  private final Map<String, KeyMaterial> parsed = new ConcurrentHashMap<>();
  private final TerminatingGatewayTls tls;
  private final Subscription subscription;
  private volatile boolean open = true;

  private ConsulTerminatingTls(Builder b, TrustBundle firstRoots, Watch<CaRoots> roots) {
    this.settings = b;
    this.roots = roots;
    this.tls = TerminatingGatewayTls.follow(b.gateway, b.contexts, firstRoots, this::leaf);
    this.subscription = b.gateway.subscribe((before, after) -> closeUnrouted(after));
    closeUnrouted(b.gateway.table());
    tls.refreshLeaves(); // leaves that arrived while the follower was being built
  }

  /**
   * Starts following a gateway's TLS material in Consul.
   *
   * @param client the client of the Consul agent
   * @param gateway the gateway whose routes say which leaves are needed
   * @param contexts the contexts the server and origination contexts are built with
   * @return a builder; {@link Builder#start()} waits for the first CA roots
   */
  public static Builder builder(ConsulClient client, TerminatingGateway gateway, TlsContexts contexts) {
    return new Builder(client, gateway, contexts);
  }

  /**
   * Returns the TLS material that follows the gateway: the mesh-side server context and the
   * per-connection origination call.
   *
   * @return the follower
   */
  public TerminatingGatewayTls tls() {
    return tls;
  }

  /**
   * Returns what the leaf watch of a service knows about its health, e.g. for an admin view.
   *
   * @param service the SPIFFE ID the gateway presents for the service
   * @return the watch's status, or empty when the service has no leaf watch
   */
  public Optional<Watch.Status> leafStatus(SpiffeId.Service service) {
    Watch<LeafCertificate> w = leaves.get(service);
    return w == null ? Optional.empty() : Optional.of(w.status());
  }

  /**
   * Returns what the roots watch knows about its health.
   *
   * @return the status
   */
  public Watch.Status rootsStatus() {
    return roots.status();
  }

  /** Stops every watch and stops following the gateway; the material stays usable. */
  @Override
  public void close() {
    open = false;
    subscription.close();
    roots.close();
    leaves.values().forEach(Watch::close);
    leaves.clear();
  }

  /** The leaf source of the follower: the latest leaf of the service's watch, started on first use. */
  private KeyMaterial leaf(SpiffeId.Service service) {
    Watch<LeafCertificate> watch = open ? leaves.computeIfAbsent(service, this::watchLeaf) : leaves.get(service);
    if (watch == null) {
      throw new IllegalStateException("the Consul TLS follower is closed");
    }
    LeafCertificate leaf = watch.latest().orElseThrow(() -> new IllegalStateException(
        "no leaf certificate from " + watch.endpoint() + " yet" + watch.status().lastError().map(e -> ": " + e)
            .orElse("")));
    return parsed.computeIfAbsent(leaf.serialNumber() + " " + leaf.serviceUri(), k -> KeyMaterial.parse(
        watch.endpoint(), leaf.certPem(), leaf.privateKeyPem(), new char[0], Instant.now()));
  }

  private Watch<LeafCertificate> watchLeaf(SpiffeId.Service service) {
    Watch.Builder<LeafCertificate> b = settings.timing(ConsulWatches.leaf(settings.client, service.service()));
    if (!ServiceName.DEFAULT.equals(service.namespace())) {
      b.query("ns", service.namespace());
    }
    if (!ServiceName.DEFAULT.equals(service.partition())) {
      b.query("partition", service.partition());
    }
    return b.listener((leaf, index) -> {
      // The follower asks this class again, which now finds the new leaf.
      if (open && tls != null) {
        tls.refreshLeaves();
      }
    }).start();
  }

  private void closeUnrouted(RouteTable table) {
    Set<SpiffeId.Service> routed = new HashSet<>();
    for (Route route : table.routes()) {
      routed.add(route.identity());
    }
    leaves.forEach((service, watch) -> {
      if (!routed.contains(service) && leaves.remove(service, watch)) {
        watch.close();
        log.debug("stopped watching the leaf of {}: no longer routed", service.uri());
      }
    });
    parsed.keySet().removeIf(k -> routed.stream().noneMatch(s -> k.endsWith(" " + s.uri())));
  }

  /**
   * Settings of a {@link ConsulTerminatingTls}. The watch timings default to {@link Watch}'s
   * (5 minute wait, 100 ms minimum interval, backoff from 1 s to 60 s). Not thread-safe.
   */
  public static final class Builder {
    private final ConsulClient client;
    private final TerminatingGateway gateway;
    private final TlsContexts contexts;
    private Duration wait;
    private Duration minInterval;
    private Duration baseBackoff;
    private Duration maxBackoff;
    private Duration firstRootsTimeout = Duration.ofSeconds(30);

    private Builder(ConsulClient client, TerminatingGateway gateway, TlsContexts contexts) {
      this.client = Objects.requireNonNull(client, "client");
      this.gateway = Objects.requireNonNull(gateway, "gateway");
      this.contexts = Objects.requireNonNull(contexts, "contexts");
    }

    /**
     * Sets the blocking queries' {@code wait}, minimum interval and error backoff of every watch.
     *
     * @param wait how long the agent may hold a query
     * @param minInterval the least time between two queries of one watch
     * @param baseBackoff the first delay after an error
     * @param maxBackoff the largest delay after errors
     * @return this builder
     */
    public Builder timing(Duration wait, Duration minInterval, Duration baseBackoff, Duration maxBackoff) {
      if (this.wait != null) {
        throw new IllegalStateException("timing was already set");
      }
      this.wait = Objects.requireNonNull(wait, "wait");
      this.minInterval = Objects.requireNonNull(minInterval, "minInterval");
      this.baseBackoff = Objects.requireNonNull(baseBackoff, "baseBackoff");
      this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff");
      return this;
    }

    /**
     * Sets how long {@link #start()} waits for the first CA roots (default 30 s).
     *
     * @param value the time to wait
     * @return this builder
     */
    public Builder firstRootsTimeout(Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("firstRootsTimeout: " + value + " (expected: > 0)");
      }
      firstRootsTimeout = value;
      return this;
    }

    private <T> Watch.Builder<T> timing(Watch.Builder<T> b) {
      return wait == null ? b : b.wait(wait).minInterval(minInterval).backoff(baseBackoff, maxBackoff);
    }

    /**
     * Starts the roots watch, waits for the first roots, then follows the gateway.
     *
     * @return the follower
     * @throws IllegalStateException if no usable roots arrive in time, naming the endpoint and the
     *     last error
     * @throws InterruptedException if interrupted while waiting
     */
    public ConsulTerminatingTls start() throws InterruptedException {
      ConsulTerminatingTls[] self = new ConsulTerminatingTls[1];
      Watch<CaRoots> roots = timing(ConsulWatches.caRoots(client)).listener((value, index) -> {
        ConsulTerminatingTls follower = self[0];
        if (follower != null) {
          try {
            follower.tls.updateRoots(value.trustBundle());
          } catch (RuntimeException e) {
            log.warn("{}: CA roots at index {} not used, keeping the previous ones: {}", "/v1/agent/connect/ca/roots",
                index, e.getMessage());
          }
        }
      }).start();
      long deadline = System.nanoTime() + firstRootsTimeout.toNanos();
      TrustBundle first = null;
      RuntimeException problem = null;
      while (first == null && System.nanoTime() < deadline) {
        Optional<CaRoots> latest = roots.latest();
        if (latest.isPresent()) {
          try {
            first = latest.get().trustBundle();
          } catch (RuntimeException e) {
            problem = e;
          }
        }
        if (first == null) {
          Thread.sleep(10);
        }
      }
      if (first == null) {
        Watch.Status status = roots.status();
        roots.close();
        throw new IllegalStateException("no usable CA roots from " + roots.endpoint() + " within " + firstRootsTimeout
            + (problem != null ? ": " + problem.getMessage() : status.lastError().map(e -> ": " + e).orElse("")));
      }
      ConsulTerminatingTls follower = new ConsulTerminatingTls(this, first, roots);
      self[0] = follower;
      return follower;
    }
  }
}
