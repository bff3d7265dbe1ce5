package dev.meshgate.tls;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The certificates a TLS endpoint trusts: the contents of a {@code CAFile}, or the mesh CA roots.
 * Every instance holds at least one certificate marked as a CA (basicConstraints {@code CA:TRUE});
 * other certificates in the same bundle are kept and trusted too. Certificates outside their
 * validity period are kept (bundles often carry a few), but a TLS context built from the bundle
 * accepts no chain that only such a certificate anchors, as OpenSSL does; an origination {@code
 * CAFile} must moreover hold at least one CA certificate valid when it is loaded.
 *
 * <p>Immutable and thread-safe.
 */
public final class TrustBundle {
  private final String source;
  private final List<X509Certificate> certificates;

  private TrustBundle(String source, List<X509Certificate> certificates) {
    this.source = source;
    this.certificates = certificates;
  }

  /**
   * Loads a PEM bundle of CA certificates; comments and blank lines between blocks are allowed.
   *
   * @param caFile the bundle
   * @return the bundle
   * @throws TlsMaterialException naming the file and the problem
   */
  public static TrustBundle load(Path caFile) {
    return fromBytes(caFile.toString(), Pem.read(caFile));
  }

  /**
   * Parses a PEM bundle held in memory, such as the roots a Consul agent hands out.
   *
   * @param label names the bundle in error messages, e.g. {@code mesh roots}
   * @param pem the PEM text
   * @return the bundle
   * @throws TlsMaterialException naming {@code label} and the problem
   */
  public static TrustBundle parse(String label, String pem) {
    return fromBytes(label, pem.getBytes(StandardCharsets.ISO_8859_1));
  }

  /**
   * Wraps certificates obtained elsewhere.
   *
   * @param label names the bundle in error messages
   * @param certificates the certificates; copied
   * @return the bundle
   * @throws TlsMaterialException if none of the certificates is a CA
   */
  public static TrustBundle of(String label, List<X509Certificate> certificates) {
    List<X509Certificate> copy = List.copyOf(certificates);
    Certificates.requireCa(label, copy);
    return new TrustBundle(label, copy);
  }

  static TrustBundle fromBytes(String source, byte[] bytes) {
    return of(source, Pem.certificates(source, bytes));
  }

  /**
   * Returns the certificates in file order.
   *
   * @return the certificates; immutable
   */
  public List<X509Certificate> certificates() {
    return certificates;
  }

  /**
   * Lists the certificates that expire within {@code horizon} of {@code now}.
   *
   * @param horizon how far ahead to look
   * @param now the current time
   * @return one warning per such certificate, in file order; empty when none
   */
  public List<ExpiryWarning> expiringWithin(Duration horizon, Instant now) {
    return Certificates.expiringWithin(source, certificates, now, horizon);
  }

  @Override
  public String toString() {
    return "TrustBundle[source=" + source + ", certificates=" + certificates.size() + "]";
  }
}
