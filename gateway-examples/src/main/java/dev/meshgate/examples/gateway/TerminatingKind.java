package dev.meshgate.examples.gateway;

import dev.meshgate.consul.config.ConfigDirectory;
import dev.meshgate.consul.config.ConfigEntryKind;
import dev.meshgate.core.intentions.IntentionSet;
import dev.meshgate.core.terminating.TerminatingGateway;
import dev.meshgate.core.terminating.TerminatingGatewayEntry;
import dev.meshgate.tls.TerminatingGatewayTls;
import dev.meshgate.tls.TlsContexts;
import dev.meshgate.tls.TrustBundle;

/**
 * A terminating gateway: the linked services of its {@code terminating-gateway} entry, each
 * caller's mesh mTLS terminated with the service's leaf ({@code <service>.pem} in the TLS
 * directory), intentions decided, and the connection originated with the service's TLS mode.
 */
final class TerminatingKind implements Kind.FromDirectory {
  private final Settings settings;
  private final SnapshotSource catalog;
  private final TerminatingGateway gateway;
  private final TerminatingGatewayTls tls;
  private final TerminatingServer server;
  private volatile ConfigDirectory entries;

  TerminatingKind(Settings settings, GatewayConfig first) throws Exception {
    this.settings = settings;
    TerminatingGatewayEntry entry = ownEntry(settings, first);
    TrustBundle roots = settings.roots();
    entries = first.entries();
    catalog = new SnapshotSource(first.catalog());
    gateway = TerminatingServer.gateway(settings, catalog, entry, first.entries().chainEntries());
    tls = TerminatingGatewayTls.follow(gateway, TlsContexts.builder().build(), roots,
        service -> settings.leaf(service.service()));
    server = new TerminatingServer(settings, gateway, tls, this::intentions);
  }

  static TerminatingGatewayEntry ownEntry(Settings settings, GatewayConfig config) throws RefusedConfig {
    return config.entries().models(ConfigEntryKind.TERMINATING_GATEWAY).stream()
        .filter(e -> e.name().equals(settings.name())).findFirst()
        .orElseThrow(() -> new RefusedConfig(config.directory() + ": no terminating-gateway entry named \""
            + settings.name() + "\""));
  }

  /** Intentions fail closed: a directory whose intentions did not load is never applied. */
  private IntentionSet intentions() {
    return entries.intentions();
  }

  @Override
  public void apply(GatewayConfig config) throws Exception {
    TerminatingGatewayEntry entry = ownEntry(settings, config);
    TrustBundle roots = settings.roots();
    gateway.update(entry);
    gateway.updateChains(config.entries().chainEntries());
    entries = config.entries();
    catalog.publish(config.catalog());
    tls.updateRoots(roots);
    tls.refreshLeaves();
  }

  @Override
  public Object routes() {
    return server.routes();
  }

  @Override
  public void close() {
    server.close();
    tls.close();
  }
}
