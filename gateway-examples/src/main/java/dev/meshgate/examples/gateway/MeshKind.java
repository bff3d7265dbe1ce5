package dev.meshgate.examples.gateway;

import dev.meshgate.core.catalog.CatalogSource;
import dev.meshgate.core.mesh.MeshGateway;
import dev.meshgate.core.mesh.Route;
import dev.meshgate.netty.MeshGatewayInitializer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;

/** A mesh gateway: SNI routing over the catalog, relaying the still-encrypted bytes. */
final class MeshKind implements Kind.FromDirectory {
  private final SnapshotSource catalog;
  private final MeshGateway gateway;
  private final Channel server;

  MeshKind(Settings settings, GatewayConfig first) throws InterruptedException {
    catalog = new SnapshotSource(first.catalog());
    gateway = gateway(settings, catalog);
    server = bind(settings, gateway);
  }

  /** The mesh gateway of the settings' name, datacenter and trust domain over a catalog. */
  static MeshGateway gateway(Settings settings, CatalogSource catalog) {
    return MeshGateway.builder().name(settings.name()).datacenter(settings.datacenter())
        .trustDomain(settings.trustDomain()).catalog(catalog).build();
  }

  /** Binds the gateway's listener at the settings' address and says where it listens. */
  static Channel bind(Settings settings, MeshGateway gateway) throws InterruptedException {
    Channel server = new ServerBootstrap().group(settings.group()).channel(settings.transport().server())
        .childHandler(MeshGatewayInitializer.builder(gateway).relay(settings.relay()).build())
        .bind(settings.listen()).sync().channel();
    settings.io().err().println("mesh gateway " + settings.name() + " listening on " + Settings.text(server));
    return server;
  }

  /** A mesh gateway's answer to {@code /routes}: its table's routes and warnings. */
  static Object routes(MeshGateway gateway) {
    List<Object> routes = new ArrayList<>();
    for (Route r : gateway.table().routes()) {
      routes.add(Json.object("sni", r.serverName(), "kind", r.kind().name(), "cluster", r.cluster(),
          "datacenter", r.datacenter(), "service", r.service().map(Object::toString).orElse(""),
          "subset", r.subset(), "endpoints", Json.endpoints(r.endpoints())));
    }
    return Json.object("kind", "mesh", "routes", routes, "warnings", gateway.table().warnings());
  }

  @Override
  public void apply(GatewayConfig config) {
    catalog.publish(config.catalog());
  }

  @Override
  public Object routes() {
    return routes(gateway);
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    gateway.close();
  }
}
