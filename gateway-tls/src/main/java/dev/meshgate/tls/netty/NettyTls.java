package dev.meshgate.tls.netty;

import dev.meshgate.core.terminating.TlsMode;
import dev.meshgate.tls.MeshServerTls;
import dev.meshgate.tls.Origination;
import dev.meshgate.tls.OriginationContext;
import dev.meshgate.tls.ReloadingOrigination;
import io.netty.handler.ssl.SslContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSessionContext;

/**
 * Adapts meshgate's TLS contexts to Netty's {@link SslContext}, so that {@code
 * sslContext.newHandler(alloc, host, port)} gives an {@code SslHandler} with exactly the behaviour
 * of the meshgate context: the same trust, SNI, SAN check, client certificate, versions and
 * suites. The adapters create JDK engines; Netty's OpenSSL provider is not used.
 *
 * <p>Pass the dialled host and port to {@code newHandler}: without an {@code SNI}, the server
 * certificate is verified against that host, and a handler made without one fails every handshake
 * (fail closed).
 *
 * <p>Stateless; the contexts it returns are thread-safe.
 */
@SuppressWarnings("exports") // Netty is optional: only callers of this class need it.
public final class NettyTls {
  private NettyTls() {}

  /**
   * Returns a client context for one origination context.
   *
   * @param context the origination context
   * @return a Netty client context
   */
  public static SslContext client(OriginationContext context) {
    return new EngineSslContext(true, new EngineSslContext.Engines() {
      @Override
      public SSLEngine newEngine(String peerHost, int peerPort) {
        return context.newEngine(peerHost, peerPort);
      }

      @Override
      public SSLSessionContext sessionContext() {
        return context.sslContext().getClientSessionContext();
      }
    });
  }

  /**
   * Returns a client context that follows a reloading origination: each new engine comes from
   * the context current at that moment.
   *
   * @param origination a watched one-way or mutual mode
   * @return a Netty client context
   * @throws IllegalArgumentException if the watched mode is plaintext
   */
  public static SslContext client(ReloadingOrigination origination) {
    if (origination.mode() instanceof TlsMode.None) {
      throw new IllegalArgumentException("origination: " + origination + " (expected: a one-way or mutual TLS mode)");
    }
    return new EngineSslContext(true, new EngineSslContext.Engines() {
      @Override
      public SSLEngine newEngine(String peerHost, int peerPort) {
        return current(origination).newEngine(peerHost, peerPort);
      }

      @Override
      public SSLSessionContext sessionContext() {
        return current(origination).sslContext().getClientSessionContext();
      }
    });
  }

  private static OriginationContext current(ReloadingOrigination origination) {
    Origination current = origination.current();
    return (OriginationContext) current;
  }

  /**
   * Returns the server context of a terminating gateway's mesh-side listener: the leaf is chosen
   * by SNI, a client certificate of the mesh is required. Use {@link MeshServerTls#callerIdentity}
   * on the handler's session to get the caller's SPIFFE ID.
   *
   * @param server the mesh server context
   * @return a Netty server context
   */
  public static SslContext server(MeshServerTls server) {
    return new EngineSslContext(false, new EngineSslContext.Engines() {
      @Override
      public SSLEngine newEngine(String peerHost, int peerPort) {
        return server.newEngine();
      }

      @Override
      public SSLSessionContext sessionContext() {
        return server.sslContext().getServerSessionContext();
      }
    });
  }
}
