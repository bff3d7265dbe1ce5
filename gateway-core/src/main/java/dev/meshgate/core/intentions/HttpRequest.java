package dev.meshgate.core.intentions;

import dev.meshgate.core.internal.Require;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP attributes an L7 decision looks at: method, path, headers and the JWT the host verified.
 *
 * <p>Normalized on construction, so that decisions compare plain strings:
 *
 * <ul>
 *   <li>the path loses everything from the first {@code ?} or {@code #}: Envoy's {@code url_path}
 *       matcher compares the path without query string, so {@code /v1/secret?x=1} is matched as
 *       {@code /v1/secret}. Nothing else is done to it: percent-decoding,
 *       dot-segment removal and slash merging are the host proxy's job, before it asks;
 *   <li>header names are lower-cased ({@link Locale#ROOT}), and several values of one header are
 *       joined with {@code ,} in the order given, which is what Envoy matches against;
 *   <li>the method is kept as given and compared exactly ({@code get} is not {@code GET}).
 * </ul>
 *
 * <p>Pseudo-headers ({@code :authority}, ...) match only if the host adds them as headers.
 *
 * <p>Immutable and thread-safe. {@link #toString()} omits header values and claims, which may be
 * secrets (cookies, tokens).
 *
 * @param method the request method, e.g. {@code GET}; not empty
 * @param path the request path; the query string and fragment are removed
 * @param headers header values keyed by lower-case name
 * @param jwt the verified token, if the request carried one the host verified
 */
public record HttpRequest(String method, String path, Map<String, String> headers, Optional<VerifiedJwt> jwt) {
  /**
   * Normalizes the path and header names.
   *
   * @param method the request method; not empty
   * @param path the request path
   * @param headers header values keyed by name (any case)
   * @param jwt the verified token, if any
   * @throws IllegalArgumentException if the method is empty
   * @throws NullPointerException if an argument, a header name or a value is null
   */
  public HttpRequest {
    Require.field(!Require.notNull(method, "method").isEmpty(), "method", method, "an HTTP method such as GET");
    path = withoutQuery(Require.notNull(path, "path"));
    Map<String, String> lower = new LinkedHashMap<>();
    headers.forEach(
        (name, value) -> lower.merge(
            Require.notNull(name, "header name").toLowerCase(Locale.ROOT), Require.notNull(value, "header value"),
            (a, b) -> a + "," + b));
    headers = Collections.unmodifiableMap(lower);
    Require.notNull(jwt, "jwt");
  }

  /**
   * Returns a request without headers or token.
   *
   * @param method the request method
   * @param path the request path
   * @return the request
   */
  public static HttpRequest of(String method, String path) {
    return new HttpRequest(method, path, Map.of(), Optional.empty());
  }

  /**
   * Returns a builder for a request.
   *
   * @return a new, empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  static String withoutQuery(String path) {
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '?' || c == '#') {
        return path.substring(0, i);
      }
    }
    return path;
  }

  @Override
  public String toString() {
    return "HttpRequest[" + method + " " + path + ", headers=" + headers.keySet()
        + (jwt.isPresent() ? ", jwt from " + jwt.get().issuer() : "") + "]";
  }

  /**
   * Builds an {@link HttpRequest}; {@link #method}, {@link #path} and {@link #jwt} may be set once,
   * {@link #header} adds one value per call. Not thread-safe; {@link #build()} may be called
   * repeatedly.
   */
  public static final class Builder {
    private String method;
    private String path;
    private VerifiedJwt jwt;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets the method.
     *
     * @param method the method, e.g. {@code GET}
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder method(String method) {
      this.method = Require.once(this.method, method, "method");
      return this;
    }

    /**
     * Sets the path; a query string is allowed and removed.
     *
     * @param path the path
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder path(String path) {
      this.path = Require.once(this.path, path, "path");
      return this;
    }

    /**
     * Adds a header value; values of one name (in any case) are joined with {@code ,}.
     *
     * @param name the header name
     * @param value the value
     * @return this builder
     */
    public Builder header(String name, String value) {
      Require.notNull(name, "name");
      Require.notNull(value, "value");
      headers.merge(name.toLowerCase(Locale.ROOT), value, (a, b) -> a + "," + b);
      return this;
    }

    /**
     * Sets the token the host verified.
     *
     * @param jwt the verified token
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder jwt(VerifiedJwt jwt) {
      this.jwt = Require.once(this.jwt, jwt, "jwt");
      return this;
    }

    /**
     * Builds the request; an unset path is {@code /}.
     *
     * @return the request
     * @throws IllegalArgumentException if the method was not set
     */
    public HttpRequest build() {
      return new HttpRequest(method == null ? "" : method, path == null ? "/" : path, headers, Optional.ofNullable(jwt));
    }
  }
}
