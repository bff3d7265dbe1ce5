package dev.meshgate.consul.config;

import static dev.meshgate.consul.internal.json.Shape.BOOL;
import static dev.meshgate.consul.internal.json.Shape.STRING;
import static dev.meshgate.consul.internal.json.Shape.STRING_LIST;
import static dev.meshgate.consul.internal.json.Shape.STRING_MAP;
import static dev.meshgate.consul.internal.json.Shape.struct;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshgate.consul.internal.json.Doc;
import dev.meshgate.consul.internal.json.Issue;
import dev.meshgate.consul.internal.json.Out;
import dev.meshgate.consul.internal.json.Shape;
import dev.meshgate.core.catalog.MeshConfig;
import java.util.List;

/**
 * {@code mesh} (agent/structs/config_entry_mesh.go). The entry has no {@code Name} (Consul calls it
 * {@code mesh}); core's {@link MeshConfig} holds {@code Peering.PeerThroughMeshGateways}, every
 * other field is kept as written.
 */
final class MeshCodec extends KindCodec<MeshConfig> {
  private static final Shape.Struct DIRECTIONAL_TLS = struct()
      .field("TLSMinVersion", STRING, "tls_min_version")
      .field("TLSMaxVersion", STRING, "tls_max_version")
      .field("CipherSuites", STRING_LIST, "cipher_suites")
      .build();

  private static final Shape.Struct SCHEMA = struct()
      .field("TransparentProxy", struct()
          .field("MeshDestinationsOnly", BOOL, "mesh_destinations_only")
          .build(), "transparent_proxy")
      .field("AllowEnablingPermissiveMutualTLS", BOOL, "allow_enabling_permissive_mutual_tls")
      .field("ValidateClusters", BOOL, "validate_clusters")
      .field("TLS", struct()
          .field("Incoming", DIRECTIONAL_TLS)
          .field("Outgoing", DIRECTIONAL_TLS)
          .build())
      .field("HTTP", struct()
          .field("SanitizeXForwardedClientCert", BOOL, "sanitize_x_forwarded_client_cert")
          .field("Incoming", struct()
              .field("RequestNormalization", struct()
                  .field("InsecureDisablePathNormalization", BOOL, "insecure_disable_path_normalization")
                  .field("MergeSlashes", BOOL, "merge_slashes")
                  .field("PathWithEscapedSlashesAction", STRING, "path_with_escaped_slashes_action")
                  .field("HeadersWithUnderscoresAction", STRING, "headers_with_underscores_action")
                  .build(), "request_normalization")
              .build())
          .build())
      .field("Peering", struct()
          .field("PeerThroughMeshGateways", BOOL, "peer_through_mesh_gateways")
          .build())
      .field("Meta", STRING_MAP)
      .enterpriseMeta()
      .build();

  @Override
  String kind() {
    return "mesh";
  }

  @Override
  Class<MeshConfig> type() {
    return MeshConfig.class;
  }

  @Override
  Shape.Struct schema() {
    return SCHEMA;
  }

  @Override
  String name(Doc entry) {
    return "mesh";
  }

  @Override
  MeshConfig toModel(Doc entry, List<Issue> issues) {
    boolean peer = entry.object("Peering").map(p -> p.bool("PeerThroughMeshGateways")).orElse(false);
    return attempt(() -> new MeshConfig(entry.str("Partition"), peer), "", issues);
  }

  @Override
  ObjectNode normalized(Doc entry, MeshConfig model) {
    return Normalizing.copy(entry.node());
  }

  @Override
  ObjectNode toJson(MeshConfig model) {
    return Out.object()
        .object("Peering", Out.object().bool("PeerThroughMeshGateways", model.peerThroughMeshGateways()))
        .str("Partition", nonDefault(model.partition()))
        .node();
  }
}
