package dev.meshgate.core.config;

import java.util.Locale;

/**
 * The protocol a service speaks, as Consul's {@code service-defaults} / {@code proxy-defaults}
 * {@code Protocol} field and ingress listeners name it.
 *
 * <p>Only {@link #HTTP}, {@link #HTTP2} and {@link #GRPC} are "HTTP-like" (Consul's
 * {@code IsProtocolHTTPLike}); L7 features such as intention permissions and ingress hosts apply to
 * them only.
 */
public enum Protocol {
  /** Opaque TCP, Consul's default. */
  TCP("tcp"),
  /** HTTP/1.1. */
  HTTP("http"),
  /** HTTP/2. */
  HTTP2("http2"),
  /** gRPC (HTTP/2). */
  GRPC("grpc");

  private final String wireName;

  Protocol(String wireName) {
    this.wireName = wireName;
  }

  /**
   * Returns the name Consul uses in config entries.
   *
   * @return {@code tcp}, {@code http}, {@code http2} or {@code grpc}
   */
  public String wireName() {
    return wireName;
  }

  /**
   * Tells whether this protocol is one of {@code http}, {@code http2}, {@code grpc}.
   *
   * @return true for the HTTP-like protocols
   */
  public boolean isHttpLike() {
    return this != TCP;
  }

  /**
   * Parses a protocol the way Consul normalizes it: case-insensitive, an empty string is
   * {@code tcp}.
   *
   * @param value the protocol as written in a config entry
   * @return the protocol
   * @throws IllegalArgumentException if the value is not one of the four protocols
   */
  public static Protocol parse(String value) {
    String lower = value.toLowerCase(Locale.ROOT);
    if (lower.isEmpty()) {
      return TCP;
    }
    for (Protocol p : values()) {
      if (p.wireName.equals(lower)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "protocol: \"" + value + "\" (expected: tcp, http, http2 or grpc)");
  }

  @Override
  public String toString() {
    return wireName;
  }
}
