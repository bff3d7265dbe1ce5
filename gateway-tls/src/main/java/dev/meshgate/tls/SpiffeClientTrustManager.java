package dev.meshgate.tls;

import dev.meshgate.core.naming.SpiffeId;
import dev.meshgate.core.naming.TrustDomain;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/*
 * A caller's identity is the SPIFFE ID in its certificate's URI SAN. The X.509-SVID rules say a
 * certificate carries exactly one URI SAN; we require that (no URI, or two, is rejected rather
 * than guessed at), parse it with gateway-core's SpiffeId (one parser for the whole library), and
 * require the mesh's trust domain. The chain is checked first against the mesh roots by the
 * JDK's PKIX trust manager, then its root must be valid now (TrustAnchors: the JDK does not check
 * it). Both the roots and the trust domain can be swapped atomically.
 */

/** Requires a client chain to the mesh roots whose leaf carries one SPIFFE ID of the trust domain. */
final class SpiffeClientTrustManager extends PeerTrustManager {
  private static final int URI = 6;
  private final Clock clock;
  private volatile State state;

  /** The roots, their PKIX trust manager and the trust domain, replaced together. */
  record State(TrustAnchors roots, X509ExtendedTrustManager pkix, TrustDomain trustDomain) {}

  SpiffeClientTrustManager(TrustBundle roots, TrustDomain trustDomain, Clock clock) {
    super(false);
    this.clock = clock;
    this.state = new State(new TrustAnchors(roots), TrustManagers.pkix(roots), trustDomain);
  }

  void update(TrustBundle roots) {
    State old = state;
    state = new State(new TrustAnchors(roots), TrustManagers.pkix(roots), old.trustDomain());
  }

  State state() {
    return state;
  }

  @Override
  void verify(X509Certificate[] chain, String authType, Socket socket, SSLEngine engine) throws CertificateException {
    State s = state;
    if (engine != null) {
      s.pkix().checkClientTrusted(chain, authType, engine);
    } else if (socket != null) {
      s.pkix().checkClientTrusted(chain, authType, socket);
    } else {
      s.pkix().checkClientTrusted(chain, authType);
    }
    s.roots().requireCurrentAnchor(chain, clock.instant(), "client", "the mesh roots");
    identity(chain[0], s.trustDomain(), "client");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return state.pkix().getAcceptedIssuers();
  }

  /** The SPIFFE ID of a mesh certificate, checked against the trust domain. */
  static SpiffeId identity(X509Certificate certificate, TrustDomain trustDomain) throws CertificateException {
    return identity(certificate, trustDomain, "client");
  }

  /** As {@link #identity(X509Certificate, TrustDomain)}, naming the peer ("client", "server") in errors. */
  static SpiffeId identity(X509Certificate certificate, TrustDomain trustDomain, String peer)
      throws CertificateException {
    Collection<List<?>> names = certificate.getSubjectAlternativeNames();
    String uri = null;
    int uris = 0;
    if (names != null) {
      for (List<?> name : names) {
        if ((Integer) name.get(0) == URI) {
          uris++;
          uri = String.valueOf(name.get(1));
        }
      }
    }
    if (uris != 1) {
      throw new CertificateException(peer + " certificate " + Certificates.subject(certificate) + " has " + uris
          + " URI SANs (expected: exactly one, its SPIFFE ID)");
    }
    SpiffeId id;
    try {
      id = SpiffeId.parse(uri);
    } catch (IllegalArgumentException e) {
      throw new CertificateException(peer + " certificate " + Certificates.subject(certificate) + ": " + e.getMessage(), e);
    }
    if (!id.trustDomain().equals(trustDomain)) {
      throw new CertificateException(peer + " certificate " + Certificates.subject(certificate) + " has SPIFFE ID "
          + id.uri() + " (expected: trust domain " + trustDomain.value() + ")");
    }
    return id;
  }
}
