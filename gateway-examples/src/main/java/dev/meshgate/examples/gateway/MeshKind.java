package dev.meshgate.examples.gateway;

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
    gateway = MeshGateway.builder().name(settings.name()).datacenter(settings.datacenter())
        .trustDomain(settings.trustDomain()).catalog(catalog).build();
    server = new ServerBootstrap().group(settings.group()).channel(settings.transport().server())
        .childHandler(MeshGatewayInitializer.builder(gateway).relay(settings.relay()).build())
        .bind(settings.listen()).sync().channel();
    settings.io().err().println("mesh gateway " + settings.name() + " listening on " + Settings.text(server));
  }

  @Override
  public void apply(GatewayConfig config) {
    catalog.publish(config.catalog());
  }

  @Override
  public Object routes() {
    List<Object> routes = new ArrayList<>();
    for (Route r : gateway.table().routes()) {
      routes.add(Json.object("sni", r.serverName(), "kind", r.kind().name(), "cluster", r.cluster(),
          "datacenter", r.datacenter(), "service", r.service().map(Object::toString).orElse(""),
          "subset", r.subset(), "endpoints", Json.endpoints(r.endpoints())));
    }
    return Json.object("kind", "mesh", "routes", routes, "warnings", gateway.table().warnings());
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    gateway.close();
  }
}
