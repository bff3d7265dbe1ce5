package dev.meshgate.consul.config;

import static dev.meshgate.consul.internal.json.Shape.INT;
import static dev.meshgate.consul.internal.json.Shape.STRING;
import static dev.meshgate.consul.internal.json.Shape.STRING_LIST;
import static dev.meshgate.consul.internal.json.Shape.STRING_MAP;
import static dev.meshgate.consul.internal.json.Shape.UINT32;
import static dev.meshgate.consul.internal.json.Shape.listOf;
import static dev.meshgate.consul.internal.json.Shape.struct;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshgate.consul.internal.json.Doc;
import dev.meshgate.consul.internal.json.Issue;
import dev.meshgate.consul.internal.json.Json;
import dev.meshgate.consul.internal.json.Out;
import dev.meshgate.consul.internal.json.Shape;
import dev.meshgate.core.ingress.GatewayTls;
import dev.meshgate.core.ingress.HeaderModifiers;
import dev.meshgate.core.ingress.IngressGatewayEntry;
import dev.meshgate.core.ingress.IngressListener;
import dev.meshgate.core.ingress.IngressService;
import dev.meshgate.core.ingress.PassiveHealthCheck;
import dev.meshgate.core.ingress.Sds;
import dev.meshgate.core.ingress.ServiceLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * {@code ingress-gateway} (agent/structs/config_entry_gateways.go). Core's entry normalizes (a
 * listener's protocol lower-cased, empty meaning {@code tcp}) and validates on construction; core's
 * value records refuse what they cannot hold (a negative limit, a health check without an
 * interval), and those refusals are reported at the field's path. A limit of 0 is Consul's "unset".
 * meshgate's SNI routing of {@code tcp} listeners has no Consul JSON and is neither read nor
 * written.
 */
final class IngressGatewayCodec extends KindCodec<IngressGatewayEntry> {
  private static final Shape.Struct SERVICE = struct()
      .field("Name", STRING)
      .field("Hosts", STRING_LIST)
      .field("TLS", struct().field("SDS", Schemas.SDS).build())
      .field("RequestHeaders", Schemas.HEADER_MODIFIERS, "request_headers")
      .field("ResponseHeaders", Schemas.HEADER_MODIFIERS, "response_headers")
      .field("MaxConnections", UINT32, "max_connections")
      .field("MaxPendingRequests", UINT32, "max_pending_requests")
      .field("MaxConcurrentRequests", UINT32, "max_concurrent_requests")
      .field("PassiveHealthCheck", Schemas.PASSIVE_HEALTH_CHECK, "passive_health_check")
      .field("Meta", STRING_MAP)
      .enterpriseMeta()
      .build();

  private static final Shape.Struct LISTENER = struct()
      .field("Port", INT)
      .field("Protocol", STRING)
      .field("TLS", Schemas.GATEWAY_TLS)
      .field("Services", listOf(SERVICE))
      .build();

  private static final Shape.Struct DEFAULTS = struct()
      .field("MaxConnections", UINT32)
      .field("MaxPendingRequests", UINT32)
      .field("MaxConcurrentRequests", UINT32)
      .field("PassiveHealthCheck", Schemas.PASSIVE_HEALTH_CHECK, "passive_health_check")
      .build();

  private static final Shape.Struct SCHEMA = struct()
      .field("Name", STRING)
      .field("TLS", Schemas.GATEWAY_TLS)
      .field("Listeners", listOf(LISTENER))
      .field("Defaults", DEFAULTS)
      .field("Meta", STRING_MAP)
      .enterpriseMeta()
      .build();

  @Override
  String kind() {
    return IngressGatewayEntry.KIND;
  }

  @Override
  Class<IngressGatewayEntry> type() {
    return IngressGatewayEntry.class;
  }

  @Override
  Shape.Struct schema() {
    return SCHEMA;
  }

