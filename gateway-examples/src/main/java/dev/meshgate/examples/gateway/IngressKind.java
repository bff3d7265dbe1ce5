package dev.meshgate.examples.gateway;

import dev.meshgate.consul.config.ConfigEntryKind;
import dev.meshgate.core.ingress.IngressGateway;
import dev.meshgate.core.ingress.IngressGatewayEntry;
import dev.meshgate.core.ingress.IngressListener;
import dev.meshgate.core.ingress.Route;
import dev.meshgate.netty.IngressGatewayInitializer;
import dev.meshgate.tls.MeshClientTls;
import dev.meshgate.tls.TlsContexts;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An ingress gateway: one server per listener of its {@code ingress-gateway} entry, on the
 * listener's port at the {@code --listen} address, routing by Host and the discovery chain to mesh
 * services over mTLS with the gateway's own leaf ({@code <name>.pem}). A new config that adds or
 * removes listeners binds or closes their ports; a port that cannot be bound refuses the config.
 */
final class IngressKind implements Kind {
  private final Settings settings;
  private final SnapshotSource catalog;
  private final IngressGateway gateway;
  private final MeshClientTls meshTls;
  private final Map<Integer, Channel> servers = new TreeMap<>();

  IngressKind(Settings settings, GatewayConfig first) throws Exception {
    this.settings = settings;
    IngressGatewayEntry entry = ownEntry(settings, first);
    meshTls = TlsContexts.builder().build().meshClient(TerminatingKind.leaf(settings.tls(), settings.name()),
        TerminatingKind.roots(settings));
    catalog = new SnapshotSource(first.catalog());
    gateway = IngressGateway.builder().datacenter(settings.datacenter()).trustDomain(settings.trustDomain())
        .catalog(catalog).entry(entry).chains(first.entries().chainEntries()).build();
    try {
      bind(entry);
    } catch (Exception e) {
      close();
      throw e;
    }
  }

  static IngressGatewayEntry ownEntry(Settings settings, GatewayConfig config) throws RefusedConfig {
    return config.entries().models(ConfigEntryKind.INGRESS_GATEWAY).stream()
        .filter(e -> e.name().equals(settings.name())).findFirst()
        .orElseThrow(() -> new RefusedConfig(config.directory() + ": no ingress-gateway entry named \""
            + settings.name() + "\""));
  }

  /**
   * Binds the ports of the entry's listeners that are not bound yet; when one cannot be bound,
   * closes those this call bound and throws, so that the config is refused as a whole.
   */
  private synchronized void bind(IngressGatewayEntry entry) throws Exception {
    List<Integer> opened = new ArrayList<>();
    try {
      for (IngressListener listener : entry.listeners()) {
        if (servers.containsKey(listener.port())) {
          continue;
        }
        Channel server = new ServerBootstrap().group(settings.group()).channel(NioServerSocketChannel.class)
            .childHandler(IngressGatewayInitializer.builder(gateway, listener.port(), meshTls)
                .relay(settings.relay()).build())
            .bind(new InetSocketAddress(settings.listen().getAddress(), listener.port())).sync().channel();
        servers.put(listener.port(), server);
        opened.add(listener.port());
        settings.io().err().println("ingress gateway " + settings.name() + " listener " + listener.port() + " ("
            + listener.protocol() + ") listening on " + Settings.text(server));
      }
    } catch (Exception e) { // Netty rethrows a BindException unchecked
      for (Integer port : opened) {
        servers.remove(port).close().syncUninterruptibly();
      }
      throw e;
    }
  }

  /** Closes the servers of ports the entry no longer has a listener on. */
  private synchronized void unbindRemoved(IngressGatewayEntry entry) {
    List<Integer> wanted = entry.listeners().stream().map(IngressListener::port).toList();
    servers.entrySet().removeIf(e -> {
      if (wanted.contains(e.getKey())) {
        return false;
      }
      e.getValue().close().syncUninterruptibly();
      settings.io().err().println("ingress gateway " + settings.name() + " listener " + e.getKey() + " closed");
      return true;
    });
  }

  @Override
  public void apply(GatewayConfig config) throws Exception {
    IngressGatewayEntry entry = ownEntry(settings, config);
    bind(entry);
    gateway.update(entry);
    gateway.updateChains(config.entries().chainEntries());
    catalog.publish(config.catalog());
    unbindRemoved(entry);
  }

  @Override
  public Object routes() {
    List<Object> routes = new ArrayList<>();
    for (Route r : gateway.router().routes()) {
      routes.add(Json.object("port", r.port(), "protocol", r.protocol().wireName(), "hosts", r.domains(),
          "match", r.match().toString(), "service", r.service().toString(), "upstream", r.upstream().toString()));
    }
    return Json.object("kind", "ingress", "routes", routes, "warnings", gateway.router().warnings());
  }

  @Override
  public synchronized void close() {
    for (Channel server : servers.values()) {
      server.close().syncUninterruptibly();
    }
    servers.clear();
    if (gateway != null) {
      gateway.close();
    }
  }
}
