package dev.meshgate.core.mesh;

import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.Endpoint;
import dev.meshgate.core.catalog.ExportedServices;
import dev.meshgate.core.catalog.MeshConfig;
import dev.meshgate.core.catalog.ServiceAddress;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.catalog.ServiceKind;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.catalog.ServiceResolver;
import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.internal.IpLiterals;
import dev.meshgate.core.internal.NameTable;
import dev.meshgate.core.internal.Problems;
import dev.meshgate.core.naming.SniName;
import dev.meshgate.core.routing.SniDecision;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds a mesh gateway's {@link RouteTable} from the catalog, in the order Consul's
 * {@code makeMeshGatewayListener} emits filter chains: services exported to peers, remote
 * datacenters and partitions, WAN-federation servers, the peering control plane. Then the clusters
 * the catch-all chain reaches by name: every local service with a Connect instance, its resolver
 * subsets, and with WAN federation all local servers.
 *
 * <p>A name that two chains claim keeps its first route and is reported (Envoy would reject the
 * whole listener); a name that cannot be a server name (a service name with {@code *}, for example)
 * is reported and skipped.
 */
final class RouteTableBuilder {
  /** Consul's prefix for the clusters of exported discovery chains. */
  static final String EXPORTED_CLUSTER_PREFIX = "exported~";

  /** The catalog service Consul servers register as. */
  private static final ServiceName CONSUL = ServiceName.of("consul");

  private final MeshGatewaySettings settings;
  private final CatalogSnapshot catalog;
  private final String dc;
  private final String partition;
  private final List<String> warnings = new ArrayList<>();
  private final List<Route> routes = new ArrayList<>();
  private final NameTable.Builder<SniDecision.Routed<Route>> chains = NameTable.builder();
  private final List<Route> clusterRoutes = new ArrayList<>();
  private final NameTable.Builder<SniDecision.Routed<Route>> clusters;

  private RouteTableBuilder(MeshGatewaySettings settings, CatalogSnapshot catalog, int expectedClusters) {
    this.settings = settings;
    this.catalog = catalog;
    this.dc = settings.datacenter();
    this.partition = settings.partition();
    this.clusters = NameTable.builder(expectedClusters);
  }

  static RouteTable build(MeshGatewaySettings settings, CatalogSnapshot catalog) {
    Map<String, ServiceName> local = localConnectServices(catalog, settings.datacenter(), settings.partition());
    RouteTableBuilder b = new RouteTableBuilder(settings, catalog, local.size());
    b.exportedServices(local);
    b.remoteGateways();
    if (settings.routesWanFederation()) {
      b.wanFederation();
    }
    if (catalog.meshConfig(settings.partition()).map(MeshConfig::peerThroughMeshGateways).orElse(false)) {
      b.peeringServers();
    }
    for (ServiceName service : local.values()) {
      b.localService(service);
    }
    b.clusterRoutes.sort(Comparator.comparing(Route::serverName, String.CASE_INSENSITIVE_ORDER));
    b.routes.addAll(b.clusterRoutes);
    return new RouteTable(settings, catalog.version(), b.routes, b.warnings, b.chains.build(), b.clusters.build());
  }

  /** The services of the gateway's datacenter and partition that have a Connect proxy or are native. */
  private static Map<String, ServiceName> localConnectServices(CatalogSnapshot catalog, String dc, String partition) {
    Map<String, ServiceName> out = new TreeMap<>();
    for (ServiceKind kind : List.of(ServiceKind.CONNECT_PROXY, ServiceKind.CONNECT_NATIVE)) {
      for (ServiceInstance i : catalog.instancesOfKind(dc, kind)) {
        if (i.node().partition().equalsIgnoreCase(partition)) {
          ServiceName service = kind == ServiceKind.CONNECT_PROXY ? i.proxiedService() : i.serviceName();
          out.putIfAbsent(key(service), service);
        }
      }
    }
    return out;
  }

  private void exportedServices(Map<String, ServiceName> local) {
    Optional<ExportedServices> entry = catalog.exportedServices(partition);
    if (entry.isEmpty()) {
      return;
    }
    Map<String, ServiceName> exported = new TreeMap<>();
    for (ExportedServices.Service s : entry.get().services()) {
      if (s.name().equals(ExportedServices.WILDCARD)) {
        for (ServiceName candidate : local.values()) {
          if (candidate.namespace().equalsIgnoreCase(s.namespace())) {
            exported.putIfAbsent(key(candidate), candidate);
          }
        }
      } else {
        ServiceName service = new ServiceName(s.name(), s.namespace(), partition);
        exported.putIfAbsent(key(service), service);
      }
    }
    for (ServiceName service : exported.values()) {
      Set<String> peers = entry.get().peersOf(service);
      String cluster;
      try {
        cluster = EXPORTED_CLUSTER_PREFIX + serviceSni(service, "");
      } catch (IllegalArgumentException e) {
        warnings.add(String.format(Locale.ROOT, "exported service %s cannot be named in the mesh: %s",
            Problems.quote(service.toString()), e.getMessage()));
        continue;
      }
      List<Endpoint> endpoints = Endpoint.healthyFirst(
          catalog.connectCapable(dc, service, false), ServiceResolver.Subset.ALL, dc, partition);
      if (endpoints.isEmpty()) {
        warnings.add(String.format(Locale.ROOT,
            "service %s is exported to %s but has no Connect instance in %s: peers' connections to it fail",
            Problems.quote(service.toString()), peers, dc));
      }
      Protocol protocol = catalog.protocol(service);
      for (String peer : peers) {
        String name = new SniName.PeeredService(
            service.name(), service.namespace(), service.partition(), peer, settings.trustDomain()).value();
        chain(new Route(Route.Kind.EXPORTED_SERVICE, name, cluster, dc, partition, Optional.of(service), "", protocol,
            protocol.isHttpLike(), endpoints));
      }
    }
  }

