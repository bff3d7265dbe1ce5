package dev.meshgate.consul.config;

import static dev.meshgate.consul.internal.json.Shape.BOOL;
import static dev.meshgate.consul.internal.json.Shape.OPAQUE_MAP;
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
import dev.meshgate.core.catalog.ProxyDefaults;
import dev.meshgate.core.config.MeshGatewayMode;
import dev.meshgate.core.config.Protocol;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code proxy-defaults} (agent/structs/config_entry.go). Core's {@link ProxyDefaults} holds the
 * default protocol ({@code Config["protocol"]}, read as Consul's {@code ComputeProtocol} reads it:
 * the key without regard to case, the value weakly typed) and the mesh-gateway mode; every other
 * field is kept as written. Normalization names the entry {@code global}; any other name is
 * Consul's normalization error, which the codec reports because core's model has no name.
 */
final class ProxyDefaultsCodec extends KindCodec<ProxyDefaults> {
  private static final Shape.Struct ACCESS_LOGS = struct()
      .field("Enabled", BOOL, "enabled")
      .field("DisableListenerLogs", BOOL, "disable_listener_logs")
      .field("Type", STRING, "type")
      .field("Path", STRING, "path")
      .field("JSONFormat", STRING, "json_format")
      .field("TextFormat", STRING, "text_format")
      .build();

  private static final Shape.Struct SCHEMA = struct()
      .field("Name", STRING)
      .field("Config", OPAQUE_MAP)
      .field("Mode", STRING)
      .field("TransparentProxy", Schemas.TRANSPARENT_PROXY, "transparent_proxy")
      .field("MutualTLSMode", STRING, "mutual_tls_mode")
      .field("MeshGateway", Schemas.MESH_GATEWAY, "mesh_gateway")
      .field("Expose", Schemas.EXPOSE)
      .field("AccessLogs", ACCESS_LOGS, "access_logs")
      .field("EnvoyExtensions", listOf(Schemas.ENVOY_EXTENSION), "envoy_extensions")
      .field("FailoverPolicy", struct()
          .field("Mode", STRING)
          .field("Regions", STRING_LIST)
          .build(), "failover_policy")
      .field("PrioritizeByLocality", struct().field("Mode", STRING).build(), "prioritize_by_locality")
      .field("Meta", STRING_MAP)
      .enterpriseMeta()
      .build();

  @Override
  String kind() {
    return "proxy-defaults";
  }

  @Override
  Class<ProxyDefaults> type() {
    return ProxyDefaults.class;
  }

  @Override
  Shape.Struct schema() {
    return SCHEMA;
  }

  @Override
  ProxyDefaults toModel(Doc entry, List<Issue> issues) {
    String name = entry.str("Name");
    if (!name.isEmpty() && !name.equals(ProxyDefaults.NAME)) {
      issues.add(new Issue("", "invalid name (" + quote(name) + "), only \"global\" is supported"));
    }
    ProxyDefaults.Builder b = ProxyDefaults.builder().partition(entry.str("Partition"));
    JsonNode config = entry.raw("Config");
    if (config != null) {
      String protocol = protocol(config, issues);
      if (protocol != null && !protocol.isEmpty()) {
        Protocol p = attempt(() -> Protocol.parse(protocol), "Config.protocol", issues);
        if (p != null) {
          b.protocol(p);
        }
      }
    }
    entry.object("MeshGateway").ifPresent(mg -> {
      MeshGatewayMode mode = attempt(() -> MeshGatewayMode.parse(mg.str("Mode")), mg.path("Mode"), issues);
      if (mode != null) {
        b.meshGatewayMode(mode);
      }
    });
    return issues.isEmpty() ? attempt(b::build, "", issues) : null;
  }

  private static String protocol(JsonNode config, List<Issue> issues) {
    for (Map.Entry<String, JsonNode> e : config.properties()) {
      if (e.getKey().toLowerCase(Locale.ROOT).equals("protocol")) {
        JsonNode v = e.getValue();
        if (v.isTextual()) {
          return v.textValue();
        }
        if (v.isNull()) {
          return "";
        }
        if (v.isNumber() || v.isBoolean()) {
          return v.isBoolean() ? (v.booleanValue() ? "1" : "0") : v.asText();
        }
        issues.add(new Issue("Config." + e.getKey(), "expected a string"));
        return null;
      }
    }
    return "";
  }

  private static String quote(String s) {
    return dev.meshgate.consul.internal.json.TreeDecoder.quote(s);
  }

  @Override
  ObjectNode normalized(Doc entry, ProxyDefaults model) {
    ObjectNode n = Normalizing.copy(entry.node());
    ObjectNode out = dev.meshgate.consul.internal.json.Json.nodes().objectNode();
    out.put("Name", ProxyDefaults.NAME);
    n.remove("Name");
    out.setAll(n);
    return out;
  }

  @Override
  String name(Doc entry) {
    String name = entry.str("Name");
    return name.isEmpty() ? ProxyDefaults.NAME : name;
  }

  @Override
  ObjectNode toJson(ProxyDefaults model) {
    Out config = Out.object().str("protocol", model.protocol().map(Protocol::wireName).orElse(""));
    return Out.object()
        .str("Name", ProxyDefaults.NAME)
        .object("Config", config)
        .object("MeshGateway", Out.object().str("Mode", model.meshGatewayMode().wireName()))
        .str("Partition", nonDefault(model.partition()))
        .node();
  }
}
