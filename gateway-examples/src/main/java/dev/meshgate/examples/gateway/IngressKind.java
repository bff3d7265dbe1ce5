package dev.meshgate.examples.gateway;

import dev.meshgate.consul.config.ConfigEntryKind;
import dev.meshgate.core.catalog.CatalogSource;
import dev.meshgate.core.chain.ChainEntries;
import dev.meshgate.core.ingress.IngressGateway;
import dev.meshgate.core.ingress.IngressGatewayEntry;
import dev.meshgate.core.ingress.Sds;
import dev.meshgate.tls.KeyMaterial;
import dev.meshgate.tls.MeshClientTls;
import dev.meshgate.tls.TlsContexts;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ingress gateway: one server per listener of its {@code ingress-gateway} entry, on the
 * listener's port at the {@code --listen} address, routing by Host and the discovery chain to mesh
 * services over mTLS with the gateway's own leaf ({@code <name>.pem}). A new config that adds or
 * removes listeners binds or closes their ports; a port that cannot be bound refuses the config.
 */
final class IngressKind implements Kind.FromDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(IngressKind.class);

  private final Settings settings;
  private final SnapshotSource catalog;
  private final IngressGateway gateway;
  private final IngressServers servers;
  private final Map<String, KeyMaterial> sdsCache = new ConcurrentHashMap<>();

  IngressKind(Settings settings, GatewayConfig first) throws Exception {
    this.settings = settings;
    IngressGatewayEntry entry = ownEntry(settings, first);
    KeyMaterial leaf = settings.leaf(settings.name());
    MeshClientTls meshTls = meshTls(leaf);
    catalog = new SnapshotSource(first.catalog());
    gateway = gateway(settings, catalog, entry, first.entries().chainEntries());
    servers = new IngressServers(settings, gateway, meshTls, leaf, this::sdsCertificate);
    try {
      servers.bind(entry);
    } catch (Exception e) {
      close();
      throw e;
    }
  }

  /** The mesh side: the gateway's leaf, and the CA roots of the TLS directory. */
  private MeshClientTls meshTls(KeyMaterial leaf) {
    return TlsContexts.builder().build().meshClient(leaf, settings.roots());
  }

  /**
   * An SDS certificate from the TLS directory, {@code sds/<resource>.pem} with {@code
   * sds/<resource>-key.pem}, loaded once per applied config; null (the handshake fails) when the
   * files are missing or unreadable.
   */
  private KeyMaterial sdsCertificate(Sds sds) {
    return sdsCache.computeIfAbsent(sds.certResource(), resource -> {
      try {
        return KeyMaterial.load(settings.tls().resolve("sds").resolve(resource + ".pem"),
            settings.tls().resolve("sds").resolve(resource + "-key.pem"), new char[0]);
      } catch (RuntimeException e) {
        LOG.warn("SDS certificate resource \"{}\": {}", resource, e.getMessage());
        return null;
      }
    });
  }

  /** The gateway of the settings over a catalog, with its first entry and chain entries. */
  static IngressGateway gateway(Settings settings, CatalogSource catalog, IngressGatewayEntry entry,
      ChainEntries chains) {
    return IngressGateway.builder().datacenter(settings.datacenter()).trustDomain(settings.trustDomain())
        .catalog(catalog).entry(entry).chains(chains).build();
  }

  static IngressGatewayEntry ownEntry(Settings settings, GatewayConfig config) throws RefusedConfig {
    return config.entries().models(ConfigEntryKind.INGRESS_GATEWAY).stream()
        .filter(e -> e.name().equals(settings.name())).findFirst()
        .orElseThrow(() -> new RefusedConfig(config.directory() + ": no ingress-gateway entry named \""
            + settings.name() + "\""));
  }

  @Override
  public void apply(GatewayConfig config) throws Exception {
    IngressGatewayEntry entry = ownEntry(settings, config);
    KeyMaterial leaf = settings.leaf(settings.name());
    MeshClientTls meshTls = meshTls(leaf);
    servers.bind(entry);
    gateway.update(entry);
    gateway.updateChains(config.entries().chainEntries());
    catalog.publish(config.catalog());
    servers.unbindRemoved(entry);
    sdsCache.clear();
    servers.replaceTls(meshTls, leaf);
  }

  @Override
  public Object routes() {
    return servers.routes();
  }

  @Override
  public void close() {
    servers.close();
  }
}
