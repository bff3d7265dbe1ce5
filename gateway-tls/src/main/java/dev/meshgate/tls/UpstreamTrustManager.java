package dev.meshgate.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/*
 * Consul sets Envoy's match_subject_alt_names to an exact matcher on the SNI. Envoy applies that
 * matcher to every SAN of the server certificate, and for DNS SANs an "exact" matcher follows DNS
 * matching rules: case-insensitive, and a SAN "*.example.com" matches exactly one extra leftmost
 * label ("web.example.com", not "example.com" nor "a.b.example.com"). We do the same, so a
 * certificate Envoy accepts is accepted here and one it refuses is refused. Partial wildcards
 * ("w*.example.com") and wildcards anywhere but the whole leftmost label match nothing. URI, IP
 * and e-mail SANs must equal the SNI exactly.
 *
 * The chain itself is checked first by the JDK's PKIX trust manager over the CAFile only. With an
 * SNI, endpoint identification is off (the SAN check here is the identity check); without one,
 * the PKIX trust manager checks the dialled host, as the engine's parameters ask. Then the chain's
 * trust anchor must be valid now (TrustAnchors: the JDK does not check it).
 */

/**
 * Verifies a server chain against the CA file, with a trust anchor valid now, and requires a SAN
 * equal to the configured SNI if there is one.
 */
final class UpstreamTrustManager extends PeerTrustManager {
  private static final int DNS = 2;
  private final X509ExtendedTrustManager pkix;
  private final TrustAnchors anchors;
  private final String serverName;
  private final Clock clock;

  /** {@code serverName} is {@code null} when the dialled host is verified instead. */
  UpstreamTrustManager(TrustBundle trust, String serverName, Clock clock) {
    super(true);
    this.pkix = TrustManagers.pkix(trust);
    this.anchors = new TrustAnchors(trust);
    this.serverName = serverName;
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
    anchors.requireCurrentAnchor(chain, clock.instant(), "server", "the CAFile");
    if (serverName != null) {
      requireServerName(chain[0]);
    }
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return pkix.getAcceptedIssuers();
  }

  private void requireServerName(X509Certificate certificate) throws CertificateException {
    List<String> seen = new ArrayList<>();
    for (List<?> san : subjectAltNames(certificate)) {
      int type = (Integer) san.get(0);
      Object value = san.get(1);
      if (!(value instanceof String name)) {
        continue;
      }
      if (type == DNS ? dnsNameMatches(serverName, name) : serverName.equals(name)) {
        return;
      }
      seen.add(name);
    }
    throw new CertificateException("server certificate " + Certificates.subject(certificate)
        + " has no subject alternative name matching SNI \"" + serverName + "\" (SANs: " + seen + ")");
  }

  private static Collection<List<?>> subjectAltNames(X509Certificate certificate) throws CertificateParsingException {
    Collection<List<?>> names = certificate.getSubjectAlternativeNames();
    return names == null ? List.of() : names;
  }

  /** Envoy's DNS matching of an SNI against one DNS SAN (see the comment at the top). */
  static boolean dnsNameMatches(String serverName, String san) {
    String name = serverName.toLowerCase(Locale.ROOT);
    String pattern = san.toLowerCase(Locale.ROOT);
    if (name.equals(pattern)) {
      return true;
    }
    if (pattern.length() > 2 && pattern.startsWith("*.") && name.length() > pattern.length() - 1) {
      String suffix = pattern.substring(1);
      int labelEnd = name.length() - suffix.length();
      return name.endsWith(suffix) && labelEnd > 0 && name.lastIndexOf('.', labelEnd - 1) < 0;
    }
    return false;
  }
}
