package dev.meshgate.core.chain;

import static dev.meshgate.core.chain.Fixtures.endpoint;
import static dev.meshgate.core.chain.Fixtures.globalProtocol;
import static dev.meshgate.core.chain.Fixtures.healthy;
import static dev.meshgate.core.chain.Fixtures.protocol;
import static dev.meshgate.core.chain.Fixtures.resolver;
import static dev.meshgate.core.chain.Fixtures.router;
import static dev.meshgate.core.chain.Fixtures.source;
import static dev.meshgate.core.chain.Fixtures.split;
import static dev.meshgate.core.chain.Fixtures.splitter;
import static dev.meshgate.core.chain.Fixtures.svc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.catalog.Endpoint;
import dev.meshgate.core.config.Protocol;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Routing requests through bound chains, from Consul's documentation examples. */
class ChainRouterTest {
  private static ChainRequest get(String target) {
    return ChainRequest.builder().target(target).build();
  }

  private static ChainRoute route(ChainRouter router, ChainRequest request, long random) {
    return assertInstanceOf(ChainRoute.class, router.route(request, random));
  }

  private static ChainRouter bind(ChainEntries entries, String service, Map<String, List<Endpoint>> endpoints) {
    return ChainRouter.bind(ChainCompiler.compile(CompileRequest.of(svc(service), "dc1", Fixtures.TD), entries),
        source(endpoints));
  }

  /** The "HTTP Path Routing" sample of Consul's discovery-chain API page. */
  private static ChainRouter pathRouting() {
    ChainEntries entries = ChainEntries.builder()
        .resolver(resolver("web").subset("canary", "Service.Meta.flavor == canary", false).build())
        .proxyDefaults(globalProtocol(Protocol.HTTP))
        .router(router("web",
            ServiceRoute.of(HttpMatch.pathPrefix("/admin"), RouteDestination.builder().service("admin")
                .prefixRewrite("/").requestTimeout(Duration.ofSeconds(15)).build()),
            ServiceRoute.of(HttpMatch.builder().header(HeaderMatch.exact("x-debug", "1")).build(),
                RouteDestination.builder().service("web").serviceSubset("canary").numRetries(5)
                    .retryOnConnectFailure(true).retryOnStatusCodes(401, 409).build())))
        .build();
    return bind(entries, "web", Map.of("admin.default.default.dc1", healthy(1), "web.default.default.dc1", healthy(2),
        "canary.web.default.default.dc1", healthy(1)));
  }

  @Test
  void sendsAPathPrefixToAnotherServiceWithItsRewriteAndTimeout() {
    ChainRoute r = route(pathRouting(), get("/admin/users?page=2"), 0);
    assertEquals("admin.default.default.dc1", r.target().id());
    assertEquals(0, r.routeIndex());
    assertEquals("//users", r.rewritePath("/admin/users"));
    assertEquals(Optional.of(Duration.ofSeconds(15)), r.requestTimeout());
    assertEquals(Optional.empty(), r.retryPolicy());
    assertEquals("route 0 of router:web.default.default matched: PathPrefix \"/admin\", to"
        + " resolver:admin.default.default.dc1", r.explanation().route());
    assertEquals("target admin.default.default.dc1 (1 of 1 endpoints healthy, 100 % of requests)",
        r.explanation().failover());
  }

  @Test
  void sendsAHeaderMatchToTheCanarySubsetWithItsRetryPolicy() {
    ChainRoute r = route(pathRouting(), ChainRequest.builder().target("/").header("X-Debug", "1").build(), 0);
    assertEquals("canary.web.default.default.dc1", r.target().id());
    assertEquals(Optional.of(new RetryPolicy(5, List.of("connect-failure", "retriable-status-codes"),
        List.of(401, 409))), r.retryPolicy());
    assertEquals(Optional.empty(), r.requestTimeout());
    assertEquals("/", r.rewritePath("/"));
  }

  @Test
  void sendsEverythingElseToTheDefaultRoute() {
    ChainRoute r = route(pathRouting(), ChainRequest.builder().target("/other").header("x-debug", "2").build(), 0);
    assertEquals("web.default.default.dc1", r.target().id());
    assertEquals(2, r.routeIndex());
    assertEquals("no route of router:web.default.default matched: its default route (PathPrefix \"/\") goes to"
        + " resolver:web.default.default.dc1", r.explanation().route());
    assertEquals(Duration.ofSeconds(5), r.connectTimeout());
  }