  private void remoteGateways() {
    for (Map.Entry<GatewayKey, List<ServiceInstance>> e : gatewaysByKey().entrySet()) {
      GatewayKey key = e.getKey();
      if (key.isLocal(dc, partition)) {
        continue;
      }
      String cluster = new SniName.Gateway(key.partition, key.datacenter, settings.trustDomain()).value();
      chain(new Route(Route.Kind.REMOTE_GATEWAYS, "*." + cluster, cluster, key.datacenter, key.partition,
          Optional.empty(), "", Protocol.TCP, false,
          Endpoint.healthyFirst(e.getValue(), ServiceResolver.Subset.ALL, dc, partition)));
    }
  }

  private void wanFederation() {
    Map<String, List<ServiceInstance>> remoteDcs = new TreeMap<>();
    for (Map.Entry<GatewayKey, List<ServiceInstance>> e : gatewaysByKey().entrySet()) {
      GatewayKey key = e.getKey();
      if (!key.datacenter.equalsIgnoreCase(dc) && ServiceName.DEFAULT.equalsIgnoreCase(key.partition)) {
        remoteDcs.put(key.datacenter, e.getValue());
      }
    }
    for (Map.Entry<String, List<ServiceInstance>> e : remoteDcs.entrySet()) {
      String cluster = new SniName.Server("", e.getKey(), settings.dnsDomain()).value();
      chain(new Route(Route.Kind.REMOTE_SERVERS, "*." + cluster, cluster, e.getKey(), ServiceName.DEFAULT,
          Optional.empty(), "", Protocol.TCP, false,
          Endpoint.healthyFirst(e.getValue(), ServiceResolver.Subset.ALL, dc, partition)));
    }
    List<Endpoint> all = new ArrayList<>();
    for (ServiceInstance server : catalog.instances(dc, CONSUL)) {
      Endpoint endpoint = serverEndpoint(server, server.port());
      all.add(endpoint);
      String name;
      try {
        name = new SniName.Server(server.node().name(), dc, settings.dnsDomain()).value();
      } catch (IllegalArgumentException bad) {
        warnings.add(String.format(Locale.ROOT, "server node %s cannot be named: %s",
            Problems.quote(server.node().name()), bad.getMessage()));
        continue;
      }
      chain(new Route(Route.Kind.LOCAL_SERVER, name, name, dc, ServiceName.DEFAULT, Optional.empty(), "",
          Protocol.TCP, false, List.of(endpoint)));
    }
    String any = new SniName.Server("", dc, settings.dnsDomain()).value();
    cluster(new Route(Route.Kind.LOCAL_SERVERS, any, any, dc, ServiceName.DEFAULT, Optional.empty(), "",
        Protocol.TCP, false, all));
  }

  /*
   * Peering control-plane traffic must reach the Raft leader, so read replicas (service meta
   * read_replica=true) are never endpoints, and without a voter there is no chain at all. Servers
   * are dialed on their gRPC TLS port (service meta grpc_tls_port); one without it is skipped with
   * a warning, as Consul logs.
   */
  private void peeringServers() {
    List<Endpoint> voters = new ArrayList<>();
    boolean anyVoter = false;
    for (ServiceInstance server : catalog.instances(dc, CONSUL)) {
      if ("true".equals(server.meta().get("read_replica"))) {
        continue;
      }
      anyVoter = true;
      int port = grpcTlsPort(server.meta().get("grpc_tls_port"));
      if (port < 0) {
        warnings.add(String.format(Locale.ROOT,
            "peering goes through mesh gateways but server %s has no valid grpc_tls_port meta (%s): peers cannot"
                + " reach it", Problems.quote(server.node().name()),
            Problems.quote(server.meta().getOrDefault("grpc_tls_port", ""))));
        continue;
      }
      voters.add(serverEndpoint(server, port));
    }
    if (!anyVoter) {
      return;
    }
    String name = new SniName.PeeringServer(dc, settings.trustDomain()).value();
    chain(new Route(Route.Kind.PEERING_SERVERS, name, name, dc, partition, Optional.empty(), "", Protocol.TCP,
        false, voters));
  }

