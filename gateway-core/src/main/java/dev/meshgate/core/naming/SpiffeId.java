package dev.meshgate.core.naming;

import java.util.Locale;

/**
 * A SPIFFE ID in one of the forms Consul issues: a {@link Service} workload, a {@link MeshGateway}
 * or a {@link Server}. These are the URI SANs of mesh certificates, and what intentions match a
 * caller by.
 *
 * <p>Rules applied by every form, in line with the SPIFFE ID specification: the scheme is exactly
 * {@code spiffe://}; the trust domain follows {@link TrustDomain}; path segments are non-empty,
 * are not {@code .} or {@code ..}, and use only {@code A-Z a-z 0-9 . - _}; no query, fragment,
 * port or user info; at most {@value #MAX_LENGTH} characters. Consul's own names satisfy these
 * rules, so nothing it issues is rejected.
 *
 * <p>Values are immutable records and thread-safe.
 */
public sealed interface SpiffeId permits SpiffeId.Service, SpiffeId.MeshGateway, SpiffeId.Server {
  /** The longest SPIFFE ID accepted, as the SPIFFE specification recommends. */
  int MAX_LENGTH = 2048;

  /** The partition and namespace an empty value stands for. */
  String DEFAULT = "default";

  /**
   * Returns the trust domain this ID belongs to.
   *
   * @return the trust domain
   */
  TrustDomain trustDomain();

  /**
   * Returns the ID as a URI string, exactly as Consul renders it.
   *
   * @return e.g. {@code spiffe://<td>/ns/default/dc/dc1/svc/web}
   */
  String uri();

  /**
   * Parses a SPIFFE ID in one of Consul's forms.
   *
   * @param uri the URI, e.g. from a certificate's URI SAN
   * @return the typed ID
   * @throws IllegalArgumentException with a message of the form
   *     {@code spiffe id "<input>": <what was expected>} when the input is not one of the forms
   */
  static SpiffeId parse(String uri) {
    return SpiffeIds.parse(uri);
  }

  /**
   * A service workload: {@code spiffe://<td>/ns/<ns>/dc/<dc>/svc/<service>}, with
   * {@code /ap/<partition>} in front of the path when the partition is not {@code default}.
   *
   * @param trustDomain the trust domain
   * @param partition the admin partition; lower-cased, an empty value becomes {@code default}
   * @param namespace the namespace; an empty value becomes {@code default}
   * @param datacenter the datacenter
   * @param service the service name
   */
  record Service(
      TrustDomain trustDomain, String partition, String namespace, String datacenter, String service)
      implements SpiffeId {
    /**
     * Normalizes the partition and namespace and validates every part.
     *
     * @param trustDomain the trust domain
     * @param partition the admin partition; lower-cased, an empty value becomes {@code default}
     * @param namespace the namespace; an empty value becomes {@code default}
     * @param datacenter the datacenter
     * @param service the service name
     * @throws IllegalArgumentException naming the part that is not a valid path segment
     */
    public Service {
      partition = normalizePartition(partition);
      namespace = namespace.isEmpty() ? DEFAULT : namespace;
      SpiffeIds.requireSegment("partition", partition);
      SpiffeIds.requireSegment("namespace", namespace);
      SpiffeIds.requireSegment("datacenter", datacenter);
      SpiffeIds.requireSegment("service", service);
    }

    /**
     * Returns a service ID in the default partition.
     *
     * @param trustDomain the trust domain
     * @param namespace the namespace; empty means {@code default}
     * @param datacenter the datacenter
     * @param service the service name
     * @return the ID
     */
    public static Service of(TrustDomain trustDomain, String namespace, String datacenter, String service) {
      return new Service(trustDomain, DEFAULT, namespace, datacenter, service);
    }

    @Override
    public String uri() {
      return "spiffe://" + trustDomain.value() + partitionPrefix(partition)
          + "/ns/" + namespace + "/dc/" + datacenter + "/svc/" + service;
    }

    @Override
    public String toString() {
      return uri();
    }
  }

  /**
   * A mesh gateway: {@code spiffe://<td>/gateway/mesh/dc/<dc>}, with {@code /ap/<partition>} in
   * front of the path when the partition is not {@code default}.
   *
   * @param trustDomain the trust domain
   * @param partition the admin partition; lower-cased, an empty value becomes {@code default}
   * @param datacenter the datacenter
   */
  record MeshGateway(TrustDomain trustDomain, String partition, String datacenter) implements SpiffeId {
    /**
     * Normalizes the partition and validates every part.
     *
     * @param trustDomain the trust domain
     * @param partition the admin partition; lower-cased, an empty value becomes {@code default}
     * @param datacenter the datacenter
     * @throws IllegalArgumentException naming the part that is not a valid path segment
     */
    public MeshGateway {
      partition = normalizePartition(partition);
      SpiffeIds.requireSegment("partition", partition);
      SpiffeIds.requireSegment("datacenter", datacenter);
    }

    @Override
    public String uri() {
      return "spiffe://" + trustDomain.value() + partitionPrefix(partition) + "/gateway/mesh/dc/" + datacenter;
    }

    @Override
    public String toString() {
      return uri();
    }
  }

  /**
   * A Consul server agent: {@code spiffe://<td>/agent/server/dc/<dc>}.
   *
   * @param trustDomain the trust domain
   * @param datacenter the datacenter
   */
  record Server(TrustDomain trustDomain, String datacenter) implements SpiffeId {
    /**
     * Validates the datacenter.
     *
     * @param trustDomain the trust domain
     * @param datacenter the datacenter
     * @throws IllegalArgumentException if the datacenter is not a valid path segment
     */
    public Server {
      SpiffeIds.requireSegment("datacenter", datacenter);
    }

    @Override
    public String uri() {
      return "spiffe://" + trustDomain.value() + "/agent/server/dc/" + datacenter;
    }

    @Override
    public String toString() {
      return uri();
    }
  }

  private static String normalizePartition(String partition) {
    return partition.isEmpty() ? DEFAULT : partition.toLowerCase(Locale.ROOT);
  }

  private static String partitionPrefix(String partition) {
    return DEFAULT.equals(partition) ? "" : "/ap/" + partition;
  }
}
