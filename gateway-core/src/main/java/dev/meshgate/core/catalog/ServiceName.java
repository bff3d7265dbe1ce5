package dev.meshgate.core.catalog;

import java.util.Locale;
import java.util.Objects;

/**
 * A service's identity across a datacenter's catalog: its name within a namespace and admin
 * partition, as Consul's {@code ServiceName}. Empty namespace and partition become
 * {@code default}.
 *
 * <p>Equality is exact (the spelling as written); the catalog's lookups ignore letter case, as
 * Consul's state store does ({@link #matches}). A final class rather than a record only so that it
 * can remember its case-folded lookup key: gateways look the same names up many times per rebuild.
 * Immutable and thread-safe.
 */
public final class ServiceName {
  /** The namespace and partition an empty value stands for. */
  public static final String DEFAULT = "default";

  private final String name;
  private final String namespace;
  private final String partition;
  /** Case-folded {@code partition/namespace/name}, computed on first use (a benign race). */
  private String key;

  /**
   * Creates a service name, applying the defaults.
   *
   * @param name the service name
   * @param namespace the namespace; empty means {@code default}
   * @param partition the admin partition; empty means {@code default}
   */
  public ServiceName(String name, String namespace, String partition) {
    this.name = Objects.requireNonNull(name, "name");
    this.namespace = namespace.isEmpty() ? DEFAULT : namespace;
    this.partition = partition.isEmpty() ? DEFAULT : partition;
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
   * Returns the service name.
   *
   * @return the name as written
   */
  public String name() {
    return name;
  }

  /**
   * Returns the namespace.
   *
   * @return the namespace, {@code default} when none was given
   */
  public String namespace() {
    return namespace;
  }

  /**
   * Returns the admin partition.
   *
   * @return the partition, {@code default} when none was given
   */
  public String partition() {
    return partition;
  }

  /**
   * Tells whether this names the same service as {@code other}, ignoring letter case as Consul's
   * catalog does.
   *
   * @param other another service name
   * @return true when name, namespace and partition match case-insensitively
   */
  public boolean matches(ServiceName other) {
    return key().equals(other.key());
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
    String k = key;
    if (k == null) {
      k = (partition + '/' + namespace + '/' + name).toLowerCase(Locale.ROOT);
      key = k;
    }
    return k;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ServiceName other
        && name.equals(other.name) && namespace.equals(other.namespace) && partition.equals(other.partition);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, namespace, partition);
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
