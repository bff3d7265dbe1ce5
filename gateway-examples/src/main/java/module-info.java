/**
 * Runnable programs built on meshgate: the SNI inspector and a mesh-gateway relay. They use only
 * the library's exported API (this module descriptor is what checks it) and export nothing.
 */
module dev.meshgate.examples {
  requires dev.meshgate.core;
  requires dev.meshgate.sni;
  requires io.netty.buffer;
  requires io.netty.common;
  requires io.netty.transport;
}
