package dev.meshgate.tls;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.meshgate.core.naming.SpiffeId;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The mesh-side TLS client of a gateway that dials services in the mesh (an ingress gateway's
 * upstreams): it presents the gateway's own leaf certificate, sends the target's SNI, and accepts
 * the server only when its chain leads to the mesh CA roots, the root is valid now, and the leaf
 * carries exactly one URI SAN equal to the SPIFFE ID the caller expects. Any other server fails
 * the handshake, so no request byte reaches it. Host names are not checked: in the mesh the
 * SPIFFE ID is the server's identity.
 *
 * <p>One JDK {@link SSLContext} is kept per expected identity (the least used are dropped beyond
 * {@value #MAXIMUM_IDENTITIES}), so {@link #newEngine} reads no file and, for a known identity,
 * builds no context. Immutable and thread-safe. Built by {@link TlsContexts#meshClient}.
 */
public final class MeshClientTls {
  /** How many expected identities keep their context. */
  public static final int MAXIMUM_IDENTITIES = 10_000;

  private final ClientKeyManager keys;
  private final String leaf;
  private final TrustAnchors roots;
  private final X509ExtendedTrustManager pkix;
  private final Clock clock;
  private final String[] protocols;
  private final String[] cipherSuites;
  private final Cache<SpiffeId, SSLContext> contexts =
      Caffeine.newBuilder().maximumSize(MAXIMUM_IDENTITIES).executor(Runnable::run).build();

  MeshClientTls(KeyMaterial leaf, TrustBundle roots, Clock clock, List<String> protocols, List<String> cipherSuites) {
    this.keys = new ClientKeyManager(leaf);
    this.leaf = leaf.toString();
    this.roots = new TrustAnchors(roots);
    this.pkix = TrustManagers.pkix(roots);
    this.clock = clock;
    this.protocols = protocols.toArray(new String[0]);
    this.cipherSuites = cipherSuites.isEmpty() ? null : cipherSuites.toArray(new String[0]);
  }

  /**
   * Creates a client engine for one upstream connection.
   *
   * @param expected the SPIFFE ID the server's certificate must carry
   * @param sni the server name to send
   * @param host the address dialled, for session resumption
   * @param port the port dialled
   * @return a new engine in client mode
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code sni} is not a valid host name
   */
  public SSLEngine newEngine(SpiffeId expected, String sni, String host, int port) {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(sni, "sni");
    SSLContext context = contexts.get(expected, this::contextFor);
    SSLEngine engine = context.createSSLEngine(Objects.requireNonNull(host, "host"), port);
    engine.setUseClientMode(true);
    SSLParameters parameters = context.getDefaultSSLParameters();
    parameters.setProtocols(protocols);
    if (cipherSuites != null) {
      parameters.setCipherSuites(cipherSuites);
    }
    parameters.setServerNames(List.of(new SNIHostName(sni)));
    engine.setSSLParameters(parameters);
    return engine;
  }

  /**
   * Returns how many identities currently have a context, for tests and metrics.
   *
   * @return the estimated count
   */
  public long cachedIdentities() {
    return contexts.estimatedSize();
  }

  private SSLContext contextFor(SpiffeId expected) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {keys},
          new TrustManager[] {new SpiffeServerTrustManager(roots, pkix, expected, clock)}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot create a TLS context", e);
    }
  }

  @Override
  public String toString() {
    return "MeshClientTls[" + leaf + "]";
  }
}
