package dev.meshgate.core.terminating;

import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.naming.SniName;

/**
 * One answer of Consul's {@code /v1/health/connect/<service>}: an instance a mesh caller dials to
 * reach the service, and the SNI it sends. The SNI is always the target service's, whoever
 * answers: a sidecar, the service itself (Connect-native), or a terminating gateway that fronts it
 * and terminates the caller's mTLS as the service.
 *
 * <p>Immutable and thread-safe.
 *
 * @param instance the instance to dial (its best address and port)
 * @param via what the instance is
 * @param sni the server name to send: {@code ServiceSNI(service, "", ns, ap, dc, td)}
 */
public record ConnectEndpoint(ServiceInstance instance, Via via, SniName.Service sni) {
  /** What answers for the service. */
  public enum Via {
    /** A Connect proxy (sidecar) in front of a service instance. */
    CONNECT_PROXY,
    /** A Connect-native instance of the service. */
    CONNECT_NATIVE,
    /** An instance of a terminating gateway linked to the service. */
    TERMINATING_GATEWAY
  }
}
