package dev.meshgate.examples.gateway;

import dev.meshgate.consul.api.CaRoots;
import dev.meshgate.consul.api.ConsulCatalog;
import dev.meshgate.consul.api.ConsulClient;
import dev.meshgate.consul.api.ConsulWatches;
import dev.meshgate.consul.api.LeafCertificate;
import dev.meshgate.consul.api.Watch;
import dev.meshgate.consul.config.ConfigEntryKind;
import dev.meshgate.core.ingress.IngressGateway;
import dev.meshgate.core.ingress.IngressGatewayEntry;
import dev.meshgate.tls.KeyMaterial;
import dev.meshgate.tls.MeshClientTls;
import dev.meshgate.tls.TlsContexts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ingress gateway following a Consul agent: its {@code ingress-gateway} entry, the instances of
 * the services it exposes ({@code /v1/catalog/gateway-services}, Connect-capable ones) with the
 * defaults and chain entries of {@link ConsulConfig}, and its own leaf and the CA roots for the
 * mesh side. It binds its listeners once the entry, the leaf and the roots have answered; a new
 * entry binds and closes listeners as it says (refused as a whole when a port cannot be bound), and
 * a rotated leaf or root is used by every new connection.
 */
final class ConsulIngressKind implements ConsulFollower.Followed {
  private static final Logger LOG = LoggerFactory.getLogger(ConsulIngressKind.class);

  private final Settings settings;
  private final Consumer<String> cannotServe;
  private final Watch<IngressGatewayEntry> entry;
  private final Watch<CaRoots> roots;
  private final Watch<LeafCertificate> leaf;
  private final ConsulConfig config;
  private final Thread starter;
  private volatile boolean closed;
  private volatile IngressServers servers;
  private volatile List<String> lastRefusal = List.of();

  /** Starts following; {@code cannotServe} hears why, if the gateway cannot serve once it has its answers. */
  ConsulIngressKind(Settings settings, ConsulClient client, Consumer<String> cannotServe) {
    this.settings = settings;
    this.cannotServe = cannotServe;
    entry = ConsulWatches.configEntry(client, ConfigEntryKind.INGRESS_GATEWAY, settings.name())
        .listener((value, index) -> entryChanged(value)).start();
    roots = ConsulWatches.caRoots(client).listener((value, index) -> tlsChanged()).start();
    leaf = ConsulWatches.leaf(client, settings.name()).listener((value, index) -> tlsChanged()).start();
    config = new ConsulConfig(client, ConsulCatalog.builder(client, settings.datacenter()).connect(true)
        .linkedServicesOf(settings.name()).start(), settings.defaultPolicy());
    starter = ConsulFollower.starter(this::start);
  }

  private KeyMaterial leafMaterial() {
    LeafCertificate l = leaf.latest().orElseThrow();
    return KeyMaterial.parse(leaf.endpoint(), l.certPem(), l.privateKeyPem(), new char[0], Instant.now());
  }

  private MeshClientTls meshTls(KeyMaterial key) {
    return TlsContexts.builder().build().meshClient(key, roots.latest().orElseThrow().trustBundle());
  }

  private void start() {
    try {
      if (!ConsulFollower.awaitFirst(List.of(entry, roots, leaf), () -> closed)) {
        return;
      }
      IngressGatewayEntry first = entry.latest().orElseThrow();
      IngressGateway gateway = IngressKind.gateway(settings, config.catalog(), first, config.chains());
      config.onChange(() -> gateway.updateChains(config.chains()));
      gateway.updateChains(config.chains());
      KeyMaterial key = leafMaterial();
      // TLS listeners serve the gateway's Connect leaf (TLS.Enabled); SDS certificates come from an SDS
      // server Consul does not hold, so a listener naming one fails its handshakes (closed, never plaintext)
      IngressServers s = new IngressServers(settings, gateway, meshTls(key), key, sds -> null);
      try {
        s.bind(first);
      } catch (Exception e) {
        s.close();
        throw e;
      }
      servers = s;
      entry.latest().filter(e -> e != first).ifPresent(this::entryChanged);
      tlsChanged();
      if (closed) {
        close();
      }
    } catch (InterruptedException e) {
      // closed while waiting
    } catch (Exception e) {
      ConsulFollower.cannotServe(cannotServe, "ingress gateway " + settings.name(), e);
    }
  }

  private void entryChanged(IngressGatewayEntry value) {
    IngressServers s = servers;
    if (s == null) {
      return;
    }
    try {
      s.apply(value);
      lastRefusal = List.of();
    } catch (Exception e) {
      refused(entry.endpoint(), e);
    }
  }

  private void tlsChanged() {
    IngressServers s = servers;
    if (s == null) {
      return;
    }
    try {
      KeyMaterial key = leafMaterial();
      s.replaceTls(meshTls(key), key);
    } catch (RuntimeException e) {
      refused(leaf.endpoint() + ", " + roots.endpoint(), e);
    }
  }

  private void refused(String endpoint, Exception e) {
    lastRefusal = List.of(endpoint + ": " + e.getMessage());
    LOG.warn("{}: answer refused, the previous one serves on: {}", endpoint, e.getMessage());
  }

  @Override
  public boolean serving() {
    return servers != null;
  }

  @Override
  public boolean settled() {
    return config.settled();
  }

  @Override
  public Map<String, Watch.Status> watches() {
    Map<String, Watch.Status> out = new LinkedHashMap<>();
    for (Watch<?> w : List.of(entry, roots, leaf)) {
      out.put(w.endpoint(), w.status());
    }
    out.putAll(config.status());
    return out;
  }

  @Override
  public List<String> refusals() {
    List<Watch<?>> watched = new ArrayList<>(List.of(entry, roots, leaf));
    watched.addAll(config.entryWatches());
    List<String> out = new ArrayList<>(lastRefusal);
    out.addAll(ConsulFollower.failing(watched));
    return out;
  }

  @Override
  public Object routes() {
    IngressServers s = servers;
    return s == null ? ConsulFollower.waiting("ingress") : s.routes();
  }

  @Override
  public synchronized void close() {
    closed = true;
    starter.interrupt();
    entry.close();
    roots.close();
    leaf.close();
    config.close();
    if (servers != null) {
      servers.close();
    }
  }
}
