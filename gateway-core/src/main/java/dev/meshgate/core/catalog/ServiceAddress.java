package dev.meshgate.core.catalog;

import dev.meshgate.core.internal.Require;

/**
 * An address and port, as the values of Consul's service {@code TaggedAddresses} (for example the
 * {@code wan} address other datacenters dial). Immutable and thread-safe.
 *
 * @param address a host name or IP literal
 * @param port the port, or 0 to keep the instance's own port
 */
public record ServiceAddress(String address, int port) {
  /**
   * Checks the port range.
   *
   * @param address a host name or IP literal
   * @param port the port, or 0 to keep the instance's own port
   * @throws IllegalArgumentException if the port is outside 0..65535
   */
  public ServiceAddress {
    Require.argument(port >= 0 && port <= 65535, "port: %d (expected: 0-65535)", port);
  }
}
