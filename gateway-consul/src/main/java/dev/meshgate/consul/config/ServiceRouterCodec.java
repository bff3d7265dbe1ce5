package dev.meshgate.consul.config;

import static dev.meshgate.consul.internal.json.Shape.BOOL;
import static dev.meshgate.consul.internal.json.Shape.DURATION_STRING;
import static dev.meshgate.consul.internal.json.Shape.STRING;
import static dev.meshgate.consul.internal.json.Shape.STRING_LIST;
import static dev.meshgate.consul.internal.json.Shape.STRING_MAP;
import static dev.meshgate.consul.internal.json.Shape.UINT32;
import static dev.meshgate.consul.internal.json.Shape.listOf;
import static dev.meshgate.consul.internal.json.Shape.struct;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshgate.consul.internal.json.Doc;
import dev.meshgate.consul.internal.json.Issue;
import dev.meshgate.consul.internal.json.Out;
import dev.meshgate.consul.internal.json.Shape;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.chain.HeaderMatch;
import dev.meshgate.core.chain.HttpMatch;
import dev.meshgate.core.chain.QueryParamMatch;
import dev.meshgate.core.chain.RouteDestination;
import dev.meshgate.core.chain.ServiceRoute;
import dev.meshgate.core.chain.ServiceRouter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code service-router} (agent/structs/config_entry_discoverychain.go). Core's {@link
 * ServiceRouter} holds every field; its builder normalizes (methods upper-cased) and validates with
 * Consul's messages. {@code RequestTimeout} and {@code IdleTimeout} are written in Go's duration
 * syntax, as Consul's API writes them.
 */
final class ServiceRouterCodec extends KindCodec<ServiceRouter> {
  private static final Shape.Struct HEADER = struct()
      .field("Name", STRING)
      .field("Present", BOOL)
      .field("Exact", STRING)
      .field("Prefix", STRING)
      .field("Suffix", STRING)
      .field("Regex", STRING)
      .field("Invert", BOOL)
      .build();

  private static final Shape.Struct QUERY_PARAM = struct()
      .field("Name", STRING)
      .field("Present", BOOL)
      .field("Exact", STRING)
      .field("Regex", STRING)
      .build();

  private static final Shape.Struct HTTP = struct()
      .field("PathExact", STRING, "path_exact")
      .field("PathPrefix", STRING, "path_prefix")
      .field("PathRegex", STRING, "path_regex")
      .field("CaseInsensitive", BOOL, "case_insensitive")
      .field("Header", listOf(HEADER))
      .field("QueryParam", listOf(QUERY_PARAM), "query_param")
      .field("Methods", STRING_LIST)
      .build();

  private static final Shape.Struct DESTINATION = struct()
      .field("Service", STRING)
      .field("ServiceSubset", STRING, "service_subset")
      .field("Namespace", STRING)
      .field("Partition", STRING)
      .field("PrefixRewrite", STRING, "prefix_rewrite")
      .field("RequestTimeout", DURATION_STRING, "request_timeout")
      .field("IdleTimeout", DURATION_STRING, "idle_timeout")
      .field("NumRetries", UINT32, "num_retries")
      .field("RetryOnConnectFailure", BOOL, "retry_on_connect_failure")
      .field("RetryOnStatusCodes", listOf(UINT32), "retry_on_status_codes")
      .field("RetryOn", STRING_LIST, "retry_on")
      .field("RequestHeaders", Schemas.HEADER_MODIFIERS, "request_headers")
      .field("ResponseHeaders", Schemas.HEADER_MODIFIERS, "response_headers")
      .build();

  private static final Shape.Struct ROUTE = struct()
      .field("Match", struct().field("HTTP", HTTP).build())
      .field("Destination", DESTINATION)
      .build();

  private static final Shape.Struct SCHEMA = struct()
      .field("Name", STRING)
      .field("Routes", listOf(ROUTE))
      .field("Meta", STRING_MAP)
      .enterpriseMeta()
      .build();

  @Override
  String kind() {
    return "service-router";
  }

  @Override
  Class<ServiceRouter> type() {
    return ServiceRouter.class;
  }

  @Override
  Shape.Struct schema() {
    return SCHEMA;
  }

  @Override
  ServiceRouter toModel(Doc entry, List<Issue> issues) {
    ServiceRouter.Builder b = ServiceRouter.builder(
        new ServiceName(entry.str("Name"), entry.str("Namespace"), entry.str("Partition")))
        .meta(entry.stringMap("Meta"));
    for (Doc r : entry.list("Routes")) {
      Optional<HttpMatch> match = r.object("Match").flatMap(m -> m.object("HTTP")).map(ServiceRouterCodec::match);
      Optional<RouteDestination> destination = r.object("Destination").map(ServiceRouterCodec::destination);
      b.route(new ServiceRoute(match, destination));
    }
    return attempt(b::build, "", issues);
  }

