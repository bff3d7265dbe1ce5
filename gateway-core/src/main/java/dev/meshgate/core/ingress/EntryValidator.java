package dev.meshgate.core.ingress;

import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.internal.Problems;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The checks of {@link IngressGatewayEntry}: Consul's, in Consul's order and with its texts, then
 * meshgate's own, so that the first error is always the one Consul would report. The host {@code *}
 * follows Consul exactly: refused only when the gateway-level {@code TLS.Enabled} is set, accepted
 * with a listener's own TLS and with SDS-only certificates.
 */
final class EntryValidator {
  private final String name;
  private final GatewayTls tls;
  private final List<IngressListener> listeners;
  private final Map<String, String> meta;
  private final Problems problems;
  private final Set<String> reported = new HashSet<>();

  private EntryValidator(
      String name, GatewayTls tls, List<IngressListener> listeners, Map<String, String> meta, Problems problems) {
    this.name = name;
    this.tls = tls;
    this.listeners = listeners;
    this.meta = meta;
    this.problems = problems;
  }

  static void validate(
      String name, GatewayTls tls, List<IngressListener> listeners, Map<String, String> meta, Problems problems) {
    EntryValidator v = new EntryValidator(name, tls, listeners, meta, problems);
    v.likeConsul();
    v.beyondConsul();
  }

  private void add(String message) {
    // Consul re-checks gateway-level SDS for every service; say it once.
    if (reported.add(message)) {
      problems.add(message);
    }
  }

  private void likeConsul() {
    if (name.isEmpty()) {
      add("Name is required");
    }
    problems.checkMeta(meta);
    TlsSettingsCheck.check(tls, this::add);
    Set<Integer> ports = new HashSet<>();
    for (IngressListener listener : listeners) {
      int port = listener.port();
      if (!ports.add(port)) {
        add(String.format(Locale.ROOT, "port %d declared on two listeners", port));
      }
      if (!isKnownProtocol(listener.protocol())) {
        add("protocol must be 'tcp', 'http', 'http2', or 'grpc'. '" + listener.protocol()
            + "' is an unsupported protocol");
        continue;
      }
      if (listener.services().isEmpty()) {
        add(String.format(Locale.ROOT, "No service declared for listener with port %d", port));
        continue;
      }
      boolean httpLike = Protocol.parse(listener.protocol()).isHttpLike();
      if (!httpLike && listener.services().size() > 1 && !listener.sniRouting()) {
        add(String.format(Locale.ROOT, "Multiple services per listener are only supported for L7 protocols, 'http',"
            + " 'grpc' and 'http2' (listener on port %d)", port));
      }
      listener.tls().ifPresent(own -> TlsSettingsCheck.check(own, this::add));
      services(listener, httpLike);
    }
  }

  private void services(IngressListener listener, boolean httpLike) {
    int port = listener.port();
    Set<String> hosts = new HashSet<>();
    Set<String> ids = new HashSet<>();
    for (IngressService s : listener.services()) {
      String sn = Problems.quote(s.serviceName().toString());
      if (!httpLike && !s.requestHeaders().isEmpty()) {
        add(String.format(Locale.ROOT,
            "request headers only valid for http, http2 and grpc protocols (service %s on listener on port %d)",
            sn, port));
      }
      if (!httpLike && !s.responseHeaders().isEmpty()) {
        add(String.format(Locale.ROOT,
            "response headers only valid for http, http2 and grpc protocols (service %s on listener on port %d)",
            sn, port));
      }
      if (!httpLike) {
        if (s.isWildcard()) {
          add(String.format(Locale.ROOT,
              "Wildcard service name is only valid for protocol = 'http' (listener on port %d)", port));
        }
        if (!s.hosts().isEmpty() && !listener.sniRouting()) {
          add(String.format(Locale.ROOT,
              "Associating hosts to a service is not supported for the %s protocol (listener on port %d)",
              listener.protocol(), port));
        }
      }
      if (s.name().isEmpty()) {
        add(String.format(Locale.ROOT, "Service name cannot be blank (listener on port %d)", port));
        continue;
      }
      if (s.isWildcard() && !s.hosts().isEmpty()) {
        add(String.format(Locale.ROOT,
            "Associating hosts to a wildcard service is not supported (listener on port %d)", port));
      }
      if (IngressService.WILDCARD.equals(s.namespace())) {
        add(String.format(Locale.ROOT,
            "Wildcard namespace is not supported for ingress services (listener on port %d)", port));
        continue;
      }
      if (!ids.add(s.serviceName().toString().toLowerCase(Locale.ROOT))) {
        add(String.format(Locale.ROOT, "Service %s cannot be added multiple times (listener on port %d)",
            s.serviceName(), port));
      }
      sds(listener, s);
      for (String h : s.hosts()) {
        if (!hosts.add(h)) {
          add(duplicateHosts(port));
        }
        host(h);
      }
    }
  }

