/**
 * Consul gateway semantics as plain Java: names (SNI and SPIFFE), the catalog, config entries and
 * their validation, the discovery chain (service-router, service-splitter, service-resolver), intentions,
 * and the routing tables of mesh, ingress and terminating gateways.
 *
 * <p>Only API packages are exported; {@code dev.meshgate.core.internal} holds helpers shared by the
 * packages of this module and is not exported.
 */
module dev.meshgate.core {
  requires org.slf4j;
  // RE2/J ships no module descriptor and no Automatic-Module-Name: its automatic module takes the
  // name of its jar file, re2j-<version>.jar.
  requires re2j;
  // dk.brics.automaton 1.11-8 has neither a module descriptor nor an Automatic-Module-Name either:
  // its automatic module is named after automaton-<version>.jar.
  requires automaton;

  exports dev.meshgate.core.catalog;
  exports dev.meshgate.core.chain;
  exports dev.meshgate.core.config;
  exports dev.meshgate.core.ingress;
  exports dev.meshgate.core.intentions;
  exports dev.meshgate.core.intentions.analysis;
  exports dev.meshgate.core.mesh;
  exports dev.meshgate.core.naming;
  exports dev.meshgate.core.routing;
  exports dev.meshgate.core.terminating;
  exports dev.meshgate.core.upstream;
  exports dev.meshgate.core.internal to dev.meshgate.tls;
  exports dev.meshgate.core.internal.text to dev.meshgate.consul;
}
