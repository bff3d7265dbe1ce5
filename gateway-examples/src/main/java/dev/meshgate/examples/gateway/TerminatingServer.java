package dev.meshgate.examples.gateway;

import dev.meshgate.core.catalog.CatalogSource;
import dev.meshgate.core.chain.ChainEntries;
import dev.meshgate.core.intentions.DestinationService;
import dev.meshgate.core.intentions.Intention;
import dev.meshgate.core.intentions.IntentionSet;
import dev.meshgate.core.terminating.Route;
import dev.meshgate.core.terminating.TerminatingGateway;
import dev.meshgate.core.terminating.TerminatingGatewayEntry;
import dev.meshgate.netty.TerminatingGatewayInitializer;
import dev.meshgate.tls.TerminatingGatewayTls;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The serving part of a terminating gateway, whatever feeds it: the listener at {@code --listen}
 * terminating each caller's mesh mTLS, deciding intentions with the current set and originating
 * the connection with the service's TLS mode; and the routes as the admin endpoint shows them.
 * Closing it closes the listener and the gateway.
 */
final class TerminatingServer implements AutoCloseable {
  private final Settings settings;
  private final TerminatingGateway gateway;
  private final Supplier<IntentionSet> intentions;
  private final Channel server;

  /** Binds the listener; {@code intentions} is asked on every connection. */
  TerminatingServer(Settings settings, TerminatingGateway gateway, TerminatingGatewayTls tls,
      Supplier<IntentionSet> intentions) throws InterruptedException {
    this.settings = settings;
    this.gateway = gateway;
    this.intentions = intentions;
    TerminatingGatewayInitializer flow = TerminatingGatewayInitializer.builder(gateway, tls)
        .intentions(intentions).defaultPolicy(settings.defaultPolicy()).relay(settings.relay()).build();
    server = new ServerBootstrap().group(settings.group()).channel(settings.transport().server())
        .childHandler(flow).bind(settings.listen()).sync().channel();
    settings.io().err().println("terminating gateway " + settings.name() + " listening on " + Settings.text(server));
  }

  /** The gateway of the settings' name over a catalog, with its first entry and chain entries. */
  static TerminatingGateway gateway(Settings settings, CatalogSource catalog, TerminatingGatewayEntry entry,
      ChainEntries chains) {
    return TerminatingGateway.builder().name(settings.name()).datacenter(settings.datacenter())
        .trustDomain(settings.trustDomain()).catalog(catalog).entry(entry).chains(chains).build();
  }

  /** The current routes with the intentions governing each, as {@code /routes} shows them. */
  Object routes() {
    IntentionSet current = intentions.get();
    List<Object> routes = new ArrayList<>();
    for (Route r : gateway.table().routes()) {
      List<String> governing = new ArrayList<>();
      for (Intention i : current.intentionsFor(DestinationService.of(r.service()))) {
        governing.add(i.toString());
      }
      routes.add(Json.object("sni", r.sni(), "service", r.service().toString(), "subset", r.subset(),
          "kind", r.kind().name(), "protocol", r.protocol().wireName(), "tls", r.tls().getClass().getSimpleName(),
          "identity", r.identity().toString(), "endpoints", Json.endpoints(r.endpoints()),
          "intentions", Json.object("default_policy", settings.defaultPolicy().toString(), "governing", governing)));
    }
    return Json.object("kind", "terminating", "routes", routes, "warnings", gateway.table().warnings());
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    gateway.close();
  }
}