  @Test
  void rejectsAPathThatNoRouteCanMatch() {
    ChainDecision d = pathRouting().route(ChainRequest.builder().method("OPTIONS").target("*").build(), 0);
    assertInstanceOf(ChainDecision.NoRoute.class, d);
  }

  static Stream<Arguments> matches() {
    return Stream.of(
        Arguments.of("PathPrefix is a string prefix", HttpMatch.pathPrefix("/admin"), get("/administrator"), true),
        Arguments.of("PathPrefix reaches into the query", HttpMatch.pathPrefix("/a?b"), get("/a?b=1"), true),
        Arguments.of("PathPrefix is case-sensitive", HttpMatch.pathPrefix("/Admin"), get("/admin"), false),
        Arguments.of("CaseInsensitive PathPrefix",
            HttpMatch.builder().pathPrefix("/Admin").caseInsensitive(true).build(), get("/ADMIN/x"), true),
        Arguments.of("PathExact ignores the query", HttpMatch.builder().pathExact("/a").build(), get("/a?x=1"), true),
        Arguments.of("PathExact is whole", HttpMatch.builder().pathExact("/a").build(), get("/a/"), false),
        Arguments.of("PathRegex matches the whole path", HttpMatch.builder().pathRegex("/v[0-9]+/.*").build(),
            get("/v2/items"), true),
        Arguments.of("PathRegex is anchored", HttpMatch.builder().pathRegex("/v[0-9]+/.*").build(),
            get("/x/v2/items"), false),
        Arguments.of("PathRegex ignores the query", HttpMatch.builder().pathRegex("/v[0-9]+").build(), get("/v2?x"),
            true),
        Arguments.of("Header Exact", HttpMatch.builder().header(HeaderMatch.exact("x-debug", "1")).build(),
            ChainRequest.builder().header("x-debug", "1").build(), true),
        Arguments.of("Header names ignore case", HttpMatch.builder().header(HeaderMatch.exact("X-Debug", "1")).build(),
            ChainRequest.builder().header("x-DEBUG", "1").build(), true),
        Arguments.of("Header values are case-sensitive",
            HttpMatch.builder().header(HeaderMatch.exact("x-env", "prod")).build(),
            ChainRequest.builder().header("x-env", "PROD").build(), false),
        Arguments.of("Header Prefix", HttpMatch.builder().header(HeaderMatch.prefix("ua", "curl/")).build(),
            ChainRequest.builder().header("ua", "curl/8.0").build(), true),
        Arguments.of("Header Suffix", HttpMatch.builder().header(HeaderMatch.suffix("host", ".internal")).build(),
            ChainRequest.builder().header("host", "a.internal").build(), true),
        Arguments.of("Header Regex is a full match",
            HttpMatch.builder().header(HeaderMatch.regex("x-id", "[0-9]+")).build(),
            ChainRequest.builder().header("x-id", "12a").build(), false),
        Arguments.of("Header Present", HttpMatch.builder().header(HeaderMatch.present("x-a")).build(),
            ChainRequest.builder().header("x-a", "").build(), true),
        Arguments.of("an inverted Present matches a missing header",
            HttpMatch.builder().header(HeaderMatch.present("x-a").inverted()).build(), get("/"), true),
        Arguments.of("an inverted Exact does not match a missing header (Envoy)",
            HttpMatch.builder().header(HeaderMatch.exact("x-a", "1").inverted()).build(), get("/"), false),
        Arguments.of("an inverted Exact matches another value",
            HttpMatch.builder().header(HeaderMatch.exact("x-a", "1").inverted()).build(),
            ChainRequest.builder().header("x-a", "2").build(), true),
        Arguments.of("several values of a header are joined with a comma",
            HttpMatch.builder().header(HeaderMatch.exact("x-a", "1,2")).build(),
            ChainRequest.builder().header("x-a", "1").header("X-A", "2").build(), true),
        Arguments.of("QueryParam Exact", HttpMatch.builder().queryParam(QueryParamMatch.exact("x-debug", "1")).build(),
            get("/?a=2&x-debug=1"), true),
        Arguments.of("QueryParam takes the first occurrence",
            HttpMatch.builder().queryParam(QueryParamMatch.exact("a", "2")).build(), get("/?a=1&a=2"), false),
        Arguments.of("QueryParam Present without a value",
            HttpMatch.builder().queryParam(QueryParamMatch.present("flag")).build(), get("/?flag"), true),
        Arguments.of("QueryParam values are not decoded",
            HttpMatch.builder().queryParam(QueryParamMatch.exact("q", "a b")).build(), get("/?q=a%20b"), false),
        Arguments.of("QueryParam Regex", HttpMatch.builder().queryParam(QueryParamMatch.regex("v", "v[12]")).build(),
            get("/?v=v2"), true),
        Arguments.of("a missing QueryParam", HttpMatch.builder().queryParam(QueryParamMatch.present("a")).build(),
            get("/?b=1"), false),
        Arguments.of("Methods", HttpMatch.builder().methods("GET", "HEAD").build(),
            ChainRequest.builder().method("HEAD").build(), true),
        Arguments.of("Methods compare exactly", HttpMatch.builder().methods("GET").build(),
            ChainRequest.builder().method("POST").build(), false),
        Arguments.of("all criteria must match",
            HttpMatch.builder().pathPrefix("/api").methods("GET").header(HeaderMatch.present("x-a")).build(),
            ChainRequest.builder().target("/api").header("x-a", "1").method("PUT").build(), false));
  }

