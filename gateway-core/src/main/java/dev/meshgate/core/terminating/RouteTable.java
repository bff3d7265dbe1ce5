package dev.meshgate.core.terminating;

import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.chain.ChainEntries;
import dev.meshgate.core.chain.ChainRequest;
import dev.meshgate.core.chain.ChainRouter;
import dev.meshgate.core.internal.NameTable;
import dev.meshgate.core.internal.Problems;
import dev.meshgate.core.naming.TrustDomain;
import dev.meshgate.core.routing.SniDecision;
import dev.meshgate.core.routing.SniRouter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The routing table of one terminating gateway in one datacenter: for each routable linked
 * service, the SNI the gateway accepts and where it sends the connection (see {@link Route}).
 *
 * <p>Lookups ({@link #route(CharSequence)}) are O(1) in the number of routes, allocate nothing and
 * never lock. Server names match ignoring ASCII letter case (they are DNS names, while Consul
 * renders them as written) and ignoring one trailing dot. A name without a route is a
 * {@link SniDecision.Reject}: the gateway has no default destination.
 *
 * <p>A table is an immutable snapshot of one entry and one catalog snapshot;
 * {@link TerminatingGateway} swaps in a new one on every change. {@link #routes()} is sorted by
 * SNI, as Consul sorts its filter chains. {@link #warnings()} says what the table could not route
 * and why (services without instances, colliding names, subset settings without a subset):
 * Consul drops those silently. Immutable and thread-safe.
 */
public final class RouteTable implements SniRouter<Route> {
  private final ServiceName gateway;
  private final String datacenter;
  private final TrustDomain trustDomain;
  private final long catalogVersion;
  private final List<GatewayService> gatewayServices;
  private final List<Route> routes;
  private final List<String> warnings;
  private final NameTable<SniDecision.Routed<Route>> index;
  private final RequestRoutes requests;

  RouteTable(
      ServiceName gateway,
      String datacenter,
      TrustDomain trustDomain,
      long catalogVersion,
      List<GatewayService> gatewayServices,
      List<Route> routes,
      List<String> warnings,
      NameTable<SniDecision.Routed<Route>> index) {
    this(gateway, datacenter, trustDomain, catalogVersion, gatewayServices, routes, warnings, index,
        RequestRoutes.NONE);
  }

  private RouteTable(
      ServiceName gateway,
      String datacenter,
      TrustDomain trustDomain,
      long catalogVersion,
      List<GatewayService> gatewayServices,
      List<Route> routes,
      List<String> warnings,
      NameTable<SniDecision.Routed<Route>> index,
      RequestRoutes requests) {
    this.gateway = gateway;
    this.datacenter = datacenter;
    this.trustDomain = trustDomain;
    this.catalogVersion = catalogVersion;
    this.gatewayServices = List.copyOf(gatewayServices);
    this.routes = List.copyOf(routes);
    this.warnings = List.copyOf(warnings);
    this.index = index;
    this.requests = requests;
  }

  /**
   * Returns this table with each HTTP-like linked service's route bound to its discovery chain;
   * a chain that does not compile leaves its service routed without it, with a warning.
   */
  RouteTable withChains(ChainEntries chains, CatalogSnapshot catalog) {
    List<String> all = new ArrayList<>(warnings);
    RequestRoutes bound = RequestRoutes.bind(routes, chains, catalog, datacenter, trustDomain, all);
    return new RouteTable(gateway, datacenter, trustDomain, catalogVersion, gatewayServices, routes, all, index, bound);
  }

  /**
   * Decides where one HTTP request of an accepted connection goes. For an HTTP-like linked
   * service, its discovery chain routes the request by path, headers, query parameters and method
   * to the service's own route or to one of its resolver subsets' routes (each with its own TLS
   * mode): beyond Consul, whose terminating gateways do not route to subsets by L7 configuration.
   * A chain that would leave the service (another service or datacenter) is refused with 403: the
   * gateway forwards only what it links. Every other route forwards as it is.
   *
   * <p>Allocates nothing: every decision is made when the table is built.
   *
   * @param connection the route the connection's SNI chose, from this table
   * @param request the request
   * @param random a uniformly random value for the split and failover choice; pin it in tests
   * @return the decision
   * @throws IllegalArgumentException if {@code connection} is not a route of this table
   */
  public RequestDecision route(Route connection, ChainRequest request, long random) {
    RequestRoutes.Bound bound = requests.chains.get(connection);
    if (bound != null) {
      return bound.decisions.get(bound.router.route(request, random));
    }
    Forward forward = requests.plain.get(connection);
    if (forward == null) {
      throw new IllegalArgumentException("connection: " + connection.sni() + " (expected: a route of this table)");
    }
    return forward;
  }

  /**
   * Returns the discovery chain a route's requests are routed by, for an admin view or a test.
   *
   * @param route a route of this table
   * @return the bound chain, or empty for a route without one
   */
  public Optional<ChainRouter> chain(Route route) {
    RequestRoutes.Bound bound = requests.chains.get(route);
    return bound == null ? Optional.empty() : Optional.of(bound.router);
  }

  /**
   * Builds the table of a gateway from its config entry and the catalog of its datacenter.
   *
   * @param entry the gateway's {@code terminating-gateway} entry (its name is the gateway's)
   * @param catalog the catalog; only {@code datacenter} is read, plus the global config facts
   * @param datacenter the gateway's datacenter
   * @param trustDomain the mesh trust domain
   * @return the table
   */
  static RouteTable build(
      TerminatingGatewayEntry entry, CatalogSnapshot catalog, String datacenter, TrustDomain trustDomain) {
    return RouteTableBuilder.build(entry, catalog, datacenter, trustDomain);
  }

  /**
   * Returns a table without routes, for a gateway that has no config entry (yet): it rejects every
   * connection.
   *
   * @param gateway the gateway's service name
   * @param datacenter the gateway's datacenter
   * @param trustDomain the mesh trust domain
   * @param catalogVersion the catalog version the table reflects
   * @return the empty table
   */
  static RouteTable empty(ServiceName gateway, String datacenter, TrustDomain trustDomain, long catalogVersion) {
    return new RouteTable(gateway, datacenter, trustDomain, catalogVersion, List.of(), List.of(), List.of(),
        NameTable.<SniDecision.Routed<Route>>builder().build());
  }

  @Override
  public SniDecision<Route> route(CharSequence sni) {
    if (sni == null || sni.length() == 0) {
      return SniDecision.noSni();
    }
    SniDecision.Routed<Route> routed = index.get(sni);
    return routed != null ? routed : SniDecision.unknownSni();
  }

  @Override
  public SniDecision<Route> route(byte[] ascii, int offset, int length) {
    if (length == 0) {
      return SniDecision.noSni();
    }
    SniDecision.Routed<Route> routed = index.get(ascii, offset, length);
    return routed != null ? routed : SniDecision.unknownSni();
  }

  /**
   * Returns the route of an SNI, if any.
   *
   * @param sni the server name
   * @return the route, or empty
   */
  public Optional<Route> find(CharSequence sni) {
    return Optional.ofNullable(route(sni).routeOrNull());
  }

  /**
   * Returns every route, sorted by SNI.
   *
   * @return the routes
   */
  public List<Route> routes() {
    return routes;
  }

  /**
   * Returns the gateway-services rows the table was built from (including the {@code *} template
   * rows and linked services that are not routable).
   *
   * @return the rows, explicit links first
   */
  List<GatewayService> gatewayServices() {
    return gatewayServices;
  }

  /**
   * Returns what the table could not route, and why.
   *
   * @return the warnings, in service order; empty when everything linked is routable
   */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * Returns the gateway's service name.
   *
   * @return the gateway
   */
  public ServiceName gateway() {
    return gateway;
  }

  /**
   * Returns the gateway's datacenter.
   *
   * @return the datacenter
   */
  public String datacenter() {
    return datacenter;
  }

  /**
   * Returns the trust domain the SNIs end with.
   *
   * @return the trust domain
   */
  public TrustDomain trustDomain() {
    return trustDomain;
  }

  /**
   * Returns the version of the catalog snapshot the table was built from.
   *
   * @return the catalog version
   */
  public long catalogVersion() {
    return catalogVersion;
  }

  @Override
  public String toString() {
    return "RouteTable[" + gateway + " in " + datacenter + ", " + Problems.count(routes.size(), "route")
        + ", catalog version " + catalogVersion + "]";
  }
}
