package dev.meshgate.examples.gateway;

import dev.meshgate.consul.api.ConsulCatalog;
import dev.meshgate.consul.api.ConsulClient;
import dev.meshgate.consul.api.ConsulTerminatingTls;
import dev.meshgate.consul.api.ConsulWatches;
import dev.meshgate.consul.api.Watch;
import dev.meshgate.consul.config.ConfigEntryKind;
import dev.meshgate.core.intentions.IntentionSet;
import dev.meshgate.core.terminating.Route;
import dev.meshgate.core.terminating.TerminatingGateway;
import dev.meshgate.core.terminating.TerminatingGatewayEntry;
import dev.meshgate.tls.TlsContexts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A terminating gateway following a Consul agent: its {@code terminating-gateway} entry, every
 * {@code service-intentions} entry, the linked services' instances ({@code
 * /v1/catalog/gateway-services}) with the defaults and chain entries of {@link ConsulConfig}, and
 * the CA roots and each linked service's leaf through {@link ConsulTerminatingTls}. It binds its
 * listener once its entry and the intentions have answered and the first roots arrived; from then
 * on every new answer applies without a restart, and a refused answer (an invalid entry) leaves the
 * previous one serving. Intentions fail closed: the listener is not bound before the first set.
 */
final class ConsulTerminatingKind implements ConsulFollower.Followed {
  private static final Logger LOG = LoggerFactory.getLogger(ConsulTerminatingKind.class);

  private final Settings settings;
  private final ConsulClient client;
  private final Consumer<String> cannotServe;
  private final Watch<TerminatingGatewayEntry> entry;
  private final Watch<IntentionSet> intentions;
  private final ConsulConfig config;
  private final Thread starter;
  private volatile boolean closed;
  private volatile TerminatingGateway gateway;
  private volatile ConsulTerminatingTls tls;
  private volatile TerminatingServer server;

  /** Starts following; {@code cannotServe} hears why, if the gateway cannot serve once it has its answers. */
  ConsulTerminatingKind(Settings settings, ConsulClient client, Consumer<String> cannotServe) {
    this.settings = settings;
    this.client = client;
    this.cannotServe = cannotServe;
    entry = ConsulWatches.configEntry(client, ConfigEntryKind.TERMINATING_GATEWAY, settings.name())
        .listener((value, index) -> entryChanged(value)).start();
    // The flow asks the watch for the latest set on each connection: nothing to do on a new one.
    intentions = ConsulWatches.intentions(client).listener((value, index) -> { }).start();
    config = new ConsulConfig(client, ConsulCatalog.builder(client, settings.datacenter())
        .linkedServicesOf(settings.name()).start(), settings.defaultPolicy());
    starter = ConsulFollower.starter(this::start);
  }

  private void entryChanged(TerminatingGatewayEntry value) {
    TerminatingGateway g = gateway;
    if (g != null) {
      g.update(value);
    }
  }

  private void start() {
    try {
      if (!ConsulFollower.awaitFirst(List.of(entry, intentions), () -> closed)) {
        return;
      }
      TerminatingGatewayEntry first = entry.latest().orElseThrow();
      TerminatingGateway g = TerminatingServer.gateway(settings, config.catalog(), first, config.chains());
      gateway = g;
      config.onChange(() -> g.updateChains(config.chains()));
      g.updateChains(config.chains()); // entries that arrived while it was built
      entry.latest().filter(e -> e != first).ifPresent(g::update);
      ConsulTerminatingTls t = startTls(g);
      tls = t;
      server = new TerminatingServer(settings, g, t.tls(), this::currentIntentions);
      if (closed) {
        close();
      }
    } catch (InterruptedException e) {
      // closed while waiting
    } catch (Exception e) {
      // Netty rethrows a bind failure (a checked exception) undeclared: catch every exception.
      ConsulFollower.cannotServe(cannotServe, "terminating gateway " + settings.name(), e);
    }
  }

  /** Waits for the first CA roots, as long as it takes. */
  private ConsulTerminatingTls startTls(TerminatingGateway g) throws InterruptedException {
    while (true) {
      try {
        return ConsulTerminatingTls.builder(client, g, TlsContexts.builder().build())
            .firstRootsTimeout(Duration.ofSeconds(30)).start();
      } catch (IllegalStateException e) {
        LOG.warn("terminating gateway {}: {}; still waiting", settings.name(), e.getMessage());
      }
    }
  }

  /** Only asked once the first set arrived: the listener is bound after it. */
  private IntentionSet currentIntentions() {
    return intentions.latest().orElseThrow();
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
    Map<String, Watch.Status> out = new LinkedHashMap<>();
    out.put(entry.endpoint(), entry.status());
    out.put(intentions.endpoint(), intentions.status());
    out.putAll(config.status());
    ConsulTerminatingTls t = tls;
    TerminatingGateway g = gateway;
    if (t != null && g != null) {
      out.put("/v1/agent/connect/ca/roots", t.rootsStatus());
      for (Route r : g.table().routes()) {
        out.put("/v1/agent/connect/ca/leaf/" + r.identity().service(), t.leafStatus(r.identity())
            .orElse(new Watch.Status(0, Optional.empty(), Optional.of("not watched yet"), 0, 0)));
      }
    }
    return out;
  }

  @Override
  public List<String> refusals() {
    List<Watch<?>> watched = new ArrayList<>(List.of(entry, intentions));
    watched.addAll(config.entryWatches());
    return ConsulFollower.failing(watched);
  }

  @Override
  public Object routes() {
    TerminatingServer s = server;
    return s == null ? ConsulFollower.waiting("terminating") : s.routes();
  }

  @Override
  public synchronized void close() {
    closed = true;
    starter.interrupt();
    entry.close();
    intentions.close();
    config.close();
    if (server != null) {
      server.close();
    } else if (gateway != null) {
      gateway.close();
    }
    if (tls != null) {
      tls.close();
    }
  }
}
