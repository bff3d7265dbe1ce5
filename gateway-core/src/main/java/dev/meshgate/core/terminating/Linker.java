package dev.meshgate.core.terminating;

import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.ServiceDefaults;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.catalog.ServiceKind;
import dev.meshgate.core.catalog.ServiceName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Computes a terminating gateway's gateway-services rows from its entry and one datacenter's
 * catalog.
 *
 * <p>Consul maintains the rows incrementally: a config write rebuilds them, a registration copies
 * the {@code *} template into a new row, a deregistration of the last non-Connect instance drops a
 * wildcard row. The state it converges to is a function of the entry and the catalog, and that
 * function is what this class computes, from scratch, on every call:
 *
 * <ul>
 *   <li>every explicit link is a row (kept even with no instance, so it activates on
 *       registration), with its own TLS settings: an explicit link never inherits the wildcard's;
 *   <li>every {@code *} link adds, for the services of its namespace and partition that have no
 *       explicit row: each service Consul stores as kind "typical" (plain or Connect-native
 *       instances), other than {@code consul}, that has at least one instance that is neither
 *       Connect-native nor a proxy; then each {@code service-defaults} with a {@code Destination};
 *       each with the wildcard's TLS settings and {@code fromWildcard};
 *   <li>the {@code *} link's own template row.
 * </ul>
 *
 * Because explicit rows are placed before any wildcard expansion, the result does not depend on
 * where {@code *} appears in the list, exactly as in Consul (where the explicit upsert overwrites a
 * wildcard row made earlier, and the wildcard skips rows made earlier).
 */
final class Linker {
  private static final String CONSUL = "consul";

  private Linker() {}

  static List<GatewayService> rows(TerminatingGatewayEntry entry, CatalogSnapshot catalog, String datacenter) {
    ServiceName gateway = entry.gateway();
    Map<String, GatewayService> rows = new LinkedHashMap<>();
    for (LinkedService link : entry.services()) {
      if (!link.isWildcard()) {
        ServiceName service = link.serviceName();
        rows.put(key(service), new GatewayService(gateway, service, link, false, kindOf(catalog, datacenter, service)));
      }
    }
    for (LinkedService link : entry.services()) {
      if (!link.isWildcard()) {
        continue;
      }
      for (ServiceName service : catalog.services(datacenter)) {
        if (!inTenancy(service, link)) {
          continue;
        }
        String key = key(service);
        if (!rows.containsKey(key) && wildcardLinks(catalog.instances(datacenter, service), service)) {
          rows.put(key, new GatewayService(gateway, service, link, true, GatewayService.Kind.SERVICE));
        }
      }
      for (ServiceDefaults defaults : catalog.allServiceDefaults()) {
        ServiceName service = defaults.service();
        if (defaults.destination().isPresent() && inTenancy(service, link) && !rows.containsKey(key(service))) {
          rows.put(key(service), new GatewayService(gateway, service, link, true, kindOf(catalog, datacenter, service)));
        }
      }
      rows.put(key(link.serviceName()), new GatewayService(
          gateway, link.serviceName(), link, false, GatewayService.Kind.UNKNOWN));
    }
    return List.copyOf(rows.values());
  }

  /** Returns the row of one service, as {@link #rows} would, without expanding every wildcard. */
  static Optional<GatewayService> row(
      TerminatingGatewayEntry entry, CatalogSnapshot catalog, String datacenter, ServiceName service) {
    ServiceName gateway = entry.gateway();
    for (LinkedService link : entry.services()) {
      if (!link.isWildcard() && link.serviceName().matches(service)) {
        return Optional.of(new GatewayService(
            gateway, link.serviceName(), link, false, kindOf(catalog, datacenter, link.serviceName())));
      }
    }
    for (LinkedService link : entry.services()) {
      if (!link.isWildcard() || !inTenancy(service, link) || LinkedService.WILDCARD.equals(service.name())) {
        continue;
      }
      List<ServiceInstance> instances = catalog.instances(datacenter, service);
      if (wildcardLinks(instances, service)) {
        return Optional.of(new GatewayService(gateway, instances.get(0).serviceName(), link, true,
            GatewayService.Kind.SERVICE));
      }
      Optional<ServiceDefaults> defaults = catalog.serviceDefaults(service);
      if (defaults.isPresent() && defaults.get().destination().isPresent()) {
        return Optional.of(new GatewayService(gateway, defaults.get().service(), link, true,
            kindOf(catalog, datacenter, service)));
      }
    }
    return Optional.empty();
  }

  private static boolean wildcardLinks(List<ServiceInstance> instances, ServiceName service) {
    if (CONSUL.equals(service.name())) {
      return false;
    }
    boolean typicalKind = false;
    boolean nonConnect = false;
    for (ServiceInstance i : instances) {
      typicalKind |= i.kind().isTypicalKind();
      nonConnect |= !i.kind().isConnect();
    }
    return typicalKind && nonConnect;
  }

  static GatewayService.Kind kindOf(CatalogSnapshot catalog, String datacenter, ServiceName service) {
    if (!catalog.instances(datacenter, service).isEmpty()) {
      return GatewayService.Kind.SERVICE;
    }
    Optional<ServiceDefaults> defaults = catalog.serviceDefaults(service);
    return defaults.isPresent() && defaults.get().destination().isPresent()
        ? GatewayService.Kind.DESTINATION
        : GatewayService.Kind.UNKNOWN;
  }

  private static boolean inTenancy(ServiceName service, LinkedService link) {
    return service.namespace().equalsIgnoreCase(link.namespace())
        && service.partition().equalsIgnoreCase(link.partition());
  }

  static String key(ServiceName service) {
    return service.toString().toLowerCase(Locale.ROOT);
  }

  static List<GatewayService> routable(List<GatewayService> rows) {
    List<GatewayService> out = new ArrayList<>(rows.size());
    for (GatewayService row : rows) {
      if (!row.isWildcardTemplate()) {
        out.add(row);
      }
    }
    return out;
  }
}
