package dev.meshgate.consul.config;

import static dev.meshgate.consul.internal.json.Shape.BOOL;
import static dev.meshgate.consul.internal.json.Shape.DURATION_NANOS;
import static dev.meshgate.consul.internal.json.Shape.DURATION_STRING;
import static dev.meshgate.consul.internal.json.Shape.INT;
import static dev.meshgate.consul.internal.json.Shape.STRING;
import static dev.meshgate.consul.internal.json.Shape.STRING_LIST;
import static dev.meshgate.consul.internal.json.Shape.STRING_MAP;
import static dev.meshgate.consul.internal.json.Shape.UINT32;
import static dev.meshgate.consul.internal.json.Shape.listOf;
import static dev.meshgate.consul.internal.json.Shape.mapOf;
import static dev.meshgate.consul.internal.json.Shape.struct;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshgate.consul.internal.json.Doc;
import dev.meshgate.consul.internal.json.Issue;
import dev.meshgate.consul.internal.json.Json;
import dev.meshgate.consul.internal.json.Out;
import dev.meshgate.consul.internal.json.Shape;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.chain.LoadBalancer;
import dev.meshgate.core.chain.ServiceResolver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code service-resolver} (agent/structs/config_entry_discoverychain.go). Core's {@link
 * ServiceResolver} holds every field meshgate models and validates with Consul's messages.
 * {@code ConnectTimeout} and {@code RequestTimeout} are written in Go's duration syntax, as Consul's
 * API writes them; a hash policy's cookie {@code TTL} as integer nanoseconds.
 *
 * <p>Cluster peering and sameness groups are not modelled: a {@code Peer}, a {@code
 * SamenessGroup}, {@code PrioritizeByLocality} or a failover policy's {@code Regions} is decoded
 * (Consul knows the keys) but refused when checked, rather than dropped, since a resolver read
 * without its failover targets would route differently from Consul.
 */
final class ServiceResolverCodec extends KindCodec<ServiceResolver> {
  private static final String UNSUPPORTED = "is not supported by meshgate (cluster peering, sameness groups"
      + " and locality are not modelled)";

  private static final Shape.Struct SUBSET = struct()
      .field("Filter", STRING)
      .field("OnlyPassing", BOOL, "only_passing")
      .build();

  private static final Shape.Struct REDIRECT = struct()
      .field("Service", STRING)
      .field("ServiceSubset", STRING, "service_subset")
      .field("Namespace", STRING)
      .field("Partition", STRING)
      .field("SamenessGroup", STRING, "sameness_group")
      .field("Datacenter", STRING)
      .field("Peer", STRING)
      .build();

  private static final Shape.Struct TARGET = struct()
      .field("Service", STRING)
      .field("ServiceSubset", STRING, "service_subset")
      .field("Partition", STRING)
      .field("Namespace", STRING)
      .field("Datacenter", STRING)
      .field("Peer", STRING)
      .build();

  private static final Shape.Struct FAILOVER = struct()
      .field("Service", STRING)
      .field("ServiceSubset", STRING, "service_subset")
      .field("Namespace", STRING)
      .field("Datacenters", STRING_LIST)
      .field("Targets", listOf(TARGET))
      .field("Policy", struct()
          .field("Mode", STRING)
          .field("Regions", STRING_LIST)
          .build())
      .field("SamenessGroup", STRING, "sameness_group")
      .build();

  private static final Shape.Struct HASH_POLICY = struct()
      .field("Field", STRING)
      .field("FieldValue", STRING, "field_value")
      .field("CookieConfig", struct()
          .field("Session", BOOL)
          .field("TTL", DURATION_NANOS)
          .field("Path", STRING)
          .build(), "cookie_config")
      .field("SourceIP", BOOL, "source_ip")
      .field("Terminal", BOOL)
      .build();

  private static final Shape.Struct LOAD_BALANCER = struct()
      .field("Policy", STRING)
      .field("RingHashConfig", struct()
          .field("MinimumRingSize", INT, "minimum_ring_size")
          .field("MaximumRingSize", INT, "maximum_ring_size")
          .build(), "ring_hash_config")
      .field("LeastRequestConfig", struct()
          .field("ChoiceCount", UINT32, "choice_count")
          .build(), "least_request_config")
      .field("HashPolicies", listOf(HASH_POLICY), "hash_policies")
      .build();

