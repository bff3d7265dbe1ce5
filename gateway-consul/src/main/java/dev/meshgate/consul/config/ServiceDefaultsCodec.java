package dev.meshgate.consul.config;

import static dev.meshgate.consul.internal.json.Shape.INT;
import static dev.meshgate.consul.internal.json.Shape.STRING;
import static dev.meshgate.consul.internal.json.Shape.STRING_LIST;
import static dev.meshgate.consul.internal.json.Shape.STRING_MAP;
import static dev.meshgate.consul.internal.json.Shape.listOf;
import static dev.meshgate.consul.internal.json.Shape.struct;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshgate.consul.internal.json.Doc;
import dev.meshgate.consul.internal.json.Issue;
import dev.meshgate.consul.internal.json.Out;
import dev.meshgate.consul.internal.json.Shape;
import dev.meshgate.core.catalog.ServiceDefaults;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.config.MeshGatewayMode;
import dev.meshgate.core.config.Protocol;
import java.util.List;

/**
 * {@code service-defaults} (agent/structs/config_entry.go). Core's {@link ServiceDefaults} holds
 * the facts gateways resolve a service with (protocol, {@code Destination}, {@code ExternalSNI},
 * mesh-gateway mode); every other field is decoded, type-checked and kept as written in the
 * normalized entry. Normalization lower-cases the protocols (the entry's and its upstreams') and
 * drops negative upstream connect timeouts, as Consul does.
 *
 * <p>Core has no name check for this kind, so the codec makes Consul's two: {@code Name is
 * required} and the wildcard refusal. A protocol must be one core knows (Consul accepts any string
 * here and fails later, in the discovery chain).
 */
final class ServiceDefaultsCodec extends KindCodec<ServiceDefaults> {
  private static final Shape.Struct RATE_LIMITS = struct()
      .field("InstanceLevel", struct()
          .field("RequestsPerSecond", INT, "requests_per_second")
          .field("RequestsMaxBurst", INT, "requests_max_burst")
          .field("Routes", listOf(struct()
              .field("PathExact", STRING, "path_exact")
              .field("PathPrefix", STRING, "path_prefix")
              .field("PathRegex", STRING, "path_regex")
              .field("RequestsPerSecond", INT, "requests_per_second")
              .field("RequestsMaxBurst", INT, "requests_max_burst")
              .build()))
          .build(), "instance_level")
      .build();

  private static final Shape.Struct SCHEMA = struct()
      .field("Name", STRING)
      .field("Protocol", STRING)
      .field("Mode", STRING)
      .field("TransparentProxy", Schemas.TRANSPARENT_PROXY, "transparent_proxy")
      .field("MutualTLSMode", STRING, "mutual_tls_mode")
      .field("MeshGateway", Schemas.MESH_GATEWAY, "mesh_gateway")
      .field("Expose", Schemas.EXPOSE)
      .field("ExternalSNI", STRING, "external_sni")
      .field("UpstreamConfig", struct()
          .field("Overrides", listOf(Schemas.UPSTREAM_CONFIG))
          .field("Defaults", Schemas.UPSTREAM_CONFIG)
          .build(), "upstream_config")
      .field("Destination", struct()
          .field("Addresses", STRING_LIST)
          .field("Port", INT)
          .build())
      .field("MaxInboundConnections", INT, "max_inbound_connections")
      .field("LocalConnectTimeoutMs", INT, "local_connect_timeout_ms")
      .field("LocalRequestTimeoutMs", INT, "local_request_timeout_ms")
      .field("BalanceInboundConnections", STRING, "balance_inbound_connections")
      .field("RateLimits", RATE_LIMITS, "rate_limits")
      .field("EnvoyExtensions", listOf(Schemas.ENVOY_EXTENSION), "envoy_extensions")
      .field("Meta", STRING_MAP)
      .enterpriseMeta()
      .build();

  @Override
  String kind() {
    return "service-defaults";
  }

  @Override
  Class<ServiceDefaults> type() {
    return ServiceDefaults.class;
  }

  @Override
  Shape.Struct schema() {
    return SCHEMA;
  }

  @Override
  ServiceDefaults toModel(Doc entry, List<Issue> issues) {
    String name = entry.str("Name");
    if (name.isEmpty()) {
      issues.add(new Issue("", "Name is required"));
    } else if (name.equals("*")) {
      issues.add(new Issue("", "service-defaults name must be the name of a service, and not a wildcard"));
    }
    ServiceDefaults.Builder b = ServiceDefaults.builder(
        new ServiceName(name, entry.str("Namespace"), entry.str("Partition")));
    String protocol = entry.str("Protocol");
    if (!protocol.isEmpty()) {
      Protocol p = attempt(() -> Protocol.parse(protocol), "Protocol", issues);
      if (p != null) {
        b.protocol(p);
      }
    }
    entry.object("MeshGateway").ifPresent(mg -> {
      MeshGatewayMode mode = attempt(() -> MeshGatewayMode.parse(mg.str("Mode")), mg.path("Mode"), issues);
      if (mode != null) {
        b.meshGatewayMode(mode);
      }
    });
    entry.object("Destination").ifPresent(d -> {
      ServiceDefaults.Destination dest = attempt(
          () -> new ServiceDefaults.Destination(d.strings("Addresses"), (int) Math.max(Integer.MIN_VALUE,
              Math.min(Integer.MAX_VALUE, d.integer("Port")))), d.path(), issues);
      if (dest != null) {
        b.destination(dest);
      }
    });
    String sni = entry.str("ExternalSNI");
    if (!sni.isEmpty()) {
      b.externalSni(sni);
    }
    return issues.isEmpty() ? attempt(b::build, "", issues) : null;
  }

  @Override
  ObjectNode normalized(Doc entry, ServiceDefaults model) {
    ObjectNode n = Normalizing.copy(entry.node());
    Normalizing.lowerCase(n, "Protocol");
    JsonNode upstreams = n.get("UpstreamConfig");
    if (upstreams instanceof ObjectNode u) {
      JsonNode overrides = u.get("Overrides");
      if (overrides != null) {
        overrides.forEach(o -> upstream((ObjectNode) o));
      }
      if (u.get("Defaults") instanceof ObjectNode d) {
        upstream(d);
      }
    }
    return n;
  }

  private static void upstream(ObjectNode u) {
    Normalizing.lowerCase(u, "Protocol");
    Normalizing.negativeToZero(u, "ConnectTimeoutMs");
  }

  @Override
  ObjectNode toJson(ServiceDefaults model) {
    Out o = Out.object()
        .str("Name", model.service().name())
        .str("Protocol", model.configuredProtocol().map(Protocol::wireName).orElse(""))
        .object("MeshGateway", Out.object().str("Mode", model.meshGatewayMode().wireName()))
        .str("ExternalSNI", model.externalSni());
    model.destination().ifPresent(d -> o.object("Destination", Out.object()
        .strings("Addresses", d.addresses())
        .integer("Port", d.port())));
    return o.str("Partition", nonDefault(model.service().partition()))
        .str("Namespace", nonDefault(model.service().namespace()))
        .node();
  }
}
