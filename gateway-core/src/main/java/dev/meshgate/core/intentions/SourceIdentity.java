package dev.meshgate.core.intentions;

import dev.meshgate.core.internal.Problems;
import dev.meshgate.core.internal.Require;
import dev.meshgate.core.naming.SpiffeId;

/**
 * Who is calling: a service identified by the mesh certificate the host verified, and the cluster
 * peer it came from (empty for local callers). Parts come in the order every name type of meshgate
 * takes them: name, namespace, partition, then peer.
 *
 * <p>What is matched, and what is deliberately not:
 *
 * <ul>
 *   <li>name, namespace and peer are matched against intention sources;
 *   <li>the partition is matched for local callers, and a peered caller has none: a peered
 *       intention cannot name a partition (Peer and Partition are exclusive), and Consul's RBAC
 *       pins a peer's callers to the partition the peer exports through the peer's trust bundle,
 *       which the host checks when it maps the certificate's trust domain to {@link #peer()}. A
 *       partition given together with a peer is rejected rather than ignored;
 *   <li>the datacenter is never matched: Consul's RBAC uses a wildcard for the datacenter segment
 *       of the SPIFFE ID, so a caller in any datacenter of the trust domain is the same caller.
 *       {@link #of(SpiffeId.Service)} therefore drops it, as it drops the trust domain, which the
 *       host verified when it validated the certificate chain.
 * </ul>
 *
 * <p>A local caller's empty namespace or partition becomes {@code default}; a peered caller's empty
 * namespace becomes {@code default} and its partition stays empty. Build one with {@code
 * SourceIdentity.of("web").inNamespace("ns1")}, add {@code .fromPeer("dc2")} for a peered caller,
 * or take it from a verified certificate with {@link #of(SpiffeId.Service)}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the caller's service name; not empty
 * @param namespace the caller's namespace; empty means {@code default}
 * @param partition the caller's admin partition, empty meaning {@code default}, for a local caller;
 *     empty for a peered caller
 * @param peer the cluster peer the caller lives in; empty for local callers
 */
public record SourceIdentity(String name, String namespace, String partition, String peer) {
  /**
   * Defaults the namespace and partition and checks every part.
   *
   * @param name the caller's service name; not empty
   * @param namespace the caller's namespace; empty means {@code default}
   * @param partition the caller's admin partition; empty means {@code default} for a local caller,
   *     and must be empty for a peered one
   * @param peer the cluster peer the caller lives in; empty for local callers
   * @throws IllegalArgumentException if the name is empty, a part is {@code *}, the peer contains
   *     {@code *}, or a peered caller has a partition
   * @throws NullPointerException if a part is null
   */
  public SourceIdentity {
    Require.field(!Require.notNull(name, "name").isEmpty(), "name", name, "a service name");
    Require.field(!ServiceIntentions.WILDCARD.equals(name), "name", name, "a service name, not a wildcard");
    namespace = DestinationService.concrete("namespace", namespace);
    Require.field(
        !Require.notNull(peer, "peer").contains(ServiceIntentions.WILDCARD), "peer", peer, "a peer name, not a wildcard");
    if (peer.isEmpty()) {
      partition = DestinationService.concrete("partition", partition);
    } else {
      Require.field(Require.notNull(partition, "partition").isEmpty(), "partition", partition,
          "empty for a caller from peer " + Problems.quote(peer)
              + "; a peered caller is matched by peer, namespace and name");
    }
  }

  /**
   * Returns a local caller in the default namespace and partition.
   *
   * @param name the service name
   * @return the identity
   * @throws IllegalArgumentException if the name is empty or {@code *}
   */
  public static SourceIdentity of(String name) {
    return new SourceIdentity(name, "", "", "");
  }

  /**
   * Returns the local caller a verified service certificate names.
   *
   * @param id the SPIFFE ID from the certificate's URI SAN
   * @return the identity; datacenter and trust domain are not kept
   */
  public static SourceIdentity of(SpiffeId.Service id) {
    return new SourceIdentity(id.service(), id.namespace(), id.partition(), "");
  }

  /**
   * Returns a caller from a cluster peer, named by a certificate the host verified against that
   * peer's trust bundle.
   *
   * @param id the SPIFFE ID from the certificate's URI SAN
   * @param peer the peer whose trust bundle verified the certificate
   * @return the identity; partition, datacenter and trust domain are not kept (the partition is
   *     the peer's, which the trust bundle already pinned)
   * @throws IllegalArgumentException if the peer is empty or contains {@code *}
   */
  public static SourceIdentity of(SpiffeId.Service id, String peer) {
    Require.field(!peer.isEmpty(), "peer", peer, "a peer name");
    return new SourceIdentity(id.service(), id.namespace(), "", peer);
  }

  /**
   * Returns this caller in another namespace.
   *
   * @param namespace the namespace; empty means {@code default}
   * @return a copy with the namespace replaced
   * @throws IllegalArgumentException if the namespace is {@code *}
   */
  public SourceIdentity inNamespace(String namespace) {
    return new SourceIdentity(name, namespace, partition, peer);
  }

  /**
   * Returns this local caller in another admin partition.
   *
   * @param partition the partition; empty means {@code default}
   * @return a copy with the partition replaced
   * @throws IllegalArgumentException if the partition is {@code *}, or this caller is peered
   */
  public SourceIdentity inPartition(String partition) {
    return new SourceIdentity(name, namespace, partition, peer);
  }

  /**
   * Returns this caller as one from a cluster peer: same name and namespace, no partition.
   *
   * @param peer the peer name
   * @return a peered copy
   * @throws IllegalArgumentException if the peer is empty or contains {@code *}, or this caller
   *     is local to a partition other than {@code default}
   */
  public SourceIdentity fromPeer(String peer) {
    Require.field(!Require.notNull(peer, "peer").isEmpty(), "peer", peer, "a peer name");
    Require.field(this.peer.isEmpty() ? Normalization.DEFAULT.equals(partition) : partition.isEmpty(), "partition",
        partition, "empty or default for a caller from peer " + Problems.quote(peer)
            + "; a peered caller is matched by peer, namespace and name");
    return new SourceIdentity(name, namespace, "", peer);
  }

  /** Renders {@code [peer:][partition/]namespace/name}. */
  @Override
  public String toString() {
    String s = namespace + "/" + name;
    if (!peer.isEmpty()) {
      return peer + ":" + s;
    }
    return Normalization.DEFAULT.equals(partition) ? s : partition + "/" + s;
  }
}
