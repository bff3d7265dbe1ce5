package dev.meshgate.core.intentions;

import dev.meshgate.core.internal.Require;

/**
 * A concrete service a request is addressed to: partition, namespace and name. Not a pattern: a
 * {@code *} in any part is rejected.
 *
 * <p>An empty partition or namespace becomes {@code default}, as everywhere in Consul. Parts
 * compare exactly (case-sensitively), as Consul compares them; {@link
 * dev.meshgate.core.naming.SpiffeId.Service} lower-cases partitions, so do the same when building
 * one by hand.
 *
 * <p>Immutable and thread-safe.
 *
 * @param partition the admin partition; empty means {@code default}
 * @param namespace the namespace; empty means {@code default}
 * @param name the service name; not empty
 */
public record DestinationService(String partition, String namespace, String name) {
  /**
   * Defaults the partition and namespace and checks every part.
   *
   * @param partition the admin partition; empty means {@code default}
   * @param namespace the namespace; empty means {@code default}
   * @param name the service name; not empty
   * @throws IllegalArgumentException if the name is empty or a part is {@code *}
   * @throws NullPointerException if a part is null
   */
  public DestinationService {
    partition = concrete("partition", partition);
    namespace = concrete("namespace", namespace);
    Require.field(!Require.notNull(name, "name").isEmpty(), "name", name, "a service name");
    Require.field(!ServiceIntentions.WILDCARD.equals(name), "name", name, "a service name, not a wildcard");
  }

  /**
   * Returns a service in the default partition.
   *
   * @param namespace the namespace; empty means {@code default}
   * @param name the service name
   * @return the service name
   */
  public static DestinationService of(String namespace, String name) {
    return new DestinationService("", namespace, name);
  }

  /**
   * Returns a service in the default partition and namespace.
   *
   * @param name the service name
   * @return the service name
   */
  public static DestinationService of(String name) {
    return new DestinationService("", "", name);
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
