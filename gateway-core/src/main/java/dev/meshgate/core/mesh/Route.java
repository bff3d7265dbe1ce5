package dev.meshgate.core.mesh;

import dev.meshgate.core.catalog.Endpoint;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.config.Protocol;
import java.util.List;
import java.util.Optional;

/**
 * Where a mesh gateway sends the connections whose SNI matches {@link #serverName()}: one of
 * Consul's filter chains, or for {@link Kind#LOCAL_SERVICE} and {@link Kind#LOCAL_SERVERS} one of
 * the clusters its catch-all {@code sni_cluster} chain picks by name.
 *
 * <p>The gateway relays the bytes untouched (it never decrypts) to one of {@link #endpoints()},
 * except when {@link #terminatesTls()}: an HTTP-like service exported to cluster peers, where Consul
 * terminates the peer's TLS with the gateway's own leaf and the peers' trust bundles to run the
 * service's discovery chain.
 *
 * <p>Guarantees: endpoints list healthy ones first; the list is empty exactly where Consul would
 * emit a cluster without endpoints (the connection then fails, and the table's warnings say why
 * where that is not the normal state of a subset). Immutable and thread-safe.
 *
 * @param kind what the route reaches
 * @param serverName the name that matches: exact, or {@code *.<suffix>} for the remote chains
 * @param cluster Consul's cluster name for the destination, e.g. {@code dc2.internal.<td>}
 * @param datacenter the datacenter the endpoints serve
 * @param partition the admin partition the endpoints serve
 * @param service the local service, for {@link Kind#LOCAL_SERVICE} and {@link Kind#EXPORTED_SERVICE}
 * @param subset the resolver subset of a {@link Kind#LOCAL_SERVICE} route, or empty
 * @param protocol the service's protocol; {@link Protocol#TCP} for every non-service route
 * @param terminatesTls whether the gateway must terminate TLS (HTTP-like exported services only)
 * @param endpoints where to relay, healthy first
 */
public record Route(
    Kind kind,
    String serverName,
    String cluster,
    String datacenter,
    String partition,
    Optional<ServiceName> service,
    String subset,
    Protocol protocol,
    boolean terminatesTls,
    List<Endpoint> endpoints) {

  /** What a route reaches. */
  public enum Kind {
    /**
     * A local service or one of its resolver subsets, through its Connect proxies or natives: the
     * catch-all chain's cluster named by the SNI {@code [<subset>.]<svc>.<ns>.<dc>.internal.<td>}.
     */
    LOCAL_SERVICE,
    /** The mesh gateways of another datacenter or partition: {@code *.<dc>.internal.<td>}. */
    REMOTE_GATEWAYS,
    /** WAN federation: the servers of another datacenter through its gateways, {@code *.server.<dc>.<domain>}. */
    REMOTE_SERVERS,
    /** WAN federation: one local server, {@code <node>.server.<dc>.<domain>}. */
    LOCAL_SERVER,
    /** WAN federation: any local server, the cluster {@code server.<dc>.<domain>}. */
    LOCAL_SERVERS,
    /** Cluster peering control plane: the local voting servers, {@code server.<dc>.peering.<td>}. */
    PEERING_SERVERS,
    /** A local service exported to cluster peers: {@code <svc>.<ns>.<ap>.<peer>.external.<td>}. */
    EXPORTED_SERVICE
  }

  /**
   * Copies the endpoints.
   *
   * @param kind what the route reaches
   * @param serverName the name that matches
   * @param cluster Consul's cluster name
   * @param datacenter the datacenter the endpoints serve
   * @param partition the partition the endpoints serve
   * @param service the local service, if any
   * @param subset the subset, or empty
   * @param protocol the service's protocol
   * @param terminatesTls whether the gateway terminates TLS
   * @param endpoints where to relay, healthy first
   */
  public Route {
    endpoints = List.copyOf(endpoints);
  }
}
