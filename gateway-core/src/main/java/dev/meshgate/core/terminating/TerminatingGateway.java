package dev.meshgate.core.terminating;

import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.CatalogSource;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.chain.ChainEntries;
import dev.meshgate.core.chain.ChainRequest;
import dev.meshgate.core.internal.Problems;
import dev.meshgate.core.internal.Require;
import dev.meshgate.core.internal.SetOnce;
import dev.meshgate.core.naming.TrustDomain;
import dev.meshgate.core.routing.SniDecision;
import dev.meshgate.core.routing.SniRouter;
import dev.meshgate.core.routing.Subscription;
import dev.meshgate.core.routing.TableListener;
import dev.meshgate.core.runtime.LiveTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running terminating gateway's routing state: the current {@link RouteTable}, rebuilt whenever
 * its catalog publishes a snapshot or its config entry changes.
 *
 * <p>Readers never lock: {@link #route} reads a volatile reference to an immutable table, so a
 * connection is routed either by the table before a change or by the one after it, never by a mix.
 * Rebuilds are serialized and always read the latest catalog snapshot. Without an entry the table
 * is empty and every connection is rejected. Thread-safe; close it to stop following the catalog.
 */
public final class TerminatingGateway implements SniRouter<Route>, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TerminatingGateway.class);

  private final ServiceName name;
  private final String datacenter;
  private final TrustDomain trustDomain;
  private final LiveTable<Config, RouteTable> table;

  /** What the table is built from besides the catalog: the entry (or none) and the chain entries. */
  private record Config(TerminatingGatewayEntry entry, ChainEntries chains) {}

  private TerminatingGateway(Builder b) {
    this.name = b.name;
    this.datacenter = b.datacenter;
    this.trustDomain = b.trustDomain;
    this.table = new LiveTable<>(b.catalog, new Config(b.entry, b.chains != null ? b.chains : ChainEntries.empty()),
        this::build, RouteTable::warnings, LOG, "terminating gateway " + name + " in " + datacenter);
    if (b.entry != null) {
      logApplied();
    }
  }

  private RouteTable build(Config current, CatalogSnapshot snapshot) {
    return current.entry() == null
        ? RouteTable.empty(name, datacenter, trustDomain, snapshot.version())
        : RouteTable.build(current.entry(), snapshot, datacenter, trustDomain).withChains(current.chains(), snapshot);
  }

  private void logApplied() {
    LOG.info("terminating gateway {} in {}: config entry {}, {}", name, datacenter,
        table.config().entry() == null ? "removed" : "applied",
        Problems.count(table.current().routes().size(), "route"));
  }

  /**
   * Starts building a gateway.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the current table.
   *
   * @return the latest table
   */
  public RouteTable table() {
    return table.current();
  }

  /**
   * Decides where a connection goes by its SNI, with the current table.
   *
   * @param sni the ClientHello's server name; {@code null} or empty when it had none
   * @return the route or the rejection
   */
  @Override
  public SniDecision<Route> route(CharSequence sni) {
    return table.current().route(sni);
  }

  /**
   * Decides where a connection goes by its SNI as ASCII bytes, with the current table.
   *
   * @param ascii the bytes holding the server name
   * @param offset the index of the first byte
   * @param length the number of bytes; 0 when the ClientHello had no server name
   * @return the route or the rejection
   */
  @Override
  public SniDecision<Route> route(byte[] ascii, int offset, int length) {
    return table.current().route(ascii, offset, length);
  }

  /**
   * Adds a listener told of every table this gateway makes current from now on (after a catalog
   * change or a new config entry), in order, once the table serves: what must follow the routes
   * (TLS material, metrics, an admin view) subscribes here instead of polling.
   *
   * @param listener the listener; see {@link TableListener} for how it is called
   * @return the registration; close it to stop notifications
   */
  public Subscription subscribe(TableListener<RouteTable> listener) {
    return table.subscribe(listener);
  }

  /**
   * Applies a new version of the gateway's config entry: builds its table, then makes entry and
   * table current together. If building the table throws, the exception propagates and the
   * previous entry and table stay in use, for routing and for later catalog rebuilds.
   *
   * @param newEntry the entry; its name must be the gateway's
   * @throws IllegalArgumentException if the entry is for another gateway
   */
  public void update(TerminatingGatewayEntry newEntry) {
    Require.argument(newEntry.gateway().matches(name), "entry: %s (expected: the entry of gateway %s)",
        Problems.quote(newEntry.gateway().toString()), Problems.quote(name.toString()));
    table.update(new Config(newEntry, table.config().chains()));
    logApplied();
  }

  /** Removes the gateway's config entry: the table becomes empty and rejects everything. */
  public void removeEntry() {
    table.update(new Config(null, table.config().chains()));
    logApplied();
  }

  /**
   * Applies new discovery-chain entries (routers, splitters, resolvers) for the HTTP-like linked
   * services; see {@link RouteTable#route(Route, ChainRequest, long)}. A chain that does not
   * compile leaves its service routed without it, and the table's warnings say why.
   *
   * @param chains the chain entries
   */
  public void updateChains(ChainEntries chains) {
    Require.notNull(chains, "chains");
    table.update(new Config(table.config().entry(), chains));
    LOG.info("terminating gateway {} in {}: discovery chain entries applied", name, datacenter);
  }

  /**
   * Decides where one HTTP request of an accepted connection goes, with the current table; see
   * {@link RouteTable#route(Route, ChainRequest, long)}. The connection's SNI is looked up again,
   * so a long-lived connection follows table changes; a name the table no longer routes is refused
   * with 503.
   *
   * @param connection the route the connection's SNI chose, from this or an earlier table
   * @param request the request
   * @param random a uniformly random value for the split and failover choice
   * @return the decision
   */
  public RequestDecision route(Route connection, ChainRequest request, long random) {
    RouteTable current = table.current();
    Route now = current.route(connection.sni()).routeOrNull();
    return now == null
        ? new Refuse(connection, 503, connection.sni() + " is no longer routed by " + this)
        : current.route(now, request, random);
  }

  /** Stops following the catalog; the last table stays readable. */
  @Override
  public void close() {
    table.close();
  }

  @Override
  public String toString() {
    return "TerminatingGateway[" + name + " in " + datacenter + "]";
  }

  /**
   * Builds a {@link TerminatingGateway}. Name, datacenter, trust domain and catalog are required,
   * the entry is optional; each setting may be set once. {@link #build()} checks that the entry
   * belongs to the gateway. Not thread-safe.
   */
  public static final class Builder {
    private final SetOnce setOnce = new SetOnce();
    private ServiceName name;
    private String datacenter;
    private TrustDomain trustDomain;
    private CatalogSource catalog;
    private TerminatingGatewayEntry entry;
    private ChainEntries chains;

    private Builder() {}

    /**
     * Sets the discovery-chain entries the HTTP-like linked services' requests follow (default:
     * none, so each service's requests go to its own route).
     *
     * @param value the chain entries
     * @return this builder
     */
    public Builder chains(ChainEntries value) {
      setOnce.check("chains", chains);
      chains = value;
      return this;
    }

    /**
     * Sets the gateway's service name in the default namespace and partition.
     *
     * @param value the service name the gateway registers as
     * @return this builder
     */
    public Builder name(String value) {
      return name(ServiceName.of(value));
    }

    /**
     * Sets the gateway's service name.
     *
     * @param value the service name the gateway registers as
     * @return this builder
     */
    public Builder name(ServiceName value) {
      setOnce.check("name", name);
      name = value;
      return this;
    }

    /**
     * Sets the gateway's datacenter: the catalog it resolves links in.
     *
     * @param value the datacenter
     * @return this builder
     */
    public Builder datacenter(String value) {
      setOnce.check("datacenter", datacenter);
      datacenter = value;
      return this;
    }

    /**
     * Sets the mesh trust domain.
     *
     * @param value the trust domain
     * @return this builder
     */
    public Builder trustDomain(TrustDomain value) {
      setOnce.check("trust domain", trustDomain);
      trustDomain = value;
      return this;
    }

    /**
     * Sets the catalog the gateway follows.
     *
     * @param value the catalog source
     * @return this builder
     */
    public Builder catalog(CatalogSource value) {
      setOnce.check("catalog", catalog);
      catalog = value;
      return this;
    }

    /**
     * Sets the gateway's config entry (default: none; every connection is rejected until one is
     * applied).
     *
     * @param value the entry
     * @return this builder
     */
    public Builder entry(TerminatingGatewayEntry value) {
      setOnce.check("entry", entry);
      entry = value;
      return this;
    }

    /**
     * Builds the gateway, subscribes it to the catalog and builds its first table.
     *
     * @return the gateway
     * @throws IllegalStateException if name, datacenter, trust domain or catalog is missing
     * @throws IllegalArgumentException if the entry names another gateway
     */
    public TerminatingGateway build() {
      Require.state(name != null, "name is required");
      Require.state(datacenter != null && !datacenter.isEmpty(), "datacenter is required");
      Require.state(trustDomain != null, "trust domain is required");
      Require.state(catalog != null, "catalog is required");
      if (entry != null) {
        Require.argument(entry.gateway().matches(name), "entry: %s (expected: the entry of gateway %s)",
            Problems.quote(entry.gateway().toString()), Problems.quote(name.toString()));
      }
      return new TerminatingGateway(this);
    }
  }
}
