package dev.meshgate.tls;

import java.time.Instant;

/**
 * A certificate that is still valid but expires soon: the warning counterpart of
 * {@link TlsMaterialException.Reason#EXPIRED}. Immutable and thread-safe.
 *
 * @param source the file path, or the label of in-memory PEM
 * @param position the certificate's position in its file, from 1 (1 is the leaf of a chain)
 * @param subject the certificate's subject, quoted RFC 2253 text
 * @param notAfter the end of the certificate's validity period
 */
public record ExpiryWarning(String source, int position, String subject, Instant notAfter) {
  /**
   * Returns the warning as a sentence for logs.
   *
   * @return e.g. {@code /etc/tls/web.pem: certificate 1 ("CN=web") expires at 2026-01-01T00:00:00Z}
   */
  public String message() {
    return source + ": certificate " + position + " (" + subject + ") expires at " + notAfter;
  }
}
