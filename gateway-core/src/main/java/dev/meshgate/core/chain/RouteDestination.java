package dev.meshgate.core.chain;

import dev.meshgate.core.internal.Require;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a {@code service-router} route sends the requests it matches, and how, as Consul's
 * {@code ServiceRouteDestination}. Empty strings mean "unset": the service defaults to the router's
 * own, namespace and partition to the router's, and an unset subset to the target's
 * {@code DefaultSubset}. A destination that names a subset skips the target's splitter.
 *
 * <p>Timeouts: {@link Duration#ZERO} is unset (the proxy's default applies), a negative value
 * disables the timeout (Consul 1.15+). Retries: {@code NumRetries}, {@code RetryOnConnectFailure},
 * the Envoy conditions of {@code RetryOn} and {@code RetryOnStatusCodes}. Immutable and
 * thread-safe.
 *
 * @param service the service to resolve, or empty for the router's
 * @param serviceSubset the subset, or empty for the default one
 * @param namespace the namespace, or empty for the router's
 * @param partition the admin partition, or empty for the router's
 * @param prefixRewrite what replaces the matched path prefix (or exact path), or empty
 * @param requestTimeout the total time for the request and its retries
 * @param idleTimeout how long the request stream may be idle
 * @param numRetries how many times to retry a retriable failure
 * @param retryOnConnectFailure whether connection failures are retriable
 * @param retryOn Envoy retry conditions such as {@code 5xx} or {@code reset}
 * @param retryOnStatusCodes response status codes that are retriable
 * @param requestHeaders changes to the request's headers
 * @param responseHeaders changes to the response's headers
 */
public record RouteDestination(
    String service,
    String serviceSubset,
    String namespace,
    String partition,
    String prefixRewrite,
    Duration requestTimeout,
    Duration idleTimeout,
    int numRetries,
    boolean retryOnConnectFailure,
    List<String> retryOn,
    List<Integer> retryOnStatusCodes,
    HttpHeaderModifiers requestHeaders,
    HttpHeaderModifiers responseHeaders) {

  /**
   * Copies the lists.
   *
   * @param service the service, or empty
   * @param serviceSubset the subset, or empty
   * @param namespace the namespace, or empty
   * @param partition the partition, or empty
   * @param prefixRewrite the prefix rewrite, or empty
   * @param requestTimeout the request timeout
   * @param idleTimeout the idle timeout
   * @param numRetries the number of retries
   * @param retryOnConnectFailure retry on connection failures
   * @param retryOn retry conditions
   * @param retryOnStatusCodes retriable status codes
   * @param requestHeaders request header changes
   * @param responseHeaders response header changes
   * @throws NullPointerException if an argument or element is null
   */
  public RouteDestination {
    Require.notNull(service, "service");
    Require.notNull(serviceSubset, "serviceSubset");
    Require.notNull(namespace, "namespace");
    Require.notNull(partition, "partition");
    Require.notNull(prefixRewrite, "prefixRewrite");
    Require.notNull(requestTimeout, "requestTimeout");
    Require.notNull(idleTimeout, "idleTimeout");
    retryOn = List.copyOf(retryOn);
    retryOnStatusCodes = List.copyOf(retryOnStatusCodes);
    Require.notNull(requestHeaders, "requestHeaders");
    Require.notNull(responseHeaders, "responseHeaders");
  }

  /**
   * Returns a destination that only names a service.
   *
   * @param service the service
   * @return the destination
   */
  public static RouteDestination toService(String service) {
    return builder().service(service).build();
  }

  /**
   * Starts building a destination.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Tells whether any retry setting is present, as Consul's {@code HasRetryFeatures}.
   *
   * @return true when retries are configured
   */
  public boolean hasRetryFeatures() {
    return numRetries > 0 || retryOnConnectFailure || !retryOnStatusCodes.isEmpty() || !retryOn.isEmpty();
  }

  /**
   * Builds a {@link RouteDestination}. Each setting may be set once. Not thread-safe.
   */
  public static final class Builder {
    private String service;
    private String serviceSubset;
    private String namespace;
    private String partition;
    private String prefixRewrite;
    private Duration requestTimeout;
    private Duration idleTimeout;
    private Integer numRetries;
    private Boolean retryOnConnectFailure;
    private List<String> retryOn;
    private List<Integer> retryOnStatusCodes;
    private HttpHeaderModifiers requestHeaders;
    private HttpHeaderModifiers responseHeaders;

    private Builder() {}

    /**
     * Sets {@code Service}.
     *
     * @param value the service name
     * @return this builder
     */
    public Builder service(String value) {
      service = Require.once(service, value, "service");
      return this;
    }

    /**
     * Sets {@code ServiceSubset}.
     *
     * @param value the subset
     * @return this builder
     */
    public Builder serviceSubset(String value) {
      serviceSubset = Require.once(serviceSubset, value, "serviceSubset");
      return this;
    }

    /**
     * Sets {@code Namespace}.
     *
     * @param value the namespace
     * @return this builder
     */
    public Builder namespace(String value) {
      namespace = Require.once(namespace, value, "namespace");
      return this;
    }

    /**
     * Sets {@code Partition}.
     *
     * @param value the admin partition
     * @return this builder
     */
    public Builder partition(String value) {
      partition = Require.once(partition, value, "partition");
      return this;
    }

    /**
     * Sets {@code PrefixRewrite}.
     *
     * @param value what replaces the matched prefix
     * @return this builder
     */
    public Builder prefixRewrite(String value) {
      prefixRewrite = Require.once(prefixRewrite, value, "prefixRewrite");
      return this;
    }

    /**
     * Sets {@code RequestTimeout}.
     *
     * @param value the timeout; negative disables it
     * @return this builder
     */
    public Builder requestTimeout(Duration value) {
      requestTimeout = Require.once(requestTimeout, value, "requestTimeout");
      return this;
    }

    /**
     * Sets {@code IdleTimeout}.
     *
     * @param value the timeout; negative disables it
     * @return this builder
     */
    public Builder idleTimeout(Duration value) {
      idleTimeout = Require.once(idleTimeout, value, "idleTimeout");
      return this;
    }

    /**
     * Sets {@code NumRetries}.
     *
     * @param value the number of retries
     * @return this builder
     */
    public Builder numRetries(int value) {
      numRetries = Require.once(numRetries, value, "numRetries");
      return this;
    }

    /**
     * Sets {@code RetryOnConnectFailure}.
     *
     * @param value whether connection failures are retried
     * @return this builder
     */
    public Builder retryOnConnectFailure(boolean value) {
      retryOnConnectFailure = Require.once(retryOnConnectFailure, value, "retryOnConnectFailure");
      return this;
    }

    /**
     * Sets {@code RetryOn}.
     *
     * @param values Envoy retry conditions
     * @return this builder
     */
    public Builder retryOn(String... values) {
      retryOn = Require.once(retryOn, List.of(values), "retryOn");
      return this;
    }

    /**
     * Sets {@code RetryOnStatusCodes}.
     *
     * @param values retriable status codes
     * @return this builder
     */
    public Builder retryOnStatusCodes(Integer... values) {
      retryOnStatusCodes = Require.once(retryOnStatusCodes, new ArrayList<>(List.of(values)), "retryOnStatusCodes");
      return this;
    }

    /**
     * Sets {@code RequestHeaders}.
     *
     * @param value request header changes
     * @return this builder
     */
    public Builder requestHeaders(HttpHeaderModifiers value) {
      requestHeaders = Require.once(requestHeaders, value, "requestHeaders");
      return this;
    }

    /**
     * Sets {@code ResponseHeaders}.
     *
     * @param value response header changes
     * @return this builder
     */
    public Builder responseHeaders(HttpHeaderModifiers value) {
      responseHeaders = Require.once(responseHeaders, value, "responseHeaders");
      return this;
    }

    /**
     * Builds the destination (validation is the router's).
     *
     * @return the destination
     */
    public RouteDestination build() {
      return new RouteDestination(or(service), or(serviceSubset), or(namespace), or(partition), or(prefixRewrite),
          requestTimeout != null ? requestTimeout : Duration.ZERO, idleTimeout != null ? idleTimeout : Duration.ZERO,
          numRetries != null ? numRetries : 0, retryOnConnectFailure != null && retryOnConnectFailure,
          retryOn != null ? retryOn : List.of(), retryOnStatusCodes != null ? retryOnStatusCodes : List.of(),
          requestHeaders != null ? requestHeaders : HttpHeaderModifiers.NONE,
          responseHeaders != null ? responseHeaders : HttpHeaderModifiers.NONE);
    }

    private static String or(String value) {
      return value != null ? value : "";
    }
  }
}
