package dev.meshgate.core.terminating;

import dev.meshgate.core.catalog.ServiceInstance;
import java.util.Optional;

/**
 * One address a route forwards to, with the health and weight a load balancer uses.
 *
 * <p>{@code hostname} marks an address that is a DNS name rather than an IP literal: the proxy
 * resolves it (every address the name resolves to is a target, as a strict-DNS cluster does).
 * Unlike Consul, a service mixing host names and IPs keeps all its endpoints (Consul drops the IPs
 * with a log line and then dials only the first host name).
 *
 * <p>Immutable and thread-safe.
 *
 * @param address an IP literal or a host name
 * @param port the port
 * @param hostname whether {@code address} needs DNS resolution
 * @param healthy whether the endpoint should receive traffic (Envoy's HEALTHY vs UNHEALTHY)
 * @param weight the load-balancing weight, 1..128
 * @param instance the catalog instance behind the endpoint; empty for a {@code Destination} address
 */
public record Endpoint(
    String address, int port, boolean hostname, boolean healthy, int weight, Optional<ServiceInstance> instance) {}
