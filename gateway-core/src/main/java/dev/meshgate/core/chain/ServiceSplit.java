package dev.meshgate.core.chain;

import dev.meshgate.core.internal.Require;

/**
 * One leg of a {@code service-splitter}, as Consul's {@code ServiceSplit}: a weight (a percentage
 * with 0.01 % resolution) and what that share of requests resolves to. Empty strings mean "unset":
 * the service defaults to the splitter's own, namespace and partition to the splitter's, an unset
 * subset to the target's {@code DefaultSubset}. A leg that names another service without a subset
 * continues through that service's splitter, if it has one (splits are flattened); a leg with a
 * subset goes straight to its resolver. Immutable and thread-safe.
 *
 * @param weight the share of requests, 0 to 100
 * @param service the service, or empty for the splitter's
 * @param serviceSubset the subset, or empty
 * @param namespace the namespace, or empty for the splitter's
 * @param partition the admin partition, or empty for the splitter's
 * @param requestHeaders changes to the request's headers on this leg
 * @param responseHeaders changes to the response's headers on this leg
 */
public record ServiceSplit(
    float weight,
    String service,
    String serviceSubset,
    String namespace,
    String partition,
    HttpHeaderModifiers requestHeaders,
    HttpHeaderModifiers responseHeaders) {

  /**
   * Checks for nulls.
   *
   * @param weight the weight
   * @param service the service, or empty
   * @param serviceSubset the subset, or empty
   * @param namespace the namespace, or empty
   * @param partition the partition, or empty
   * @param requestHeaders request header changes
   * @param responseHeaders response header changes
   * @throws NullPointerException if an argument is null
   */
  public ServiceSplit {
    Require.notNull(service, "service");
    Require.notNull(serviceSubset, "serviceSubset");
    Require.notNull(namespace, "namespace");
    Require.notNull(partition, "partition");
    Require.notNull(requestHeaders, "requestHeaders");
    Require.notNull(responseHeaders, "responseHeaders");
  }

  /**
   * Starts building a leg.
   *
   * @param weight the share of requests, 0 to 100
   * @return a builder
   */
  public static Builder builder(float weight) {
    return new Builder(weight);
  }

  /**
   * Returns this leg with another weight (the compiler's flattening uses it).
   *
   * @param newWeight the weight
   * @return a copy
   */
  ServiceSplit withWeight(float newWeight) {
    return new ServiceSplit(newWeight, service, serviceSubset, namespace, partition, requestHeaders, responseHeaders);
  }

  /**
   * Builds a {@link ServiceSplit}. Each setting may be set once. Not thread-safe.
   */
  public static final class Builder {
    private final float weight;
    private String service;
    private String serviceSubset;
    private String namespace;
    private String partition;
    private HttpHeaderModifiers requestHeaders;
    private HttpHeaderModifiers responseHeaders;

    private Builder(float weight) {
      this.weight = weight;
    }

    /**
     * Sets {@code Service}.
     *
     * @param value the service
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
     * Builds the leg (validation is the splitter's).
     *
     * @return the leg
     */
    public ServiceSplit build() {
      return new ServiceSplit(weight, service != null ? service : "", serviceSubset != null ? serviceSubset : "",
          namespace != null ? namespace : "", partition != null ? partition : "",
          requestHeaders != null ? requestHeaders : HttpHeaderModifiers.NONE,
          responseHeaders != null ? responseHeaders : HttpHeaderModifiers.NONE);
    }
  }
}
