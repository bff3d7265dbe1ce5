package dev.meshgate.tls;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/*
 * The JDK's PKIX validation treats a trust anchor as a name and a key: it never checks the
 * anchor's own validity period (RFC 5280 leaves that to the relying party). OpenSSL, and with it
 * Envoy, refuses a chain whose root has expired. So after PKIX has accepted a chain, this class
 * looks for the bundle certificate that anchors it (the chain holds it, or it issued a certificate
 * of the chain: same name, verified signature) and requires one that is valid at handshake time.
 *
 * While every certificate of the bundle is valid, which is the normal case, the check is two
 * instant comparisons; the search (one signature verification per candidate) runs only when the
 * bundle holds a certificate outside its validity period.
 */

/** Refuses chains whose only trust anchors are outside their validity period. Immutable; thread-safe. */
final class TrustAnchors {
  private final TrustBundle bundle;
  private final Instant allValidFrom;
  private final Instant allValidUntil;

  TrustAnchors(TrustBundle bundle) {
    this.bundle = bundle;
    Instant from = Instant.MIN;
    Instant until = Instant.MAX;
    for (X509Certificate certificate : bundle.certificates()) {
      Instant notBefore = certificate.getNotBefore().toInstant();
      Instant notAfter = certificate.getNotAfter().toInstant();
      from = notBefore.isAfter(from) ? notBefore : from;
      until = notAfter.isBefore(until) ? notAfter : until;
    }
    this.allValidFrom = from;
    this.allValidUntil = until;
  }

  TrustBundle bundle() {
    return bundle;
  }

  /**
   * Requires a trust anchor valid at {@code now} for a chain that PKIX has accepted.
   *
   * <p>The message names the certificates, not the bundle's file: one JDK context serves every
   * mode whose files hold the same bytes, whatever their paths.
   *
   * @param peer {@code server} or {@code client}, for the message
   * @param bundleName e.g. {@code the CAFile}, for the message
   */
  void requireCurrentAnchor(X509Certificate[] chain, Instant now, String peer, String bundleName)
      throws CertificateException {
    if (!now.isBefore(allValidFrom) && !now.isAfter(allValidUntil)) {
      return;
    }
    List<X509Certificate> anchors = bundle.certificates();
    int stale = -1;
    for (X509Certificate link : chain) {
      for (int i = 0; i < anchors.size(); i++) {
        X509Certificate anchor = anchors.get(i);
        if (anchors(anchor, link)) {
          if (Certificates.validAt(anchor, now)) {
            return;
          }
          stale = stale < 0 ? i : stale;
        }
      }
    }
    if (stale < 0) {
      // PKIX accepted a chain we cannot place: refuse rather than guess (fail closed).
      throw new CertificateException(peer + " certificate " + Certificates.subject(chain[0])
          + " chains to no certificate of " + bundleName + " valid now (expected: a trust anchor valid now)");
    }
    X509Certificate anchor = anchors.get(stale);
    Instant notAfter = anchor.getNotAfter().toInstant();
    String problem = now.isAfter(notAfter) ? "expired at " + notAfter
        : "is not valid before " + anchor.getNotBefore().toInstant();
    throw new CertificateException(peer + " certificate " + Certificates.subject(chain[0]) + " chains only to certificate "
        + (stale + 1) + " (" + Certificates.subject(anchor) + ") of " + bundleName + ", which " + problem
        + " (expected: a trust anchor valid now)");
  }

  private static boolean anchors(X509Certificate anchor, X509Certificate link) {
    if (anchor.equals(link)) {
      return true;
    }
    if (!link.getIssuerX500Principal().equals(anchor.getSubjectX500Principal())) {
      return false;
    }
    try {
      link.verify(anchor.getPublicKey());
      return true;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }
}
