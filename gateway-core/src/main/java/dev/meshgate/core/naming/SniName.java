package dev.meshgate.core.naming;

import dev.meshgate.core.catalog.ServiceName;
import java.util.List;

/**
 * A TLS server name (SNI) in one of the forms Consul's gateways route by, formatted byte for byte
 * as Consul formats them (the forms below) and parsed back.
 *
 * <table>
 *   <caption>SNI forms</caption>
 *   <tr><th>type</th><th>form</th></tr>
 *   <tr><td>{@link Service}</td><td>{@code [<subset>.]<svc>.<ns>.<dc>.internal.<td>}, or with a
 *       partition other than {@code default}: {@code [<subset>.]<svc>.<ns>.<ap>.<dc>.internal-v1.<td>}</td></tr>
 *   <tr><td>{@link Query}</td><td>{@code <query>.default.<dc>.query.<td>}</td></tr>
 *   <tr><td>{@link Gateway}</td><td>{@code <dc>.internal.<td>} or {@code <ap>.<dc>.internal-v1.<td>}</td></tr>
 *   <tr><td>{@link PeeredService}</td><td>{@code <svc>.<ns>.<ap>.<peer>.external.<td>}</td></tr>
 *   <tr><td>{@link Server}</td><td>{@code [<node>.]server.<dc>.<domain>} (the agent's DNS domain, not the trust domain)</td></tr>
 *   <tr><td>{@link PeeringServer}</td><td>{@code server.<dc>.peering.<td>}</td></tr>
 *   <tr><td>{@link Destination}</td><td>{@code destination.<addr'>.<svc>.<ns>[.<ap>].<dc>.internal[-v1].<td>}</td></tr>
 * </table>
 *
 * <p>Like Consul, formatting neither lower-cases nor escapes: an empty namespace or partition
 * becomes {@code default}, nothing else changes. Unlike Consul, the parts are checked when a name is
 * built: no part may be empty, and the parts that are single DNS labels in Consul (subset,
 * namespace, partition, datacenter, peer) may not contain a dot. Service, query and node names may
 * contain dots, which is what makes some names ambiguous; see {@link #parseAll}.
 *
 * <p>Values are immutable records and thread-safe.
 */
