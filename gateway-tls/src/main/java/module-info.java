/**
 * TLS for gateways: origination contexts (none / one-way / mutual), mesh-side server contexts that
 * pick a leaf certificate by SNI, PEM loading with BouncyCastle, SPIFFE identity checks, and hot
 * certificate reload.
 *
 * <p>{@code dev.meshgate.tls} is the API; {@code dev.meshgate.tls.netty} adapts it to Netty's
 * {@code SslContext} and is the only package that touches Netty, which is optional.
 */
// Netty 4.1.x jars are automatic modules (4.2.x are explicit ones); both lines are supported.
@SuppressWarnings("requires-automatic")
module dev.meshgate.tls {
  requires transitive dev.meshgate.core;
  requires org.bouncycastle.pkix;
  requires org.bouncycastle.provider;
  requires org.bouncycastle.util;
  requires com.github.benmanes.caffeine;
  requires org.slf4j;
  requires static io.netty.buffer;
  requires static io.netty.common;
  requires static io.netty.handler;

  exports dev.meshgate.tls;
  exports dev.meshgate.tls.netty;
}
