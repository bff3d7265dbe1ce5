package dev.meshgate.tls;

import dev.meshgate.core.internal.Require;
import dev.meshgate.core.naming.SpiffeId;
import dev.meshgate.core.routing.Subscription;
import dev.meshgate.core.terminating.Route;
import dev.meshgate.core.terminating.RouteTable;
import dev.meshgate.core.terminating.TerminatingGateway;
import dev.meshgate.core.terminating.TlsMode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a terminating gateway's TLS material in step with its routing table, so that an embedder
 * never loops over routes by hand: the mesh-side server presents, by SNI, the leaf of every linked
 * service the table routes, and the origination context of every {@link TlsMode} the table uses
 * is loaded before the first connection asks for it.
 *
 * <p>On every new table: a newly linked service's leaf is asked of the {@link LeafSource} once
 * (services already served keep theirs until {@link #refreshLeaves()}); a service no longer routed
 * stops being served; the files of each {@link TlsMode} not seen before are read off the
 * connection path. A service whose leaf cannot be had is not served (its handshakes fail, closed)
 * and is logged at WARN; a failing TLS mode is logged, and its connections get the same error
 * from {@link #origination(Route)}. Nothing here stops the gateway from routing the others.
 *
 * <p>Thread-safe. Close it to stop following the gateway; the material stays usable.
 */
public final class TerminatingGatewayTls implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TerminatingGatewayTls.class);

  private final TlsContexts contexts;
  private final LeafSource leaves;
  private final MeshServerTls meshServer;
  private final Subscription subscription;
  private final Object lock = new Object();
  // Guarded by lock: the leaf served for each routed identity, and the modes already loaded.
  private Map<SpiffeId.Service, KeyMaterial> served = Map.of();
  private Set<TlsMode> loadedModes = Set.of();
  private RouteTable table;

  private TerminatingGatewayTls(TerminatingGateway gateway, TlsContexts contexts, TrustBundle roots, LeafSource leaves) {
    this.contexts = contexts;
    this.leaves = leaves;
    this.meshServer = contexts.meshServer(gateway.table().trustDomain(), roots, Map.of());
    // Subscribe first, then read and apply the current table under the lock: a table published in
    // between is either the one read here or one the listener applies after it.
    this.subscription = gateway.subscribe((before, after) -> apply(after, false));
    synchronized (lock) {
      apply(gateway.table(), false);
    }
  }

  /**
   * Starts following a gateway: serves the leaves of its current routes and loads their TLS modes
   * before returning, then follows every table the gateway makes current.
   *
   * @param gateway the gateway to follow
   * @param contexts the contexts to build the server context and origination contexts with
   * @param roots the mesh CA roots that callers' certificates must chain to
   * @param leaves where each linked service's leaf comes from
   * @return the follower
   */
  public static TerminatingGatewayTls follow(
      TerminatingGateway gateway, TlsContexts contexts, TrustBundle roots, LeafSource leaves) {
    Require.notNull(gateway, "gateway");
    Require.notNull(contexts, "contexts");
    Require.notNull(roots, "roots");
    Require.notNull(leaves, "leaves");
    return new TerminatingGatewayTls(gateway, contexts, roots, leaves);
  }

  /**
   * Returns the mesh-side server context: it presents each routed service's leaf for the service's
   * SNI and accepts callers whose certificates chain to the mesh roots.
   *
   * @return the server context, the same object for the follower's life
   */
  public MeshServerTls meshServer() {
    return meshServer;
  }

  /**
   * Returns how to connect to a route's endpoints: the per-connection call, which reads no file.
   *
   * @param route a route of the followed gateway
   * @return plaintext or the route's origination context
   * @throws TlsMaterialException if the route's TLS files cannot be used
   */
  public Origination origination(Route route) {
    return contexts.origination(route.tls());
  }

  /**
   * Asks the leaf source again for every routed service, e.g. after the source rotated leaves,
   * and serves the new ones. A service whose new leaf cannot be had keeps its old one.
   */
  public void refreshLeaves() {
    synchronized (lock) {
      if (table != null) {
        apply(table, true);
      }
    }
  }

  /**
   * Replaces the mesh CA roots that callers' certificates must chain to.
   *
   * @param roots the new roots
   */
  public void updateRoots(TrustBundle roots) {
    meshServer.updateRoots(Require.notNull(roots, "roots"));
  }

  /**
   * Returns the SNIs that currently have a leaf.
   *
   * @return the served server names
   */
  public List<String> servedNames() {
    return meshServer.serverNames();
  }

  /**
   * Returns the leaf served for a routed service, e.g. for an admin view of serials and expiry.
   *
   * @param service the SPIFFE ID the gateway presents for the service
   * @return the leaf, or empty when the service is not routed or has no leaf
   */
  public Optional<KeyMaterial> leafOf(SpiffeId.Service service) {
    synchronized (lock) {
      return Optional.ofNullable(served.get(service));
    }
  }

  /** Stops following the gateway; the server context and origination contexts stay usable. */
  @Override
  public void close() {
    subscription.close();
  }

  private void apply(RouteTable next, boolean refetch) {
    synchronized (lock) {
      table = next;
      Map<SpiffeId.Service, KeyMaterial> keep = new HashMap<>();
      Map<String, KeyMaterial> byName = new LinkedHashMap<>();
      Set<TlsMode> modes = new HashSet<>();
      for (Route route : next.routes()) {
        KeyMaterial leaf = keep.containsKey(route.identity()) ? keep.get(route.identity())
            : leafFor(route.identity(), refetch);
        keep.put(route.identity(), leaf);
        if (leaf != null) {
          byName.put(route.sni(), leaf);
        }
        if (modes.add(route.tls()) && !loadedModes.contains(route.tls())) {
          preload(route);
        }
      }
      keep.values().removeIf(v -> v == null);
      served = Map.copyOf(keep);
      loadedModes = Set.copyOf(modes);
      meshServer.updateLeaves(byName);
    }
  }

  /** The leaf to serve: the one already served unless asked to refetch, else the source's. */
  private KeyMaterial leafFor(SpiffeId.Service identity, boolean refetch) {
    KeyMaterial current = served.get(identity);
    if (current != null && !refetch) {
      return current;
    }
    try {
      return Require.notNull(leaves.leaf(identity), "leaf of " + identity.uri());
    } catch (RuntimeException e) {
      log.warn("terminating gateway TLS: no leaf for {}{}: {}", identity.uri(),
          current != null ? " (keeping the one served)" : " (its connections are refused)", e.getMessage());
      return current;
    }
  }

  private void preload(Route route) {
    try {
      contexts.origination(route.tls());
    } catch (RuntimeException e) {
      log.warn("terminating gateway TLS: {} for {}: {}", route.tls(), route.sni(), e.getMessage());
    }
  }
}
