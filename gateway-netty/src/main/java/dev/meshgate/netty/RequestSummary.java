package dev.meshgate.netty;

import dev.meshgate.core.catalog.Endpoint;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened to one HTTP request through the ingress gateway flow or the terminating gateway
 * flow (for an http linked service), reported once its response is written and, in the
 * terminating flow, its body read. Immutable and thread-safe.
 *
 * @param host the request's Host header, or empty when it had none
 * @param path the request path as received, without the query string
 * @param destination the discovery-chain target that served it (its ID, e.g. {@code
 *     web.default.default.dc1}; a linked service without a chain gives its name), or empty when
 *     the request was not routed
 * @param explanation why: the chain's explanation of the route taken (in the terminating flow
 *     after the intention decision's, {@code Matched L7 intention: ...; <chain>}), or the
 *     rejection's reason (e.g. {@code NO_HOST_MATCH}, or {@code intentions deny <source> =>
 *     <destination>: <decision>}), or why the upstream could not be reached
 * @param endpoint the endpoint that answered, or empty when none did
 * @param status the status sent to the client (403, 404, 502, 503 and 504 included)
 * @param requestBytes the request body's length
 * @param responseBytes the response body's length
 * @param duration in the ingress flow from the whole request being read to its response being
 *     written; in the terminating flow from its head being read to both its body being read and
 *     its response being written
 */
public record RequestSummary(String host, String path, String destination, String explanation,
    Optional<Endpoint> endpoint, int status, long requestBytes, long responseBytes, Duration duration) {
  /**
   * Checks the fields.
   *
   * @param host the host, or empty
   * @param path the path
   * @param destination the target ID, or empty
   * @param explanation why
   * @param endpoint the endpoint, or empty
   * @param status the status, 100..599
   * @param requestBytes at least 0
   * @param responseBytes at least 0
   * @param duration not negative
   * @throws NullPointerException if an object is null
   * @throws IllegalArgumentException if the status, a count or the duration is out of range
   */
  public RequestSummary {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(explanation, "explanation");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(duration, "duration");
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status: " + status + " (expected: 100..599)");
    }
    if (requestBytes < 0 || responseBytes < 0) {
      throw new IllegalArgumentException("bytes: " + requestBytes + "/" + responseBytes + " (expected: at least 0)");
    }
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration: " + duration + " (expected: not negative)");
    }
  }
}
