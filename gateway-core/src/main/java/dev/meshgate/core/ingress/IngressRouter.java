package dev.meshgate.core.ingress;

import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.chain.ChainCompiler;
import dev.meshgate.core.chain.ChainDecision;
import dev.meshgate.core.chain.ChainEntries;
import dev.meshgate.core.chain.ChainRequest;
import dev.meshgate.core.chain.ChainRoute;
import dev.meshgate.core.chain.ChainRouter;
import dev.meshgate.core.chain.CompileRequest;
import dev.meshgate.core.chain.EndpointSource;
import dev.meshgate.core.config.MeshGatewayMode;
import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.internal.NameTable;
import dev.meshgate.core.internal.Problems;
import dev.meshgate.core.naming.TrustDomain;
import dev.meshgate.core.upstream.Caller;
import dev.meshgate.core.upstream.Dial;
import dev.meshgate.core.upstream.MeshUpstreams;
import dev.meshgate.core.upstream.Upstream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The routing table of one ingress gateway in one datacenter: (listener port, Host header, path)
 * to a service, or a rejection.
 *
 * <p>On an HTTP-like listener the Host header picks the virtual host, in Envoy's order: an exact
 * host; else the longest matching {@code *.suffix} host; else the longest matching prefix wildcard
 * (the default domains {@code <service>.ingress.*} and {@code <service>.ingress.<ns>.*}); else a
 * {@code *} host; else {@link Reject#NO_HOST_MATCH} (HTTP 404). Names compare ignoring ASCII case
 * and one trailing dot. Beyond Consul, the port never matters: a Host header with a {@code :port}
 * matches exactly as without it, whatever the port (consul#8045: behind a load balancer the port
 * clients use is not the listener's), and configured hosts match by their host part too. Consul's
 * port variants ({@code host:8080}) are therefore not needed, and the dead literal
 * {@code web.ingress.*:8080} is never a key; {@link Route#domains()} still lists Consul's domains.
 *
 * <p>A {@code tcp} listener forwards every connection to its one service; with
 * {@link IngressListener#sniRouting()} it matches the ClientHello's server name, passed as
 * {@code host}, against its services' hosts (exact, then {@code *.suffix} longest first).
 *
 * <p>A listener exposes its explicit services, then what its {@code *} adds: every service of the
 * {@code *}'s namespace and partition registered as a typical service (plain or Connect-native)
 * with a Connect instance (a sidecar or a native instance), except {@code consul}, whose protocol
 * is the listener's and which the listener does not name itself. An explicit service
 * whose protocol is not its listener's is not routed, and {@link #warnings()} carries Consul's
 * graph-validation text for it, so writing {@code service-defaults} after the entry fixes it on the
 * next catalog snapshot instead of failing the write.
 *
 * <p>Each route of an HTTP-like listener is a virtual host bound to its service's discovery chain
 * (compiled from the chain entries, with the catalog's service-defaults, proxy-defaults and
 * resolver subsets filling in what they lack), so {@link #route(int, CharSequence, ChainRequest,
 * long)} routes a request by path, headers, query parameters and method the Consul way. A service
 * whose chain does not compile is not routed, and {@link #warnings()} says why.
 *
 * <p>Lookups cost a binary search over the listener ports and a hash probe per label of the host;
 * they allocate nothing and never lock. Immutable and thread-safe; {@link IngressGateway} swaps in
 * a new router on every change.
 */
public final class IngressRouter {
  private final IngressGatewayEntry entry;
  private final String datacenter;
  private final long catalogVersion;
  private final int[] ports;
  private final ListenerRoutes[] listeners;
  private final List<Route> routes;
  private final List<String> warnings;
  private final List<ExposedService> exposed;
  /** The discovery chain of each HTTP-like route, keyed by the route object. */
  private final Map<Route, HttpChain> chains;

  private IngressRouter(IngressGatewayEntry entry, String datacenter, long catalogVersion, int[] ports,
      ListenerRoutes[] listeners, List<Route> routes, List<String> warnings, List<ExposedService> exposed,
      Map<Route, HttpChain> chains) {
    this.entry = entry;
    this.datacenter = datacenter;
    this.catalogVersion = catalogVersion;
    this.ports = ports;
    this.listeners = listeners;
    this.routes = List.copyOf(routes);
    this.warnings = List.copyOf(warnings);
    this.exposed = List.copyOf(exposed);
    this.chains = chains;
  }

  /** A route's bound chain, with each of its outcomes already wrapped as this router returns it. */
  private static final class HttpChain {
    final ChainRouter router;
    final Map<ChainDecision, RouteDecision> decisions = new IdentityHashMap<>();

    HttpChain(Route virtualHost, ChainRouter router) {
      this.router = router;
      for (ChainDecision d : router.outcomes()) {
        RouteDecision wrapped;
        if (d instanceof ChainRoute r) {
          wrapped = new HttpRoute(virtualHost, r);
        } else if (d instanceof ChainDecision.Unavailable u) {
          wrapped = new Unavailable(virtualHost, u);
        } else {
          wrapped = Reject.NO_ROUTE;
        }
        decisions.put(d, wrapped);
      }
    }
  }

  /** One listener's lookup: by name, or its single route. */
  private static final class ListenerRoutes {
    final NameTable<Route> byName;
    final Route single;
    final Optional<GatewayTls> tls;
    final NameTable<Optional<GatewayTls>> certificates;

    ListenerRoutes(NameTable<Route> byName, Route single, Optional<GatewayTls> tls,
        NameTable<Optional<GatewayTls>> certificates) {
      this.byName = byName;
      this.single = single;
      this.tls = tls;
      this.certificates = certificates;
    }
  }

  /**
   * Builds the router of a gateway from its entry and the catalog of its datacenter.
   *
   * @param entry the gateway's {@code ingress-gateway} entry
   * @param catalog the catalog; {@code datacenter} is read, plus the config-entry facts
   * @param datacenter the gateway's datacenter
   * @param trustDomain the mesh trust domain
   * @return the router
   */
  static IngressRouter build(IngressGatewayEntry entry, CatalogSnapshot catalog, String datacenter,
      TrustDomain trustDomain) {
    return build(entry, catalog, datacenter, trustDomain, ChainEntries.empty());
  }

  /**
   * Builds the router of a gateway from its entry, the catalog of its datacenter and the discovery
   * chain entries: every route of an HTTP-like listener is bound to its service's compiled chain.
   *
   * @param entry the gateway's {@code ingress-gateway} entry
   * @param catalog the catalog; {@code datacenter} is read, plus the config-entry facts
   * @param datacenter the gateway's datacenter
   * @param trustDomain the mesh trust domain
   * @param chainEntries the routers, splitters and resolvers; the catalog's service-defaults,
   *     proxy-defaults and resolver subsets fill in what they lack
   * @return the router
   */
  static IngressRouter build(IngressGatewayEntry entry, CatalogSnapshot catalog, String datacenter,
      TrustDomain trustDomain, ChainEntries chainEntries) {
    Map<Route, HttpChain> chains = new IdentityHashMap<>();
    ChainEntries chainsWithFacts = chainEntries.withCatalogFacts(catalog);
    List<String> warnings = new ArrayList<>();
    List<Route> routes = new ArrayList<>();
    Map<Integer, List<ExposedService>> byPort = new HashMap<>();
    List<ExposedService> exposed = IngressGateways.exposedServices(entry, catalog, datacenter);
    for (ExposedService row : exposed) {
      Protocol actual = catalog.protocol(row.service());
      if (!row.fromWildcard() && !actual.wireName().equals(row.protocol())) {
        warnings.add(IngressGateways.mismatch(row.service(), actual, row.protocol()));
        continue;
      }
      byPort.computeIfAbsent(row.port(), p -> new ArrayList<>()).add(row);
    }
    Caller gateway = new Caller(datacenter, entry.partition(), MeshGatewayMode.DEFAULT);
    List<IngressListener> sorted = new ArrayList<>(entry.listeners());
    sorted.sort((a, b) -> Integer.compare(a.port(), b.port()));
    int[] ports = new int[sorted.size()];
    ListenerRoutes[] tables = new ListenerRoutes[sorted.size()];
    int n = 0;
    for (IngressListener listener : sorted) {
      List<ExposedService> rows = byPort.getOrDefault(listener.port(), List.of());
      Protocol protocol = Protocol.parse(listener.protocol());
      boolean byName = protocol.isHttpLike() || listener.sniRouting();
      NameTable.Builder<Route> names = NameTable.builder(rows.size());
      Route single = null;
      for (ExposedService row : rows) {
        Dial upstream;
        try {
          upstream = MeshUpstreams.dial(catalog, trustDomain, gateway, Upstream.to(row.service()));
        } catch (IllegalArgumentException e) {
          warnings.add(String.format(Locale.ROOT, "service %s on listener on port %d cannot be routed: %s",
              Problems.quote(row.service().toString()), row.port(), e.getMessage()));
          continue;
        }
        List<String> domains = protocol.isHttpLike() ? row.domains() : row.hosts();
        Route route = new Route(row.port(), protocol, row.service(), domains, RouteMatch.ALL_PATHS,
            row.fromWildcard(), row.config().requestHeaders(), row.config().responseHeaders(),
            row.config().limits().withDefaults(entry.defaults()), row.config().tls(), upstream);
        if (!byName) {
          single = route;
          routes.add(route);
          break;
        }
        if (protocol.isHttpLike()) {
          try {
            chains.put(route, new HttpChain(route, ChainRouter.bind(ChainCompiler.compile(
                CompileRequest.of(row.service(), datacenter, trustDomain), chainsWithFacts),
                EndpointSource.fromCatalog(catalog, datacenter, entry.partition()))));
          } catch (IllegalArgumentException e) {
            warnings.add(String.format(Locale.ROOT, "service %s on listener on port %d cannot be routed: its"
                + " discovery chain does not compile: %s", Problems.quote(row.service().toString()), row.port(),
                e.getMessage()));
            continue;
          }
        }
        boolean any = false;
        for (String host : protocol.isHttpLike() ? IngressDomains.defaultsOr(row.service(), row.hosts())
            : row.hosts()) {
          any |= put(names, Hosts.matchKey(host), route, warnings);
        }
        if (any) {
          routes.add(route);
        }
      }
      if (byName || single != null) {
        ports[n] = listener.port();
        GatewayTls effective = entry.tlsFor(listener);
        tables[n] = new ListenerRoutes(byName ? names.build() : null, single,
            effective.servesTls() ? Optional.of(effective) : Optional.empty(), certificates(listener, effective));
        n++;
      }
    }
    return new IngressRouter(entry, datacenter, catalog.version(), Arrays.copyOf(ports, n), Arrays.copyOf(tables, n),
        routes, warnings, exposed, chains);
  }


  /**
   * The SNI-selected certificates of a listener (Consul's per-service SDS filter chains): each host
   * of a service with its own {@code TLS.SDS} certificate, to the listener's TLS with that
   * certificate (and the service's SDS cluster, else the listener's or gateway's).
   */
  private static NameTable<Optional<GatewayTls>> certificates(IngressListener listener, GatewayTls effective) {
    NameTable.Builder<Optional<GatewayTls>> out = NameTable.builder();
    for (IngressService s : listener.services()) {
      if (s.tls().map(Sds::hasCertResource).orElse(false)) {
        Sds own = s.tls().get();
        String cluster = own.hasClusterName() ? own.clusterName()
            : effective.sds().map(Sds::clusterName).orElse("");
        Optional<GatewayTls> tls = Optional.of(new GatewayTls(effective.enabled(),
            Optional.of(new Sds(cluster, own.certResource())), effective.minVersion(), effective.maxVersion(),
            effective.cipherSuites()));
        for (String host : s.hosts()) {
          try {
            out.putIfAbsent(Hosts.matchKey(host), tls);
          } catch (IllegalArgumentException ignored) {
            // The same host cannot be routed either; the router's warnings already say so.
          }
        }
      }
    }
    return out.build();
  }

  private static boolean put(NameTable.Builder<Route> names, String key, Route route, List<String> warnings) {
    String where = String.format(Locale.ROOT, "host %s of service %s on listener on port %d", Problems.quote(key),
        Problems.quote(route.service().toString()), route.port());
    try {
      if (names.putIfAbsent(key, route)) {
        return true;
      }
      warnings.add(where + " is already another service's; the earlier service keeps it");
    } catch (IllegalArgumentException e) {
      warnings.add(where + " cannot be matched: " + e.getMessage());
    }
    return false;
  }

  /**
   * Decides where a request or connection goes.
   *
   * @param port the listener port it arrived on
   * @param host the Host header (HTTP-like listeners) or the ClientHello's server name (tcp
   *     listeners); {@code null} or empty when there is none; a {@code :port} suffix is ignored
   * @param path the request path, or {@code null}; not consulted: an HTTP request is routed by its
   *     chain with {@link #route(int, CharSequence, ChainRequest, long)}
   * @return the virtual host's route, {@link Reject#NO_LISTENER} or {@link Reject#NO_HOST_MATCH};
   *     never null
   */
  public RouteDecision route(int port, CharSequence host, CharSequence path) {
    ListenerRoutes listener = listener(port);
    if (listener == null) {
      return Reject.NO_LISTENER;
    }
    if (listener.single != null) {
      return listener.single;
    }
    Route route = host == null ? null : listener.byName.get(host, 0, Hosts.hostEnd(host, 0, host.length()));
    return route != null ? route : Reject.NO_HOST_MATCH;
  }

  /**
   * Decides where one HTTP request goes: the virtual host by its Host, then the route of the
   * service's discovery chain by its path, headers, query parameters and method, the split leg and
   * failover step by {@code random}. On a tcp listener this is {@link #route(int, CharSequence,
   * CharSequence)}: a connection has no request to route by.
   *
   * <p>Allocates nothing: every decision is made when the router is built (regex criteria
   * allocate inside RE2/J).
   *
   * @param port the listener port the request arrived on
   * @param host the Host header ({@code :authority} for HTTP/2), or {@code null}; a {@code :port}
   *     suffix is ignored
   * @param request the request's method, path, query, headers and source address
   * @param random a uniformly random value for the split and failover choice; pin it in tests
   * @return an {@link HttpRoute}, {@link Unavailable} (503), {@link Reject#NO_LISTENER}, {@link
   *     Reject#NO_HOST_MATCH} or {@link Reject#NO_ROUTE} (404), or on a tcp listener its {@link
   *     Route}; never null
   */
  public RouteDecision route(int port, CharSequence host, ChainRequest request, long random) {
    RouteDecision virtualHost = route(port, host, request.path());
    if (!(virtualHost instanceof Route r)) {
      return virtualHost;
    }
    HttpChain chain = chains.get(r);
    return chain == null ? r : chain.decisions.get(chain.router.route(request, random));
  }

  /**
   * Returns the discovery chain a route's requests are routed by, bound to the endpoints of its
   * targets: for an admin view or a test. Empty for a tcp listener's route and for a route of
   * another router.
   *
   * @param route a route of this router
   * @return the bound chain, or empty
   */
  public Optional<ChainRouter> chain(Route route) {
    HttpChain chain = chains.get(route);
    return chain == null ? Optional.empty() : Optional.of(chain.router);
  }

  /**
   * Decides where a connection goes by a server name given as ASCII bytes, e.g. straight from the
   * ClientHello, without building a {@link String}.
   *
   * @param port the listener port
   * @param ascii the bytes holding the name
   * @param offset the index of the first byte
   * @param length the number of bytes; 0 when there is none
   * @return the route, {@link Reject#NO_LISTENER} or {@link Reject#NO_HOST_MATCH}; never null
   */
  public RouteDecision route(int port, byte[] ascii, int offset, int length) {
    ListenerRoutes listener = listener(port);
    if (listener == null) {
      return Reject.NO_LISTENER;
    }
    if (listener.single != null) {
      return listener.single;
    }
    Route route = listener.byName.get(ascii, offset, length);
    return route != null ? route : Reject.NO_HOST_MATCH;
  }

  private ListenerRoutes listener(int port) {
    int i = Arrays.binarySearch(ports, port);
    return i < 0 ? null : listeners[i];
  }

  /**
   * Returns the TLS a listener serves to a ClientHello: the settings of the service whose hosts
   * match the server name and that has its own SDS certificate (Consul's per-service filter chains,
   * chosen by SNI), else the listener's own settings laid over the gateway's. Downstream TLS never
   * requires a client certificate on an ingress gateway.
   *
   * @param port the listener port
   * @param sni the ClientHello's server name, or {@code null}
   * @return the settings; empty when the port has no listener or the listener serves plaintext
   */
  public Optional<GatewayTls> tls(int port, CharSequence sni) {
    ListenerRoutes listener = listener(port);
    if (listener == null) {
      return Optional.empty();
    }
    Optional<GatewayTls> own = sni == null ? null : listener.certificates.get(sni);
    return own != null ? own : listener.tls;
  }

  /**
   * Returns every route, by listener port and then in the order services are exposed.
   *
   * @return the routes
   */
  public List<Route> routes() {
    return routes;
  }

  /**
   * Returns what the router could not route, and why.
   *
   * @return the warnings; empty when everything exposed is routed
   */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * Returns the DNS SANs the gateway's leaf certificate needs: nothing unless the gateway or a
   * listener enables TLS; else, for each namespace of an exposed service ({@code nsPart} empty for
   * {@code default}, else {@code <ns>.}), {@code *.ingress.<nsPart><domain>} and
   * {@code *.ingress.<nsPart><dc>.<domain>}, the same for the alternative domain if any, then every
   * configured host. Partitions are not reflected, as in Consul. Unlike Consul, hosts lose their
   * {@code :port} and trailing dot (CAs refuse a port in a SAN), {@code *} is left out, and
   * duplicates are dropped.
   *
   * @param dnsDomain the agent DNS domain, e.g. {@code consul}
   * @param altDomain the agent's alternative DNS domain, or empty
   * @return the SANs
   */
  public List<String> dnsSans(String dnsDomain, String altDomain) {
    return IngressGateways.dnsSans(entry, exposed, datacenter, dnsDomain, altDomain);
  }

  /**
   * Returns the entry the router was built from.
   *
   * @return the entry
   */
  public IngressGatewayEntry entry() {
    return entry;
  }

  /**
   * Returns the catalog version the router reflects.
   *
   * @return the catalog version
   */
  public long catalogVersion() {
    return catalogVersion;
  }

  /**
   * Returns a listener's route for a name, if any; a convenience over {@link #route}.
   *
   * @param port the listener port
   * @param host the host or server name
   * @return the route, or empty
   */
  public Optional<Route> find(int port, CharSequence host) {
    return route(port, host, null) instanceof Route r ? Optional.of(r) : Optional.empty();
  }

  @Override
  public String toString() {
    return "IngressRouter[" + entry.name() + " in " + datacenter + ", " + Problems.count(routes.size(), "route")
        + ", catalog version " + catalogVersion + "]";
  }
}