  @ParameterizedTest(name = "service-router docs, Envoy semantics: {0}")
  @MethodSource("matches")
  void matchesAsEnvoy(String name, HttpMatch match, ChainRequest request, boolean matches) {
    ChainEntries entries = ChainEntries.builder().proxyDefaults(globalProtocol(Protocol.HTTP))
        .router(router("web", ServiceRoute.of(match, RouteDestination.toService("other")))).build();
    ChainRoute r = route(bind(entries, "web", Map.of("other.default.default.dc1", healthy(1),
        "web.default.default.dc1", healthy(1))), request, 0);
    assertEquals(matches ? "other" : "web", r.target().service());
  }

  @Test
  void theFirstMatchingRouteWins() {
    // service-router docs, "Header/query parameter matching": both routes send to the canary subset.
    ChainEntries entries = ChainEntries.builder().proxyDefaults(globalProtocol(Protocol.HTTP))
        .resolver(resolver("web").subset("canary", "Service.Meta.version == canary", false).build())
        .router(router("web",
            ServiceRoute.of(HttpMatch.builder().header(HeaderMatch.exact("x-debug", "1")).build(),
                RouteDestination.builder().service("web").serviceSubset("canary").build()),
            ServiceRoute.of(HttpMatch.builder().queryParam(QueryParamMatch.exact("x-debug", "1")).build(),
                RouteDestination.builder().service("web").serviceSubset("canary").build())))
        .build();
    ChainRouter router = bind(entries, "web", Map.of("canary.web.default.default.dc1", healthy(1),
        "web.default.default.dc1", healthy(1)));
    ChainRoute both = route(router, ChainRequest.builder().target("/?x-debug=1").header("x-debug", "1").build(), 0);
    assertEquals(0, both.routeIndex());
    ChainRoute query = route(router, get("/?x-debug=1"), 0);
    assertEquals(1, query.routeIndex());
    assertEquals("canary.web.default.default.dc1", query.target().id());
  }

  @Test
  void routesAGrpcMethodByExactPath() {
    // service-router docs, "gRPC routing".
    ChainEntries entries = ChainEntries.builder().serviceDefaults(protocol("billing", Protocol.GRPC))
        .serviceDefaults(protocol("invoice-generator", Protocol.GRPC))
        .router(router("billing", ServiceRoute.of(
            HttpMatch.builder().pathExact("/mycompany.BillingService/GenerateInvoice").build(),
            RouteDestination.toService("invoice-generator"))))
        .build();
    ChainRouter router = bind(entries, "billing", Map.of("invoice-generator.default.default.dc1", healthy(1),
        "billing.default.default.dc1", healthy(1)));
    assertEquals("invoice-generator", route(router, ChainRequest.builder().method("POST")
        .target("/mycompany.BillingService/GenerateInvoice").build(), 0).target().service());
    assertEquals("billing", route(router, ChainRequest.builder().method("POST")
        .target("/mycompany.BillingService/ListInvoices").build(), 0).target().service());
  }

