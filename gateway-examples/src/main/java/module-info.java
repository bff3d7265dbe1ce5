/**
 * The {@code meshgate} program: the three gateways run from Consul config files, the SNI inspector, a mesh-gateway relay, and the Consul
 * config-entry tools ({@code config}, {@code intention}, {@code chain compile}). They use only
 * the library's exported API (this module descriptor is what checks it) and export nothing; the command classes are open to
 * picocli, which reads their options reflectively.
 */
module dev.meshgate.examples {
  requires com.fasterxml.jackson.databind;
  requires dev.meshgate.consul;
  requires dev.meshgate.core;
  requires dev.meshgate.netty;
  requires dev.meshgate.sni;
  requires dev.meshgate.testkit;
  requires info.picocli;
  requires io.netty.buffer;
  requires io.netty.common;
  requires io.netty.transport.classes.epoll;
  requires io.netty.transport;
  requires jdk.httpserver;
  requires org.slf4j;

  opens dev.meshgate.examples to info.picocli;
  opens dev.meshgate.examples.chain to info.picocli;
  opens dev.meshgate.examples.consul to info.picocli;
  opens dev.meshgate.examples.gateway to info.picocli;
  opens dev.meshgate.examples.inspect to info.picocli;
  opens dev.meshgate.examples.mesh to info.picocli;
}
