package dev.meshgate.core.mesh;

import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.internal.NameTable;
import dev.meshgate.core.internal.Problems;
import java.util.List;
import java.util.Optional;

/**
 * The routing table of one mesh gateway: from the SNI of a ClientHello to where the gateway relays
 * the connection, still encrypted (see {@link Route}), or a {@link Reject}.
 *
 * <p>Matching follows Envoy over Consul's listener: first the filter chains (services exported to
 * peers, {@code *.<dc>.internal.<td>} and {@code *.<ap>.<dc>.internal-v1.<td>} for every other
 * datacenter and partition that has mesh gateways, WAN-federation and peering servers), exact names
 * before {@code *.<suffix>} names and longer suffixes before shorter ones; then the catch-all
 * chain, whose {@code sni_cluster} looks the name up among the clusters of local services and their
 * resolver subsets. A name nothing answers to is {@link Reject#UNKNOWN_SNI}.
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
public final class RouteTable {
  private final MeshGatewaySettings settings;
  private final long catalogVersion;
  private final List<Route> routes;
  private final List<String> warnings;
  private final NameTable<Route> chains;
  private final NameTable<Route> clusters;

  RouteTable(
      MeshGatewaySettings settings,
      long catalogVersion,
      List<Route> routes,
      List<String> warnings,
      NameTable<Route> chains,
      NameTable<Route> clusters) {
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
  public static RouteTable build(MeshGatewaySettings settings, CatalogSnapshot catalog) {
    return RouteTableBuilder.build(settings, catalog);
  }

  /**
   * Decides where a connection goes by its SNI.
   *
   * @param sni the ClientHello's server name; {@code null} or empty when it had none
   * @return the route, {@link Reject#NO_SNI} or {@link Reject#UNKNOWN_SNI}; never null
   */
  public RouteDecision route(CharSequence sni) {
    if (sni == null || sni.length() == 0) {
      return Reject.NO_SNI;
    }
    Route route = chains.get(sni);
    if (route == null) {
      route = clusters.get(sni);
    }
    return route != null ? route : Reject.UNKNOWN_SNI;
  }

  /**
   * Decides where a connection goes by its SNI given as ASCII bytes, e.g. straight from the
   * ClientHello, without building a {@link String}.
   *
   * @param ascii the bytes holding the server name
   * @param offset the index of the first byte
   * @param length the number of bytes; 0 when the ClientHello had no server name
   * @return the route, {@link Reject#NO_SNI} or {@link Reject#UNKNOWN_SNI}; never null
   */
  public RouteDecision route(byte[] ascii, int offset, int length) {
    if (length == 0) {
      return Reject.NO_SNI;
    }
    Route route = chains.get(ascii, offset, length);
    if (route == null) {
      route = clusters.get(ascii, offset, length);
    }
    return route != null ? route : Reject.UNKNOWN_SNI;
  }

  /**
   * Returns the route of an SNI, if any.
   *
   * @param sni the server name
   * @return the route, or empty
   */
  public Optional<Route> find(CharSequence sni) {
    return route(sni) instanceof Route r ? Optional.of(r) : Optional.empty();
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