  @Override
  IngressGatewayEntry toModel(Doc entry, List<Issue> issues) {
    IngressGatewayEntry.Builder b = IngressGatewayEntry.builder(entry.str("Name"))
        .namespace(entry.str("Namespace"))
        .partition(entry.str("Partition"))
        .meta(entry.stringMap("Meta"));
    entry.object("TLS").ifPresent(tls -> b.tls(tls(tls)));
    entry.object("Defaults").ifPresent(d -> {
      ServiceLimits limits = limits(d, issues);
      if (limits != null) {
        b.defaults(limits);
      }
    });
    List<IngressListener> listeners = new ArrayList<>();
    for (Doc l : entry.list("Listeners")) {
      IngressListener.Builder lb = IngressListener.builder((int) clampPort(l.integer("Port")))
          .protocol(l.str("Protocol"));
      l.object("TLS").ifPresent(tls -> lb.tls(tls(tls)));
      List<IngressService> services = new ArrayList<>();
      for (Doc s : l.list("Services")) {
        IngressService svc = service(s, issues);
        if (svc != null) {
          services.add(svc);
        }
      }
      listeners.add(lb.services(services.toArray(IngressService[]::new)).build());
    }
    b.listeners(listeners.toArray(IngressListener[]::new));
    if (!issues.isEmpty()) {
      return null;
    }
    return attempt(b::build, "", issues);
  }

