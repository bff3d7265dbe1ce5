package dev.meshgate.core.chain;

import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.config.MeshGatewayMode;
import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.internal.Require;
import dev.meshgate.core.naming.TrustDomain;
import java.time.Duration;
import java.util.Optional;

/**
 * What to compile, as Consul's {@code CompileRequest} and the parameters of its
 * {@code /v1/discovery-chain/<service>} endpoint: a service name, the namespace, partition and
 * datacenter the chain is evaluated in, the trust domain its SNIs end with, and the endpoint's
 * overrides.
 *
 * <ul>
 *   <li>{@code OverrideProtocol}: the chain's final protocol; when it is not HTTP-like, routers and
 *       splitters are left out.
 *   <li>{@code OverrideConnectTimeout}: replaces every resolver's connect timeout when positive.
 *   <li>{@code OverrideMeshGateway}: replaces every non-external target's mesh-gateway mode unless
 *       {@link MeshGatewayMode#DEFAULT}.
 * </ul>
 *
 * <p>Immutable and thread-safe; usable as a map key.
 *
 * @param service the service name, namespace and partition to compile in
 * @param datacenter the datacenter to compile in
 * @param trustDomain the trust domain of the targets' SNIs
 * @param overrideProtocol {@code OverrideProtocol}, or empty
 * @param overrideConnectTimeout {@code OverrideConnectTimeout}; {@link Duration#ZERO} for none
 * @param overrideMeshGateway {@code OverrideMeshGateway.Mode}; {@link MeshGatewayMode#DEFAULT}
 *     for none
 */
public record CompileRequest(
    ServiceName service,
    String datacenter,
    TrustDomain trustDomain,
    Optional<Protocol> overrideProtocol,
    Duration overrideConnectTimeout,
    MeshGatewayMode overrideMeshGateway) {

  /**
   * Validates the request.
   *
   * @param service the service
   * @param datacenter the datacenter
   * @param trustDomain the trust domain
   * @param overrideProtocol the protocol override, or empty
   * @param overrideConnectTimeout the connect-timeout override, zero for none
   * @param overrideMeshGateway the mesh-gateway override, {@code DEFAULT} for none
   * @throws IllegalArgumentException if the service name or datacenter is empty, or the timeout is
   *     negative or does not fit 64-bit nanoseconds
   */
  public CompileRequest {
    Require.notNull(service, "service");
    Require.field(!service.name().isEmpty(), "service", service.name(), "a non-empty service name");
    Require.field(!Require.notNull(datacenter, "datacenter").isEmpty(), "datacenter", datacenter,
        "a non-empty datacenter");
    Require.notNull(trustDomain, "trustDomain");
    Require.notNull(overrideProtocol, "overrideProtocol");
    Require.notNull(overrideConnectTimeout, "overrideConnectTimeout");
    Require.field(!overrideConnectTimeout.isNegative() && GoDuration.fits(overrideConnectTimeout),
        "overrideConnectTimeout", overrideConnectTimeout, ">= 0 and at most 292 years");
    Require.notNull(overrideMeshGateway, "overrideMeshGateway");
  }

  /**
   * Returns a request without overrides.
   *
   * @param service the service, namespace and partition
   * @param datacenter the datacenter
   * @param trustDomain the trust domain
   * @return the request
   */
  public static CompileRequest of(ServiceName service, String datacenter, TrustDomain trustDomain) {
    return new CompileRequest(service, datacenter, trustDomain, Optional.empty(), Duration.ZERO,
        MeshGatewayMode.DEFAULT);
  }

  /**
   * Returns this request with {@code OverrideProtocol}.
   *
   * @param protocol the protocol
   * @return a copy
   */
  public CompileRequest withOverrideProtocol(Protocol protocol) {
    return new CompileRequest(service, datacenter, trustDomain, Optional.of(protocol), overrideConnectTimeout,
        overrideMeshGateway);
  }

  /**
   * Returns this request with {@code OverrideConnectTimeout}.
   *
   * @param timeout the timeout; zero for none
   * @return a copy
   */
  public CompileRequest withOverrideConnectTimeout(Duration timeout) {
    return new CompileRequest(service, datacenter, trustDomain, overrideProtocol, timeout, overrideMeshGateway);
  }

  /**
   * Returns this request with {@code OverrideMeshGateway}.
   *
   * @param mode the mode; {@code DEFAULT} for none
   * @return a copy
   */
  public CompileRequest withOverrideMeshGateway(MeshGatewayMode mode) {
    return new CompileRequest(service, datacenter, trustDomain, overrideProtocol, overrideConnectTimeout, mode);
  }
}
