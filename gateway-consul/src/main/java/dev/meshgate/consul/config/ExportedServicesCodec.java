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
import dev.meshgate.core.catalog.ExportedServices;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code exported-services} (agent/structs/config_entry_exports.go). The entry's {@code Name} is
 * the partition whose services it exports (Consul Community Edition accepts only {@code default});
 * core's {@link ExportedServices} holds the services and the peers that consume them. Consumers
 * that are partitions or sameness groups are kept as written in the entry but are not in the model.
 */
final class ExportedServicesCodec extends KindCodec<ExportedServices> {
  private static final Shape.Struct CONSUMER = struct()
      .field("Partition", STRING)
      .field("Peer", STRING, "peer_name")
      .field("SamenessGroup", STRING, "sameness_group")
      .build();

  private static final Shape.Struct SCHEMA = struct()
      .field("Name", STRING)
      .field("Services", listOf(struct()
          .field("Name", STRING)
          .field("Namespace", STRING)
          .field("Consumers", listOf(CONSUMER))
          .build()))
      .field("Meta", STRING_MAP)
      .enterpriseMeta()
      .build();

  @Override
  String kind() {
    return "exported-services";
  }

  @Override
  Class<ExportedServices> type() {
    return ExportedServices.class;
  }

  @Override
  Shape.Struct schema() {
    return SCHEMA;
  }

  @Override
  ExportedServices toModel(Doc entry, List<Issue> issues) {
    List<ExportedServices.Service> services = new ArrayList<>();
    for (Doc s : entry.list("Services")) {
      Set<String> peers = new LinkedHashSet<>();
      for (Doc c : s.list("Consumers")) {
        if (!c.str("Peer").isEmpty()) {
          peers.add(c.str("Peer"));
        }
      }
      ExportedServices.Service svc = attempt(
          () -> new ExportedServices.Service(s.str("Name"), s.str("Namespace"), peers), s.path(), issues);
      if (svc != null) {
        services.add(svc);
      }
    }
    return issues.isEmpty() ? attempt(() -> new ExportedServices(entry.str("Name"), services), "", issues) : null;
  }

  @Override
  ObjectNode normalized(Doc entry, ExportedServices model) {
    return Normalizing.copy(entry.node());
  }

  @Override
  ObjectNode toJson(ExportedServices model) {
    return Out.object()
        .str("Name", model.partition())
        .list("Services", model.services(), s -> Out.object()
            .str("Name", s.name())
            .str("Namespace", nonDefault(s.namespace()))
            .list("Consumers", s.peers(), p -> Out.object().str("Peer", p)))
        .node();
  }
}
