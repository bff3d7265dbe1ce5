package dev.meshgate.tls;

import dev.meshgate.core.naming.SpiffeId;
import dev.meshgate.core.naming.TrustDomain;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mesh-side TLS server of a terminating gateway (Consul's per-service filter chains, in one
 * context): it presents the leaf certificate of the linked service named by the ClientHello's SNI,
 * requires a client certificate chained to the mesh CA roots, and accepts it only when its one URI
 * SAN is a SPIFFE ID of the mesh's trust domain. That ID, from {@link #callerIdentity}, is the
 * source identity intentions are checked against.
 *
 * <p>A ClientHello without SNI, or with an SNI that has no leaf, fails the handshake (Consul resets
 * such connections in its catch-all chain); there is no default certificate.
 *
 * <p>Leaves and roots are replaced atomically with {@link #updateLeaves} and {@link #updateRoots}
 * (Consul rotates leaf certificates routinely): handshakes that start afterwards see the new ones,
 * established connections are untouched.
 *
 * <p>Thread-safe. Built by {@link TlsContexts#meshServer}.
 */
public final class MeshServerTls {
  private static final Logger log = LoggerFactory.getLogger(MeshServerTls.class);

  private final SSLContext sslContext;
  private final SniKeyManager keys;
  private final SpiffeClientTrustManager trust;
  private final String[] protocols;
  private final String[] cipherSuites;

  MeshServerTls(SSLContext sslContext, SniKeyManager keys, SpiffeClientTrustManager trust, List<String> protocols,
      List<String> cipherSuites) {
    this.sslContext = sslContext;
    this.keys = keys;
    this.trust = trust;
    this.protocols = protocols.toArray(new String[0]);
    this.cipherSuites = cipherSuites.isEmpty() ? null : cipherSuites.toArray(new String[0]);
  }

  /**
   * Returns the JDK context. Engines made from it directly do not require client certificates;
   * prefer {@link #newEngine()} or apply {@link #sslParameters()}.
   *
   * @return the context
   */
  public SSLContext sslContext() {
    return sslContext;
  }

  /**
   * Returns the parameters every server engine or socket of this context needs: client
   * certificate required, and the configured versions and cipher suites.
   *
   * @return a fresh copy
   */
  public SSLParameters sslParameters() {
    SSLParameters parameters = sslContext.getDefaultSSLParameters();
    parameters.setNeedClientAuth(true);
    parameters.setProtocols(protocols);
    if (cipherSuites != null) {
      parameters.setCipherSuites(cipherSuites);
    }
    return parameters;
  }

  /**
   * Creates a server engine for one accepted connection.
   *
   * @return a configured engine in server mode
   */
  public SSLEngine newEngine() {
    SSLEngine engine = sslContext.createSSLEngine();
    engine.setUseClientMode(false);
    engine.setSSLParameters(sslParameters());
    return engine;
  }

  /**
   * Returns the key manager that picks the leaf by SNI, for embedders that assemble their own
   * {@link SSLContext}. It follows {@link #updateLeaves}.
   *
   * @return the key manager
   */
  public X509ExtendedKeyManager keyManager() {
    return keys;
  }

  /**
   * Replaces every leaf at once.
   *
   * @param leavesByServerName each linked service's SNI mapped to its leaf
   * @throws IllegalArgumentException as {@link TlsContexts#meshServer}
   */
  public void updateLeaves(Map<String, KeyMaterial> leavesByServerName) {
    synchronized (keys) {
      keys.update(SniTable.of(keys.table().generation() + 1, leavesByServerName));
    }
    log.info("mesh server leaves updated: {}", keys.table().serverNames());
  }

  /**
   * Replaces the mesh CA roots that client certificates must chain to.
   *
   * @param roots the new roots
   */
  public void updateRoots(TrustBundle roots) {
    trust.update(roots);
    log.info("mesh server roots updated: {}", roots);
  }

  /**
   * Returns the server names that currently have a leaf.
   *
   * @return the names, lower-cased and sorted; immutable
   */
  public List<String> serverNames() {
    return keys.table().serverNames();
  }

  /**
   * Returns the trust domain callers must belong to.
   *
   * @return the trust domain
   */
  public TrustDomain trustDomain() {
    return trust.state().trustDomain();
  }

  /**
   * Returns the SPIFFE ID of the caller of a session this context accepted: the source identity
   * for intentions.
   *
   * @param session a session whose handshake completed with this context
   * @return the caller's ID
   * @throws SSLPeerUnverifiedException if the session has no verified client certificate, or it
   *     does not carry exactly one SPIFFE ID of the trust domain
   */
  public SpiffeId callerIdentity(SSLSession session) throws SSLPeerUnverifiedException {
    Certificate[] peer = session.getPeerCertificates();
    if (peer.length == 0 || !(peer[0] instanceof X509Certificate leaf)) {
      throw new SSLPeerUnverifiedException("the peer presented no X.509 certificate");
    }
    try {
      return SpiffeClientTrustManager.identity(leaf, trust.state().trustDomain());
    } catch (CertificateException e) {
      SSLPeerUnverifiedException unverified = new SSLPeerUnverifiedException(e.getMessage());
      unverified.initCause(e);
      throw unverified;
    }
  }

  @Override
  public String toString() {
    return "MeshServerTls[trustDomain=" + trustDomain() + ", serverNames=" + serverNames() + "]";
  }
}