  /** The "Version Split For Alternate Datacenter" sample: 90 % to v1, 10 % to v2. */
  @Test
  void splitsByTheCallersRandomValue() {
    ChainEntries entries = ChainEntries.builder()
        .resolver(resolver("web").defaultSubset("v1").subset("v1", "Service.Meta.version == v1", false)
            .subset("v2", "Service.Meta.version == v2", false).build())
        .serviceDefaults(protocol("web", Protocol.HTTP))
        .splitter(splitter("web", split(90, "", "v1"), split(10, "", "v2")))
        .build();
    ChainRouter router = ChainRouter.bind(ChainCompiler.compile(CompileRequest.of(svc("web"), "dc2", Fixtures.TD),
        entries), source(Map.of("v1.web.default.default.dc2", healthy(1), "v2.web.default.default.dc2", healthy(1))));
    ChainRoute v1 = route(router, get("/"), 8999);
    assertEquals("v1.web.default.default.dc2", v1.target().id());
    assertEquals(0, v1.splitIndex());
    ChainRoute v2 = route(router, get("/"), 9000);
    assertEquals("v2.web.default.default.dc2", v2.target().id());
    assertEquals("leg 1 of splitter:web.default.default (10 % of requests) to resolver:v2.web.default.default.dc2",
        v2.explanation().split());
    assertEquals(-1, v2.routeIndex());
    assertEquals("the chain has no router: every request goes to splitter:web.default.default",
        v2.explanation().route());
  }

  @Test
  void failsOverWhenThePrimaryHasNoHealthyEndpoint() {
    ChainEntries entries = ChainEntries.builder()
        .resolver(resolver("web").failover("*", ServiceResolver.Failover.toDatacenters("dc2", "dc3")).build()).build();
    ChainRouter router = bind(entries, "web", Map.of("web.default.default.dc1", List.of(endpoint(1, false)),
        "web.default.default.dc2", List.of(), "web.default.default.dc3", healthy(2)));
    ChainRoute r = route(router, get("/"), 12345);
    assertEquals("web.default.default.dc3", r.target().id());
    assertEquals(2, r.failoverStep());
    assertEquals(3, r.failoverOrder().size());
    assertEquals("failover step 2: target web.default.default.dc3 (2 of 2 endpoints healthy, 100 % of requests),"
        + " after web.default.default.dc1 (0 of 1 healthy, 0 %), web.default.default.dc2 (0 of 0 healthy, 0 %)",
        r.explanation().failover());
  }

  @Test
  void spillsOverFromADegradedPrimaryByEnvoysPriorityLoad() {
    // 1 of 2 healthy: health min(100, 140 * 1 / 2) = 70 %, the failover target takes the other 30 %.
    ChainEntries entries = ChainEntries.builder()
        .resolver(resolver("web").failover("*", ServiceResolver.Failover.toService("backup")).build()).build();
    ChainRouter router = bind(entries, "web", Map.of(
        "web.default.default.dc1", List.of(endpoint(1, true), endpoint(2, false)),
        "backup.default.default.dc1", healthy(1)));
    // Without a split the random value r picks the failover step by (r / 10000) mod 100.
    ChainRoute primary = route(router, get("/"), 69 * 10_000L);
    assertEquals(0, primary.failoverStep());
    assertEquals("target web.default.default.dc1 (1 of 2 endpoints healthy, 70 % of requests)",
        primary.explanation().failover());
    ChainRoute backup = route(router, get("/"), 70 * 10_000L);
    assertEquals(1, backup.failoverStep());
    assertEquals("failover step 1: target backup.default.default.dc1 (1 of 1 endpoints healthy, 30 % of requests),"
        + " after web.default.default.dc1 (1 of 2 healthy, 70 %)", backup.explanation().failover());
    assertEquals(0, route(router, get("/"), 169 * 10_000L + 9_999).failoverStep());
  }

