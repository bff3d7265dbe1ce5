package dev.meshgate.tls;

import dev.meshgate.core.naming.SpiffeId;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/*
 * A mesh upstream is identified by its SPIFFE ID, not by a host name: Consul's Envoy clusters
 * match the server certificate's URI SAN against the target's SPIFFE ID exactly. So the chain is
 * checked against the mesh roots by the JDK's PKIX trust manager (endpoint identification stays
 * off: the identity check here replaces it), its root must be valid now (TrustAnchors), and the
 * leaf must carry exactly one URI SAN, a SPIFFE ID equal to the one expected. One instance per
 * expected identity, so the check needs no per-connection state.
 */

/** Requires a server chain to the mesh roots whose leaf carries exactly one expected SPIFFE ID. */
final class SpiffeServerTrustManager extends PeerTrustManager {
  private final TrustAnchors roots;
  private final X509ExtendedTrustManager pkix;
  private final SpiffeId expected;
  private final Clock clock;

  SpiffeServerTrustManager(TrustAnchors roots, X509ExtendedTrustManager pkix, SpiffeId expected, Clock clock) {
    super(true);
    this.roots = roots;
    this.pkix = pkix;
    this.expected = expected;
    this.clock = clock;
  }

  @Override
  void verify(X509Certificate[] chain, String authType, Socket socket, SSLEngine engine) throws CertificateException {
    if (engine != null) {
      pkix.checkServerTrusted(chain, authType, engine);
    } else if (socket != null) {
      pkix.checkServerTrusted(chain, authType, socket);
    } else {
      pkix.checkServerTrusted(chain, authType);
    }
    roots.requireCurrentAnchor(chain, clock.instant(), "server", "the mesh roots");
    SpiffeId actual = SpiffeClientTrustManager.identity(chain[0], expected.trustDomain(), "server");
    if (!actual.equals(expected)) {
      throw new CertificateException("server certificate " + Certificates.subject(chain[0]) + " has SPIFFE ID "
          + actual.uri() + " (expected: " + expected.uri() + ")");
    }
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return pkix.getAcceptedIssuers();
  }
}
