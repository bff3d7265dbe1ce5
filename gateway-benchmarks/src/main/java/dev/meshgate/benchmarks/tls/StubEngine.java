package dev.meshgate.benchmarks.tls;

import java.nio.ByteBuffer;
import java.security.Principal;
import java.security.cert.Certificate;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;

/** An engine mid-handshake whose session reports a fixed SNI list; everything else is unsupported. */
final class StubEngine extends SSLEngine {
  private final StubSession session;

  StubEngine(List<SNIServerName> serverNames) {
    this.session = new StubSession(serverNames);
  }

  @Override
  public SSLSession getHandshakeSession() {
    return session;
  }

  private static UnsupportedOperationException unsupported() {
    return new UnsupportedOperationException("stub");
  }

  @Override public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) { throw unsupported(); }
  @Override public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) { throw unsupported(); }
  @Override public Runnable getDelegatedTask() { return null; }
  @Override public void closeInbound() {}
  @Override public boolean isInboundDone() { return false; }
  @Override public void closeOutbound() {}
  @Override public boolean isOutboundDone() { return false; }
  @Override public String[] getSupportedCipherSuites() { return new String[0]; }
  @Override public String[] getEnabledCipherSuites() { return new String[0]; }
  @Override public void setEnabledCipherSuites(String[] suites) {}
  @Override public String[] getSupportedProtocols() { return new String[0]; }
  @Override public String[] getEnabledProtocols() { return new String[0]; }
  @Override public void setEnabledProtocols(String[] protocols) {}
  @Override public SSLSession getSession() { return session; }
  @Override public void beginHandshake() {}
  @Override public SSLEngineResult.HandshakeStatus getHandshakeStatus() { return SSLEngineResult.HandshakeStatus.NEED_TASK; }
  @Override public void setUseClientMode(boolean mode) {}
  @Override public boolean getUseClientMode() { return false; }
  @Override public void setNeedClientAuth(boolean need) {}
  @Override public boolean getNeedClientAuth() { return true; }
  @Override public void setWantClientAuth(boolean want) {}
  @Override public boolean getWantClientAuth() { return false; }
  @Override public void setEnableSessionCreation(boolean flag) {}
  @Override public boolean getEnableSessionCreation() { return true; }

  private static final class StubSession extends ExtendedSSLSession {
    private final List<SNIServerName> serverNames;

    StubSession(List<SNIServerName> serverNames) {
      this.serverNames = serverNames;
    }

    @Override public List<SNIServerName> getRequestedServerNames() { return serverNames; }
    @Override public String[] getLocalSupportedSignatureAlgorithms() { return new String[0]; }
    @Override public String[] getPeerSupportedSignatureAlgorithms() { return new String[0]; }
    @Override public byte[] getId() { return new byte[0]; }
    @Override public SSLSessionContext getSessionContext() { return null; }
    @Override public long getCreationTime() { return 0; }
    @Override public long getLastAccessedTime() { return 0; }
    @Override public void invalidate() {}
    @Override public boolean isValid() { return true; }
    @Override public void putValue(String name, Object value) {}
    @Override public Object getValue(String name) { return null; }
    @Override public void removeValue(String name) {}
    @Override public String[] getValueNames() { return new String[0]; }
    @Override public Certificate[] getPeerCertificates() { throw unsupported(); }
    @Override public Certificate[] getLocalCertificates() { return null; }
    @Override @SuppressWarnings({"deprecation", "removal"}) public javax.security.cert.X509Certificate[] getPeerCertificateChain() { throw unsupported(); }
    @Override public Principal getPeerPrincipal() { throw unsupported(); }
    @Override public Principal getLocalPrincipal() { return null; }
    @Override public String getCipherSuite() { return "TLS_AES_128_GCM_SHA256"; }
    @Override public String getProtocol() { return "TLSv1.3"; }
    @Override public String getPeerHost() { return null; }
    @Override public int getPeerPort() { return -1; }
    @Override public int getPacketBufferSize() { return 16709; }
    @Override public int getApplicationBufferSize() { return 16384; }
  }
}
