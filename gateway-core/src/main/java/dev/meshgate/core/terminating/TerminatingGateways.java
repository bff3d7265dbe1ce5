package dev.meshgate.core.terminating;

import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.HealthStatus;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.catalog.ServiceKind;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.internal.Problems;
import dev.meshgate.core.internal.Require;
import dev.meshgate.core.naming.SniName;
import dev.meshgate.core.naming.TrustDomain;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every {@code terminating-gateway} config entry of a mesh, and the question that needs all of
 * them: what a mesh caller dials for a service ({@code /v1/health/connect/<service>}), through the
 * gateways that link it.
 *
 * <p>Config entries are global, catalogs are per datacenter: every query names the datacenter whose
 * catalog resolves the links (a gateway in {@code dc2} links only what {@code dc2}'s catalog holds).
 *
 * <p>Immutable and thread-safe; entries iterate in gateway-name order (ignoring case).
 */
public final class TerminatingGateways {
  private static final TerminatingGateways EMPTY = new TerminatingGateways(Map.of());

  private final Map<String, TerminatingGatewayEntry> entries;

  private TerminatingGateways(Map<String, TerminatingGatewayEntry> entries) {
    this.entries = entries;
  }

  /**
   * Returns the empty set of entries.
   *
   * @return no gateways
   */
  public static TerminatingGateways empty() {
    return EMPTY;
  }

  /**
   * Returns a set of entries.
   *
   * @param entries the entries, at most one per gateway
   * @return the set
   * @throws IllegalArgumentException if two entries name the same gateway
   */
  public static TerminatingGateways of(Collection<TerminatingGatewayEntry> entries) {
    Map<String, TerminatingGatewayEntry> map = new TreeMap<>();
    for (TerminatingGatewayEntry e : entries) {
      TerminatingGatewayEntry earlier = map.put(Linker.key(e.gateway()), e);
      Require.argument(earlier == null, "entries: two entries for gateway %s (expected: one per gateway)",
          Problems.quote(e.gateway().toString()));
    }
    return new TerminatingGateways(Collections.unmodifiableMap(map));
  }

  /**
   * Returns these entries with one written (created or replaced).
   *
   * @param entry the entry
   * @return a new set
   */
  public TerminatingGateways with(TerminatingGatewayEntry entry) {
    Map<String, TerminatingGatewayEntry> map = new TreeMap<>(entries);
    map.put(Linker.key(entry.gateway()), entry);
    return new TerminatingGateways(Collections.unmodifiableMap(map));
  }

  /**
   * Returns these entries without a gateway's.
   *
   * @param gateway the gateway's service name
   * @return a new set
   */
  public TerminatingGateways without(ServiceName gateway) {
    Map<String, TerminatingGatewayEntry> map = new TreeMap<>(entries);
    map.remove(Linker.key(gateway));
    return new TerminatingGateways(Collections.unmodifiableMap(map));
  }

  /**
   * Returns a gateway's entry.
   *
   * @param gateway the gateway's service name
   * @return the entry, or empty
   */
  public Optional<TerminatingGatewayEntry> entry(ServiceName gateway) {
    return Optional.ofNullable(entries.get(Linker.key(gateway)));
  }

  /**
   * Returns every entry.
   *
   * @return the entries in gateway-name order
   */
  public Collection<TerminatingGatewayEntry> entries() {
    return entries.values();
  }

  /**
   * Returns a gateway's gateway-services rows in one datacenter: its explicit links, then what its
   * {@code *} links add from the catalog, then the {@code *} template rows. Explicit links win over
   * {@code *} wherever {@code *} appears and never inherit its TLS settings; {@code *} adds only
   * services with an instance that is neither Connect-native nor a proxy (never {@code consul}), and
   * {@code service-defaults} destinations. The result does not depend on the order of
   * {@code Services} except for the order of rows.
   *
   * @param entry the gateway's entry
   * @param catalog the catalog
   * @param datacenter the gateway's datacenter
   * @return the rows
   */
  static List<GatewayService> gatewayServices(
      TerminatingGatewayEntry entry, CatalogSnapshot catalog, String datacenter) {
    return Linker.rows(entry, catalog, datacenter);
  }

  /**
   * Returns the rows that link a service to any gateway in a datacenter.
   *
   * @param service the service
   * @param catalog the catalog
   * @param datacenter the datacenter
   * @return one row per gateway fronting the service, in gateway-name order
   */
  List<GatewayService> gatewaysFor(ServiceName service, CatalogSnapshot catalog, String datacenter) {
    List<GatewayService> out = new ArrayList<>();
    for (TerminatingGatewayEntry entry : entries.values()) {
      Linker.row(entry, catalog, datacenter, service).ifPresent(out::add);
    }
    return List.copyOf(out);
  }

  /**
   * Answers Consul's {@code /v1/health/connect/<service>}: what a mesh caller dials to reach a
   * service. First the Connect proxies fronting it and its Connect-native instances, then, for each
   * terminating gateway linking it (in gateway-name order), that gateway's instances. All answers
   * carry the service's own SNI: a gateway terminates the caller's mTLS as the service.
   *
   * <p>As in Consul, a gateway's instances are listed as soon as it links the service, even while
   * the service has no instance for the gateway to forward to.
   *
   * @param catalog the catalog
   * @param datacenter the datacenter queried (the caller's, or the one it asks for)
   * @param service the service the caller wants to reach
   * @param onlyPassing Consul's {@code ?passing}: drop instances that are not passing
   * @param trustDomain the mesh trust domain, for the SNI
   * @return the endpoints, in that order
   */
  public List<ConnectEndpoint> healthConnect(
      CatalogSnapshot catalog, String datacenter, ServiceName service, boolean onlyPassing, TrustDomain trustDomain) {
    SniName.Service sni = SniName.service(
        service.name(), "", service.namespace(), service.partition(), datacenter, trustDomain);
    List<ConnectEndpoint> out = new ArrayList<>();
    for (ServiceInstance i : catalog.connectCapable(datacenter, service, onlyPassing)) {
      out.add(new ConnectEndpoint(i, i.kind() == ServiceKind.CONNECT_PROXY
          ? ConnectEndpoint.Via.CONNECT_PROXY : ConnectEndpoint.Via.CONNECT_NATIVE, sni));
    }
    for (GatewayService row : gatewaysFor(service, catalog, datacenter)) {
      for (ServiceInstance i : catalog.instances(datacenter, row.gateway())) {
        if (!onlyPassing || i.health() == HealthStatus.PASSING) {
          out.add(new ConnectEndpoint(i, ConnectEndpoint.Via.TERMINATING_GATEWAY, sni));
        }
      }
    }
    return List.copyOf(out);
  }

  @Override
  public String toString() {
    return "TerminatingGateways" + entries.keySet();
  }
}
