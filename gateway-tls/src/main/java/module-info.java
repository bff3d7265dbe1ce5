/**
 * TLS for gateways: origination contexts (none / one-way / mutual), mesh-side server contexts that
 * pick a leaf certificate by SNI, PEM loading with BouncyCastle, SPIFFE identity checks, hot
 * certificate reload, and a test CA.
 *
 * <p>{@code dev.meshgate.tls} is the API; {@code dev.meshgate.tls.netty} adapts it to Netty's
 * {@code SslContext} and is the only package that touches Netty, which is optional; {@code
 * dev.meshgate.tls.testing} is a certificate authority for tests.
 */
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
  exports dev.meshgate.tls.testing;
}
