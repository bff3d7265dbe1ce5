package dev.meshgate.examples.gateway;

import dev.meshgate.core.chain.ChainDecision;
import dev.meshgate.core.chain.ChainRoute;
import dev.meshgate.core.chain.ChainRouter;
import dev.meshgate.core.ingress.IngressGateway;
import dev.meshgate.core.ingress.IngressGatewayEntry;
import dev.meshgate.core.ingress.IngressListener;
import dev.meshgate.core.ingress.IngressRouter;
import dev.meshgate.core.ingress.Route;
import dev.meshgate.core.ingress.Sds;
import dev.meshgate.core.upstream.Dial;
import dev.meshgate.netty.IngressGatewayInitializer;
import dev.meshgate.tls.KeyMaterial;
import dev.meshgate.tls.MeshClientTls;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The serving part of an ingress gateway, whatever feeds it: one server per listener of its entry,
 * on the listener's port at the {@code --listen} address, and the routes as the admin endpoint
 * shows them. The mesh-side TLS (the gateway's leaf and the roots) can be replaced while serving:
 * each new connection takes the current one, connections open keep theirs. Closing it closes the
 * servers and the gateway.
 */
final class IngressServers implements AutoCloseable {
  private final Settings settings;
  private final IngressGateway gateway;
  private final Map<Integer, Channel> servers = new TreeMap<>();
  /** Per port, the flow with the current mesh TLS; rebuilt when the TLS is replaced. */
  private final Map<Integer, IngressGatewayInitializer> flows = new TreeMap<>();
  private final Function<Sds, KeyMaterial> sdsCertificates;
  private MeshClientTls meshTls;
  private KeyMaterial gatewayCertificate;

  /**
   * Creates the serving part.
   *
   * @param meshTls the mesh side: the gateway's leaf and the roots
   * @param gatewayCertificate what TLS listeners serve under the entry's {@code TLS.Enabled}: the
   *     gateway's own leaf
   * @param sdsCertificates SDS certificates by resource; null where there is none (fail closed)
   */
  IngressServers(Settings settings, IngressGateway gateway, MeshClientTls meshTls, KeyMaterial gatewayCertificate,
      Function<Sds, KeyMaterial> sdsCertificates) {
    this.settings = settings;
    this.gateway = gateway;
    this.meshTls = meshTls;
    this.gatewayCertificate = gatewayCertificate;
    this.sdsCertificates = sdsCertificates;
  }

  /** Uses new mesh-side TLS and gateway certificate for the connections accepted from now on. */
  synchronized void replaceTls(MeshClientTls next, KeyMaterial certificate) {
    meshTls = next;
    gatewayCertificate = certificate;
    flows.replaceAll((port, old) -> flow(port));
  }

  private IngressGatewayInitializer flow(int port) {
    return IngressGatewayInitializer.builder(gateway, port, meshTls).relay(settings.relay())
        .gatewayCertificate(gatewayCertificate).sdsCertificates(sdsCertificates).build();
  }

  private synchronized IngressGatewayInitializer currentFlow(int port) {
    return flows.get(port);
  }

  /**
   * Binds the ports of the entry's listeners that are not bound yet; when one cannot be bound,
   * closes those this call bound and throws, so that the config is refused as a whole.
   */
  synchronized void bind(IngressGatewayEntry entry) throws Exception {
    List<Integer> opened = new ArrayList<>();
    try {
      for (IngressListener listener : entry.listeners()) {
        int port = listener.port();
        if (servers.containsKey(port)) {
          continue;
        }
        flows.put(port, flow(port));
        Channel server = new ServerBootstrap().group(settings.group()).channel(settings.transport().server())
            .childHandler(new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                ch.pipeline().addLast(currentFlow(port));
              }
            })
            .bind(new InetSocketAddress(settings.listen().getAddress(), port)).sync().channel();
        servers.put(port, server);
        opened.add(port);
        settings.io().err().println("ingress gateway " + settings.name() + " listener " + port + " ("
            + listener.protocol() + ") listening on " + Settings.text(server));
      }
    } catch (Exception e) { // Netty rethrows a BindException unchecked
      for (Integer port : opened) {
        servers.remove(port).close().syncUninterruptibly();
      }
      flows.keySet().retainAll(servers.keySet());
      throw e;
    }
  }

  /** Closes the servers of ports the entry no longer has a listener on. */
  synchronized void unbindRemoved(IngressGatewayEntry entry) {
    List<Integer> wanted = entry.listeners().stream().map(IngressListener::port).toList();
    servers.entrySet().removeIf(e -> {
      if (wanted.contains(e.getKey())) {
        return false;
      }
      e.getValue().close().syncUninterruptibly();
      settings.io().err().println("ingress gateway " + settings.name() + " listener " + e.getKey() + " closed");
      return true;
    });
    flows.keySet().retainAll(servers.keySet());
  }

  /** Binds what a new entry adds, applies it, then closes what it removed; refused as a whole if a bind fails. */
  void apply(IngressGatewayEntry entry) throws Exception {
    bind(entry);
    gateway.update(entry);
    unbindRemoved(entry);
  }

  /** The current routes, as {@code /routes} shows them. */
  Object routes() {
    List<Object> routes = new ArrayList<>();
    IngressRouter router = gateway.router();
    for (Route r : router.routes()) {
      Dial up = r.upstream();
      Map<String, Object> route = Json.object("port", r.port(), "protocol", r.protocol().wireName(), "hosts",
          r.domains(), "path_prefix", r.match().pathPrefix(), "service", r.service().toString(), "upstream",
          Json.object("sni", up.sni(), "identity", up.identity().toString(), "via", up.via().name(), "endpoints",
              Json.endpoints(up.endpoints())));
      router.chain(r).ifPresent(chain -> route.put("chain", chain(chain)));
      routes.add(route);
    }
    return Json.object("kind", "ingress", "routes", routes, "warnings", gateway.router().warnings());
  }

  /** Each outcome the service's discovery chain can route a request to, in route order. */
  private static List<Object> chain(ChainRouter chain) {
    List<Object> outcomes = new ArrayList<>();
    for (ChainDecision d : chain.outcomes()) {
      if (d instanceof ChainRoute route) {
        outcomes.add(Json.object("route", route.explanation().toString(), "target", route.target().id(),
            "endpoints", Json.endpoints(route.endpoints())));
      } else if (d instanceof ChainDecision.Unavailable unavailable) {
        outcomes.add(Json.object("route", unavailable.explanation().toString(), "target", "",
            "endpoints", List.of()));
      }
    }
    return outcomes;
  }

  @Override
  public synchronized void close() {
    for (Channel server : servers.values()) {
      server.close().syncUninterruptibly();
    }
    servers.clear();
    flows.clear();
    gateway.close();
  }
}