  private static final Shape.Struct SCHEMA = struct()
      .field("Name", STRING)
      .field("DefaultSubset", STRING, "default_subset")
      .field("Subsets", mapOf(SUBSET))
      .field("Redirect", REDIRECT)
      .field("Failover", mapOf(FAILOVER))
      .field("ConnectTimeout", DURATION_STRING, "connect_timeout")
      .field("RequestTimeout", DURATION_STRING, "request_timeout")
      .field("PrioritizeByLocality", struct().field("Mode", STRING).build(), "prioritize_by_locality")
      .field("LoadBalancer", LOAD_BALANCER, "load_balancer")
      .field("Meta", STRING_MAP)
      .enterpriseMeta()
      .build();

  @Override
  String kind() {
    return "service-resolver";
  }

  @Override
  Class<ServiceResolver> type() {
    return ServiceResolver.class;
  }

  @Override
  Shape.Struct schema() {
    return SCHEMA;
  }

  @Override
  ServiceResolver toModel(Doc entry, List<Issue> issues) {
    ServiceResolver.Builder b = ServiceResolver.builder(
        new ServiceName(entry.str("Name"), entry.str("Namespace"), entry.str("Partition")))
        .meta(entry.stringMap("Meta"));
    if (entry.has("DefaultSubset")) {
      b.defaultSubset(entry.str("DefaultSubset"));
    }
    entry.map("Subsets").forEach((name, s) -> b.subset(name, s.str("Filter"), s.bool("OnlyPassing")));
    entry.object("Redirect").ifPresent(r -> {
      unsupported(r, issues, "Peer", "SamenessGroup");
      b.redirect(new ServiceResolver.Redirect(r.str("Service"), r.str("ServiceSubset"), r.str("Namespace"),
          r.str("Partition"), r.str("Datacenter")));
    });
    entry.map("Failover").forEach((subset, f) -> {
      unsupported(f, issues, "SamenessGroup");
      List<ServiceResolver.FailoverTarget> targets = new ArrayList<>();
      for (Doc t : f.list("Targets")) {
        unsupported(t, issues, "Peer");
        targets.add(new ServiceResolver.FailoverTarget(t.str("Service"), t.str("ServiceSubset"), t.str("Namespace"),
            t.str("Partition"), t.str("Datacenter")));
      }
      String mode = f.object("Policy").map(p -> {
        if (!p.strings("Regions").isEmpty()) {
          issues.add(new Issue(p.path("Regions"), UNSUPPORTED));
        }
        return p.str("Mode");
      }).orElse("");
      b.failover(subset, new ServiceResolver.Failover(f.str("Service"), f.str("ServiceSubset"), f.str("Namespace"),
          f.strings("Datacenters"), targets, mode));
    });
    if (entry.has("ConnectTimeout")) {
      b.connectTimeout(entry.duration("ConnectTimeout"));
    }
    if (entry.has("RequestTimeout")) {
      b.requestTimeout(entry.duration("RequestTimeout"));
    }
    entry.object("PrioritizeByLocality").filter(p -> !p.str("Mode").isEmpty())
        .ifPresent(p -> issues.add(new Issue(p.path(), UNSUPPORTED)));
    entry.object("LoadBalancer").ifPresent(lb -> b.loadBalancer(loadBalancer(lb)));
    ServiceResolver model = attempt(b::build, "", issues);
    return issues.isEmpty() ? model : null;
  }

  private static void unsupported(Doc d, List<Issue> issues, String... fields) {
    for (String field : fields) {
      if (!d.str(field).isEmpty()) {
        issues.add(new Issue(d.path(field), UNSUPPORTED));
      }
    }
  }

