package dev.meshgate.core.terminating;

import dev.meshgate.core.catalog.Endpoint;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.naming.SpiffeId;
import java.util.List;

/**
 * Where a terminating gateway sends connections that arrive with one SNI: the equivalent of one of
 * Consul's filter chains and the cluster behind it.
 *
 * <p>The gateway terminates the caller's mesh mTLS presenting the leaf certificate of
 * {@link #identity()} (the linked service's SPIFFE ID), checks the caller against the service's
 * intentions, and then opens a new connection to one of {@link #endpoints()}: plaintext, one-way or
 * mutual TLS as {@link #tls()} says. For an HTTP-like {@link #protocol()} it proxies requests
 * (Consul rewrites the Host header to the upstream's, see {@link #autoHostRewrite()}).
 *
 * <p>Guarantees: endpoints list healthy ones first, each group in catalog order (node name, then
 * service ID); collections are immutable. Immutable and thread-safe.
 *
 * @param sni the server name this route accepts, exactly as Consul renders it
 * @param service the linked service
 * @param subset the resolver subset this route serves, or empty for the service itself
 * @param kind whether the route serves a service, one of its subsets, or a {@code Destination}
 *     address
 * @param protocol the service's protocol ({@code service-defaults}, else tcp)
 * @param tls how the gateway connects to the endpoints
 * @param identity the SPIFFE ID the gateway presents to callers and checks intentions for
 * @param endpoints where to connect, healthy first
 */
public record Route(
    String sni,
    ServiceName service,
    String subset,
    Kind kind,
    Protocol protocol,
    TlsMode tls,
    SpiffeId.Service identity,
    List<Endpoint> endpoints) {

  /** What a route serves. */
  public enum Kind {
    /** The linked service, named by {@code ServiceSNI(svc, "", ns, ap, dc, td)}. */
    SERVICE,
    /** One resolver subset of the service, named by {@code ServiceSNI(svc, subset, ...)}. */
    SUBSET,
    /** One {@code service-defaults} {@code Destination} address, named {@code destination.<addr'>...}. */
    DESTINATION
  }

  /**
   * Copies the endpoints.
   *
   * @param sni the server name this route accepts
   * @param service the linked service
   * @param subset the subset, or empty
   * @param kind what the route serves
   * @param protocol the service's protocol
   * @param tls how the gateway connects to the endpoints
   * @param identity the SPIFFE ID the gateway presents
   * @param endpoints where to connect, healthy first
   */
  public Route {
    endpoints = List.copyOf(endpoints);
  }

  /**
   * Tells whether any endpoint is a host name the proxy must resolve.
   *
   * @return true if an endpoint needs DNS
   */
  public boolean resolvesByDns() {
    for (int i = 0; i < endpoints.size(); i++) {
      if (endpoints.get(i).hostname()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Tells whether the gateway rewrites the Host header to the endpoint's host, as Consul sets
   * {@code auto_host_rewrite} for HTTP-like services and their subsets but not for destinations.
   *
   * @return true for HTTP-like service and subset routes
   */
  public boolean autoHostRewrite() {
    return protocol.isHttpLike() && kind != Kind.DESTINATION;
  }

  /**
   * Returns the endpoints that should receive traffic.
   *
   * @return the healthy endpoints, in order
   */
  public List<Endpoint> healthyEndpoints() {
    int n = 0;
    while (n < endpoints.size() && endpoints.get(n).healthy()) {
      n++;
    }
    return endpoints.subList(0, n);
  }
}
