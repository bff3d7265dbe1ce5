/**
 * Runnable programs built on meshgate: the SNI inspector, a mesh-gateway relay, and the Consul
 * config-entry tools ({@code config}, {@code intention check}, {@code chain compile}). They use only
 * the library's exported API (this module descriptor is what checks it) and export nothing.
 */
module dev.meshgate.examples {
  requires dev.meshgate.consul;
  requires dev.meshgate.core;
  requires dev.meshgate.netty;
  requires dev.meshgate.sni;
  requires io.netty.buffer;
  requires io.netty.common;
  requires io.netty.transport;
  requires org.slf4j;
}
