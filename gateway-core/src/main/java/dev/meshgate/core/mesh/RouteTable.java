package dev.meshgate.core.mesh;

import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.internal.NameTable;
import dev.meshgate.core.internal.Problems;
import dev.meshgate.core.routing.SniDecision;
import dev.meshgate.core.routing.SniRouter;
import java.util.List;
import java.util.Optional;

/**
 * The routing table of one mesh gateway: from the SNI of a ClientHello to where the gateway relays
 * the connection, still encrypted (see {@link Route}), or a {@link SniDecision.Reject}.
 *
 * <p>Matching follows Envoy over Consul's listener: first the filter chains (services exported to
 * peers, {@code *.<dc>.internal.<td>} and {@code *.<ap>.<dc>.internal-v1.<td>} for every other
 * datacenter and partition that has mesh gateways, WAN-federation and peering servers), exact names
 * before {@code *.<suffix>} names and longer suffixes before shorter ones; then the catch-all
 * chain, whose {@code sni_cluster} looks the name up among the clusters of local services and their
 * resolver subsets. A name nothing answers to is {@link SniDecision#unknownSni()}.
 *
 * <p>Lookups ({@link #route(CharSequence)}) cost a hash probe per label of the name, whatever the
 * number of services and datacenters; they allocate nothing and never lock. Names match ignoring
 * ASCII case and one trailing dot.
 *
 * <p>A table is an immutable snapshot of one catalog snapshot; {@link MeshGateway} swaps in a new
 * one on every change. {@link #routes()} lists the chains in Consul's order, then the clusters
 * sorted by name. {@link #warnings()} says what the table could not route or routes to nothing.
 * Immutable and thread-safe.
 */
public final class RouteTable implements SniRouter<Route> {
  private final MeshGatewaySettings settings;
  private final long catalogVersion;
  private final List<Route> routes;
  private final List<String> warnings;
  private final NameTable<SniDecision.Routed<Route>> chains;
  private final NameTable<SniDecision.Routed<Route>> clusters;

  RouteTable(
      MeshGatewaySettings settings,
      long catalogVersion,
      List<Route> routes,
      List<String> warnings,
      NameTable<SniDecision.Routed<Route>> chains,
      NameTable<SniDecision.Routed<Route>> clusters) {
    this.settings = settings;
    this.catalogVersion = catalogVersion;
    this.routes = List.copyOf(routes);
    this.warnings = List.copyOf(warnings);
    this.chains = chains;
    this.clusters = clusters;
  }

  /**
   * Builds the table of a gateway from the catalog.
   *
   * @param settings the gateway
   * @param catalog the catalogs of every datacenter the gateway knows, and the config-entry facts
   * @return the table
   */
  static RouteTable build(MeshGatewaySettings settings, CatalogSnapshot catalog) {
    return RouteTableBuilder.build(settings, catalog);
  }

  @Override
  public SniDecision<Route> route(CharSequence sni) {
    if (sni == null || sni.length() == 0) {
      return SniDecision.noSni();
    }
    SniDecision.Routed<Route> routed = chains.get(sni);
    if (routed == null) {
      routed = clusters.get(sni);
    }
    return routed != null ? routed : SniDecision.unknownSni();
  }

  @Override
  public SniDecision<Route> route(byte[] ascii, int offset, int length) {
    if (length == 0) {
      return SniDecision.noSni();
    }
    SniDecision.Routed<Route> routed = chains.get(ascii, offset, length);
    if (routed == null) {
      routed = clusters.get(ascii, offset, length);
    }
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
   * Returns every route: the filter chains in Consul's order, then the clusters sorted by name.
   *
   * @return the routes
   */
  public List<Route> routes() {
    return routes;
  }

  /**
   * Returns what the table could not route, or routes to no endpoint, and why.
   *
   * @return the warnings; empty when there is nothing to say
   */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * Returns the gateway the table was built for.
   *
   * @return the settings
   */
  public MeshGatewaySettings settings() {
    return settings;
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
    return "RouteTable[" + settings.gateway() + " in " + settings.datacenter() + ", "
        + Problems.count(routes.size(), "route") + ", catalog version " + catalogVersion + "]";
  }
}
