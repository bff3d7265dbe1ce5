package dev.meshgate.tls.netty;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolNegotiator;
import io.netty.handler.ssl.SslContext;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSessionContext;

/*
 * Netty's SslHandler works with any JDK SSLEngine, so rather than rebuilding the context with
 * Netty's builders (and losing the SAN-equals-SNI trust manager, the SNI key manager and the
 * parameters meshgate sets per engine), this SslContext asks meshgate for a fully configured
 * engine each time. Asking per engine is also what makes reloads visible: each new connection gets
 * the context that is current when it starts.
 */

/** A Netty {@link SslContext} whose engines come from a meshgate context. Thread-safe. */
@SuppressWarnings("deprecation") // SslContext still declares the deprecated ApplicationProtocolNegotiator.
final class EngineSslContext extends SslContext {
  /** Makes one configured engine; {@code peerHost} may be {@code null} when Netty has none. */
  interface Engines {
    SSLEngine newEngine(String peerHost, int peerPort);

    SSLSessionContext sessionContext();
  }

  private static final ApplicationProtocolNegotiator NO_ALPN = List::of;

  private final boolean client;
  private final Engines engines;

  EngineSslContext(boolean client, Engines engines) {
    this.client = client;
    this.engines = engines;
  }

  @Override
  public boolean isClient() {
    return client;
  }

  @Override
  public List<String> cipherSuites() {
    return List.of(engines.newEngine(null, -1).getEnabledCipherSuites());
  }

  @Override
  public ApplicationProtocolNegotiator applicationProtocolNegotiator() {
    return NO_ALPN;
  }

  @Override
  public SSLEngine newEngine(ByteBufAllocator alloc) {
    return engines.newEngine(null, -1);
  }

  @Override
  public SSLEngine newEngine(ByteBufAllocator alloc, String peerHost, int peerPort) {
    return engines.newEngine(peerHost, peerPort);
  }

  @Override
  public SSLSessionContext sessionContext() {
    return engines.sessionContext();
  }
}
