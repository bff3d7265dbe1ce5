package dev.meshgate.consul.config;

import static dev.meshgate.consul.internal.json.Shape.FLOAT32;
import static dev.meshgate.consul.internal.json.Shape.STRING;
import static dev.meshgate.consul.internal.json.Shape.STRING_MAP;
import static dev.meshgate.consul.internal.json.Shape.listOf;
import static dev.meshgate.consul.internal.json.Shape.struct;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshgate.consul.internal.json.Doc;
import dev.meshgate.consul.internal.json.Issue;
import dev.meshgate.consul.internal.json.Out;
import dev.meshgate.consul.internal.json.Shape;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.chain.ServiceSplit;
import dev.meshgate.core.chain.ServiceSplitter;
import java.util.List;

/**
 * {@code service-splitter} (agent/structs/config_entry_discoverychain.go). Core's {@link
 * ServiceSplitter} holds every field; its builder normalizes weights to 0.01 % as Consul does and
 * validates with Consul's messages ({@code the sum of all split weights must be 100, not ...}).
 * A weight is written as Go writes a float32: {@code 50}, {@code 33.33}.
 */
final class ServiceSplitterCodec extends KindCodec<ServiceSplitter> {
  private static final Shape.Struct SPLIT = struct()
      .field("Weight", FLOAT32)
      .field("Service", STRING)
      .field("ServiceSubset", STRING, "service_subset")
      .field("Namespace", STRING)
      .field("Partition", STRING)
      .field("RequestHeaders", Schemas.HEADER_MODIFIERS, "request_headers")
      .field("ResponseHeaders", Schemas.HEADER_MODIFIERS, "response_headers")
      .build();

  private static final Shape.Struct SCHEMA = struct()
      .field("Name", STRING)
      .field("Splits", listOf(SPLIT))
      .field("Meta", STRING_MAP)
      .enterpriseMeta()
      .build();

  @Override
  String kind() {
    return "service-splitter";
  }

  @Override
  Class<ServiceSplitter> type() {
    return ServiceSplitter.class;
  }

  @Override
  Shape.Struct schema() {
    return SCHEMA;
  }

  @Override
  ServiceSplitter toModel(Doc entry, List<Issue> issues) {
    ServiceSplitter.Builder b = ServiceSplitter.builder(
        new ServiceName(entry.str("Name"), entry.str("Namespace"), entry.str("Partition")))
        .meta(entry.stringMap("Meta"));
    for (Doc s : entry.list("Splits")) {
      b.split(new ServiceSplit(s.floating("Weight"), s.str("Service"), s.str("ServiceSubset"), s.str("Namespace"),
          s.str("Partition"), ChainCodecs.headers(s, "RequestHeaders"), ChainCodecs.headers(s, "ResponseHeaders")));
    }
    return attempt(b::build, "", issues);
  }

  @Override
  ObjectNode toJson(ServiceSplitter model) {
    return Out.object()
        .str("Name", model.service().name())
        .list("Splits", model.splits(), ServiceSplitterCodec::split)
        .map("Meta", model.meta())
        .str("Partition", nonDefault(model.service().partition()))
        .str("Namespace", nonDefault(model.service().namespace()))
        .node();
  }

  /** Writes one leg; the discovery chain writes its legs' definitions the same way. */
  static Out split(ServiceSplit s) {
    return Out.object()
        .always("Weight", ChainCodecs.weight(s.weight()))
        .str("Service", s.service())
        .str("ServiceSubset", s.serviceSubset())
        .str("Namespace", s.namespace())
        .str("Partition", s.partition())
        .object("RequestHeaders", ChainCodecs.headers(s.requestHeaders()))
        .object("ResponseHeaders", ChainCodecs.headers(s.responseHeaders()));
  }
}
