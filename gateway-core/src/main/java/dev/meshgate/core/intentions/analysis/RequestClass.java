package dev.meshgate.core.intentions.analysis;

import java.util.Map;
import java.util.Objects;

/**
 * The request attributes of a class of requests: either L4 traffic, or HTTP requests whose
 * method, path, headers and token satisfy the conditions described. Every HTTP request that meets
 * the description belongs to the class, and no other.
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface RequestClass {
  /**
   * Describes the class in one line.
   *
   * @return the description
   */
  String describe();

  /** L4 traffic: a connection without HTTP attributes. */
  record L4() implements RequestClass {
    @Override
    public String describe() {
      return "L4 (no HTTP attributes)";
    }
  }

  /**
   * HTTP requests, each attribute described as the conditions it meets.
   *
   * @param methods the methods, e.g. {@code GET|HEAD} or {@code any method but GET}
   * @param path the path conditions, e.g. {@code prefix /admin, not exact /admin/health}; {@code
   *     any path} when none matters
   * @param headers per lower-case header name whose value matters, its conditions or {@code absent}
   * @param jwt the token's conditions; {@code any token} when none matters
   */
  record Http(String methods, String path, Map<String, String> headers, String jwt) implements RequestClass {
    /**
     * Copies the map.
     *
     * @param methods the methods
     * @param path the path conditions
     * @param headers per header name, its conditions
     * @param jwt the token's conditions
     * @throws NullPointerException if an argument is null
     */
    public Http {
      Objects.requireNonNull(methods, "methods");
      Objects.requireNonNull(path, "path");
      headers = Map.copyOf(headers);
      Objects.requireNonNull(jwt, "jwt");
    }

    @Override
    public String describe() {
      StringBuilder b = new StringBuilder("HTTP ").append(methods).append(", path ").append(path);
      headers.entrySet().stream().sorted(Map.Entry.comparingByKey())
          .forEach(e -> b.append(", header ").append(e.getKey()).append(' ').append(e.getValue()));
      return b.append(", ").append(jwt).toString();
    }
  }
}
