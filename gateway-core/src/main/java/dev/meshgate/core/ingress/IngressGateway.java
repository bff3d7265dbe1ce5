package dev.meshgate.core.ingress;

import dev.meshgate.core.catalog.CatalogSource;
import dev.meshgate.core.chain.ChainEntries;
import dev.meshgate.core.chain.ChainRequest;
import dev.meshgate.core.internal.Problems;
import dev.meshgate.core.internal.Require;
import dev.meshgate.core.naming.TrustDomain;
import dev.meshgate.core.routing.Subscription;
import dev.meshgate.core.routing.TableListener;
import dev.meshgate.core.runtime.LiveTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running ingress gateway's routing state: the current {@link IngressRouter}, rebuilt whenever
 * its catalog publishes a snapshot or its config entry changes.
 *
 * <p>Readers never lock: {@link #route} reads a volatile reference to an immutable router, so a
 * request is routed either by the router before a change or by the one after it, never by a mix.
 * Rebuilds are serialized and always read the latest snapshot; new warnings are logged once.
 * Thread-safe; close it to stop following the catalog.
 */
public final class IngressGateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngressGateway.class);

  private final String datacenter;
  private final TrustDomain trustDomain;
  private final String name;
  private final LiveTable<Config, IngressRouter> router;

  /** What the router is built from besides the catalog: the entry and the discovery-chain entries. */
  private record Config(IngressGatewayEntry entry, ChainEntries chains) {}

  private IngressGateway(IngressGatewayEntry entry, ChainEntries chains, String datacenter, TrustDomain trustDomain,
      CatalogSource catalog) {
    this.name = entry.name();
    this.datacenter = datacenter;
    this.trustDomain = trustDomain;
    this.router = new LiveTable<>(catalog, new Config(entry, chains), (c, snapshot) -> IngressRouter.build(c.entry(),
        snapshot, datacenter, trustDomain, c.chains()), IngressRouter::warnings, LOG,
        "ingress gateway " + name + " in " + datacenter);
    LOG.info("ingress gateway {} in {}: {}, {}", name, datacenter, Problems.count(entry.listeners().size(), "listener"),
        Problems.count(router.current().routes().size(), "route"));
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
   * Returns the current router.
   *
   * @return the latest router
   */
  public IngressRouter router() {
    return router.current();
  }

  /**
   * Decides where a request or connection goes, with the current router; see
   * {@link IngressRouter#route(int, CharSequence, CharSequence)}.
   *
   * @param port the listener port
   * @param host the Host header, or the server name on a tcp listener; may be null
   * @param path the request path, or null
   * @return the route or the rejection
   */
  public RouteDecision route(int port, CharSequence host, CharSequence path) {
    return router.current().route(port, host, path);
  }

  /**
   * Decides where one HTTP request goes, with the current router; see {@link
   * IngressRouter#route(int, CharSequence, ChainRequest, long)}.
   *
   * @param port the listener port
   * @param host the Host header, or null
   * @param request the request
   * @param random a uniformly random value for the split and failover choice
   * @return the decision
   */
  public RouteDecision route(int port, CharSequence host, ChainRequest request, long random) {
    return router.current().route(port, host, request, random);
  }

  /**
   * Applies new discovery-chain entries (routers, splitters, resolvers): builds the router, then
   * makes entries and router current together. If a chain does not compile, that service is not
   * routed and the router's warnings say why; the others are routed by their new chains.
   *
   * @param chains the chain entries
   */
  public void updateChains(ChainEntries chains) {
    Require.notNull(chains, "chains");
    IngressRouter next = router.update(new Config(router.config().entry(), chains));
    LOG.info("ingress gateway {} in {}: discovery chain entries applied, {}", name, datacenter,
        Problems.count(next.routes().size(), "route"));
  }

  /**
   * Adds a listener told of every router this gateway makes current from now on (after a catalog
   * change or a new config entry), in order, once the router serves.
   *
   * @param listener the listener; see {@link TableListener} for how it is called
   * @return the registration; close it to stop notifications
   */
  public Subscription subscribe(TableListener<IngressRouter> listener) {
    return router.subscribe(listener);
  }

  /**
   * Applies a new version of the gateway's config entry: builds its router, then makes entry and
   * router current together. If building the router throws, the exception propagates and the
   * previous entry and router stay in use, for routing and for later catalog rebuilds.
   *
   * @param newEntry the entry; its name must be the gateway's
   * @throws IllegalArgumentException if the entry is for another gateway
   */
  public void update(IngressGatewayEntry newEntry) {
    Require.argument(newEntry.name().equals(name), "entry: %s (expected: the entry of gateway %s)",
        Problems.quote(newEntry.name()), Problems.quote(name));
    IngressRouter next = router.update(new Config(newEntry, router.config().chains()));
    LOG.info("ingress gateway {} in {}: config entry applied, {}", name, datacenter,
        Problems.count(next.routes().size(), "route"));
  }

  /** Stops following the catalog; the last router stays readable. */
  @Override
  public void close() {
    router.close();
  }

  @Override
  public String toString() {
    return "IngressGateway[" + name + " in " + datacenter + ", " + trustDomain + "]";
  }

  /**
   * Builds an {@link IngressGateway}. Entry, datacenter, trust domain and catalog are required; each
   * setting may be set once. Not thread-safe.
   */
  public static final class Builder {
    private IngressGatewayEntry entry;
    private String datacenter;
    private TrustDomain trustDomain;
    private CatalogSource catalog;
    private ChainEntries chains;

    private Builder() {}

    /**
     * Sets the discovery-chain entries (routers, splitters, resolvers) the gateway's HTTP routes
     * follow (default: none, so every service has its default chain).
     *
     * @param value the chain entries
     * @return this builder
     */
    public Builder chains(ChainEntries value) {
      chains = Require.once(chains, value, "chains");
      return this;
    }

    /**
     * Sets the gateway's config entry; its name is the gateway's.
     *
     * @param value the entry
     * @return this builder
     */
    public Builder entry(IngressGatewayEntry value) {
      entry = Require.once(entry, value, "entry");
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
     * Builds the gateway, builds its first router and subscribes it to the catalog.
     *
     * @return the gateway
     * @throws IllegalStateException if a setting is missing
     */
    public IngressGateway build() {
      Require.state(entry != null, "entry is required");
      Require.state(datacenter != null && !datacenter.isEmpty(), "datacenter is required");
      Require.state(trustDomain != null, "trust domain is required");
      Require.state(catalog != null, "catalog is required");
      return new IngressGateway(entry, chains != null ? chains : ChainEntries.empty(), datacenter, trustDomain,
          catalog);
    }
  }
}
