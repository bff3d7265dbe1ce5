package dev.meshgate.examples.gateway;

import dev.meshgate.core.intentions.DefaultPolicy;
import dev.meshgate.core.naming.TrustDomain;
import dev.meshgate.examples.Io;
import dev.meshgate.netty.Relay;
import dev.meshgate.tls.KeyMaterial;
import dev.meshgate.tls.TrustBundle;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * What every kind of gateway is started with.
 *
 * @param name the gateway's service name (its config entry's name)
 * @param datacenter its datacenter
 * @param trustDomain the mesh's trust domain
 * @param listen where a mesh or terminating gateway listens; for an ingress gateway only the
 *     address, each listener taking its own port
 * @param tls the directory of PEM files: {@code ca.pem}, and {@code <service>.pem} with {@code
 *     <service>-key.pem} for each leaf; null for a gateway following Consul, which has its TLS
 *     material from the agent
 * @param defaultPolicy what intentions decide when none matches
 * @param relay the relay; {@link RunningGateway} replaces it with one reporting to the gateway's
 *     counters
 * @param group the event loops
 * @param transport the socket transport of {@code group}: which channel types to bind and dial
 * @param io where progress goes
 */
record Settings(String name, String datacenter, TrustDomain trustDomain, InetSocketAddress listen, Path tls,
    DefaultPolicy defaultPolicy, Relay relay, EventLoopGroup group, Transport transport, Io io) {

  /** The same settings with another relay. */
  Settings withRelay(Relay other) {
    return new Settings(name, datacenter, trustDomain, listen, tls, defaultPolicy, other, group, transport, io);
  }

  /** The mesh CA roots of the TLS directory, {@code ca.pem}. */
  TrustBundle roots() {
    return TrustBundle.load(tls.resolve("ca.pem"));
  }

  /** A service's leaf from the TLS directory: {@code <service>.pem} with {@code <service>-key.pem}. */
  KeyMaterial leaf(String service) {
    return KeyMaterial.load(tls.resolve(service + ".pem"), tls.resolve(service + "-key.pem"), new char[0]);
  }

  /** A bound channel's address as {@code host:port}. */
  static String text(Channel server) {
    InetSocketAddress a = (InetSocketAddress) server.localAddress();
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }
}
