package dev.meshgate.core.chain;

/**
 * Thrown when a set of config entries cannot be compiled into a discovery chain, as Consul's
 * {@code ConfigEntryGraphError}: a loop, an unknown subset, a router or splitter on a service that
 * is not HTTP-like, inconsistent protocols, an external service with a redirect. The message is
 * Consul's text, e.g. {@code detected circular resolver redirect: [a.default.default.dc1 ->
 * b.default.default.dc1 -> a.default.default.dc1]}. Compilation stops at the first such error, as
 * Consul's does. Immutable and thread-safe.
 */
public final class ConfigEntryGraphException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The service whose chain failed to compile. */
  private final String service;

  /**
   * Creates the exception.
   *
   * @param service the service whose chain failed to compile
   * @param message Consul's message
   */
  public ConfigEntryGraphException(String service, String message) {
    super(message);
    this.service = service;
  }

  /**
   * Returns the service whose chain failed to compile.
   *
   * @return the service name
   */
  public String service() {
    return service;
  }
}
