package dev.meshgate.consul.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A service's leaf certificate, as {@code /v1/agent/connect/ca/leaf/<service>} answers: the
 * certificate and its private key, PEM, and the window it is valid in. The private key never
 * appears in {@link #toString()}. Immutable.
 *
 * @param service the service the certificate identifies
 * @param serviceUri the SPIFFE ID in the certificate, e.g. {@code spiffe://<domain>/ns/default/dc/dc1/svc/web}
 * @param serialNumber the serial number, as Consul writes it
 * @param certPem the certificate, PEM
 * @param privateKeyPem the private key, PEM
 * @param validAfter the start of validity
 * @param validBefore the end of validity
 */
public record LeafCertificate(
    String service,
    String serviceUri,
    String serialNumber,
    String certPem,
    String privateKeyPem,
    Instant validAfter,
    Instant validBefore) {
  /**
   * Checks for nulls.
   *
   * @param service the service
   * @param serviceUri the SPIFFE ID
   * @param serialNumber the serial
   * @param certPem the certificate
   * @param privateKeyPem the key
   * @param validAfter the start of validity
   * @param validBefore the end of validity
   */
  public LeafCertificate {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(serviceUri, "serviceUri");
    Objects.requireNonNull(serialNumber, "serialNumber");
    Objects.requireNonNull(certPem, "certPem");
    Objects.requireNonNull(privateKeyPem, "privateKeyPem");
    Objects.requireNonNull(validAfter, "validAfter");
    Objects.requireNonNull(validBefore, "validBefore");
  }

  /** Names the certificate without its key. */
  @Override
  public String toString() {
    return "LeafCertificate[service=" + service + ", serviceUri=" + serviceUri + ", serialNumber=" + serialNumber
        + ", validAfter=" + validAfter + ", validBefore=" + validBefore + ", privateKeyPem=<redacted>]";
  }
}
