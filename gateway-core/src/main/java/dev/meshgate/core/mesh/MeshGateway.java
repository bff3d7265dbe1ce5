package dev.meshgate.core.mesh;

import dev.meshgate.core.catalog.CatalogSource;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.internal.Problems;
import dev.meshgate.core.internal.Require;
import dev.meshgate.core.naming.SniName;
import dev.meshgate.core.naming.TrustDomain;
import dev.meshgate.core.routing.SniDecision;
import dev.meshgate.core.routing.SniRouter;
import dev.meshgate.core.routing.Subscription;
import dev.meshgate.core.routing.TableListener;
import dev.meshgate.core.runtime.LiveTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running mesh gateway's routing state: the current {@link RouteTable}, rebuilt whenever its
 * catalog publishes a snapshot.
 *
 * <p>Readers never lock: {@link #route} reads a volatile reference to an immutable table, so a
 * connection is routed either by the table before a change or by the one after it, never by a mix.
 * Rebuilds are serialized and always read the latest snapshot; new warnings are logged once.
 * Thread-safe; close it to stop following the catalog.
 */
public final class MeshGateway implements SniRouter<Route>, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MeshGateway.class);

  private final MeshGatewaySettings settings;
  private final LiveTable<MeshGatewaySettings, RouteTable> table;

  private MeshGateway(MeshGatewaySettings settings, CatalogSource catalog) {
    this.settings = settings;
    this.table = new LiveTable<>(catalog, settings, RouteTable::build, RouteTable::warnings, LOG,
        "mesh gateway " + settings.gateway() + " in " + settings.datacenter());
    LOG.info("mesh gateway {} in {}: {}", settings.gateway(), settings.datacenter(),
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

  /** Stops following the catalog; the last table stays readable. */
  @Override
  public void close() {
    table.close();
  }

  @Override
  public String toString() {
    return "MeshGateway[" + settings.gateway() + " in " + settings.datacenter() + "]";
  }

  /**
   * Builds a {@link MeshGateway}. Name, datacenter, trust domain and catalog are required; each
   * setting may be set once. Not thread-safe.
   */
  public static final class Builder {
    private ServiceName name;
    private String datacenter;
    private TrustDomain trustDomain;
    private String dnsDomain;
    private Boolean wanFederation;
    private CatalogSource catalog;

    private Builder() {}

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
     * Sets the gateway's service name; its partition is the gateway's.
     *
     * @param value the service name the gateway registers as
     * @return this builder
     */
    public Builder name(ServiceName value) {
      name = Require.once(name, value, "name");
      return this;
    }

    /**
     * Sets the gateway's datacenter.
     *
     * @param value the datacenter
     * @return this builder
     */
    public Builder datacenter(String value) {
      datacenter = Require.once(datacenter, value, "datacenter");
      return this;
    }

    /**
     * Sets the mesh trust domain.
     *
     * @param value the trust domain
     * @return this builder
     */
    public Builder trustDomain(TrustDomain value) {
      trustDomain = Require.once(trustDomain, value, "trust domain");
      return this;
    }

    /**
     * Sets the agent DNS domain WAN-federation server names end with (default: {@code consul}).
     *
     * @param value the DNS domain
     * @return this builder
     */
    public Builder dnsDomain(String value) {
      dnsDomain = Require.once(dnsDomain, value, "dnsDomain");
      return this;
    }

    /**
     * Sets whether the gateway carries WAN federation between Consul servers (default: false), as
     * the service meta {@code consul-wan-federation=1} does.
     *
     * @param value true to route WAN-federation traffic
     * @return this builder
     */
    public Builder wanFederation(boolean value) {
      wanFederation = Require.once(wanFederation, value, "wanFederation");
      return this;
    }

    /**
     * Sets the catalog the gateway follows.
     *
     * @param value the catalog source
     * @return this builder
     */
    public Builder catalog(CatalogSource value) {
      catalog = Require.once(catalog, value, "catalog");
      return this;
    }

    /**
     * Builds the gateway, builds its first table and subscribes it to the catalog.
     *
     * @return the gateway
     * @throws IllegalStateException if name, datacenter, trust domain or catalog is missing
     */
    public MeshGateway build() {
      Require.state(name != null, "name is required");
      Require.state(datacenter != null, "datacenter is required");
      Require.state(trustDomain != null, "trust domain is required");
      Require.state(catalog != null, "catalog is required");
      return new MeshGateway(new MeshGatewaySettings(name, datacenter, trustDomain,
          dnsDomain != null ? dnsDomain : SniName.DEFAULT_DNS_DOMAIN, wanFederation != null && wanFederation),
          catalog);
    }
  }
}
