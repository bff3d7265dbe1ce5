package dev.meshgate.core.ingress;

import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.internal.Problems;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Questions about an ingress gateway that need its entry and a datacenter's catalog: which services
 * each listener exposes, which explicit services speak another protocol than their listener, and
 * the DNS SANs of the gateway's leaf certificate. Stateless and thread-safe.
 */
final class IngressGateways {
  private static final String CONSUL = "consul";

  private IngressGateways() {}

  /**
   * Returns the gateway-services rows of an ingress gateway in one datacenter, listener
   * by listener: each explicit service, then what the listener's {@code *} adds. {@code *} adds every
   * service of its namespace and partition registered as a typical service (plain or
   * Connect-native) that has a Connect instance (a sidecar or a native instance), except
   * {@code consul}, and whose protocol (see {@link CatalogSnapshot#protocol}) is the listener's,
   * unless the listener names it explicitly: explicit services win wherever {@code *} appears.
   * Explicit rows are returned whatever their protocol, as Consul stores them; see
   * {@link #protocolMismatches}.
   *
   * @param entry the gateway's entry
   * @param catalog the catalog
   * @param datacenter the gateway's datacenter
   * @return the rows
   */
  static List<ExposedService> exposedServices(IngressGatewayEntry entry, CatalogSnapshot catalog,
      String datacenter) {
    List<ExposedService> rows = new ArrayList<>();
    for (IngressListener listener : entry.listeners()) {
      Set<String> explicit = new TreeSet<>();
      for (IngressService s : listener.services()) {
        if (!s.isWildcard()) {
          explicit.add(key(s.serviceName()));
          rows.add(new ExposedService(listener.port(), listener.protocol(), s.serviceName(), s.hosts(), false, s));
        }
      }
      Protocol protocol = Protocol.parse(listener.protocol());
      for (IngressService wildcard : listener.services()) {
        if (!wildcard.isWildcard()) {
          continue;
        }
        for (ServiceName candidate : catalog.services(datacenter)) {
          if (candidate.namespace().equalsIgnoreCase(wildcard.namespace())
              && candidate.partition().equalsIgnoreCase(wildcard.partition())
              && !explicit.contains(key(candidate))
              && wildcardExposes(catalog, datacenter, candidate, protocol)) {
            explicit.add(key(candidate));
            rows.add(new ExposedService(listener.port(), listener.protocol(), candidate, List.of(), true, wildcard));
          }
        }
      }
    }
    return List.copyOf(rows);
  }

  private static boolean wildcardExposes(CatalogSnapshot catalog, String dc, ServiceName service, Protocol protocol) {
    if (CONSUL.equals(service.name()) || catalog.protocol(service) != protocol
        || catalog.connectCapable(dc, service, false).isEmpty()) {
      return false;
    }
    for (ServiceInstance i : catalog.instances(dc, service)) {
      if (i.kind().isTypicalKind()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns Consul's write-time graph errors for explicit services whose protocol is not their
   * listener's: {@code service "<sn>" has protocol "<sp>", which does not match defined listener
   * protocol "<lp>"}. Consul refuses the entry write; meshgate reports them and does not route
   * those services (so entries and {@code service-defaults} can be written in any order).
   *
   * @param entry the gateway's entry
   * @param catalog the config-entry facts
   * @return the messages, in listener and service order
   */
  static List<String> protocolMismatches(IngressGatewayEntry entry, CatalogSnapshot catalog) {
    List<String> out = new ArrayList<>();
    for (IngressListener listener : entry.listeners()) {
      for (IngressService s : listener.services()) {
        if (!s.isWildcard()) {
          Protocol actual = catalog.protocol(s.serviceName());
          if (!actual.wireName().equals(listener.protocol())) {
            out.add(mismatch(s.serviceName(), actual, listener.protocol()));
          }
        }
      }
    }
    return out;
  }

  static String mismatch(ServiceName service, Protocol actual, String listenerProtocol) {
    return String.format(Locale.ROOT, "service %s has protocol %s, which does not match defined listener protocol %s",
        Problems.quote(service.toString()), Problems.quote(actual.wireName()), Problems.quote(listenerProtocol));
  }

  /**
   * Returns the DNS SANs of the gateway's leaf certificate: nothing unless the gateway
   * or a listener enables TLS; else, for each namespace of an exposed service ({@code nsPart} empty
   * for {@code default}, else {@code <ns>.}), {@code *.ingress.<nsPart><domain>} and
   * {@code *.ingress.<nsPart><dc>.<domain>}, the same for the alternative domain if any, then every
   * configured host. Partitions are not reflected, as in Consul.
   *
   * <p>Beyond Consul: hosts lose their {@code :port} and trailing dot (Consul puts
   * {@code host:port} into the CSR, which CAs reject, consul#11092), {@code *} is left out, and
   * duplicates are dropped. Namespaces come in name order with {@code default} first.
   *
   * @param entry the gateway's entry
   * @param rows the gateway's rows (see {@link #exposedServices})
   * @param datacenter the gateway's datacenter
   * @param dnsDomain the agent DNS domain, e.g. {@code consul}
   * @param altDomain the agent's alternative DNS domain, or empty
   * @return the SANs
   */
  static List<String> dnsSans(IngressGatewayEntry entry, List<ExposedService> rows, String datacenter,
      String dnsDomain, String altDomain) {
    boolean tls = entry.tls().enabled();
    for (IngressListener l : entry.listeners()) {
      tls |= l.tls().map(GatewayTls::enabled).orElse(false);
    }
    if (!tls) {
      return List.of();
    }
    Set<String> namespaces = new TreeSet<>();
    boolean hasDefault = false;
    for (ExposedService row : rows) {
      if (ServiceName.DEFAULT.equals(row.service().namespace())) {
        hasDefault = true;
      } else {
        namespaces.add(row.service().namespace());
      }
    }
    Set<String> sans = new LinkedHashSet<>();
    List<String> domains = new ArrayList<>(List.of(trimDot(dnsDomain)));
    if (!altDomain.isEmpty()) {
      domains.add(trimDot(altDomain));
    }
    List<String> parts = new ArrayList<>();
    if (hasDefault) {
      parts.add("");
    }
    for (String ns : namespaces) {
      parts.add(ns + ".");
    }
    for (String part : parts) {
      for (String domain : domains) {
        sans.add("*.ingress." + part + domain);
        sans.add("*.ingress." + part + datacenter + "." + domain);
      }
    }
    for (ExposedService row : rows) {
      for (String h : row.hosts()) {
        if (!h.equals("*")) {
          sans.add(Hosts.matchKey(h));
        }
      }
    }
    return List.copyOf(sans);
  }

  private static String trimDot(String domain) {
    return domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
  }

  private static String key(ServiceName service) {
    return (service.partition() + '/' + service.namespace() + '/' + service.name()).toLowerCase(Locale.ROOT);
  }
}
