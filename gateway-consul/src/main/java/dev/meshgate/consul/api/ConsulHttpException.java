package dev.meshgate.consul.api;

import java.util.Objects;

/**
 * A Consul agent answered a request with an HTTP status other than 200: the endpoint, the status
 * and the start of the agent's error text (which names the problem, never the token). 403 means the
 * ACL token lacks a permission the endpoint needs; 429 that the agent's rate limit refused the
 * request. Immutable.
 */
public final class ConsulHttpException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The longest part of the agent's error text kept in the message. */
  static final int MAX_TEXT = 200;

  /** The endpoint asked. */
  private final String endpoint;

  /** The HTTP status. */
  private final int status;

  /** The answer's {@code X-Consul-Index}, or 0 when it had none. */
  private final long index;

  /**
   * Creates the exception.
   *
   * @param endpoint the endpoint, e.g. {@code /v1/health/service/web}
   * @param status the HTTP status
   * @param agentText the agent's error text; cut to its first 200 characters and first line
   */
  public ConsulHttpException(String endpoint, int status, String agentText) {
    this(endpoint, status, agentText, 0);
  }

  /**
   * Creates the exception for an answer that carried an index, as Consul's 404 for a missing
   * config entry does: a blocking query may wait past it for the entry to appear again.
   *
   * @param endpoint the endpoint, e.g. {@code /v1/config/terminating-gateway/tgw}
   * @param status the HTTP status
   * @param agentText the agent's error text; cut to its first 200 characters and first line
   * @param index the answer's {@code X-Consul-Index}, or 0 when it had none
   */
  public ConsulHttpException(String endpoint, int status, String agentText, long index) {
    super(endpoint + ": HTTP " + status + describe(status) + shorten(agentText));
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.status = status;
    this.index = index;
  }

  /**
   * Returns the answer's {@code X-Consul-Index}.
   *
   * @return the index, or 0 when the answer had none
   */
  public long index() {
    return index;
  }

  private static String describe(int status) {
    return switch (status) {
      case 403 -> " (ACL: permission denied for the token)";
      case 429 -> " (rate limited by the agent)";
      default -> "";
    };
  }

  private static String shorten(String text) {
    String t = text.strip();
    int newline = t.indexOf('\n');
    if (newline >= 0) {
      t = t.substring(0, newline);
    }
    if (t.length() > MAX_TEXT) {
      t = t.substring(0, MAX_TEXT) + "...";
    }
    return t.isEmpty() ? "" : ": " + t;
  }

  /**
   * Returns the endpoint asked.
   *
   * @return the endpoint
   */
  public String endpoint() {
    return endpoint;
  }

  /**
   * Returns the HTTP status.
   *
   * @return e.g. 403
   */
  public int status() {
    return status;
  }
}
