package dev.meshgate.core.ingress;

import dev.meshgate.core.internal.Require;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * TLS for an ingress gateway or one of its listeners, as Consul's {@code GatewayTLSConfig}:
 * whether to serve Consul's own leaf certificate ({@code Enabled}), or a certificate from SDS, and
 * the protocol versions and TLS 1.2 cipher suites to accept.
 *
 * <p>Versions and suites are kept as written, so that the entry's validation can report Consul's
 * messages for unknown values: versions are {@code TLS_AUTO}, {@code TLSv1_0} ... {@code TLSv1_3}
 * or empty for unset; suites are IANA names such as {@code TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}.
 * A listener's settings override the gateway's field by field; see
 * {@link IngressGatewayEntry#tlsFor(IngressListener)}. Immutable and thread-safe.
 *
 * @param enabled whether to serve Consul's leaf certificate ({@code Enabled})
 * @param sds a certificate from SDS ({@code SDS}), or empty
 * @param minVersion {@code TLSMinVersion}, or empty for unset
 * @param maxVersion {@code TLSMaxVersion}, or empty for unset
 * @param cipherSuites {@code CipherSuites}, in order
 */
public record GatewayTls(
    boolean enabled, Optional<Sds> sds, String minVersion, String maxVersion, List<String> cipherSuites) {
  /** No TLS and nothing to override. */
  public static final GatewayTls NONE = new GatewayTls(false, Optional.empty(), "", "", List.of());

  /**
   * Copies the suites.
   *
   * @param enabled whether to serve Consul's leaf certificate
   * @param sds a certificate from SDS, or empty
   * @param minVersion the minimum version, or empty
   * @param maxVersion the maximum version, or empty
   * @param cipherSuites the cipher suites
   */
  public GatewayTls {
    cipherSuites = List.copyOf(cipherSuites);
  }

  /**
   * Starts building TLS settings.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Tells whether these settings make a listener serve TLS: {@code Enabled}, or an SDS certificate.
   *
   * @return true when TLS is served
   */
  public boolean servesTls() {
    return enabled || sds.map(Sds::hasCertResource).orElse(false);
  }

  /**
   * Returns these gateway-level settings with a listener's laid over them, as Consul resolves a
   * listener's TLS: TLS is served if either enables it; each SDS field, version and the suite list
   * is the listener's where set, else the gateway's.
   *
   * @param listener the listener's own settings, if any
   * @return the effective settings of the listener
   */
  public GatewayTls overriddenBy(Optional<GatewayTls> listener) {
    if (listener.isEmpty()) {
      return this;
    }
    GatewayTls own = listener.get();
    String cluster = own.sds.map(Sds::clusterName).filter(v -> !v.isEmpty())
        .orElse(sds.map(Sds::clusterName).orElse(""));
    String cert = own.sds.map(Sds::certResource).filter(v -> !v.isEmpty())
        .orElse(sds.map(Sds::certResource).orElse(""));
    return new GatewayTls(
        enabled || own.enabled,
        cluster.isEmpty() && cert.isEmpty() ? Optional.empty() : Optional.of(new Sds(cluster, cert)),
        own.minVersion.isEmpty() ? minVersion : own.minVersion,
        own.maxVersion.isEmpty() ? maxVersion : own.maxVersion,
        own.cipherSuites.isEmpty() ? cipherSuites : own.cipherSuites);
  }

  /**
   * Builds {@link GatewayTls}. Each setting may be set once; {@link #build()} leaves the builder
   * reusable. Not thread-safe.
   */
  public static final class Builder {
    private Boolean enabled;
    private Sds sds;
    private String minVersion;
    private String maxVersion;
    private List<String> cipherSuites;

    private Builder() {}

    /**
     * Sets {@code Enabled} (default: false).
     *
     * @param value whether to serve Consul's leaf certificate
     * @return this builder
     */
    public Builder enabled(boolean value) {
      enabled = Require.once(enabled, value, "enabled");
      return this;
    }

    /**
     * Sets {@code SDS} (default: none).
     *
     * @param clusterName the SDS cluster, or empty
     * @param certResource the certificate resource, or empty
     * @return this builder
     */
    public Builder sds(String clusterName, String certResource) {
      sds = Require.once(sds, new Sds(clusterName, certResource), "sds");
      return this;
    }

    /**
     * Sets {@code TLSMinVersion} (default: unset).
     *
     * @param value e.g. {@code TLSv1_2}
     * @return this builder
     */
    public Builder minVersion(String value) {
      minVersion = Require.once(minVersion, value, "minVersion");
      return this;
    }

    /**
     * Sets {@code TLSMaxVersion} (default: unset).
     *
     * @param value e.g. {@code TLSv1_3}
     * @return this builder
     */
    public Builder maxVersion(String value) {
      maxVersion = Require.once(maxVersion, value, "maxVersion");
      return this;
    }

    /**
     * Sets {@code CipherSuites} (default: none).
     *
     * @param values IANA suite names, in order of preference
     * @return this builder
     */
    public Builder cipherSuites(String... values) {
      cipherSuites = Require.once(cipherSuites, new ArrayList<>(List.of(values)), "cipherSuites");
      return this;
    }

    /**
     * Builds the settings.
     *
     * @return the settings
     */
    public GatewayTls build() {
      return new GatewayTls(enabled != null && enabled, Optional.ofNullable(sds),
          minVersion != null ? minVersion : "", maxVersion != null ? maxVersion : "",
          cipherSuites != null ? cipherSuites : List.of());
    }
  }
}