  @Test
  void isUnavailableWhenNoTargetHasAHealthyEndpoint() {
    ChainEntries entries = ChainEntries.builder()
        .resolver(resolver("web").failover("*", ServiceResolver.Failover.toService("backup")).build()).build();
    ChainRouter router = bind(entries, "web", Map.of("web.default.default.dc1", List.of(endpoint(1, false))));
    ChainDecision.Unavailable u = assertInstanceOf(ChainDecision.Unavailable.class, router.route(get("/"), 7));
    assertEquals("no healthy endpoint in any target: web.default.default.dc1 (0 of 1) backup.default.default.dc1"
        + " (0 of 0)", u.explanation().failover());
    assertEquals(2, u.failoverOrder().size());
  }

  @Test
  void appliesTheLegsHeaderChangesBeforeTheRoutes() {
    HttpHeaderModifiers leg = HttpHeaderModifiers.builder().set("x-leg", "1").set("x-both", "leg").build();
    HttpHeaderModifiers routeLevel = HttpHeaderModifiers.builder().set("x-both", "route").build();
    HttpHeaderModifiers response = HttpHeaderModifiers.builder().remove("server").build();
    ChainEntries entries = ChainEntries.builder().proxyDefaults(globalProtocol(Protocol.HTTP))
        .router(router("web", ServiceRoute.of(HttpMatch.pathPrefix("/"), RouteDestination.builder()
            .requestHeaders(routeLevel).responseHeaders(response).build())))
        .splitter(splitter("web", ServiceSplit.builder(100).requestHeaders(leg).build()))
        .build();
    ChainRoute r = route(bind(entries, "web", Map.of("web.default.default.dc1", healthy(1))), get("/"), 0);
    assertEquals(List.of(leg, routeLevel), r.requestHeaders());
    assertEquals(List.of(response), r.responseHeaders());
  }

  @Test
  void appliesTheResolversRequestTimeoutOnlyWhenTheChainStartsAtIt() {
    ServiceResolver slow = resolver("web").requestTimeout(Duration.ofSeconds(30)).build();
    ChainRoute direct = route(bind(ChainEntries.builder().resolver(slow).build(), "web",
        Map.of("web.default.default.dc1", healthy(1))), get("/"), 0);
    assertEquals(Optional.of(Duration.ofSeconds(30)), direct.requestTimeout());
    ChainRoute routed = route(bind(ChainEntries.builder().resolver(slow).proxyDefaults(globalProtocol(Protocol.HTTP))
        .router(router("web")).build(), "web", Map.of("web.default.default.dc1", healthy(1))), get("/"), 0);
    assertEquals(Optional.empty(), routed.requestTimeout());
  }

  @Test
  void aNegativeRouteTimeoutDisablesIt() {
    ChainEntries entries = ChainEntries.builder().proxyDefaults(globalProtocol(Protocol.HTTP))
        .router(router("web", new ServiceRoute(Optional.empty(), Optional.of(RouteDestination.builder()
            .requestTimeout(Duration.ofSeconds(-1)).idleTimeout(Duration.ofMinutes(2)).build())))).build();
    ChainRoute r = route(bind(entries, "web", Map.of("web.default.default.dc1", healthy(1))), get("/"), 0);
    assertEquals(Optional.of(Duration.ZERO), r.requestTimeout());
    assertEquals(Optional.of(Duration.ofMinutes(2)), r.idleTimeout());
  }

  @Test
  void choosesOnlyHealthyEndpointsOfTheTarget() {
    ChainEntries entries = ChainEntries.builder().build();
    ChainRouter router = bind(entries, "web", Map.of("web.default.default.dc1",
        List.of(endpoint(1, false), endpoint(2, true), endpoint(3, true))));
    ChainRoute r = route(router, get("/"), 0);
    assertEquals(3, r.endpoints().size());
    assertTrue(r.endpoints().get(0).healthy());
    for (int i = 0; i < 20; i++) {
      Endpoint e = r.choose(get("/"), i, ActiveRequests.NONE);
      assertTrue(e.healthy(), e.toString());
    }
  }

  @Test
  void routingReturnsTheSamePrecomputedDecision() {
    ChainRouter router = pathRouting();
    assertTrue(router.route(get("/admin"), 1) == router.route(get("/admin/x"), 2));
    assertEquals(3, router.targets().size());
  }
}
