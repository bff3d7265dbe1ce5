package dev.meshgate.consul.config;

import static dev.meshgate.consul.internal.json.Shape.STRING;
import static dev.meshgate.consul.internal.json.Shape.STRING_MAP;
import static dev.meshgate.consul.internal.json.Shape.listOf;
import static dev.meshgate.consul.internal.json.Shape.struct;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshgate.consul.internal.json.Doc;
import dev.meshgate.consul.internal.json.Issue;
import dev.meshgate.consul.internal.json.Out;
import dev.meshgate.consul.internal.json.Shape;
import dev.meshgate.core.terminating.LinkedService;
import dev.meshgate.core.terminating.TerminatingGatewayEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code terminating-gateway} (agent/structs/config_entry_gateways.go). Core's entry normalizes and
 * validates on construction. meshgate's per-subset TLS settings ({@link LinkedService#subsetTls()})
 * have no Consul JSON: they are neither read nor written here.
 */
final class TerminatingGatewayCodec extends KindCodec<TerminatingGatewayEntry> {
  private static final Shape.Struct SERVICE = struct()
      .field("Name", STRING)
      .field("CAFile", STRING, "ca_file")
      .field("CertFile", STRING, "cert_file")
      .field("KeyFile", STRING, "key_file")
      .field("SNI", STRING)
      .enterpriseMeta()
      .build();

  private static final Shape.Struct SCHEMA = struct()
      .field("Name", STRING)
      .field("Services", listOf(SERVICE))
      .field("Meta", STRING_MAP)
      .enterpriseMeta()
      .build();

  @Override
  String kind() {
    return TerminatingGatewayEntry.KIND;
  }

  @Override
  Class<TerminatingGatewayEntry> type() {
    return TerminatingGatewayEntry.class;
  }

  @Override
  Shape.Struct schema() {
    return SCHEMA;
  }

  @Override
  TerminatingGatewayEntry toModel(Doc entry, List<Issue> issues) {
    List<LinkedService> links = new ArrayList<>();
    for (Doc s : entry.list("Services")) {
      links.add(LinkedService.builder(s.str("Name"))
          .namespace(s.str("Namespace"))
          .partition(s.str("Partition"))
          .caFile(s.str("CAFile"))
          .certFile(s.str("CertFile"))
          .keyFile(s.str("KeyFile"))
          .sni(s.str("SNI"))
          .build());
    }
    TerminatingGatewayEntry.Builder b = TerminatingGatewayEntry.builder(entry.str("Name"))
        .namespace(entry.str("Namespace"))
        .partition(entry.str("Partition"))
        .services(links.toArray(LinkedService[]::new))
        .meta(entry.stringMap("Meta"));
    return attempt(b::build, "", issues);
  }

  @Override
  ObjectNode toJson(TerminatingGatewayEntry model) {
    return Out.object()
        .str("Name", model.name())
        .list("Services", model.services(), s -> Out.object()
            .str("Name", s.name())
            .str("CAFile", s.tls().caFile())
            .str("CertFile", s.tls().certFile())
            .str("KeyFile", s.tls().keyFile())
            .str("SNI", s.tls().sni())
            .str("Partition", unlessInherited(s.partition(), model.partition()))
            .str("Namespace", unlessInherited(s.namespace(), model.namespace())))
        .map("Meta", new java.util.TreeMap<>(model.meta()))
        .str("Partition", nonDefault(model.partition()))
        .str("Namespace", nonDefault(model.namespace()))
        .node();
  }

  @Override
  List<String> warnings(TerminatingGatewayEntry model) {
    return model.warnings();
  }
}
