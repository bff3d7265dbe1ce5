package dev.meshgate.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Picks the leaf whose server name equals the ClientHello's SNI: one listener presenting the
 * identity of many services. No SNI, or an SNI with no leaf, selects nothing, so the handshake
 * fails: there is no default certificate to fall back to (fail closed). Thread-safe; the table is
 * swapped atomically by {@link #update}.
 */
final class SniKeyManager extends X509ExtendedKeyManager {
  private volatile SniTable current;
  private volatile SniTable previous;

  SniKeyManager(SniTable table) {
    this.current = table;
    this.previous = table;
  }

  /** Swaps the table; the one it replaces still resolves aliases handed out just before. */
  synchronized void update(SniTable table) {
    previous = current;
    current = table;
  }

  SniTable table() {
    return current;
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return engine == null ? null : choose(keyType, engine.getHandshakeSession());
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return socket instanceof SSLSocket ssl ? choose(keyType, ssl.getHandshakeSession()) : null;
  }

  private String choose(String keyType, SSLSession session) {
    if (keyType == null || !(session instanceof ExtendedSSLSession extended)) {
      return null;
    }
    List<SNIServerName> names = extended.getRequestedServerNames();
    for (int i = 0; i < names.size(); i++) {
      SNIServerName name = names.get(i);
      if (name.getType() == StandardConstants.SNI_HOST_NAME && name instanceof SNIHostName host) {
        SniTable.Leaf leaf = current.find(host.getAsciiName());
        return leaf != null && keyType.equals(leaf.keyAlgorithm()) ? leaf.alias() : null;
      }
    }
    return null;
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    SniTable.Leaf leaf = leafOf(alias);
    return leaf == null ? null : leaf.chain().clone();
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    SniTable.Leaf leaf = leafOf(alias);
    return leaf == null ? null : leaf.material().privateKey();
  }

  private SniTable.Leaf leafOf(String alias) {
    if (alias == null) {
      return null;
    }
    SniTable.Leaf leaf = current.findAlias(alias);
    return leaf != null ? leaf : previous.findAlias(alias);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }

  @Override
  public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
    return null;
  }
}
