package dev.meshgate.consul.config;

import java.util.Objects;

/**
 * The facts of a {@code jwt-provider} config entry that intentions need: the provider's name, which
 * intentions refer to, and the issuer ({@code iss}) its verified tokens carry. Key sets, token
 * locations, forwarding and caching are the host proxy's business; the entry keeps them as written.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the provider name; not empty
 * @param issuer the {@code Issuer}; empty when the entry sets none
 */
public record JwtProvider(String name, String issuer) {
  /**
   * Checks the name.
   *
   * @param name the provider name; not empty
   * @param issuer the issuer, possibly empty
   * @throws IllegalArgumentException with Consul's {@code Name is required} when the name is empty
   */
  public JwtProvider {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(issuer, "issuer");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("Name is required");
    }
  }
}
