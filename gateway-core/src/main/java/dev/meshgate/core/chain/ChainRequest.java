package dev.meshgate.core.chain;

import dev.meshgate.core.internal.Require;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The parts of an HTTP request the discovery chain routes by: method, path, query string, headers
 * and the source address. A host adapts its own request type to this interface, so that routing
 * reads the request in place; {@link #of} and {@link #builder()} give a simple implementation.
 *
 * <p>Implementations must return the same values for the duration of one routing call and should
 * not allocate: {@link ChainRouter#route} reads them on the request path.
 */
public interface ChainRequest {
  /**
   * Returns the method, compared exactly ({@code get} is not {@code GET}).
   *
   * @return e.g. {@code GET}
   */
  String method();

  /**
   * Returns the path, without the query string, as received (not decoded or normalized: that is the
   * host's job, before it asks).
   *
   * @return e.g. {@code /api/v1/items}
   */
  CharSequence path();

  /**
   * Returns the query string without the {@code ?}.
   *
   * @return e.g. {@code a=1&b=2}; empty when there is none
   */
  CharSequence query();

  /**
   * Returns a header's values joined with {@code ,}, or {@code null} when the request has no such
   * header. Pseudo-headers ({@code :authority}) are whatever the host maps them to.
   *
   * @param lowerCaseName the header name in lower case
   * @return the value, or {@code null} when absent
   */
  CharSequence header(String lowerCaseName);

  /**
   * Returns the downstream source IP as a literal in canonical form ({@code 10.0.0.1},
   * {@code 2001:db8::1}), which the {@code SourceIP} hash policy hashes.
   *
   * @return the address, or empty when unknown
   */
  String sourceAddress();

  /**
   * Returns a simple request.
   *
   * @param method the method
   * @param target the request target, {@code path[?query]}; a {@code #fragment} is dropped
   * @param headers header values by name (any case; the map holds one value per name)
   * @param sourceAddress the source IP, or empty
   * @return the request
   */
  static ChainRequest of(String method, String target, Map<String, String> headers, String sourceAddress) {
    Builder b = builder().method(method).target(target).sourceAddress(sourceAddress);
    headers.forEach(b::header);
    return b.build();
  }

  /**
   * Starts building a simple request.
   *
   * @return a builder
   */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a simple {@link ChainRequest}: immutable and thread-safe, headers in a hash map.
   * {@link #header} may be called repeatedly (values of one name are joined with {@code ,}); the
   * other settings once. Not thread-safe.
   */
  final class Builder {
    private String method;
    private String target;
    private String sourceAddress;
    private final Map<String, String> headers = new HashMap<>();

    private Builder() {}

    /**
     * Sets the method (default {@code GET}).
     *
     * @param value the method
     * @return this builder
     */
    public Builder method(String value) {
      method = Require.once(method, value, "method");
      return this;
    }

    /**
     * Sets the request target (default {@code /}).
     *
     * @param value {@code path[?query]}
     * @return this builder
     */
    public Builder target(String value) {
      target = Require.once(target, value, "target");
      return this;
    }

    /**
     * Adds a header value; values of one name are joined with {@code ,}, those of {@code cookie}
     * with {@code "; "} (as a proxy joins HTTP/2 cookie crumbs).
     *
     * @param name the name, any case
     * @param value the value
     * @return this builder
     */
    public Builder header(String name, String value) {
      Require.notNull(value, "value");
      String lower = Require.notNull(name, "name").toLowerCase(Locale.ROOT);
      String separator = "cookie".equals(lower) ? "; " : ",";
      headers.merge(lower, value, (a, b) -> a + separator + b);
      return this;
    }

    /**
     * Sets the source IP (default: unknown).
     *
     * @param value the address literal
     * @return this builder
     */
    public Builder sourceAddress(String value) {
      sourceAddress = Require.once(sourceAddress, value, "sourceAddress");
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     */
    public ChainRequest build() {
      String t = target != null ? target : "/";
      int hash = t.indexOf('#');
      if (hash >= 0) {
        t = t.substring(0, hash);
      }
      int q = t.indexOf('?');
      return new SimpleChainRequest(method != null ? method : "GET", q < 0 ? t : t.substring(0, q),
          q < 0 ? "" : t.substring(q + 1), Collections.unmodifiableMap(new HashMap<>(headers)),
          sourceAddress != null ? sourceAddress : "");
    }
  }
}
