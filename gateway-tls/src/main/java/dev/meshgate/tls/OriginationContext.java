package dev.meshgate.tls;

import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A TLS client context for connections from the gateway to one service outside the mesh, built
 * by {@link TlsContexts} for one TLS mode from its {@link OriginationMaterial}:
 *
 * <ul>
 *   <li>trusts only the certificates of the {@code CAFile}, never the JDK's default CA store, and
 *       accepts no server chain whose only trust anchors are outside their validity period at
 *       handshake time;
 *   <li>presents the client certificate when the material has one (mutual TLS);
 *   <li>with an {@code SNI}: sends it, and requires a server certificate SAN equal to it: a DNS
 *       SAN equal ignoring case, or a wildcard SAN {@code *.example.com} when the SNI is exactly
 *       one more label before {@code .example.com} (never {@code example.com} itself, nor two
 *       labels, nor a partial wildcard such as {@code w*.example.com}); a URI, IP or e-mail SAN
 *       must equal it exactly. The dialled host is then not checked;
 *   <li>without an {@code SNI}: verifies the server certificate against the host name (or IP
 *       address) dialled, as HTTPS does, and the JDK sends a dotted host name as SNI;
 *   <li>enables the protocol versions and cipher suites of its {@link TlsContexts} (TLS 1.3 and
 *       1.2 by default).
 * </ul>
 *
 * <p>Each mode has its own instance, which names that mode's files; modes whose files hold the
 * same bytes share the underlying {@link SSLContext} (and its session cache).
 *
 * <p>Immutable and thread-safe; each engine or socket it creates belongs to one connection.
 */
public final class OriginationContext implements Origination {
  private final OriginationMaterial material;
  private final SSLContext sslContext;
  private final String[] protocols;
  private final String[] cipherSuites;
  private final List<SNIServerName> serverNames;

  OriginationContext(OriginationMaterial material, SSLContext sslContext, List<String> protocols,
      List<String> cipherSuites) {
    this.material = material;
    this.sslContext = sslContext;
    this.protocols = protocols.toArray(new String[0]);
    this.cipherSuites = cipherSuites.isEmpty() ? null : cipherSuites.toArray(new String[0]);
    this.serverNames = material.sni().<List<SNIServerName>>map(sni -> List.of(new SNIHostName(sni))).orElse(null);
  }

  /**
   * Returns the material this context was built from.
   *
   * @return the material
   */
  public OriginationMaterial material() {
    return material;
  }

  /**
   * Returns the JDK context. Engines and sockets made from it directly lack this context's
   * parameters (SNI, host name verification, versions); prefer {@link #newEngine} and {@link #wrap}.
   *
   * @return the context
   */
  public SSLContext sslContext() {
    return sslContext;
  }

  /**
   * Returns the server name this context sends.
   *
   * @return the {@code SNI}, or empty when the dialled host name is verified instead
   */
  public Optional<String> sni() {
    return material.sni();
  }

  /**
   * Creates a client engine for one connection.
   *
   * @param peerHost the host name or IP literal dialled; verified against the server certificate
   *     when no {@code SNI} is configured
   * @param peerPort the port dialled
   * @return a configured engine in client mode
   */
  public SSLEngine newEngine(String peerHost, int peerPort) {
    SSLEngine engine = sslContext.createSSLEngine(peerHost, peerPort);
    engine.setUseClientMode(true);
    engine.setSSLParameters(parameters(engine.getSSLParameters()));
    return engine;
  }

  /**
   * Layers a client TLS socket over a connected socket.
   *
   * @param socket a socket connected to the service
   * @param peerHost the host name or IP literal dialled (see {@link #newEngine})
   * @param peerPort the port dialled
   * @param autoClose whether closing the TLS socket closes {@code socket}
   * @return a configured TLS socket in client mode; the handshake starts on first use
   * @throws IOException if the socket cannot be wrapped
   */
  public SSLSocket wrap(Socket socket, String peerHost, int peerPort, boolean autoClose) throws IOException {
    SSLSocket ssl = (SSLSocket) sslContext.getSocketFactory().createSocket(socket, peerHost, peerPort, autoClose);
    ssl.setUseClientMode(true);
    ssl.setSSLParameters(parameters(ssl.getSSLParameters()));
    return ssl;
  }

  private SSLParameters parameters(SSLParameters parameters) {
    parameters.setProtocols(protocols);
    if (cipherSuites != null) {
      parameters.setCipherSuites(cipherSuites);
    }
    if (serverNames != null) {
      parameters.setServerNames(serverNames);
      parameters.setEndpointIdentificationAlgorithm(null);
    } else {
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
    }
    return parameters;
  }

  @Override
  public String toString() {
    return "OriginationContext[" + material.source() + material.sni().map(s -> ", SNI " + s).orElse("") + "]";
  }
}