  private void localService(ServiceName service) {
    String sni;
    try {
      sni = serviceSni(service, "");
    } catch (IllegalArgumentException e) {
      warnings.add(String.format(Locale.ROOT, "service %s cannot be named in the mesh: %s",
          Problems.quote(service.toString()), e.getMessage()));
      return;
    }
    List<ServiceInstance> instances = catalog.connectCapable(dc, service, false);
    Optional<ServiceResolver> resolver = catalog.resolver(service);
    Map<String, ServiceResolver.Subset> subsets = resolver.map(ServiceResolver::subsets).orElse(Map.of());
    String defaultSubset = resolver.map(ServiceResolver::defaultSubset).orElse("");
    ServiceResolver.Subset main = defaultSubset.isEmpty() ? ServiceResolver.Subset.ALL : subsets.get(defaultSubset);
    Protocol protocol = catalog.protocol(service);
    cluster(new Route(Route.Kind.LOCAL_SERVICE, sni, sni, dc, partition, Optional.of(service), "", protocol, false,
        Endpoint.healthyFirst(instances, main, dc, partition)));
    for (Map.Entry<String, ServiceResolver.Subset> e : subsets.entrySet()) {
      String name = serviceSni(service, e.getKey());
      cluster(new Route(Route.Kind.LOCAL_SERVICE, name, name, dc, partition, Optional.of(service), e.getKey(),
          protocol, false, Endpoint.healthyFirst(instances, e.getValue(), dc, partition)));
    }
  }

  private Map<GatewayKey, List<ServiceInstance>> gatewaysByKey() {
    Map<GatewayKey, List<ServiceInstance>> keys = new TreeMap<>();
    for (String datacenter : catalog.datacenters()) {
      for (ServiceInstance gateway : catalog.instancesOfKind(datacenter, ServiceKind.MESH_GATEWAY)) {
        keys.computeIfAbsent(new GatewayKey(datacenter, gateway.node().partition()), k -> new ArrayList<>())
            .add(gateway);
      }
    }
    return keys;
  }

  private String serviceSni(ServiceName service, String subset) {
    return SniName.service(service.name(), subset, service.namespace(), service.partition(), dc,
        settings.trustDomain()).value();
  }

  /** Consul gives server endpoints no health (UNKNOWN, which Envoy treats as healthy) and no weight. */
  private static Endpoint serverEndpoint(ServiceInstance server, int port) {
    ServiceAddress best = server.bestAddress(false);
    return new Endpoint(best.address(), port, !IpLiterals.isIpLiteral(best.address()), true, 1, Optional.of(server));
  }

  private static int grpcTlsPort(String value) {
    if (value == null || value.isEmpty() || value.length() > 5) {
      return -1;
    }
    int port = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      port = port * 10 + (c - '0');
    }
    return port >= 1 && port <= 65535 ? port : -1;
  }

  private void chain(Route route) {
    if (put(chains, route)) {
      routes.add(route);
    }
  }

  private void cluster(Route route) {
    if (put(clusters, route)) {
      clusterRoutes.add(route);
    }
  }

  /** Adds a route under its server name; reports collisions and names that cannot be keys. */
  private boolean put(NameTable.Builder<SniDecision.Routed<Route>> table, Route route) {
    String name = route.serverName();
    boolean wildcard = route.kind() == Route.Kind.REMOTE_GATEWAYS || route.kind() == Route.Kind.REMOTE_SERVERS;
    boolean added;
    try {
      if (!wildcard && name.indexOf('*') >= 0) {
        throw new IllegalArgumentException("'*' in a name that must match exactly");
      }
      added = !chains.contains(name) && !clusters.contains(name) && table.putIfAbsent(name, new SniDecision.Routed<>(route));
    } catch (IllegalArgumentException e) {
      warnings.add(String.format(Locale.ROOT, "%s route %s is not a usable server name: %s",
          describe(route.kind()), Problems.quote(name), e.getMessage()));
      return false;
    }
    if (!added) {
      warnings.add(String.format(Locale.ROOT, "%s route %s collides with a name the gateway already routes; the"
          + " earlier route keeps it", describe(route.kind()), Problems.quote(name)));
    }
    return added;
  }

  private static String describe(Route.Kind kind) {
    return kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  private static String key(ServiceName service) {
    return (service.partition() + '/' + service.namespace() + '/' + service.name()).toLowerCase(Locale.ROOT);
  }

  /** A datacenter and partition, ordered ignoring case as Consul's gateway keys sort. */
  private record GatewayKey(String datacenter, String partition) implements Comparable<GatewayKey> {
    boolean isLocal(String dc, String ap) {
      return datacenter.equalsIgnoreCase(dc) && partition.equalsIgnoreCase(ap);
    }

    @Override
    public int compareTo(GatewayKey o) {
      int c = String.CASE_INSENSITIVE_ORDER.compare(datacenter, o.datacenter);
      return c != 0 ? c : String.CASE_INSENSITIVE_ORDER.compare(partition, o.partition);
    }
  }
}
