package dev.meshgate.consul.api;

import java.util.List;
import java.util.Objects;

/**
 * One root of Consul's Connect CA, as {@code /v1/agent/connect/ca/roots} lists it. Immutable.
 *
 * @param id the root's ID (a fingerprint)
 * @param name a human name
 * @param rootCertPem the root certificate, PEM
 * @param intermediateCertsPem the intermediates signed by this root, PEM each, in order
 * @param active whether leaf certificates are signed through this root now
 */
public record CaRoot(String id, String name, String rootCertPem, List<String> intermediateCertsPem, boolean active) {
  /**
   * Checks for nulls and copies the intermediates.
   *
   * @param id the ID
   * @param name the name
   * @param rootCertPem the root certificate
   * @param intermediateCertsPem the intermediates
   * @param active whether active
   */
  public CaRoot {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(rootCertPem, "rootCertPem");
    intermediateCertsPem = List.copyOf(intermediateCertsPem);
  }
}