  private static HttpMatch match(Doc h) {
    List<HeaderMatch> headers = new ArrayList<>();
    for (Doc d : h.list("Header")) {
      headers.add(new HeaderMatch(d.str("Name"), d.bool("Present"), d.str("Exact"), d.str("Prefix"),
          d.str("Suffix"), d.str("Regex"), d.bool("Invert")));
    }
    List<QueryParamMatch> params = new ArrayList<>();
    for (Doc d : h.list("QueryParam")) {
      params.add(new QueryParamMatch(d.str("Name"), d.bool("Present"), d.str("Exact"), d.str("Regex")));
    }
    return new HttpMatch(h.str("PathExact"), h.str("PathPrefix"), h.str("PathRegex"), h.bool("CaseInsensitive"),
        headers, params, h.strings("Methods"));
  }

  private static RouteDestination destination(Doc d) {
    List<Integer> codes = new ArrayList<>();
    for (String code : d.strings("RetryOnStatusCodes")) {
      codes.add((int) Math.min(Integer.MAX_VALUE, Long.parseLong(code)));
    }
    return new RouteDestination(d.str("Service"), d.str("ServiceSubset"), d.str("Namespace"), d.str("Partition"),
        d.str("PrefixRewrite"), d.duration("RequestTimeout"), d.duration("IdleTimeout"),
        (int) Math.min(Integer.MAX_VALUE, d.integer("NumRetries")), d.bool("RetryOnConnectFailure"),
        d.strings("RetryOn"), codes, ChainCodecs.headers(d, "RequestHeaders"),
        ChainCodecs.headers(d, "ResponseHeaders"));
  }

  @Override
  ObjectNode toJson(ServiceRouter model) {
    return Out.object()
        .str("Name", model.service().name())
        .list("Routes", model.routes(), r -> Out.object()
            .pointer("Match", r.match().map(ServiceRouterCodec::matchHttp))
            .pointer("Destination", r.destination().map(ServiceRouterCodec::destination)))
        .map("Meta", model.meta())
        .str("Partition", nonDefault(model.service().partition()))
        .str("Namespace", nonDefault(model.service().namespace()))
        .node();
  }

  /**
   * Writes a route's {@code Match}: its {@code HTTP} object, written even when it matches everything
   * ({@code {"HTTP": {}}}), so that it decodes as the match it was.
   */
  static Out matchHttp(HttpMatch h) {
    return Out.object().always("HTTP", match(h).node());
  }

  /** Writes an HTTP match. */
  private static Out match(HttpMatch h) {
    return Out.object()
        .str("PathExact", h.pathExact())
        .str("PathPrefix", h.pathPrefix())
        .str("PathRegex", h.pathRegex())
        .bool("CaseInsensitive", h.caseInsensitive())
        .list("Header", h.headers(), x -> Out.object()
            .str("Name", x.name())
            .bool("Present", x.present())
            .str("Exact", x.exact())
            .str("Prefix", x.prefix())
            .str("Suffix", x.suffix())
            .str("Regex", x.regex())
            .bool("Invert", x.invert()))
        .list("QueryParam", h.queryParams(), q -> Out.object()
            .str("Name", q.name())
            .bool("Present", q.present())
            .str("Exact", q.exact())
            .str("Regex", q.regex()))
        .strings("Methods", h.methods());
  }

  /** Writes a destination in the documentation's field order. */
  static Out destination(RouteDestination d) {
    Out o = Out.object()
        .str("Service", d.service())
        .str("ServiceSubset", d.serviceSubset())
        .str("Namespace", d.namespace())
        .str("Partition", d.partition())
        .str("PrefixRewrite", d.prefixRewrite());
    ChainCodecs.duration(o, "RequestTimeout", d.requestTimeout());
    ChainCodecs.duration(o, "IdleTimeout", d.idleTimeout());
    o.integer("NumRetries", d.numRetries())
        .bool("RetryOnConnectFailure", d.retryOnConnectFailure());
    if (!d.retryOnStatusCodes().isEmpty()) {
      var codes = o.node().putArray("RetryOnStatusCodes");
      d.retryOnStatusCodes().forEach(codes::add);
    }
    return o.strings("RetryOn", d.retryOn())
        .object("RequestHeaders", ChainCodecs.headers(d.requestHeaders()))
        .object("ResponseHeaders", ChainCodecs.headers(d.responseHeaders()));
  }
}
