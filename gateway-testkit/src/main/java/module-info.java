/**
 * Test kits for meshgate users: a ClientHello builder, a test certificate authority and a fake
 * Consul agent. A test dependency: nothing in the library modules needs it at run time.
 */
module dev.meshgate.testkit {
  requires transitive dev.meshgate.core;
  requires jdk.httpserver;
  requires org.bouncycastle.pkix;
  requires org.bouncycastle.provider;
  requires org.bouncycastle.util;

  exports dev.meshgate.testkit;
}