  /** Consul's {@code validateServiceSDS}: the first problem of the three levels, for one service. */
  private void sds(IngressListener listener, IngressService s) {
    int port = listener.port();
    Sds gateway = tls.sds().orElse(null);
    if (gateway != null && !gateway.hasClusterName() && gateway.hasCertResource()) {
      add("TLS.SDS.ClusterName is required if CertResource is set");
      return;
    }
    boolean gatewayCluster = gateway != null && gateway.hasClusterName();
    boolean gatewayCert = gateway != null && gateway.hasCertResource();
    Sds own = listener.tls().flatMap(GatewayTls::sds).orElse(null);
    boolean listenerCert = own != null && own.hasCertResource();
    boolean listenerCluster = own != null && own.hasClusterName();
    if (gatewayCluster && !gatewayCert && !listenerCert) {
      add(String.format(Locale.ROOT,
          "TLS.SDS.CertResource is required if ClusterName is set for gateway (listener on port %d)", port));
    } else if (listenerCluster && !listenerCert) {
      add(String.format(Locale.ROOT,
          "TLS.SDS.CertResource is required if ClusterName is set for listener (listener on port %d)", port));
    } else if (listenerCert && !listenerCluster && !gatewayCluster) {
      add(String.format(Locale.ROOT, "TLS.SDS.ClusterName is required if CertResource is set (listener on port %d)",
          port));
    } else if (s.tls().map(Sds::hasCertResource).orElse(false)) {
      String sid = Problems.quote(s.serviceName().toString());
      if (s.hosts().isEmpty()) {
        add(String.format(Locale.ROOT, "A service specifying TLS.SDS.CertResource must have at least one item in"
            + " Hosts (service %s on listener on port %d)", sid, port));
      } else if (!s.tls().get().hasClusterName() && !listenerCluster && !gatewayCluster) {
        add(String.format(Locale.ROOT,
            "TLS.SDS.ClusterName is required if CertResource is set (service %s on listener on port %d)", sid, port));
      }
    }
  }

  /*
   * Consul's validateHost, called with the gateway's TLS.Enabled and nothing else: '*' is refused
   * only when the gateway-level TLS.Enabled flag is set. A listener's own TLS, and an SDS
   * certificate at any level, do not count, so '*' is accepted there. That is sound, not a gap:
   * Consul's reason is that hosts become DNS SANs of the leaf certificate it issues, and '*' is
   * never put into those SANs (IngressGateways.dnsSans leaves it out) while an SDS certificate is
   * not issued from the hosts at all.
   */
  /** Consul's {@code validateHost}; {@code *} is refused only when gateway-level TLS is enabled. */
  private void host(String h) {
    if (h.equals("*")) {
      if (tls.enabled()) {
        add(STAR_WITH_TLS);
      }
      return;
    }
    if (!Hosts.isDomainName(h)) {
      add("Host " + Problems.quote(h) + " must be a valid DNS hostname");
      return;
    }
    String rest = h.startsWith("*.") ? h.substring(2) : h;
    if (rest.indexOf('*') >= 0) {
      add("Host " + Problems.quote(h) + " is not valid, a wildcard specifier is only allowed as the leftmost label");
    }
  }

  static final String STAR_WITH_TLS =
      "Host '*' is not allowed when TLS is enabled, all hosts must be valid DNS records to add as a DNSSAN";

  /*
   * meshgate's own checks. Each concerns something Consul accepts but that the gateway could not act
   * on as written, or that Consul's quirks let through:
   * - a port outside 1-65535;
   * - hosts that no Host header or server name can carry, and hosts that differ only in case, a
   *   trailing dot or a port (meshgate matches hosts ignoring all three);
   * - the SNI-routing setting, which Consul does not have.
   */
  private void beyondConsul() {
    for (IngressListener listener : listeners) {
      int port = listener.port();
      if (port < 1 || port > 65535) {
        add(String.format(Locale.ROOT, "listener port %d not in the range 1-65535", port));
      }
      if (!isKnownProtocol(listener.protocol())) {
        continue;
      }
      boolean servesTls = tls.overriddenBy(listener.tls()).servesTls();
      Set<String> keys = new HashSet<>();
      for (IngressService s : listener.services()) {
        for (String h : s.hosts()) {
          if (!h.equals("*") && Hosts.isDomainName(h) && h.substring(h.startsWith("*.") ? 2 : 0).indexOf('*') < 0) {
            String why = Hosts.problem(h);
            if (why != null) {
              add("Host " + Problems.quote(h) + " must be a valid DNS hostname: " + why);
            }
          }
          if (!keys.add(Hosts.matchKey(h).toLowerCase(Locale.ROOT))) {
            add(duplicateHosts(port));
          }
        }
      }
      if (listener.sniRouting()) {
        sniRouting(listener, servesTls);
      }
    }
  }

  private void sniRouting(IngressListener listener, boolean servesTls) {
    int port = listener.port();
    if (Protocol.parse(listener.protocol()).isHttpLike()) {
      add(String.format(Locale.ROOT, "SNIRouting is only supported for the tcp protocol (listener on port %d)", port));
      return;
    }
    if (!servesTls) {
      add(String.format(Locale.ROOT, "SNIRouting requires TLS: set TLS.Enabled or a TLS.SDS certificate on the"
          + " gateway or the listener (listener on port %d)", port));
    }
    for (IngressService s : listener.services()) {
      if (s.isWildcard() || s.name().isEmpty()) {
        continue;
      }
      if (s.hosts().isEmpty()) {
        add(String.format(Locale.ROOT, "A service on an SNI-routed listener must have at least one item in Hosts"
            + " (service %s on listener on port %d)", Problems.quote(s.serviceName().toString()), port));
      }
      for (String h : s.hosts()) {
        if (h.indexOf(':') >= 0) {
          add(String.format(Locale.ROOT, "Host %s on an SNI-routed listener cannot have a port (listener on port %d)",
              Problems.quote(h), port));
        }
      }
    }
  }

  private static String duplicateHosts(int port) {
    return String.format(Locale.ROOT, "Hosts must be unique within a specific listener (listener on port %d)", port);
  }

  static boolean isKnownProtocol(String protocol) {
    return List.of("tcp", "http", "http2", "grpc").contains(protocol);
  }
}
