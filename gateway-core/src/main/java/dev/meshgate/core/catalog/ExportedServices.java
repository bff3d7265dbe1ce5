package dev.meshgate.core.catalog;

import dev.meshgate.core.internal.Require;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The facts of a partition's {@code exported-services} config entry that mesh gateways act on:
 * which services cluster peers may reach, and which peers. (Consumers that are other partitions or
 * sameness groups are Enterprise features the mesh gateway's SNI table does not need; they are not
 * modelled.)
 *
 * <p>Guarantees: services keep their order; peers are sorted and unique. Immutable and
 * thread-safe.
 *
 * @param partition the admin partition whose services are exported (the entry's name in Consul)
 * @param services the exported services
 */
public record ExportedServices(String partition, List<Service> services) {
  /** The name that exports every service of a namespace. */
  public static final String WILDCARD = "*";

  /**
   * Applies the partition default and copies the list.
   *
   * @param partition the admin partition; empty means {@code default}
   * @param services the exported services
   */
  public ExportedServices {
    partition = partition.isEmpty() ? ServiceName.DEFAULT : partition;
    services = List.copyOf(services);
  }

  /**
   * Returns the peers a service is exported to, through its own entry or a {@code *} entry of its
   * namespace.
   *
   * @param service the service; its partition must be this entry's for any peer to be returned
   * @return the peer names, sorted; empty when the service is not exported
   */
  public Set<String> peersOf(ServiceName service) {
    Set<String> peers = new TreeSet<>();
    if (!service.partition().equalsIgnoreCase(partition)) {
      return peers;
    }
    for (Service s : services) {
      if (s.namespace().equalsIgnoreCase(service.namespace())
          && (s.name().equals(WILDCARD) || s.name().equalsIgnoreCase(service.name()))) {
        peers.addAll(s.peers());
      }
    }
    return peers;
  }

  /**
   * One exported service and the peers that may consume it.
   *
   * @param name the service name, or {@code *} for every service of the namespace
   * @param namespace the namespace; empty means {@code default}
   * @param peers the consuming peers' names
   */
  public record Service(String name, String namespace, Set<String> peers) {
    /**
     * Validates the names and sorts the peers.
     *
     * @param name the service name, or {@code *}
     * @param namespace the namespace; empty means {@code default}
     * @param peers the peers
     * @throws IllegalArgumentException if the name or a peer is empty
     */
    public Service {
      Require.field(!name.isEmpty(), "exported service name", name, "a service name or *");
      namespace = namespace.isEmpty() ? ServiceName.DEFAULT : namespace;
      List<String> list = new ArrayList<>(peers);
      for (String peer : list) {
        Require.field(!peer.isEmpty(), "exported service " + name + " peer", peer, "a peer name");
      }
      peers = Collections.unmodifiableSet(new TreeSet<>(list));
    }
  }
}
