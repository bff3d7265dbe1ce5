package dev.meshgate.examples.gateway;

import dev.meshgate.consul.api.ConsulCatalog;
import dev.meshgate.consul.api.ConsulClient;
import dev.meshgate.consul.api.Watch;
import dev.meshgate.core.mesh.MeshGateway;
import io.netty.channel.Channel;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A mesh gateway following a Consul agent: every service of its datacenter ({@code
 * /v1/catalog/services}, each service's Connect-capable instances), the mesh gateways of the other
 * datacenters (those named as this gateway is, in each datacenter {@code /v1/catalog/datacenters}
 * lists), with the defaults and resolvers of {@link ConsulConfig}. It binds its listener once the
 * lists of services and datacenters have answered; from then on a service registered or
 * deregistered in Consul is routed or dropped without a restart. A failing watch keeps what it
 * answered last.
 */
final class ConsulMeshKind implements ConsulFollower.Followed {
  private final Settings settings;
  private final ConsulCatalog instances;
  private final ConsulConfig config;
  private final Consumer<String> cannotServe;
  private final Thread starter;
  private volatile boolean closed;
  private volatile MeshGateway gateway;
  private volatile Channel server;

  ConsulMeshKind(Settings settings, ConsulClient client, Consumer<String> cannotServe) {
    this.settings = settings;
    this.cannotServe = cannotServe;
    instances = ConsulCatalog.builder(client, settings.datacenter()).allServices().connect(true)
        .remoteGateways(settings.name()).start();
    config = new ConsulConfig(client, instances, settings.defaultPolicy());
    starter = ConsulFollower.starter(this::start);
  }

  private void start() {
    try {
      if (!ConsulFollower.await(instances::listed, () -> closed)) {
        return;
      }
      MeshGateway g = MeshKind.gateway(settings, config.catalog());
      gateway = g;
      server = MeshKind.bind(settings, g);
      if (closed) {
        close();
      }
    } catch (InterruptedException e) {
      // closed while waiting
    } catch (Exception e) {
      ConsulFollower.cannotServe(cannotServe, "mesh gateway " + settings.name(), e);
    }
  }

  @Override
  public boolean serving() {
    return server != null;
  }

  @Override
  public boolean settled() {
    return config.settled();
  }

  @Override
  public Map<String, Watch.Status> watches() {
    return config.status();
  }

  @Override
  public List<String> refusals() {
    return ConsulFollower.failing(config.entryWatches());
  }

  @Override
  public Object routes() {
    MeshGateway g = gateway;
    return server == null || g == null ? ConsulFollower.waiting("mesh") : MeshKind.routes(g);
  }

  @Override
  public synchronized void close() {
    closed = true;
    starter.interrupt();
    config.close();
    if (server != null) {
      server.close().syncUninterruptibly();
    }
    if (gateway != null) {
      gateway.close();
    }
  }
}