  /** Ports outside int reach core as a value core rejects with its own message. */
  private static long clampPort(long port) {
    return Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, port));
  }

  private static GatewayTls tls(Doc d) {
    GatewayTls.Builder b = GatewayTls.builder()
        .enabled(d.bool("Enabled"))
        .minVersion(d.str("TLSMinVersion"))
        .maxVersion(d.str("TLSMaxVersion"))
        .cipherSuites(d.strings("CipherSuites").toArray(String[]::new));
    d.object("SDS").filter(IngressGatewayCodec::setsSds)
        .ifPresent(sds -> b.sds(sds.str("ClusterName"), sds.str("CertResource")));
    return b.build();
  }

  /**
   * Tells whether an SDS object sets anything: Consul treats an empty one ({@code "SDS": {}}) as
   * no SDS in every check, so it is read as absent and normalizing drops it.
   */
  private static boolean setsSds(Doc sds) {
    return !sds.str("ClusterName").isEmpty() || !sds.str("CertResource").isEmpty();
  }

  private static IngressService service(Doc s, List<Issue> issues) {
    IngressService.Builder b = IngressService.builder(s.str("Name"))
        .namespace(s.str("Namespace"))
        .partition(s.str("Partition"))
        .meta(s.stringMap("Meta"));
    List<String> hosts = s.strings("Hosts");
    if (!hosts.isEmpty()) {
      b.hosts(hosts.toArray(String[]::new));
    }
    s.object("TLS").flatMap(t -> t.object("SDS")).filter(IngressGatewayCodec::setsSds)
        .ifPresent(sds -> b.tls(sds.str("ClusterName"), sds.str("CertResource")));
    s.object("RequestHeaders").ifPresent(h -> b.requestHeaders(headers(h)));
    s.object("ResponseHeaders").ifPresent(h -> b.responseHeaders(headers(h)));
    ServiceLimits limits = limits(s, issues);
    if (limits == null) {
      return null;
    }
    return b.limits(limits).build();
  }

  private static HeaderModifiers headers(Doc d) {
    return new HeaderModifiers(d.stringMap("Add"), d.stringMap("Set"), d.strings("Remove"));
  }

  private static ServiceLimits limits(Doc d, List<Issue> issues) {
    Optional<PassiveHealthCheck> check = Optional.empty();
    Optional<Doc> phc = d.object("PassiveHealthCheck");
    if (phc.isPresent()) {
      Doc p = phc.get();
      PassiveHealthCheck c = attempt(() -> new PassiveHealthCheck(
          Duration.ofNanos(p.integer("Interval")), (int) p.integer("MaxFailures"),
          optionalInt(p, "EnforcingConsecutive5xx"), optionalInt(p, "MaxEjectionPercent"),
          p.has("BaseEjectionTime") ? Optional.of(Duration.ofNanos(p.integer("BaseEjectionTime"))) : Optional.empty()),
          p.path(), issues);
      if (c == null) {
        return null;
      }
      check = Optional.of(c);
    }
    Optional<PassiveHealthCheck> passive = check;
    return attempt(() -> new ServiceLimits(limit(d, "MaxConnections"), limit(d, "MaxPendingRequests"),
        limit(d, "MaxConcurrentRequests"), passive), d.path(), issues);
  }

  private static OptionalInt optionalInt(Doc d, String field) {
    return d.has(field) ? OptionalInt.of((int) d.integer(field)) : OptionalInt.empty();
  }

  /** 0 is Consul's "unset" for a {@code uint32} limit. */
  private static OptionalInt limit(Doc d, String field) {
    long v = d.integer(field);
    return v == 0 ? OptionalInt.empty() : OptionalInt.of((int) Math.min(Integer.MAX_VALUE, v));
  }

  @Override
  ObjectNode toJson(IngressGatewayEntry model) {
    return Out.object()
        .str("Name", model.name())
        .object("TLS", tls(model.tls()))
        .list("Listeners", model.listeners(), l -> Out.object()
            .always("Port", Json.nodes().numberNode(l.port()))
            .str("Protocol", l.protocol())
            .object("TLS", l.tls().map(IngressGatewayCodec::tls).orElse(null))
            .list("Services", l.services(), s -> service(s, model)))
        .object("Defaults", limits(Out.object(), model.defaults()))
        .map("Meta", new TreeMap<>(model.meta()))
        .str("Partition", nonDefault(model.partition()))
        .str("Namespace", nonDefault(model.namespace()))
        .node();
  }

  private static Out tls(GatewayTls t) {
    return Out.object()
        .bool("Enabled", t.enabled())
        .object("SDS", t.sds().map(IngressGatewayCodec::sds).orElse(null))
        .str("TLSMinVersion", t.minVersion())
        .str("TLSMaxVersion", t.maxVersion())
        .strings("CipherSuites", t.cipherSuites());
  }

  private static Out sds(Sds s) {
    return Out.object().str("ClusterName", s.clusterName()).str("CertResource", s.certResource());
  }

  private static Out service(IngressService s, IngressGatewayEntry entry) {
    Out o = Out.object()
        .str("Name", s.name())
        .strings("Hosts", s.hosts())
        .object("TLS", s.tls().map(t -> Out.object().object("SDS", sds(t))).orElse(null))
        .object("RequestHeaders", headers(s.requestHeaders()))
        .object("ResponseHeaders", headers(s.responseHeaders()));
    limits(o, s.limits());
    return o.map("Meta", new TreeMap<>(s.meta()))
        .str("Partition", unlessInherited(s.partition(), entry.partition()))
        .str("Namespace", unlessInherited(s.namespace(), entry.namespace()));
  }

  private static Out headers(HeaderModifiers h) {
    return Out.object().map("Add", h.add()).map("Set", h.set()).strings("Remove", h.remove());
  }

  private static Out limits(Out o, ServiceLimits l) {
    l.maxConnections().ifPresent(v -> o.integer("MaxConnections", v));
    l.maxPendingRequests().ifPresent(v -> o.integer("MaxPendingRequests", v));
    l.maxConcurrentRequests().ifPresent(v -> o.integer("MaxConcurrentRequests", v));
    l.passiveHealthCheck().ifPresent(p -> {
      Out c = Out.object()
          .integer("Interval", p.interval().toNanos())
          .integer("MaxFailures", p.maxFailures());
      p.enforcingConsecutive5xx().ifPresent(v -> c.always("EnforcingConsecutive5xx", Json.nodes().numberNode(v)));
      p.maxEjectionPercent().ifPresent(v -> c.always("MaxEjectionPercent", Json.nodes().numberNode(v)));
      p.baseEjectionTime().ifPresent(v -> c.always("BaseEjectionTime", Json.nodes().numberNode(v.toNanos())));
      o.object("PassiveHealthCheck", c);
    });
    return o;
  }
}
