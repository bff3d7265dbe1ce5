package dev.meshgate.core.ingress;

import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.internal.Require;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One service a listener exposes, as Consul's {@code IngressService}: a service name (or {@code *}
 * for every service of the namespace that has a Connect instance and speaks the listener's
 * protocol), the hosts that select it, an optional per-service SDS certificate chosen by SNI,
 * header modifiers and limits.
 *
 * <p>An empty namespace or partition inherits the entry's when the entry is built. Collections are
 * immutable copies in the order written. Immutable and thread-safe.
 *
 * @param name the service name, or {@code *}
 * @param namespace the namespace; empty inherits the entry's
 * @param partition the admin partition; empty inherits the entry's
 * @param hosts the {@code Hosts}: exact names, {@code *.suffix} names, {@code *}, optionally with
 *     {@code :port}; empty for the default domains
 * @param tls a per-service SDS certificate ({@code TLS.SDS}), or empty
 * @param requestHeaders {@code RequestHeaders}
 * @param responseHeaders {@code ResponseHeaders}
 * @param limits {@code MaxConnections}, {@code MaxPendingRequests}, {@code MaxConcurrentRequests},
 *     {@code PassiveHealthCheck}
 * @param meta the service's {@code Meta}
 */
public record IngressService(
    String name,
    String namespace,
    String partition,
    List<String> hosts,
    Optional<Sds> tls,
    HeaderModifiers requestHeaders,
    HeaderModifiers responseHeaders,
    ServiceLimits limits,
    Map<String, String> meta) {
  /** The name that stands for every service of a namespace. */
  public static final String WILDCARD = "*";

  /**
   * Copies the collections.
   *
   * @param name the service name, or {@code *}
   * @param namespace the namespace; empty inherits the entry's
   * @param partition the admin partition; empty inherits the entry's
   * @param hosts the hosts
   * @param tls a per-service SDS certificate, or empty
   * @param requestHeaders request header modifiers
   * @param responseHeaders response header modifiers
   * @param limits the limits
   * @param meta the meta
   */
  public IngressService {
    hosts = List.copyOf(hosts);
    meta = Map.copyOf(meta);
  }

  /**
   * Returns a service exposed by name only, with its default domains.
   *
   * @param name the service name, or {@code *}
   * @return the service
   */
  public static IngressService of(String name) {
    return builder(name).build();
  }

  /**
   * Starts building a service.
   *
   * @param name the service name, or {@code *}
   * @return a builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Tells whether this is the {@code *} service.
   *
   * @return true for {@code *}
   */
  public boolean isWildcard() {
    return WILDCARD.equals(name);
  }

  /**
   * Returns the service's name with namespace and partition ({@code default} where empty).
   *
   * @return the service name
   */
  public ServiceName serviceName() {
    return new ServiceName(name, namespace, partition);
  }

  /** Returns this service with the entry's namespace and partition where its own are empty. */
  IngressService inherit(String entryNamespace, String entryPartition) {
    return new IngressService(name, namespace.isEmpty() ? entryNamespace : namespace,
        partition.isEmpty() ? entryPartition : partition, hosts, tls, requestHeaders, responseHeaders, limits, meta);
  }

  /**
   * Builds an {@link IngressService}. Each setting may be set once; {@link #build()} leaves the
   * builder reusable. Not thread-safe.
   */
  public static final class Builder {
    private final String name;
    private String namespace;
    private String partition;
    private List<String> hosts;
    private Sds tls;
    private HeaderModifiers requestHeaders;
    private HeaderModifiers responseHeaders;
    private ServiceLimits limits;
    private Map<String, String> meta;

    private Builder(String name) {
      this.name = Require.notNull(name, "name");
    }

    /**
     * Sets the namespace (default: the entry's).
     *
     * @param value the namespace
     * @return this builder
     */
    public Builder namespace(String value) {
      namespace = Require.once(namespace, value, "namespace");
      return this;
    }

    /**
     * Sets the admin partition (default: the entry's).
     *
     * @param value the partition
     * @return this builder
     */
    public Builder partition(String value) {
      partition = Require.once(partition, value, "partition");
      return this;
    }

    /**
     * Sets {@code Hosts} (default: none, which means the default domains).
     *
     * @param values the hosts, in order
     * @return this builder
     */
    public Builder hosts(String... values) {
      hosts = Require.once(hosts, new ArrayList<>(List.of(values)), "hosts");
      return this;
    }

    /**
     * Sets the per-service SDS certificate ({@code TLS.SDS}; default: none).
     *
     * @param clusterName the SDS cluster, or empty to inherit the listener's or gateway's
     * @param certResource the certificate resource
     * @return this builder
     */
    public Builder tls(String clusterName, String certResource) {
      tls = Require.once(tls, new Sds(clusterName, certResource), "tls");
      return this;
    }

    /**
     * Sets {@code RequestHeaders} (default: none).
     *
     * @param value the modifiers
     * @return this builder
     */
    public Builder requestHeaders(HeaderModifiers value) {
      requestHeaders = Require.once(requestHeaders, value, "requestHeaders");
      return this;
    }

    /**
     * Sets {@code ResponseHeaders} (default: none).
     *
     * @param value the modifiers
     * @return this builder
     */
    public Builder responseHeaders(HeaderModifiers value) {
      responseHeaders = Require.once(responseHeaders, value, "responseHeaders");
      return this;
    }

    /**
     * Sets the limits (default: none).
     *
     * @param value the limits
     * @return this builder
     */
    public Builder limits(ServiceLimits value) {
      limits = Require.once(limits, value, "limits");
      return this;
    }

    /**
     * Sets {@code Meta} (default: none).
     *
     * @param value the meta
     * @return this builder
     */
    public Builder meta(Map<String, String> value) {
      meta = Require.once(meta, Map.copyOf(value), "meta");
      return this;
    }

    /**
     * Builds the service.
     *
     * @return the service
     */
    public IngressService build() {
      return new IngressService(name, namespace != null ? namespace : "", partition != null ? partition : "",
          hosts != null ? hosts : List.of(), Optional.ofNullable(tls),
          requestHeaders != null ? requestHeaders : HeaderModifiers.NONE,
          responseHeaders != null ? responseHeaders : HeaderModifiers.NONE,
          limits != null ? limits : ServiceLimits.NONE, meta != null ? meta : Map.of());
    }
  }
}
