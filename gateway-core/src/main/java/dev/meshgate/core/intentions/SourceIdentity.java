package dev.meshgate.core.intentions;

import dev.meshgate.core.internal.Require;
import dev.meshgate.core.naming.SpiffeId;

/**
 * Who is calling: a service identified by the mesh certificate the host verified, and the cluster
 * peer it came from (empty for local callers).
 *
 * <p>What is matched, and what is deliberately not:
 *
 * <ul>
 *   <li>name, namespace and peer are matched against intention sources;
 *   <li>the partition is matched for local callers. For a peered caller it is ignored: a peered
 *       intention cannot name a partition (Peer and Partition are exclusive), and Consul's RBAC pins
 *       a peer's callers to the partition the peer exports through the peer's trust bundle, which
 *       the host checks when it maps the certificate's trust domain to {@link #peer()};
 *   <li>the datacenter is never matched: Consul's RBAC uses a wildcard for the datacenter segment,
 *       so a caller in any datacenter of the trust domain is the same caller (spec §6 item 13).
 *       {@link #of(SpiffeId.Service)} therefore drops it, as it drops the trust domain, which the
 *       host verified when it validated the certificate chain.
 * </ul>
 *
 * <p>An empty partition or namespace becomes {@code default}. Immutable and thread-safe.
 *
 * @param peer the cluster peer the caller lives in; empty for local callers
 * @param partition the caller's admin partition; empty means {@code default}
 * @param namespace the caller's namespace; empty means {@code default}
 * @param name the caller's service name; not empty
 */
public record SourceIdentity(String peer, String partition, String namespace, String name) {
  /**
   * Defaults the partition and namespace and checks every part.
   *
   * @param peer the cluster peer the caller lives in; empty for local callers
   * @param partition the caller's admin partition; empty means {@code default}
   * @param namespace the caller's namespace; empty means {@code default}
   * @param name the caller's service name; not empty
   * @throws IllegalArgumentException if the name is empty or a part is {@code *}
   * @throws NullPointerException if a part is null
   */
  public SourceIdentity {
    Require.field(
        !Require.notNull(peer, "peer").contains(ServiceIntentions.WILDCARD), "peer", peer, "a peer name, not a wildcard");
    partition = DestinationService.concrete("partition", partition);
    namespace = DestinationService.concrete("namespace", namespace);
    Require.field(!Require.notNull(name, "name").isEmpty(), "name", name, "a service name");
    Require.field(!ServiceIntentions.WILDCARD.equals(name), "name", name, "a service name, not a wildcard");
  }

  /**
   * Returns a local caller.
   *
   * @param partition the admin partition; empty means {@code default}
   * @param namespace the namespace; empty means {@code default}
   * @param name the service name
   * @return the identity
   */
  public static SourceIdentity local(String partition, String namespace, String name) {
    return new SourceIdentity("", partition, namespace, name);
  }

  /**
   * Returns a local caller in the default partition.
   *
   * @param namespace the namespace; empty means {@code default}
   * @param name the service name
   * @return the identity
   */
  public static SourceIdentity local(String namespace, String name) {
    return new SourceIdentity("", "", namespace, name);
  }

  /**
   * Returns a caller from a cluster peer.
   *
   * @param peer the peer name
   * @param namespace the namespace; empty means {@code default}
   * @param name the service name
   * @return the identity
   * @throws IllegalArgumentException if the peer is empty
   */
  public static SourceIdentity peered(String peer, String namespace, String name) {
    Require.field(!peer.isEmpty(), "peer", peer, "a peer name");
    return new SourceIdentity(peer, "", namespace, name);
  }

  /**
   * Returns the local caller a verified service certificate names.
   *
   * @param id the SPIFFE ID from the certificate's URI SAN
   * @return the identity; datacenter and trust domain are not kept
   */
  public static SourceIdentity of(SpiffeId.Service id) {
    return new SourceIdentity("", id.partition(), id.namespace(), id.service());
  }

  /**
   * Returns a caller from a cluster peer, named by a certificate the host verified against that
   * peer's trust bundle.
   *
   * @param peer the peer whose trust bundle verified the certificate
   * @param id the SPIFFE ID from the certificate's URI SAN
   * @return the identity; datacenter and trust domain are not kept
   * @throws IllegalArgumentException if the peer is empty
   */
  public static SourceIdentity of(String peer, SpiffeId.Service id) {
    Require.field(!peer.isEmpty(), "peer", peer, "a peer name");
    return new SourceIdentity(peer, id.partition(), id.namespace(), id.service());
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