  private static LoadBalancer loadBalancer(Doc lb) {
    List<LoadBalancer.HashPolicy> policies = new ArrayList<>();
    for (Doc h : lb.list("HashPolicies")) {
      Optional<LoadBalancer.CookieConfig> cookie = h.object("CookieConfig")
          .map(c -> new LoadBalancer.CookieConfig(c.bool("Session"), c.duration("TTL"), c.str("Path")));
      policies.add(new LoadBalancer.HashPolicy(h.str("Field"), h.str("FieldValue"), cookie, h.bool("SourceIP"),
          h.bool("Terminal")));
    }
    return new LoadBalancer(lb.str("Policy"),
        lb.object("RingHashConfig").map(r -> new LoadBalancer.RingHashConfig(r.integer("MinimumRingSize"),
            r.integer("MaximumRingSize"))),
        lb.object("LeastRequestConfig").map(l -> new LoadBalancer.LeastRequestConfig(
            (int) Math.min(Integer.MAX_VALUE, l.integer("ChoiceCount")))),
        policies);
  }

  @Override
  ObjectNode toJson(ServiceResolver model) {
    ObjectNode subsets = Json.nodes().objectNode();
    for (Map.Entry<String, ServiceResolver.Subset> e : model.subsets().entrySet()) {
      subsets.set(e.getKey(), Out.object()
          .str("Filter", e.getValue().filter().source())
          .bool("OnlyPassing", e.getValue().onlyPassing())
          .node());
    }
    ObjectNode failover = Json.nodes().objectNode();
    for (Map.Entry<String, ServiceResolver.Failover> e : model.failover().entrySet()) {
      ServiceResolver.Failover f = e.getValue();
      failover.set(e.getKey(), Out.object()
          .str("Service", f.service())
          .str("ServiceSubset", f.serviceSubset())
          .str("Namespace", f.namespace())
          .strings("Datacenters", f.datacenters())
          .list("Targets", f.targets(), t -> Out.object()
              .str("Service", t.service())
              .str("ServiceSubset", t.serviceSubset())
              .str("Partition", t.partition())
              .str("Namespace", t.namespace())
              .str("Datacenter", t.datacenter()))
          .object("Policy", Out.object().str("Mode", f.policyMode()))
          .node());
    }
    Out o = Out.object()
        .str("Name", model.service().name())
        .str("DefaultSubset", model.defaultSubset())
        .object("Subsets", subsets)
        .object("Redirect", model.redirect().map(r -> Out.object()
            .str("Service", r.service())
            .str("ServiceSubset", r.serviceSubset())
            .str("Namespace", r.namespace())
            .str("Partition", r.partition())
            .str("Datacenter", r.datacenter())).orElse(null))
        .object("Failover", failover);
    ChainCodecs.duration(o, "ConnectTimeout", model.connectTimeout());
    ChainCodecs.duration(o, "RequestTimeout", model.requestTimeout());
    return o.pointer("LoadBalancer", model.loadBalancer().map(ServiceResolverCodec::loadBalancer))
        .map("Meta", model.meta())
        .str("Partition", nonDefault(model.service().partition()))
        .str("Namespace", nonDefault(model.service().namespace()))
        .node();
  }

  /** Writes a load balancer; the discovery chain writes its nodes' load balancers the same way. */
  static Out loadBalancer(LoadBalancer lb) {
    return Out.object()
        .str("Policy", lb.policy())
        .pointer("RingHashConfig", lb.ringHashConfig().map(r -> Out.object()
            .integer("MinimumRingSize", r.minimumRingSize())
            .integer("MaximumRingSize", r.maximumRingSize())))
        .pointer("LeastRequestConfig", lb.leastRequestConfig().map(l -> Out.object()
            .integer("ChoiceCount", l.choiceCount())))
        .list("HashPolicies", lb.hashPolicies(), h -> Out.object()
            .str("Field", h.field())
            .str("FieldValue", h.fieldValue())
            .pointer("CookieConfig", h.cookieConfig().map(c -> Out.object()
                .bool("Session", c.session())
                .integer("TTL", c.ttl().toNanos())
                .str("Path", c.path())))
            .bool("SourceIP", h.sourceIp())
            .bool("Terminal", h.terminal()));
  }
}
