package dev.meshgate.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A trust manager that verifies one side only: servers (origination) or clients (mesh side). The
 * JDK's three overloads per side collapse into one {@link #verify} call; the other side is
 * refused, so a context can never be used the wrong way round.
 */
abstract class PeerTrustManager extends X509ExtendedTrustManager {
  private final boolean verifiesServers;

  PeerTrustManager(boolean verifiesServers) {
    this.verifiesServers = verifiesServers;
  }

  /** Verifies the peer; exactly one of {@code socket} and {@code engine} may be non-null. */
  abstract void verify(X509Certificate[] chain, String authType, Socket socket, SSLEngine engine)
      throws CertificateException;

  private void check(boolean server, X509Certificate[] chain, String authType, Socket socket, SSLEngine engine)
      throws CertificateException {
    if (server != verifiesServers) {
      throw new CertificateException(verifiesServers ? "an origination context does not accept clients"
          : "a mesh server context does not verify servers");
    }
    verify(chain, authType, socket, engine);
  }

  @Override
  public final void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(true, chain, authType, null, engine);
  }

  @Override
  public final void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(true, chain, authType, socket, null);
  }

  @Override
  public final void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    check(true, chain, authType, null, null);
  }

  @Override
  public final void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(false, chain, authType, null, engine);
  }

  @Override
  public final void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(false, chain, authType, socket, null);
  }

  @Override
  public final void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    check(false, chain, authType, null, null);
  }
}
