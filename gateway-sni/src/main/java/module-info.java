/**
 * Reads the TLS ClientHello a client sends, without decrypting anything: the server name and
 * everything else a gateway routes or fingerprints by.
 *
 * <p>The parser in {@code dev.meshgate.sni} has no runtime dependencies. The Netty handler in
 * {@code dev.meshgate.sni.netty} needs Netty on the module path; Netty is an optional dependency.
 */
module dev.meshgate.sni {
  requires static io.netty.buffer;
  requires static io.netty.common;
  requires static io.netty.transport;
  requires static io.netty.handler;

  exports dev.meshgate.sni;
  exports dev.meshgate.sni.netty;
}
