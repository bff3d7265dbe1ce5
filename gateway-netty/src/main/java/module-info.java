/**
 * Consul-style gateway flows as Netty handlers an embedder adds to its own {@code
 * ServerBootstrap}: a byte relay with backpressure, half-close, timeouts and endpoint failover; the
 * mesh gateway flow (sniff the SNI, route, relay the still-encrypted bytes); and the terminating
 * gateway flow (terminate the caller's mesh mTLS, check intentions, originate to the service); and
 * the ingress gateway flow (HTTP/1.1, and HTTP/2 by ALPN on TLS listeners with SNI-selected
 * certificates, requests routed by discovery chain with retries; tcp listeners relayed; both
 * dialled over mesh mTLS that requires the target's SPIFFE identity).
 *
 * <p>Netty is a required dependency of this module; it works with Netty 4.1 and 4.2.
 */
module dev.meshgate.netty {
  requires transitive dev.meshgate.core;
  requires transitive dev.meshgate.sni;
  requires transitive dev.meshgate.tls;
  requires transitive io.netty.buffer;
  requires transitive io.netty.common;
  requires transitive io.netty.transport;
  requires transitive io.netty.handler;
  requires transitive io.netty.codec.http;
  requires io.netty.codec;
  requires io.netty.codec.http2;

  exports dev.meshgate.netty;
}
