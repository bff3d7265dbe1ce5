package dev.meshgate.consul.config;

import static dev.meshgate.consul.internal.json.Shape.BOOL;
import static dev.meshgate.consul.internal.json.Shape.DURATION_NANOS;
import static dev.meshgate.consul.internal.json.Shape.INT;
import static dev.meshgate.consul.internal.json.Shape.OPAQUE_MAP;
import static dev.meshgate.consul.internal.json.Shape.STRING;
import static dev.meshgate.consul.internal.json.Shape.STRING_LIST;
import static dev.meshgate.consul.internal.json.Shape.STRING_MAP;
import static dev.meshgate.consul.internal.json.Shape.UINT32;
import static dev.meshgate.consul.internal.json.Shape.listOf;
import static dev.meshgate.consul.internal.json.Shape.struct;

import dev.meshgate.consul.internal.json.Shape;

/**
 * The structs several kinds share, as Consul declares them (agent/structs: connect_proxy_config.go,
 * config_entry.go, config_entry_gateways.go, envoy_extension.go): field names, order and the
 * snake_case aliases of their {@code alias} tags. Immutable.
 */
final class Schemas {
  private Schemas() {}

  /** {@code MeshGatewayConfig}. */
  static final Shape.Struct MESH_GATEWAY = struct().field("Mode", STRING).build();

  /** {@code TransparentProxyConfig} of service-defaults and proxy-defaults. */
  static final Shape.Struct TRANSPARENT_PROXY = struct()
      .field("OutboundListenerPort", INT, "outbound_listener_port")
      .field("DialedDirectly", BOOL, "dialed_directly")
      .build();

  /** {@code ExposeConfig}. */
  static final Shape.Struct EXPOSE = struct()
      .field("Checks", BOOL)
      .field("Paths", listOf(struct()
          .field("ListenerPort", INT, "listener_port")
          .field("Path", STRING)
          .field("LocalPathPort", INT, "local_path_port")
          .field("Protocol", STRING)
          .field("ParsedFromCheck", BOOL)
          .build()))
      .build();

  /** {@code PassiveHealthCheck}: {@code Interval} and {@code BaseEjectionTime} in nanoseconds. */
  static final Shape.Struct PASSIVE_HEALTH_CHECK = struct()
      .field("Interval", DURATION_NANOS)
      .field("MaxFailures", UINT32, "max_failures")
      .field("EnforcingConsecutive5xx", UINT32, "enforcing_consecutive_5xx")
      .field("MaxEjectionPercent", UINT32, "max_ejection_percent")
      .field("BaseEjectionTime", DURATION_NANOS, "base_ejection_time")
      .build();

  /** {@code UpstreamLimits}. */
  static final Shape.Struct UPSTREAM_LIMITS = struct()
      .field("MaxConnections", INT, "max_connections")
      .field("MaxPendingRequests", INT, "max_pending_requests")
      .field("MaxConcurrentRequests", INT, "max_concurrent_requests")
      .build();

  /** {@code UpstreamConfig} of service-defaults' {@code UpstreamConfig}. */
  static final Shape.Struct UPSTREAM_CONFIG = struct()
      .field("Name", STRING)
      .enterpriseMeta()
      .field("Peer", STRING)
      .field("EnvoyListenerJSON", STRING, "envoy_listener_json")
      .field("EnvoyClusterJSON", STRING, "envoy_cluster_json")
      .field("Protocol", STRING)
      .field("ConnectTimeoutMs", INT, "connect_timeout_ms")
      .field("Limits", UPSTREAM_LIMITS)
      .field("PassiveHealthCheck", PASSIVE_HEALTH_CHECK, "passive_health_check")
      .field("MeshGateway", MESH_GATEWAY, "mesh_gateway")
      .field("BalanceOutboundConnections", STRING, "balance_outbound_connections")
      .build();

  /** {@code EnvoyExtension}: {@code Arguments} kept verbatim. */
  static final Shape.Struct ENVOY_EXTENSION = struct()
      .field("Name", STRING)
      .field("Required", BOOL)
      .field("Arguments", OPAQUE_MAP)
      .field("ConsulVersion", STRING)
      .field("EnvoyVersion", STRING)
      .build();

  /** {@code HTTPHeaderModifiers}: {@code Add} and {@code Set} keep their header names verbatim. */
  static final Shape.Struct HEADER_MODIFIERS = struct()
      .field("Add", STRING_MAP)
      .field("Set", STRING_MAP)
      .field("Remove", STRING_LIST)
      .build();

  /** {@code GatewayTLSSDSConfig}. */
  static final Shape.Struct SDS = struct()
      .field("ClusterName", STRING, "cluster_name")
      .field("CertResource", STRING, "cert_resource")
      .build();

  /** {@code GatewayTLSConfig}. */
  static final Shape.Struct GATEWAY_TLS = struct()
      .field("Enabled", BOOL)
      .field("SDS", SDS)
      .field("TLSMinVersion", STRING, "tls_min_version")
      .field("TLSMaxVersion", STRING, "tls_max_version")
      .field("CipherSuites", STRING_LIST, "cipher_suites")
      .build();
}
