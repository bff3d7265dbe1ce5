package dev.meshgate.core.intentions;

import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.internal.Require;

/**
 * A concrete service a request is addressed to: name, namespace and partition, in the order every
 * name type of meshgate takes them. Not a pattern: a {@code *} in any part is rejected.
 *
 * <p>An empty namespace or partition becomes {@code default}, as everywhere in Consul. Parts
 * compare exactly (case-sensitively), as Consul's intentions compare them; {@link
 * dev.meshgate.core.naming.SpiffeId.Service} lower-cases partitions, so do the same when building
 * one by hand. Build one with {@code DestinationService.of("api").inNamespace("billing")}, or from
 * a catalog {@link ServiceName} with {@link #of(ServiceName)}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the service name; not empty
 * @param namespace the namespace; empty means {@code default}
 * @param partition the admin partition; empty means {@code default}
 */
public record DestinationService(String name, String namespace, String partition) {
  /**
   * Defaults the namespace and partition and checks every part.
   *
   * @param name the service name; not empty
   * @param namespace the namespace; empty means {@code default}
   * @param partition the admin partition; empty means {@code default}
   * @throws IllegalArgumentException if the name is empty or a part is {@code *}
   * @throws NullPointerException if a part is null
   */
  public DestinationService {
    Require.field(!Require.notNull(name, "name").isEmpty(), "name", name, "a service name");
    Require.field(!ServiceIntentions.WILDCARD.equals(name), "name", name, "a service name, not a wildcard");
    namespace = concrete("namespace", namespace);
    partition = concrete("partition", partition);
  }

  /**
   * Returns a service in the default namespace and partition.
   *
   * @param name the service name
   * @return the service
   * @throws IllegalArgumentException if the name is empty or {@code *}
   */
  public static DestinationService of(String name) {
    return new DestinationService(name, "", "");
  }

  /**
   * Returns the service a catalog name stands for.
   *
   * @param service the catalog name
   * @return the service, with the same name, namespace and partition
   * @throws IllegalArgumentException if a part is empty or {@code *}, which the catalog allows
   *     but a request cannot be addressed to
   */
  public static DestinationService of(ServiceName service) {
    return new DestinationService(service.name(), service.namespace(), service.partition());
  }

  /**
   * Returns this service in another namespace.
   *
   * @param namespace the namespace; empty means {@code default}
   * @return a copy with the namespace replaced
   * @throws IllegalArgumentException if the namespace is {@code *}
   */
  public DestinationService inNamespace(String namespace) {
    return new DestinationService(name, namespace, partition);
  }

  /**
   * Returns this service in another admin partition.
   *
   * @param partition the partition; empty means {@code default}
   * @return a copy with the partition replaced
   * @throws IllegalArgumentException if the partition is {@code *}
   */
  public DestinationService inPartition(String partition) {
    return new DestinationService(name, namespace, partition);
  }

  /**
   * Returns the catalog name of this service.
   *
   * @return a {@link ServiceName} with the same name, namespace and partition
   */
  public ServiceName toServiceName() {
    return new ServiceName(name, namespace, partition);
  }

  static String concrete(String field, String value) {
    Require.notNull(value, field);
    Require.field(!ServiceIntentions.WILDCARD.equals(value), field, value, "a name, not a wildcard");
    return value.isEmpty() ? Normalization.DEFAULT : value;
  }

  /** Renders {@code namespace/name}, prefixed with {@code partition/} outside the default partition. */
  @Override
  public String toString() {
    String s = namespace + "/" + name;
    return Normalization.DEFAULT.equals(partition) ? s : partition + "/" + s;
  }
}
