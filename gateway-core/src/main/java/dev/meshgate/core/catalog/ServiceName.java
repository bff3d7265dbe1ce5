package dev.meshgate.core.catalog;

import java.util.Locale;

/**
 * A service's identity across a datacenter's catalog: its name within a namespace and admin
 * partition, as Consul's {@code ServiceName}. Empty namespace and partition become
 * {@code default}.
 *
 * <p>Equality is exact (the spelling as written); the catalog's lookups ignore letter case, as
 * Consul's state store does. Immutable and thread-safe.
 *
 * @param name the service name
 * @param namespace the namespace
 * @param partition the admin partition
 */
public record ServiceName(String name, String namespace, String partition) {
  /** The namespace and partition an empty value stands for. */
  public static final String DEFAULT = "default";

  /**
   * Applies the defaults.
   *
   * @param name the service name
   * @param namespace the namespace; empty means {@code default}
   * @param partition the admin partition; empty means {@code default}
   */
  public ServiceName {
    namespace = namespace.isEmpty() ? DEFAULT : namespace;
    partition = partition.isEmpty() ? DEFAULT : partition;
  }

  /**
   * Returns a service in the default namespace and partition.
   *
   * @param name the service name
   * @return the service name
   */
  public static ServiceName of(String name) {
    return new ServiceName(name, DEFAULT, DEFAULT);
  }

  /**
   * Tells whether this names the same service as {@code other}, ignoring letter case as Consul's
   * catalog does.
   *
   * @param other another service name
   * @return true when name, namespace and partition match case-insensitively
   */
  public boolean matches(ServiceName other) {
    return name.equalsIgnoreCase(other.name)
        && namespace.equalsIgnoreCase(other.namespace)
        && partition.equalsIgnoreCase(other.partition);
  }

  /**
   * Tells whether namespace and partition are both {@code default}.
   *
   * @return true in the default namespace of the default partition
   */
  public boolean isDefaultTenancy() {
    return DEFAULT.equals(namespace) && DEFAULT.equals(partition);
  }

  /** Returns the case-folded lookup key. */
  String key() {
    return (partition + '/' + namespace + '/' + name).toLowerCase(Locale.ROOT);
  }

  /**
   * Returns {@code name} in the default namespace and partition, else
   * {@code partition/namespace/name}.
   *
   * @return a short, unambiguous rendering
   */
  @Override
  public String toString() {
    return isDefaultTenancy() ? name : partition + "/" + namespace + "/" + name;
  }
}
