package dev.meshgate.core.ingress;

import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.upstream.Dial;
import java.util.List;
import java.util.Optional;

/**
 * Where an ingress gateway sends requests (HTTP-like listeners) or connections (tcp listeners) for
 * one service: the equivalent of one of Consul's virtual hosts, or of a tcp listener's single
 * filter chain, and the upstream cluster behind it.
 *
 * <p>The gateway opens mesh mTLS to one of {@code upstream().endpoints()}, sending
 * {@code upstream().sni()} and requiring a certificate for {@code upstream().identity()}; for HTTP it
 * applies the header modifiers; its cluster has {@link #limits()}. Immutable and thread-safe.
 *
 * @param port the listener's port
 * @param protocol the listener's protocol
 * @param service the service
 * @param domains the virtual host's domains as Consul renders them (see
 *     {@link IngressDomains#domains}); on a tcp listener the SNI names, or none
 * @param match what the route covers within the virtual host
 * @param fromWildcard whether the listener's {@code *} exposes the service
 * @param requestHeaders header changes for requests
 * @param responseHeaders header changes for responses
 * @param limits the cluster's limits: the service's over the gateway's {@code Defaults}
 * @param certificate the service's own SDS certificate, served for its hosts, or empty for the
 *     listener's
 * @param upstream how the gateway reaches the service in the mesh
 */
public record Route(
    int port,
    Protocol protocol,
    ServiceName service,
    List<String> domains,
    RouteMatch match,
    boolean fromWildcard,
    HeaderModifiers requestHeaders,
    HeaderModifiers responseHeaders,
    ServiceLimits limits,
    Optional<Sds> certificate,
    Dial upstream)
    implements RouteDecision {
  /**
   * Copies the domains.
   *
   * @param port the listener's port
   * @param protocol the listener's protocol
   * @param service the service
   * @param domains the virtual host's domains
   * @param match what the route covers
   * @param fromWildcard whether {@code *} exposes the service
   * @param requestHeaders request header changes
   * @param responseHeaders response header changes
   * @param limits the merged limits
   * @param certificate the service's own certificate, or empty
   * @param upstream how to reach the service
   */
  public Route {
    domains = List.copyOf(domains);
  }
}