public sealed interface SniName
    permits SniName.Service,
        SniName.Query,
        SniName.Gateway,
        SniName.PeeredService,
        SniName.Server,
        SniName.PeeringServer,
        SniName.Destination {

  /** The namespace and partition an empty value stands for. */
  String DEFAULT = "default";

  /** The agent DNS domain Consul uses unless configured otherwise. */
  String DEFAULT_DNS_DOMAIN = "consul";

  /**
   * Returns the name as sent in a ClientHello.
   *
   * @return e.g. {@code api.default.dc1.internal.<td>}
   */
  String value();

  /**
   * Formats a service SNI exactly as Consul's {@code ServiceSNI}.
   *
   * @param service the service name
   * @param subset the resolver subset, or empty for none
   * @param namespace the namespace; empty means {@code default}
   * @param partition the admin partition; empty means {@code default}
   * @param datacenter the datacenter
   * @param trustDomain the trust domain
   * @return the SNI name
   * @throws IllegalArgumentException if a part is empty or a single-label part has a dot
   */
  static Service service(
      String service, String subset, String namespace, String partition, String datacenter, TrustDomain trustDomain) {
    return new Service(service, subset, namespace, partition, datacenter, trustDomain);
  }

  /**
   * Formats a service SNI for a catalog service name, as {@link #service(String, String, String,
   * String, String, TrustDomain)} does for its parts.
   *
   * @param service the service, with its namespace and partition
   * @param subset the resolver subset, or empty for none
   * @param datacenter the datacenter
   * @param trustDomain the trust domain
   * @return the SNI name
   * @throws IllegalArgumentException if a part is empty or a single-label part has a dot
   */
  static Service service(ServiceName service, String subset, String datacenter, TrustDomain trustDomain) {
    return new Service(service.name(), subset, service.namespace(), service.partition(), datacenter, trustDomain);
  }

  /**
   * Formats the SNI a proxy dials for an upstream, as Consul's {@code UpstreamSNI}: the upstream's
   * own datacenter wins over the local one; a prepared-query upstream uses the query form and
   * ignores namespace, partition and subset.
   *
   * @param type what the upstream names
   * @param name the upstream's {@code DestinationName}
   * @param namespace the upstream's {@code DestinationNamespace}, possibly empty
   * @param partition the upstream's {@code DestinationPartition}, possibly empty
   * @param upstreamDatacenter the upstream's {@code Datacenter}, or empty for the local one
   * @param subset the subset, or empty
   * @param localDatacenter the caller's datacenter
   * @param trustDomain the trust domain
   * @return the SNI name
   * @throws IllegalArgumentException if a part is empty or a single-label part has a dot
   */
  static SniName upstream(
      UpstreamType type,
      String name,
      String namespace,
      String partition,
      String upstreamDatacenter,
      String subset,
      String localDatacenter,
      TrustDomain trustDomain) {
    String dc = upstreamDatacenter.isEmpty() ? localDatacenter : upstreamDatacenter;
    return switch (type) {
      case PREPARED_QUERY -> new Query(name, dc, trustDomain);
      case SERVICE -> new Service(name, subset, namespace, partition, dc, trustDomain);
    };
  }

  /**
   * Parses a name in one of the forms above. When the name is ambiguous (see {@link #parseAll}),
   * returns the first reading.
   *
   * @param sni the name; one trailing dot is ignored, letter case is kept as written
   * @param trustDomain the trust domain the name must end with (all forms but {@link Server})
   * @param dnsDomain the agent DNS domain the {@link Server} forms end with; one trailing dot is
   *     ignored
   * @return the typed name
   * @throws IllegalArgumentException with a message {@code sni "<input>": expected ...} when the
   *     input is not one of the forms
   */
  static SniName parse(String sni, TrustDomain trustDomain, String dnsDomain) {
    return SniNames.parseAll(sni, trustDomain, dnsDomain).get(0);
  }

  /**
   * Returns every reading of a name, most likely first. Only the dotted names make a name
   * ambiguous:
   *
   * <ul>
   *   <li>{@code a.b.<ns>.<dc>.internal.<td>} is subset {@code a} of service {@code b} (first, since
   *       Consul's subset names are DNS labels), or the dotted service {@code a.b} without a subset;
   *   <li>{@code destination.x.b.<ns>.<dc>.internal.<td>} is the destination form for address label
   *       {@code x} of service {@code b} (first), or subset {@code destination} of service
   *       {@code x.b}, or service {@code destination.x.b}.
   * </ul>
   *
   * Other forms have one reading: the trust domain and the form's marker label are matched from the
   * right, then the fixed single-label parts, and whatever is left is the (possibly dotted) service,
   * query or node name.
   *
   * @param sni the name; one trailing dot is ignored, letter case is kept as written
   * @param trustDomain the trust domain the name must end with (all forms but {@link Server})
   * @param dnsDomain the agent DNS domain the {@link Server} forms end with
   * @return the readings, at least one, most likely first
   * @throws IllegalArgumentException with a message {@code sni "<input>": expected ...} when the
   *     input is not one of the forms
   */
  static List<SniName> parseAll(String sni, TrustDomain trustDomain, String dnsDomain) {
    return SniNames.parseAll(sni, trustDomain, dnsDomain);
  }

  /** What an upstream names, as Consul's {@code DestinationType}. */
  enum UpstreamType {
    /** A service ({@code service}, Consul's default). */
    SERVICE,
    /** A prepared query ({@code prepared_query}). */
    PREPARED_QUERY
  }

  /**
   * A service or a subset of it: {@code [<subset>.]<svc>.<ns>.<dc>.internal.<td>}, or
   * {@code [<subset>.]<svc>.<ns>.<ap>.<dc>.internal-v1.<td>} when the partition is not exactly
   * {@code default} (Consul compares it case-sensitively, so does this type).
   *
   * @param service the service name; may contain dots
   * @param subset the resolver subset, or empty for none
   * @param namespace the namespace; an empty value becomes {@code default}
   * @param partition the admin partition; an empty value becomes {@code default}
   * @param datacenter the datacenter
   * @param trustDomain the trust domain
   */
  record Service(
      String service, String subset, String namespace, String partition, String datacenter, TrustDomain trustDomain)
      implements SniName {
    /**
     * Applies the defaults and checks the parts.
     *
     * @param service the service name; may contain dots
     * @param subset the resolver subset, or empty for none
     * @param namespace the namespace; an empty value becomes {@code default}
     * @param partition the admin partition; an empty value becomes {@code default}
     * @param datacenter the datacenter
     * @param trustDomain the trust domain
     * @throws IllegalArgumentException if a part is empty or a single-label part has a dot
     */
    public Service {
      namespace = SniNames.orDefault(namespace);
      partition = SniNames.orDefault(partition);
      SniNames.requireName("service", service);
      if (!subset.isEmpty()) {
        SniNames.requireLabel("subset", subset);
      }
      SniNames.requireLabel("namespace", namespace);
      SniNames.requireLabel("partition", partition);
      SniNames.requireLabel("datacenter", datacenter);
    }

    /**
     * Returns the catalog name of the service this SNI names.
     *
     * @return a {@link ServiceName} with the same name, namespace and partition
     */
    public ServiceName serviceName() {
      return new ServiceName(service, namespace, partition);
    }

    /**
     * Returns the same service without a subset.
     *
     * @return this name with an empty subset
     */
    public Service withoutSubset() {
      return subset.isEmpty() ? this : new Service(service, "", namespace, partition, datacenter, trustDomain);
    }

    @Override
    public String value() {
      String head = subset.isEmpty() ? service : subset + "." + service;
      return DEFAULT.equals(partition)
          ? head + "." + namespace + "." + datacenter + ".internal." + trustDomain.value()
          : head + "." + namespace + "." + partition + "." + datacenter + ".internal-v1." + trustDomain.value();
    }

    @Override
    public String toString() {
      return value();
    }
  }

  /**
   * A prepared query: {@code <query>.default.<dc>.query.<td>}. The namespace label is always the
   * literal {@code default}.
   *
   * @param query the query name; may contain dots
   * @param datacenter the datacenter
   * @param trustDomain the trust domain
   */
  record Query(String query, String datacenter, TrustDomain trustDomain) implements SniName {
    /**
     * Checks the parts.
     *
     * @param query the query name; may contain dots
     * @param datacenter the datacenter
     * @param trustDomain the trust domain
     * @throws IllegalArgumentException if a part is empty or the datacenter has a dot
     */
    public Query {
      SniNames.requireName("query", query);
      SniNames.requireLabel("datacenter", datacenter);
    }

    @Override
    public String value() {
      return query + ".default." + datacenter + ".query." + trustDomain.value();
    }

    @Override
    public String toString() {
      return value();
    }
  }

  /**
   * The mesh gateways of a datacenter or partition, as Consul's {@code GatewaySNI}:
   * {@code <dc>.internal.<td>}, or {@code <ap>.<dc>.internal-v1.<td>} for a partition other than
   * {@code default}. Mesh gateways match {@code *.} in front of it.
   *
   * @param partition the admin partition; an empty value becomes {@code default}
   * @param datacenter the datacenter
   * @param trustDomain the trust domain
   */
  record Gateway(String partition, String datacenter, TrustDomain trustDomain) implements SniName {
    /**
     * Applies the default and checks the parts.
     *
     * @param partition the admin partition; an empty value becomes {@code default}
     * @param datacenter the datacenter
     * @param trustDomain the trust domain
     * @throws IllegalArgumentException if a part is empty or has a dot
     */
    public Gateway {
      partition = SniNames.orDefault(partition);
      SniNames.requireLabel("partition", partition);
      SniNames.requireLabel("datacenter", datacenter);
    }

    @Override
    public String value() {
      return DEFAULT.equals(partition)
          ? datacenter + ".internal." + trustDomain.value()
          : partition + "." + datacenter + ".internal-v1." + trustDomain.value();
    }

    @Override
    public String toString() {
      return value();
    }
  }

  /**
   * A service imported from a cluster peer, as Consul's {@code PeeredServiceSNI}:
   * {@code <svc>.<ns>.<ap>.<peer>.external.<td>}. The partition is always rendered.
   *
   * @param service the service name; may contain dots
   * @param namespace the namespace; an empty value becomes {@code default}
   * @param partition the admin partition; an empty value becomes {@code default}
   * @param peer the peer name (mandatory, as in Consul)
   * @param trustDomain the trust domain
   */
  record PeeredService(String service, String namespace, String partition, String peer, TrustDomain trustDomain)
      implements SniName {
    /**
     * Applies the defaults and checks the parts.
     *
     * @param service the service name; may contain dots
     * @param namespace the namespace; an empty value becomes {@code default}
     * @param partition the admin partition; an empty value becomes {@code default}
     * @param peer the peer name
     * @param trustDomain the trust domain
     * @throws IllegalArgumentException if a part is empty or a single-label part has a dot
     */
    public PeeredService {
      namespace = SniNames.orDefault(namespace);
      partition = SniNames.orDefault(partition);
      SniNames.requireName("service", service);
      SniNames.requireLabel("namespace", namespace);
      SniNames.requireLabel("partition", partition);
      SniNames.requireLabel("peer", peer);
    }

    @Override
    public String value() {
      return service + "." + namespace + "." + partition + "." + peer + ".external." + trustDomain.value();
    }

    @Override
    public String toString() {
      return value();
    }
  }

  /**
   * A Consul server for WAN federation, as {@code tlsutil}'s {@code ServerSNI}:
   * {@code server.<dc>.<domain>} for any server, {@code <node>.server.<dc>.<domain>} for one.
   * The domain is the agent's DNS domain (default {@code consul}), not the trust domain.
   *
   * @param node the server's node name, or empty for any server ({@code *} also means any)
   * @param datacenter the datacenter
   * @param domain the agent DNS domain; one trailing dot is removed
   */
  record Server(String node, String datacenter, String domain) implements SniName {
    /**
     * Applies Consul's rules ({@code *} means any node, the domain loses a trailing dot) and checks
     * the parts.
     *
     * @param node the server's node name, or empty or {@code *} for any server
     * @param datacenter the datacenter
     * @param domain the agent DNS domain
     * @throws IllegalArgumentException if the datacenter or domain is empty or the datacenter has a
     *     dot
     */
    public Server {
      node = "*".equals(node) ? "" : node;
      domain = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
      SniNames.requireLabel("datacenter", datacenter);
      SniNames.requireName("domain", domain);
      if (!node.isEmpty()) {
        SniNames.requireName("node", node);
      }
    }

    @Override
    public String value() {
      return node.isEmpty() ? "server." + datacenter + "." + domain : node + ".server." + datacenter + "." + domain;
    }

    @Override
    public String toString() {
      return value();
    }
  }

  /**
   * The server name (and DNS SAN) of Consul servers for cluster-peering control-plane traffic, as
   * Consul's {@code PeeringServerSAN}: {@code server.<dc>.peering.<td>}.
   *
   * @param datacenter the datacenter
   * @param trustDomain the trust domain
   */
  record PeeringServer(String datacenter, TrustDomain trustDomain) implements SniName {
    /**
     * Checks the datacenter.
     *
     * @param datacenter the datacenter
     * @param trustDomain the trust domain
     * @throws IllegalArgumentException if the datacenter is empty or has a dot
     */
    public PeeringServer {
      SniNames.requireLabel("datacenter", datacenter);
    }

    @Override
    public String value() {
      return "server." + datacenter + ".peering." + trustDomain.value();
    }

    @Override
    public String toString() {
      return value();
    }
  }

  /**
   * One address of a terminating gateway's {@code service-defaults} {@code Destination}:
   * {@code destination.} followed by the service form for the name {@code <addr'>.<svc>}, where
   * {@code addr'} is the address with every {@code :} and {@code .} replaced by {@code -}.
   *
   * @param addressLabel the address as one label ({@code www-google-com}); see {@link #forAddress}
   * @param service the service name; may contain dots
   * @param namespace the namespace; an empty value becomes {@code default}
   * @param partition the admin partition; an empty value becomes {@code default}
   * @param datacenter the datacenter
   * @param trustDomain the trust domain
   */
  record Destination(
      String addressLabel,
      String service,
      String namespace,
      String partition,
      String datacenter,
      TrustDomain trustDomain)
      implements SniName {
    /**
     * Applies the defaults and checks the parts.
     *
     * @param addressLabel the address as one label
     * @param service the service name; may contain dots
     * @param namespace the namespace; an empty value becomes {@code default}
     * @param partition the admin partition; an empty value becomes {@code default}
     * @param datacenter the datacenter
     * @param trustDomain the trust domain
     * @throws IllegalArgumentException if a part is empty or a single-label part has a dot
     */
    public Destination {
      namespace = SniNames.orDefault(namespace);
      partition = SniNames.orDefault(partition);
      SniNames.requireLabel("address label", addressLabel);
      SniNames.requireName("service", service);
      SniNames.requireLabel("namespace", namespace);
      SniNames.requireLabel("partition", partition);
      SniNames.requireLabel("datacenter", datacenter);
    }

    /**
     * Returns the destination name for a raw address, replacing every {@code :} and {@code .} with
     * {@code -} as Consul does.
     *
     * @param address a host name or IP address, e.g. {@code www.google.com} or {@code 192.168.0.1}
     * @param service the service name
     * @param namespace the namespace; empty means {@code default}
     * @param partition the admin partition; empty means {@code default}
     * @param datacenter the datacenter
     * @param trustDomain the trust domain
     * @return the destination name
     * @throws IllegalArgumentException if a part is empty or a single-label part has a dot
     */
    public static Destination forAddress(
        String address, String service, String namespace, String partition, String datacenter, TrustDomain trustDomain) {
      return new Destination(
          address.replace(':', '-').replace('.', '-'), service, namespace, partition, datacenter, trustDomain);
    }

    @Override
    public String value() {
      return "destination." + new Service(addressLabel + "." + service, "", namespace, partition, datacenter, trustDomain);
    }

    @Override
    public String toString() {
      return value();
    }
  }
}
