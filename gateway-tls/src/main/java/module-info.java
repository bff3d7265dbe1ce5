/**
 * TLS for gateways: origination contexts (none / one-way / mutual), mesh-side server contexts that
 * pick a leaf certificate by SNI, PEM loading with BouncyCastle, SPIFFE identity checks, hot
 * certificate reload, and a test CA.
 */
module dev.meshgate.tls {
  requires transitive dev.meshgate.core;
  requires org.bouncycastle.pkix;
  requires org.bouncycastle.provider;
  requires org.bouncycastle.util;
  requires org.slf4j;
  requires static io.netty.buffer;
  requires static io.netty.common;
  requires static io.netty.handler;

}
