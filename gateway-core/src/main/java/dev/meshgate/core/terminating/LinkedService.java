package dev.meshgate.core.terminating;

import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.internal.Problems;
import dev.meshgate.core.internal.SetOnce;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One entry of a terminating gateway's {@code Services}: a service the gateway fronts (or {@code *}
 * for every service of a namespace) and how the gateway originates connections to it.
 *
 * <p>{@code subsetTls} goes beyond Consul, which shares one TLS setting between a service and all
 * its subsets: it gives a subset of the service's {@code service-resolver} its own origination
 * settings (for example another {@code SNI}), falling back to {@link #tls()} for subsets it does
 * not name.
 *
 * <p>Empty namespace and partition are inherited from the config entry when the entry is built.
 * Immutable and thread-safe; {@code subsetTls} iterates in subset-name order.
 *
 * @param name the service name, or {@code *}
 * @param namespace the namespace, or empty to inherit the entry's
 * @param partition the admin partition, or empty to inherit the entry's
 * @param tls the origination settings ({@code CAFile}, {@code CertFile}, {@code KeyFile}, {@code SNI})
 * @param subsetTls origination settings per resolver subset, overriding {@code tls}
 */
public record LinkedService(
    String name, String namespace, String partition, TlsSettings tls, Map<String, TlsSettings> subsetTls) {
  /** The name that links every service of a namespace. */
  public static final String WILDCARD = "*";

  /**
   * Copies the subset map.
   *
   * @param name the service name, or {@code *}
   * @param namespace the namespace, or empty to inherit the entry's
   * @param partition the admin partition, or empty to inherit the entry's
   * @param tls the origination settings
   * @param subsetTls origination settings per resolver subset
   */
  public LinkedService {
    subsetTls = Collections.unmodifiableMap(new TreeMap<>(subsetTls));
  }

  /**
   * Returns a plaintext link to a service in the entry's namespace and partition.
   *
   * @param name the service name, or {@code *}
   * @return the link
   */
  public static LinkedService of(String name) {
    return new LinkedService(name, "", "", TlsSettings.NONE, Map.of());
  }

  /**
   * Starts building a link.
   *
   * @param name the service name, or {@code *}
   * @return a builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Tells whether this is the wildcard link {@code *}.
   *
   * @return true for {@code *}
   */
  public boolean isWildcard() {
    return WILDCARD.equals(name);
  }

  /**
   * Returns the linked service's name with its namespace and partition.
   *
   * @return the service name ({@code *} for the wildcard)
   */
  public ServiceName serviceName() {
    return new ServiceName(name, namespace, partition);
  }

  /**
   * Returns the origination settings of a subset: its own, else the service's.
   *
   * @param subset the subset name
   * @return the settings
   */
  public TlsSettings tlsFor(String subset) {
    return subsetTls.getOrDefault(subset, tls);
  }

  LinkedService inherit(String entryNamespace, String entryPartition) {
    return new LinkedService(
        name, namespace.isEmpty() ? entryNamespace : namespace, partition.isEmpty() ? entryPartition : partition,
        tls, subsetTls);
  }

  /**
   * Builds a {@link LinkedService}. Each setting may be set once (each subset once);
   * {@link #build()} leaves the builder reusable. The entry, not the builder, validates the
   * combination of files, with Consul's messages. Not thread-safe.
   */
  public static final class Builder {
    private final SetOnce setOnce = new SetOnce();
    private final String name;
    private String namespace;
    private String partition;
    private String caFile;
    private String certFile;
    private String keyFile;
    private String sni;
    private final Map<String, TlsSettings> subsetTls = new TreeMap<>();

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Sets the namespace (default: the entry's).
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
     * Sets the admin partition (default: the entry's).
     *
     * @param value the partition
     * @return this builder
     */
    public Builder partition(String value) {
      setOnce.check("partition", partition);
      partition = value;
      return this;
    }

    /**
     * Sets {@code CAFile}: the CA bundle that verifies the service's certificate.
     *
     * @param value a path on the gateway host
     * @return this builder
     */
    public Builder caFile(String value) {
      setOnce.check("CAFile", caFile);
      caFile = value;
      return this;
    }

    /**
     * Sets {@code CertFile}: the client certificate for mutual TLS.
     *
     * @param value a path on the gateway host
     * @return this builder
     */
    public Builder certFile(String value) {
      setOnce.check("CertFile", certFile);
      certFile = value;
      return this;
    }

    /**
     * Sets {@code KeyFile}: the client key for mutual TLS.
     *
     * @param value a path on the gateway host
     * @return this builder
     */
    public Builder keyFile(String value) {
      setOnce.check("KeyFile", keyFile);
      keyFile = value;
      return this;
    }

    /**
     * Sets {@code SNI}: the server name sent to the service, which its certificate must also carry.
     *
     * @param value a DNS host name
     * @return this builder
     */
    public Builder sni(String value) {
      setOnce.check("SNI", sni);
      sni = value;
      return this;
    }

    /**
     * Gives one resolver subset its own origination settings (beyond Consul).
     *
     * @param subset the subset name
     * @param settings the settings for connections routed to that subset
     * @return this builder
     */
    public Builder subsetTls(String subset, TlsSettings settings) {
      setOnce.check("TLS of subset " + Problems.quote(subset), subsetTls.get(subset));
      subsetTls.put(subset, settings);
      return this;
    }

    /**
     * Builds the link.
     *
     * @return the link
     */
    public LinkedService build() {
      return new LinkedService(
          name,
          namespace != null ? namespace : "",
          partition != null ? partition : "",
          new TlsSettings(orEmpty(caFile), orEmpty(certFile), orEmpty(keyFile), orEmpty(sni)),
          subsetTls);
    }

    private static String orEmpty(String s) {
      return s != null ? s : "";
    }
  }
}
