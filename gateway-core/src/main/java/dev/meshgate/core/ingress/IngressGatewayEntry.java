package dev.meshgate.core.ingress;

import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.internal.Problems;
import dev.meshgate.core.internal.Require;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An {@code ingress-gateway} config entry: the listeners a gateway named {@code Name} opens, the
 * services each exposes, TLS, and the default limits of upstream clusters.
 *
 * <p>Construction normalizes as Consul does (listener protocols lower-cased, empty meaning
 * {@code tcp}; services inherit the entry's namespace and partition) and validates. Invalid entries
 * never exist: construction throws {@link dev.meshgate.core.config.InvalidConfigEntryException} with
 * every problem at once, Consul's checks first in Consul's order and with Consul's texts:
 * {@code Name is required}; the meta limits; the gateway's TLS versions and suites;
 * then per listener the duplicate port, the protocol, the missing service, several services on a
 * non-HTTP listener, the listener's TLS; then per service the header modifiers on a non-HTTP
 * listener, {@code *} or hosts on a tcp listener, the blank name, {@code *} with hosts, the
 * wildcard namespace, the duplicate service, the SDS rules of three levels, and per host its
 * uniqueness within the listener and Consul's {@code validateHost}. As there, the host {@code *}
 * is refused ({@code Host '*' is not allowed when TLS is enabled, ...}) only when the gateway-level
 * {@code TLS.Enabled} is set; it is accepted when TLS comes only from a listener's own {@code TLS}
 * or from an SDS certificate at any level, because {@code *} never becomes a DNS SAN of the leaf
 * certificate and an SDS certificate is not issued from the hosts.
 *
 * <p>Where meshgate is stricter, its checks come after all of Consul's, so that for any entry Consul
 * rejects the first error is Consul's:
 *
 * <ul>
 *   <li>services compare ignoring letter case, as the catalog does (Consul: exactly);
 *   <li>{@code listener port <p> not in the range 1-65535} (Consul accepts any int);
 *   <li>hosts must be what a Host header or TLS server name can carry ({@code Host "<h>" must be a
 *       valid DNS hostname: <why>}): letters, digits, {@code -} and {@code _}, an optional leading
 *       {@code *.}, an optional {@code :port} (Consul's rule accepts spaces, escapes and more);
 *   <li>hosts must be unique within a listener also ignoring case, a trailing dot and the port,
 *       because meshgate matches them that way (Consul's text);
 *   <li>the SNI-routing setting of {@code tcp} listeners, which Consul does not have: only on
 *       {@code tcp}, only with TLS served, and every service needs port-less {@code Hosts}.
 * </ul>
 *
 * Whether a service's protocol matches its listener's is Consul's write-time graph check; meshgate
 * checks it against the catalog when it routes (see {@link IngressRouter#warnings()}), so writing
 * {@code service-defaults} after the ingress entry works.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the gateway's service name
 * @param namespace the entry's namespace
 * @param partition the entry's admin partition
 * @param tls the gateway-level TLS
 * @param listeners the listeners, in order
 * @param defaults the {@code Defaults} limits of every upstream cluster
 * @param meta the entry's {@code Meta}
 */
public record IngressGatewayEntry(
    String name,
    String namespace,
    String partition,
    GatewayTls tls,
    List<IngressListener> listeners,
    ServiceLimits defaults,
    Map<String, String> meta) {
  /** The config entry kind. */
  public static final String KIND = "ingress-gateway";

  /**
   * Normalizes and validates the entry.
   *
   * @param name the gateway's service name
   * @param namespace the entry's namespace; empty means {@code default}
   * @param partition the entry's admin partition; empty means {@code default}
   * @param tls the gateway-level TLS
   * @param listeners the listeners
   * @param defaults the default limits
   * @param meta the entry's meta
   * @throws dev.meshgate.core.config.InvalidConfigEntryException with every problem found
   */
  public IngressGatewayEntry {
    namespace = namespace.isEmpty() ? ServiceName.DEFAULT : namespace;
    partition = partition.isEmpty() ? ServiceName.DEFAULT : partition;
    List<IngressListener> normalized = new ArrayList<>(listeners.size());
    for (IngressListener l : listeners) {
      List<IngressService> services = new ArrayList<>(l.services().size());
      for (IngressService s : l.services()) {
        services.add(s.inherit(namespace, partition));
      }
      normalized.add(new IngressListener(l.port(), l.protocol(), l.tls(), services, l.sniRouting()));
    }
    listeners = List.copyOf(normalized);
    meta = Map.copyOf(meta);
    Problems problems = new Problems(KIND, name);
    EntryValidator.validate(name, tls, listeners, meta, problems);
    problems.throwIfAny();
  }

  /**
   * Starts building an entry.
   *
   * @param name the gateway's service name
   * @return a builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Returns the listener on a port.
   *
   * @param port the port
   * @return the listener, or empty
   */
  public Optional<IngressListener> listener(int port) {
    for (IngressListener l : listeners) {
      if (l.port() == port) {
        return Optional.of(l);
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the TLS a listener serves: its own settings laid over the gateway's (see
   * {@link GatewayTls#overriddenBy}).
   *
   * @param listener one of this entry's listeners
   * @return the effective TLS settings
   */
  public GatewayTls tlsFor(IngressListener listener) {
    return tls.overriddenBy(listener.tls());
  }

  /**
   * Returns the services the entry names explicitly, as Consul's {@code ListRelatedServices}: every
   * listener's services but {@code *} (never expanded), once each, sorted by partition, namespace
   * and name.
   *
   * @return the services
   */
  public List<ServiceName> relatedServices() {
    Map<String, ServiceName> found = new TreeMap<>();
    for (IngressListener l : listeners) {
      for (IngressService s : l.services()) {
        if (!s.isWildcard()) {
          ServiceName sn = s.serviceName();
          found.putIfAbsent(sn.partition() + "/" + sn.namespace() + "/" + sn.name(), sn);
        }
      }
    }
    return List.copyOf(found.values());
  }

  /**
   * Builds an {@link IngressGatewayEntry}. Each setting may be set once; listeners accumulate in
   * order. {@link #build()} validates and leaves the builder reusable. Not thread-safe.
   */
  public static final class Builder {
    private final String name;
    private String namespace;
    private String partition;
    private GatewayTls tls;
    private final List<IngressListener> listeners = new ArrayList<>();
    private ServiceLimits defaults;
    private Map<String, String> meta;

    private Builder(String name) {
      this.name = Require.notNull(name, "name");
    }

    /**
     * Sets the entry's namespace (default: {@code default}).
     *
     * @param value the namespace
     * @return this builder
     */
    public Builder namespace(String value) {
      namespace = Require.once(namespace, value, "namespace");
      return this;
    }

    /**
     * Sets the entry's admin partition (default: {@code default}).
     *
     * @param value the partition
     * @return this builder
     */
    public Builder partition(String value) {
      partition = Require.once(partition, value, "partition");
      return this;
    }

    /**
     * Sets the gateway-level TLS (default: none).
     *
     * @param value the TLS settings
     * @return this builder
     */
    public Builder tls(GatewayTls value) {
      tls = Require.once(tls, value, "tls");
      return this;
    }

    /**
     * Appends listeners.
     *
     * @param values the listeners, in order
     * @return this builder
     */
    public Builder listeners(IngressListener... values) {
      listeners.addAll(List.of(values));
      return this;
    }

    /**
     * Sets {@code Defaults} (default: none).
     *
     * @param value the default limits of upstream clusters
     * @return this builder
     */
    public Builder defaults(ServiceLimits value) {
      defaults = Require.once(defaults, value, "defaults");
      return this;
    }

    /**
     * Sets {@code Meta} (default: none).
     *
     * @param value the meta
     * @return this builder
     */
    public Builder meta(Map<String, String> value) {
      meta = Require.once(meta, new LinkedHashMap<>(value), "meta");
      return this;
    }

    /**
     * Normalizes, validates and builds the entry.
     *
     * @return the entry
     * @throws dev.meshgate.core.config.InvalidConfigEntryException with every problem found
     */
    public IngressGatewayEntry build() {
      return new IngressGatewayEntry(name, namespace != null ? namespace : "", partition != null ? partition : "",
          tls != null ? tls : GatewayTls.NONE, listeners, defaults != null ? defaults : ServiceLimits.NONE,
          meta != null ? meta : Map.of());
    }
  }
}
