package dev.meshgate.examples.gateway;

import dev.meshgate.consul.config.ConfigDirectory;
import dev.meshgate.consul.config.ConfigEntryKind;
import dev.meshgate.core.intentions.DestinationService;
import dev.meshgate.core.intentions.Intention;
import dev.meshgate.core.intentions.IntentionSet;
import dev.meshgate.core.terminating.Route;
import dev.meshgate.core.terminating.TerminatingGateway;
import dev.meshgate.core.terminating.TerminatingGatewayEntry;
import dev.meshgate.netty.TerminatingGatewayInitializer;
import dev.meshgate.tls.KeyMaterial;
import dev.meshgate.tls.TerminatingGatewayTls;
import dev.meshgate.tls.TlsContexts;
import dev.meshgate.tls.TrustBundle;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A terminating gateway: the linked services of its {@code terminating-gateway} entry, each
 * caller's mesh mTLS terminated with the service's leaf ({@code <service>.pem} in the TLS
 * directory), intentions decided, and the connection originated with the service's TLS mode.
 */
final class TerminatingKind implements Kind {
  private final Settings settings;
  private final SnapshotSource catalog;
  private final TerminatingGateway gateway;
  private final TerminatingGatewayTls tls;
  private final Channel server;
  private volatile ConfigDirectory entries;

  TerminatingKind(Settings settings, GatewayConfig first) throws Exception {
    this.settings = settings;
    TerminatingGatewayEntry entry = ownEntry(settings, first);
    TrustBundle roots = roots(settings);
    entries = first.entries();
    catalog = new SnapshotSource(first.catalog());
    gateway = TerminatingGateway.builder().name(settings.name()).datacenter(settings.datacenter())
        .trustDomain(settings.trustDomain()).catalog(catalog).entry(entry)
        .chains(first.entries().chainEntries()).build();
    tls = TerminatingGatewayTls.follow(gateway, TlsContexts.builder().build(), roots,
        service -> leaf(settings.tls(), service.service()));
    TerminatingGatewayInitializer flow = TerminatingGatewayInitializer.builder(gateway, tls)
        .intentions(this::intentions).defaultPolicy(settings.defaultPolicy()).relay(settings.relay()).build();
    server = new ServerBootstrap().group(settings.group()).channel(NioServerSocketChannel.class)
        .childHandler(flow).bind(settings.listen()).sync().channel();
    settings.io().err().println("terminating gateway " + settings.name() + " listening on " + Settings.text(server));
  }

  static TerminatingGatewayEntry ownEntry(Settings settings, GatewayConfig config) throws RefusedConfig {
    return config.entries().models(ConfigEntryKind.TERMINATING_GATEWAY).stream()
        .filter(e -> e.name().equals(settings.name())).findFirst()
        .orElseThrow(() -> new RefusedConfig(config.directory() + ": no terminating-gateway entry named \""
            + settings.name() + "\""));
  }

  static TrustBundle roots(Settings settings) {
    return TrustBundle.load(settings.tls().resolve("ca.pem"));
  }

  static KeyMaterial leaf(Path tls, String service) {
    return KeyMaterial.load(tls.resolve(service + ".pem"), tls.resolve(service + "-key.pem"), new char[0]);
  }

  /** Intentions fail closed: a directory whose intentions did not load is never applied. */
  private IntentionSet intentions() {
    return entries.intentions();
  }

  @Override
  public void apply(GatewayConfig config) throws Exception {
    TerminatingGatewayEntry entry = ownEntry(settings, config);
    TrustBundle roots = roots(settings);
    gateway.update(entry);
    gateway.updateChains(config.entries().chainEntries());
    entries = config.entries();
    catalog.publish(config.catalog());
    tls.updateRoots(roots);
    tls.refreshLeaves();
  }

  @Override
  public Object routes() {
    IntentionSet intentions = entries.intentions();
    List<Object> routes = new ArrayList<>();
    for (Route r : gateway.table().routes()) {
      List<String> governing = new ArrayList<>();
      for (Intention i : intentions.intentionsFor(DestinationService.of(r.service()))) {
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
    tls.close();
    gateway.close();
  }
}
