package dev.meshgate.core.ingress;

import dev.meshgate.core.catalog.ServiceName;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The names an ingress gateway answers to, computed as Consul computes them.
 * Stateless and thread-safe.
 */
final class IngressDomains {
  private IngressDomains() {}

  /**
   * Returns the virtual-host domains of a service on a listener, exactly as Consul's
   * {@code generateUpstreamIngressDomains}: its hosts, else {@code <name>.ingress.*} (with
   * {@code .<namespace>} before {@code .*} outside the default namespace; partitions are not
   * reflected); then, for each of those without a port, the same with {@code :<listener port>}
   * unless already present.
   *
   * <p>The list is Consul's, for parity with its Envoy configuration, including the port variants
   * of the default domains ({@code web.ingress.*:8080}), which Envoy reads as a literal that never
   * matches. {@link IngressRouter} does not match these strings as they are: it matches every host
   * without its port (see there).
   *
   * @param service the service
   * @param hosts the service's {@code Hosts}
   * @param port the listener's port
   * @return the domains, in Consul's order
   */
  static List<String> domains(ServiceName service, List<String> hosts, int port) {
    List<String> base = defaultsOr(service, hosts);
    Set<String> all = new LinkedHashSet<>(base);
    for (String h : base) {
      if (missingPort(h)) {
        all.add(h + ":" + port);
      }
    }
    return List.copyOf(all);
  }

  /** The hosts, else the default domain of the service. */
  static List<String> defaultsOr(ServiceName service, List<String> hosts) {
    if (!hosts.isEmpty()) {
      return hosts;
    }
    return List.of(ServiceName.DEFAULT.equals(service.namespace())
        ? service.name() + ".ingress.*"
        : service.name() + ".ingress." + service.namespace() + ".*");
  }

  /**
   * Returns the addresses of a gateway-services row, as Consul's {@code GatewayService.Addresses}:
   * none for port 0; else each host (the service's, or {@code defaultHosts} when it has none) with
   * trailing dots trimmed and {@code :<port>} appended.
   *
   * @param port the listener port of the row
   * @param hosts the service's hosts
   * @param defaultHosts the hosts to use when the service has none
   * @return the addresses, in order
   */
  static List<String> addresses(int port, List<String> hosts, List<String> defaultHosts) {
    if (port == 0) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String h : hosts.isEmpty() ? defaultHosts : hosts) {
      int end = h.length();
      while (end > 0 && h.charAt(end - 1) == '.') {
        end--;
      }
      out.add(h.substring(0, end) + ":" + port);
    }
    return List.copyOf(out);
  }

  /** Go's {@code net.SplitHostPort} fails with "missing port in address" for exactly these. */
  static boolean missingPort(String h) {
    if (h.startsWith("[")) {
      int close = h.indexOf(']');
      return close == h.length() - 1;
    }
    return h.indexOf(':') < 0;
  }
}
