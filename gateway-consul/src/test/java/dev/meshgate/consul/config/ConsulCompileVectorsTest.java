package dev.meshgate.consul.config;

import static dev.meshgate.consul.config.ChainFixtures.globalProtocol;
import static dev.meshgate.consul.config.ChainFixtures.main;
import static dev.meshgate.consul.config.ChainFixtures.protocol;
import static dev.meshgate.consul.config.ChainFixtures.resolver;
import static dev.meshgate.consul.config.ChainFixtures.router;
import static dev.meshgate.consul.config.ChainFixtures.simpleRoute;
import static dev.meshgate.consul.config.ChainFixtures.split;
import static dev.meshgate.consul.config.ChainFixtures.splitter;
import static dev.meshgate.consul.config.ChainFixtures.svc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.catalog.ProxyDefaults;
import dev.meshgate.core.catalog.ServiceDefaults;
import dev.meshgate.core.chain.ChainCompiler;
import dev.meshgate.core.chain.ChainEntries;
import dev.meshgate.core.chain.CompileRequest;
import dev.meshgate.core.chain.CompiledDiscoveryChain;
import dev.meshgate.core.chain.HttpHeaderModifiers;
import dev.meshgate.core.chain.HttpMatch;
import dev.meshgate.core.chain.LoadBalancer;
import dev.meshgate.core.chain.RouteDestination;
import dev.meshgate.core.chain.ServiceResolver;
import dev.meshgate.core.chain.ServiceRoute;
import dev.meshgate.core.chain.ServiceSplit;
import dev.meshgate.core.config.MeshGatewayMode;
import dev.meshgate.core.config.Protocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cases of Consul's {@code agent/consul/discoverychain/compile_test.go} ({@code TestCompile}):
 * chain {@code main} compiled in {@code default/default/dc1} with trust domain
 * {@code trustdomain.consul}, each expected chain written as the JSON Consul's endpoint returns.
 * Consul's "service meta projection" cases are left out ({@code ServiceMeta} is not modelled), and
 * in "all the bells and whistles" the filter {@code ServiceMeta.env == prod} (which bexpr parses but
 * never matches an instance) is written {@code Service.Meta.env == prod}, the form the catalog's
 * filter language accepts.
 */
class ConsulCompileVectorsTest {

  static Stream<Arguments> chains() {
    List<Arguments> cases = new ArrayList<>();

    cases.add(row("router with defaults",
        b -> b.serviceDefaults(protocol("main", Protocol.HTTP)).router(router("main")),
        chain("http", false, "router:main.default.default",
            nodes(routerNode("main.default.default", route(DEFAULT_ROUTE, "resolver:main.default.default.dc1")),
                res("main.default.default.dc1").dflt()),
            targets(t("main", "", "dc1")))));

    cases.add(row("router with no destination",
        b -> b.serviceDefaults(protocol("main", Protocol.HTTP)).router(router("main",
            new ServiceRoute(Optional.of(HttpMatch.pathPrefix("/")), Optional.empty()))),
        chain("http", false, "router:main.default.default",
            nodes(routerNode("main.default.default",
                    route("{\"Match\":{\"HTTP\":{\"PathPrefix\":\"/\"}}}", "resolver:main.default.default.dc1"),
                    route(DEFAULT_ROUTE, "resolver:main.default.default.dc1")),
                res("main.default.default.dc1").dflt()),
            targets(t("main", "", "dc1")))));

    cases.add(row("router with defaults and resolver",
        b -> b.serviceDefaults(protocol("main", Protocol.HTTP)).router(router("main"))
            .resolver(resolver("main").connectTimeout(Duration.ofSeconds(33)).build()),
        chain("http", false, "router:main.default.default",
            nodes(routerNode("main.default.default", route(DEFAULT_ROUTE, "resolver:main.default.default.dc1")),
                res("main.default.default.dc1").connect("33s")),
            targets(t("main", "", "dc1").connect("33s")))));

    cases.add(row("router with defaults and noop split",
        b -> b.serviceDefaults(protocol("main", Protocol.HTTP)).router(router("main"))
            .splitter(splitter("main", split(100))),
        chain("http", false, "router:main.default.default",
            nodes(routerNode("main.default.default", route(DEFAULT_ROUTE, "splitter:main.default.default")),
                splitterNode("main.default.default", null, leg("{\"Weight\":100}", "100",
                    "resolver:main.default.default.dc1")),
                res("main.default.default.dc1").dflt()),
            targets(t("main", "", "dc1")))));

    cases.add(row("noop split with protocol from proxy defaults",
        b -> b.proxyDefaults(globalProtocol(Protocol.HTTP)).router(router("main"))
            .splitter(splitter("main", split(100))),
        chain("http", false, "router:main.default.default",
            nodes(routerNode("main.default.default", route(DEFAULT_ROUTE, "splitter:main.default.default")),
                splitterNode("main.default.default", null, leg("{\"Weight\":100}", "100",
                    "resolver:main.default.default.dc1")),
                res("main.default.default.dc1").dflt()),
            targets(t("main", "", "dc1")))));

    cases.add(row("router with defaults and noop split and resolver",
        b -> b.serviceDefaults(protocol("main", Protocol.HTTP)).router(router("main"))
            .splitter(splitter("main", split(100)))
            .resolver(resolver("main").connectTimeout(Duration.ofSeconds(33)).build()),
        chain("http", false, "router:main.default.default",
            nodes(routerNode("main.default.default", route(DEFAULT_ROUTE, "splitter:main.default.default")),
                splitterNode("main.default.default", null, leg("{\"Weight\":100}", "100",
                    "resolver:main.default.default.dc1")),
                res("main.default.default.dc1").connect("33s")),
            targets(t("main", "", "dc1").connect("33s")))));

    cases.add(row("route bypasses splitter",
        b -> b.serviceDefaults(protocol("main", Protocol.HTTP)).serviceDefaults(protocol("other", Protocol.HTTP))
            .router(router("main", ServiceRoute.of(HttpMatch.pathPrefix("/other"),
                RouteDestination.builder().service("other").serviceSubset("bypass").build())))
            .splitter(splitter("other", split(100, "ignored")))
            .resolver(resolver("other").subset("bypass", "Service.Meta.version == bypass", false).build()),
        chain("http", false, "router:main.default.default",
            nodes(routerNode("main.default.default",
                    route("{\"Match\":{\"HTTP\":{\"PathPrefix\":\"/other\"}},"
                        + "\"Destination\":{\"Service\":\"other\",\"ServiceSubset\":\"bypass\"}}",
                        "resolver:bypass.other.default.default.dc1"),
                    route(DEFAULT_ROUTE, "resolver:main.default.default.dc1")),
                res("main.default.default.dc1").dflt(),
                res("bypass.other.default.default.dc1")),
            targets(t("main", "", "dc1"), t("other", "bypass", "dc1").filter("Service.Meta.version == bypass")))));

    cases.add(row("noop split",
        b -> b.serviceDefaults(protocol("main", Protocol.HTTP)).splitter(splitter("main", split(100))),
        chain("http", false, "splitter:main.default.default",
            nodes(splitterNode("main.default.default", null, leg("{\"Weight\":100}", "100",
                    "resolver:main.default.default.dc1")),
                res("main.default.default.dc1").dflt()),
            targets(t("main", "", "dc1")))));

    cases.add(row("noop split with resolver",
        b -> b.serviceDefaults(protocol("main", Protocol.HTTP)).splitter(splitter("main", split(100)))
            .resolver(resolver("main").connectTimeout(Duration.ofSeconds(33)).build()),
        chain("http", false, "splitter:main.default.default",
            nodes(splitterNode("main.default.default", null, leg("{\"Weight\":100}", "100",
                    "resolver:main.default.default.dc1")),
                res("main.default.default.dc1").connect("33s")),
            targets(t("main", "", "dc1").connect("33s")))));

    cases.add(row("subset split",
        b -> b.serviceDefaults(protocol("main", Protocol.HTTP))
            .splitter(splitter("main", split(60, "", "v2"), split(40, "", "v1")))
            .resolver(resolver("main").subset("v1", "Service.Meta.version == 1", false)
                .subset("v2", "Service.Meta.version == 2", false).build()),
        chain("http", false, "splitter:main.default.default",
            nodes(splitterNode("main.default.default", null,
                    leg("{\"Weight\":60,\"ServiceSubset\":\"v2\"}", "60", "resolver:v2.main.default.default.dc1"),
                    leg("{\"Weight\":40,\"ServiceSubset\":\"v1\"}", "40", "resolver:v1.main.default.default.dc1")),
                res("v1.main.default.default.dc1"), res("v2.main.default.default.dc1")),
            targets(t("main", "v1", "dc1").filter("Service.Meta.version == 1"),
                t("main", "v2", "dc1").filter("Service.Meta.version == 2")))));

    cases.add(row("service split",
        b -> b.serviceDefaults(protocol("main", Protocol.HTTP)).serviceDefaults(protocol("foo", Protocol.HTTP))
            .serviceDefaults(protocol("bar", Protocol.HTTP))
            .splitter(splitter("main", split(60, "foo"), split(40, "bar"))),
        chain("http", false, "splitter:main.default.default",
            nodes(splitterNode("main.default.default", null,
                    leg("{\"Weight\":60,\"Service\":\"foo\"}", "60", "resolver:foo.default.default.dc1"),
                    leg("{\"Weight\":40,\"Service\":\"bar\"}", "40", "resolver:bar.default.default.dc1")),
                res("foo.default.default.dc1").dflt(), res("bar.default.default.dc1").dflt()),
            targets(t("foo", "", "dc1"), t("bar", "", "dc1")))));

    cases.add(row("split bypasses next splitter",
        b -> b.serviceDefaults(protocol("main", Protocol.HTTP)).serviceDefaults(protocol("next", Protocol.HTTP))
            .splitter(splitter("main", split(100, "next", "bypassed")))
            .splitter(splitter("next", split(100, "", "not-bypassed")))
            .resolver(resolver("next").subset("bypassed", "Service.Meta.version == bypass", false)
                .subset("not-bypassed", "Service.Meta.version != bypass", false).build()),
        chain("http", false, "splitter:main.default.default",
            nodes(splitterNode("main.default.default", null,
                    leg("{\"Weight\":100,\"Service\":\"next\",\"ServiceSubset\":\"bypassed\"}", "100",
                        "resolver:bypassed.next.default.default.dc1")),
                res("bypassed.next.default.default.dc1")),
            targets(t("next", "bypassed", "dc1").filter("Service.Meta.version == bypass")))));

    cases.add(row("service redirect",
        b -> b.resolver(resolver("main").redirect(ServiceResolver.Redirect.toService("other")).build()),
        chain("tcp", false, "resolver:other.default.default.dc1",
            nodes(res("other.default.default.dc1").dflt()), targets(t("other", "", "dc1")))));

    cases.add(row("service and subset redirect",
        b -> b.resolver(resolver("main").redirect(ServiceResolver.Redirect.toSubset("other", "v2")).build())
            .resolver(resolver("other").subset("v1", "Service.Meta.version == 1", false)
                .subset("v2", "Service.Meta.version == 2", false).build()),
        chain("tcp", false, "resolver:v2.other.default.default.dc1",
            nodes(res("v2.other.default.default.dc1")),
            targets(t("other", "v2", "dc1").filter("Service.Meta.version == 2")))));

    cases.add(row("datacenter redirect",
        b -> b.resolver(resolver("main").redirect(ServiceResolver.Redirect.toDatacenter("dc9")).build()),
        chain("tcp", false, "resolver:main.default.default.dc9",
            nodes(res("main.default.default.dc9")), targets(t("main", "", "dc9")))));

    cases.add(row("datacenter redirect with mesh gateways",
        b -> b.proxyDefaults(ProxyDefaults.builder().meshGatewayMode(MeshGatewayMode.REMOTE).build())
            .resolver(resolver("main").redirect(ServiceResolver.Redirect.toDatacenter("dc9")).build()),
        chain("tcp", false, "resolver:main.default.default.dc9",
            nodes(res("main.default.default.dc9")), targets(t("main", "", "dc9").mode("remote")))));

    cases.add(row("service failover",
        b -> b.resolver(resolver("main").failover("*", ServiceResolver.Failover.toService("backup")).build()),
        chain("tcp", false, "resolver:main.default.default.dc1",
            nodes(res("main.default.default.dc1").failover("backup.default.default.dc1")),
            targets(t("main", "", "dc1"), t("backup", "", "dc1")))));

    cases.add(row("service failover through redirect",
        b -> b.resolver(resolver("backup").redirect(ServiceResolver.Redirect.toService("actual")).build())
            .resolver(resolver("main").failover("*", ServiceResolver.Failover.toService("backup")).build()),
        chain("tcp", false, "resolver:main.default.default.dc1",
            nodes(res("main.default.default.dc1").failover("actual.default.default.dc1")),
            targets(t("main", "", "dc1"), t("actual", "", "dc1")))));

    cases.add(row("circular resolver failover",
        b -> b.resolver(resolver("backup").failover("*", ServiceResolver.Failover.toService("main")).build())
            .resolver(resolver("main").failover("*", ServiceResolver.Failover.toService("backup")).build()),
        chain("tcp", false, "resolver:main.default.default.dc1",
            nodes(res("main.default.default.dc1").failover("backup.default.default.dc1")),
            targets(t("main", "", "dc1"), t("backup", "", "dc1")))));

    cases.add(row("service and subset failover",
        b -> b.resolver(resolver("main").subset("backup", "Service.Meta.version == backup", false)
            .failover("*", ServiceResolver.Failover.toSubset("backup")).build()),
        chain("tcp", false, "resolver:main.default.default.dc1",
            nodes(res("main.default.default.dc1").failover("backup.main.default.default.dc1")),
            targets(t("main", "", "dc1"), t("main", "backup", "dc1").filter("Service.Meta.version == backup")))));

    cases.add(row("datacenter failover",
        b -> b.resolver(resolver("main").failover("*", ServiceResolver.Failover.toDatacenters("dc2", "dc4")).build()),
        chain("tcp", false, "resolver:main.default.default.dc1",
            nodes(res("main.default.default.dc1").failover("main.default.default.dc2", "main.default.default.dc4")),
            targets(t("main", "", "dc1"), t("main", "", "dc2"), t("main", "", "dc4")))));

    cases.add(row("datacenter failover with mesh gateways",
        b -> b.proxyDefaults(ProxyDefaults.builder().meshGatewayMode(MeshGatewayMode.REMOTE).build())
            .resolver(resolver("main").failover("*", ServiceResolver.Failover.toDatacenters("dc2", "dc4")).build()),
        chain("tcp", false, "resolver:main.default.default.dc1",
            nodes(res("main.default.default.dc1").failover("main.default.default.dc2", "main.default.default.dc4")),
            targets(t("main", "", "dc1").mode("remote"), t("main", "", "dc2").mode("remote"),
                t("main", "", "dc4").mode("remote")))));

    cases.add(row("noop split to resolver with default subset",
        b -> b.serviceDefaults(protocol("main", Protocol.HTTP)).splitter(splitter("main", split(100)))
            .resolver(resolver("main").defaultSubset("v2").subset("v1", "Service.Meta.version == 1", false)
                .subset("v2", "Service.Meta.version == 2", false).build()),
        chain("http", false, "splitter:main.default.default",
            nodes(splitterNode("main.default.default", null, leg("{\"Weight\":100}", "100",
                    "resolver:v2.main.default.default.dc1")),
                res("v2.main.default.default.dc1")),
            targets(t("main", "v2", "dc1").filter("Service.Meta.version == 2")))));

    cases.add(row("resolver with default subset",
        b -> b.resolver(resolver("main").defaultSubset("v2").subset("v1", "Service.Meta.version == 1", false)
            .subset("v2", "Service.Meta.version == 2", false).build()),
        chain("tcp", false, "resolver:v2.main.default.default.dc1",
            nodes(res("v2.main.default.default.dc1")),
            targets(t("main", "v2", "dc1").filter("Service.Meta.version == 2")))));

    cases.add(row("default resolver with external sni",
        b -> b.serviceDefaults(ServiceDefaults.builder(svc("main")).externalSni("main.some.other.service.mesh").build()),
        chain("tcp", true, "resolver:main.default.default.dc1",
            nodes(res("main.default.default.dc1").dflt()),
            targets(t("main", "", "dc1").sni("main.some.other.service.mesh").external()))));

    cases.add(row("resolver with no entries and inferring defaults",
        b -> b,
        chain("tcp", true, "resolver:main.default.default.dc1",
            nodes(res("main.default.default.dc1").dflt()), targets(t("main", "", "dc1")))));

    cases.add(row("default resolver with proxy defaults",
        b -> b.proxyDefaults(ProxyDefaults.builder().protocol(Protocol.GRPC).meshGatewayMode(MeshGatewayMode.REMOTE)
            .build()),
        chain("grpc", true, "resolver:main.default.default.dc1",
            nodes(res("main.default.default.dc1").dflt()), targets(t("main", "", "dc1").mode("remote")))));

    String ringHash101 = "{\"Policy\":\"ring_hash\",\"RingHashConfig\":{\"MaximumRingSize\":101},"
        + "\"HashPolicies\":[{\"SourceIP\":true}]}";
    LoadBalancer ring101 = new LoadBalancer("ring_hash", Optional.of(new LoadBalancer.RingHashConfig(0, 101)),
        Optional.empty(), List.of(LoadBalancer.HashPolicy.hashSourceIp()));
    cases.add(row("loadbalancer splitter and resolver",
        b -> b.serviceDefaults(protocol("foo", Protocol.HTTP)).serviceDefaults(protocol("bar", Protocol.HTTP))
            .serviceDefaults(protocol("baz", Protocol.HTTP))
            .splitter(splitter("main", split(60, "foo"), split(20, "bar"), split(20, "baz")))
            .resolver(resolver("foo").loadBalancer(new LoadBalancer("least_request", Optional.empty(),
                Optional.of(new LoadBalancer.LeastRequestConfig(3)), List.of())).build())
            .resolver(resolver("bar").loadBalancer(ring101).build())
            .resolver(resolver("baz").loadBalancer(LoadBalancer.hashing("maglev", new LoadBalancer.HashPolicy("cookie",
                "chocolate-chip", Optional.of(new LoadBalancer.CookieConfig(false, Duration.ofMinutes(2), "/bowl")),
                false, true))).build()),
        chain("http", false, "splitter:main.default.default",
            nodes(splitterNode("main.default.default", ringHash101,
                    leg("{\"Weight\":60,\"Service\":\"foo\"}", "60", "resolver:foo.default.default.dc1"),
                    leg("{\"Weight\":20,\"Service\":\"bar\"}", "20", "resolver:bar.default.default.dc1"),
                    leg("{\"Weight\":20,\"Service\":\"baz\"}", "20", "resolver:baz.default.default.dc1")),
                res("foo.default.default.dc1").lb("{\"Policy\":\"least_request\","
                    + "\"LeastRequestConfig\":{\"ChoiceCount\":3}}"),
                res("bar.default.default.dc1").lb(ringHash101),
                res("baz.default.default.dc1").lb("{\"Policy\":\"maglev\",\"HashPolicies\":[{\"Field\":\"cookie\","
                    + "\"FieldValue\":\"chocolate-chip\",\"CookieConfig\":{\"TTL\":120000000000,\"Path\":\"/bowl\"},"
                    + "\"Terminal\":true}]}")),
            targets(t("foo", "", "dc1"), t("bar", "", "dc1"), t("baz", "", "dc1")))));

    cases.add(row("loadbalancer resolver",
        b -> b.serviceDefaults(protocol("main", Protocol.HTTP)).resolver(resolver("main").loadBalancer(ring101).build()),
        chain("http", false, "resolver:main.default.default.dc1",
            nodes(res("main.default.default.dc1").lb(ringHash101)), targets(t("main", "", "dc1")))));

    cases.add(row("service redirect to service with default resolver is not a default chain",
        b -> b.resolver(resolver("main").redirect(ServiceResolver.Redirect.toService("other")).build()),
        chain("tcp", false, "resolver:other.default.default.dc1",
            nodes(res("other.default.default.dc1").dflt()), targets(t("other", "", "dc1")))));

    cases.add(row("multi dc canary",
        b -> b.serviceDefaults(protocol("main", Protocol.HTTP)).serviceDefaults(protocol("main-dc2", Protocol.HTTP))
            .serviceDefaults(protocol("main-dc3", Protocol.HTTP))
            .splitter(splitter("main", split(60, "main-dc2"), split(40, "main-dc3")))
            .resolver(resolver("main-dc2").redirect(new ServiceResolver.Redirect("main", "", "", "", "dc2")).build())
            .resolver(resolver("main-dc3").redirect(new ServiceResolver.Redirect("main", "", "", "", "dc3")).build())
            .resolver(resolver("main").connectTimeout(Duration.ofSeconds(33)).build()),
        chain("http", false, "splitter:main.default.default",
            nodes(splitterNode("main.default.default", null,
                    leg("{\"Weight\":60,\"Service\":\"main-dc2\"}", "60", "resolver:main.default.default.dc2"),
                    leg("{\"Weight\":40,\"Service\":\"main-dc3\"}", "40", "resolver:main.default.default.dc3")),
                res("main.default.default.dc2").connect("33s"), res("main.default.default.dc3").connect("33s")),
            targets(t("main", "", "dc2").connect("33s"), t("main", "", "dc3").connect("33s")))));

    cases.add(row("all the bells and whistles", ConsulCompileVectorsTest::bellsAndWhistles, bellsAndWhistlesChain()));

    cases.add(row("resolver with protocol from override",
        b -> b.serviceDefaults(protocol("main", Protocol.GRPC)),
        r -> r.withOverrideProtocol(Protocol.HTTP2), true,
        chain("http2", true, "resolver:main.default.default.dc1",
            nodes(res("main.default.default.dc1").dflt()), targets(t("main", "", "dc1")))));

    cases.add(row("resolver with protocol from override ignored",
        b -> b.serviceDefaults(protocol("main", Protocol.HTTP2)),
        r -> r.withOverrideProtocol(Protocol.HTTP2), false,
        chain("http2", true, "resolver:main.default.default.dc1",
            nodes(res("main.default.default.dc1").dflt()), targets(t("main", "", "dc1")))));

    cases.add(row("router ignored due to protocol override",
        b -> b.serviceDefaults(protocol("main", Protocol.GRPC)).router(router("main")),
        r -> r.withOverrideProtocol(Protocol.TCP), true,
        chain("tcp", true, "resolver:main.default.default.dc1",
            nodes(res("main.default.default.dc1").dflt()), targets(t("main", "", "dc1")))));

    return cases.stream();
  }

  @ParameterizedTest(name = "compile_test.go: {0}")
  @MethodSource("chains")
  void compilesAsConsul(String name, UnaryOperator<ChainEntries.Builder> entries,
      UnaryOperator<CompileRequest> request, boolean customized, String expected) {
    CompiledDiscoveryChain chain = ChainCompiler.compile(request.apply(main()), entries.apply(ChainEntries.builder())
        .build());
    String json = DiscoveryChainJson.encode(chain);
    if (customized) {
      assertTrue(chain.customizationHash().matches("[0-9a-f]{8}"), chain.customizationHash());
      json = json.replace(",\"CustomizationHash\":\"" + chain.customizationHash() + "\"", "");
    } else {
      assertEquals("", chain.customizationHash());
    }
    assertEquals(expected, json);
  }

  // ---- "all the bells and whistles" ----

  private static ChainEntries.Builder bellsAndWhistles(ChainEntries.Builder b) {
    for (String s : List.of("main", "svc-redirect", "svc-redirect-again", "svc-split", "svc-split-again",
        "svc-split-one-more-time", "redirected")) {
      b.serviceDefaults(protocol(s, Protocol.HTTP));
    }
    b.router(router("main", simpleRoute("svc-redirect"), simpleRoute("svc-split")));
    b.splitter(splitter("svc-split", split(60, "svc-redirect"), split(40, "svc-split-again")));
    b.splitter(splitter("svc-split-again", split(75, "main", "v1"),
        ServiceSplit.builder(25).service("svc-split-one-more-time")
            .requestHeaders(HttpHeaderModifiers.builder().set("parent", "1").set("shared", "from-parent").build())
            .responseHeaders(HttpHeaderModifiers.builder().set("parent", "2").set("shared", "from-parent").build())
            .build()));
    b.splitter(splitter("svc-split-one-more-time", split(80, "main", "v2"),
        ServiceSplit.builder(20).service("main").serviceSubset("v3")
            .requestHeaders(HttpHeaderModifiers.builder().set("child", "3").set("shared", "from-child").build())
            .responseHeaders(HttpHeaderModifiers.builder().set("child", "4").set("shared", "from-parent").build())
            .build()));
    b.resolver(resolver("svc-redirect").redirect(ServiceResolver.Redirect.toService("svc-redirect-again")).build());
    b.resolver(resolver("svc-redirect-again").redirect(ServiceResolver.Redirect.toService("redirected")).build());
    b.resolver(resolver("redirected").defaultSubset("prod").subset("prod", "Service.Meta.env == prod", false)
        .subset("qa", "Service.Meta.env == qa", false)
        .loadBalancer(new LoadBalancer("ring_hash", Optional.of(new LoadBalancer.RingHashConfig(0, 100)),
            Optional.empty(), List.of(LoadBalancer.HashPolicy.hashSourceIp()))).build());
    b.resolver(resolver("main").defaultSubset("default-subset").subset("v1", "Service.Meta.version == 1", false)
        .subset("v2", "Service.Meta.version == 2", false).subset("v3", "Service.Meta.version == 3", false)
        .subset("default-subset", "", true).build());
    return b;
  }

  private static String bellsAndWhistlesChain() {
    String lb = "{\"Policy\":\"ring_hash\",\"RingHashConfig\":{\"MaximumRingSize\":100},"
        + "\"HashPolicies\":[{\"SourceIP\":true}]}";
    return chain("http", false, "router:main.default.default",
        nodes(routerNode("main.default.default",
                route("{\"Match\":{\"HTTP\":{\"PathPrefix\":\"/svc-redirect\"}},"
                    + "\"Destination\":{\"Service\":\"svc-redirect\"}}", "resolver:prod.redirected.default.default.dc1"),
                route("{\"Match\":{\"HTTP\":{\"PathPrefix\":\"/svc-split\"}},"
                    + "\"Destination\":{\"Service\":\"svc-split\"}}", "splitter:svc-split.default.default"),
                route(DEFAULT_ROUTE, "resolver:default-subset.main.default.default.dc1")),
            splitterNode("svc-split.default.default", lb,
                leg("{\"Weight\":60,\"Service\":\"svc-redirect\"}", "60",
                    "resolver:prod.redirected.default.default.dc1"),
                leg("{\"Weight\":75,\"Service\":\"main\",\"ServiceSubset\":\"v1\"}", "30",
                    "resolver:v1.main.default.default.dc1"),
                leg("{\"Weight\":80,\"Service\":\"main\",\"ServiceSubset\":\"v2\","
                    + "\"RequestHeaders\":{\"Set\":{\"parent\":\"1\",\"shared\":\"from-parent\"}},"
                    + "\"ResponseHeaders\":{\"Set\":{\"parent\":\"2\",\"shared\":\"from-parent\"}}}", "8",
                    "resolver:v2.main.default.default.dc1"),
                leg("{\"Weight\":20,\"Service\":\"main\",\"ServiceSubset\":\"v3\","
                    + "\"RequestHeaders\":{\"Set\":{\"child\":\"3\",\"parent\":\"1\",\"shared\":\"from-child\"}},"
                    + "\"ResponseHeaders\":{\"Set\":{\"child\":\"4\",\"parent\":\"2\",\"shared\":\"from-parent\"}}}",
                    "2", "resolver:v3.main.default.default.dc1")),
            res("prod.redirected.default.default.dc1").lb(lb),
            res("v1.main.default.default.dc1"), res("v2.main.default.default.dc1"), res("v3.main.default.default.dc1"),
            res("default-subset.main.default.default.dc1")),
        targets(t("redirected", "prod", "dc1").filter("Service.Meta.env == prod"),
            t("main", "v1", "dc1").filter("Service.Meta.version == 1"),
            t("main", "v2", "dc1").filter("Service.Meta.version == 2"),
            t("main", "v3", "dc1").filter("Service.Meta.version == 3"),
            t("main", "default-subset", "dc1").onlyPassing()));
  }

  // ---- the expected JSON, written in Consul's field order ----

  static final String DEFAULT_ROUTE = "{\"Match\":{\"HTTP\":{\"PathPrefix\":\"/\"}},"
      + "\"Destination\":{\"Service\":\"main\",\"Namespace\":\"default\",\"Partition\":\"default\"}}";

  private static Arguments row(String name, UnaryOperator<ChainEntries.Builder> entries, String chain) {
    return row(name, entries, r -> r, false, chain);
  }

  private static Arguments row(String name, UnaryOperator<ChainEntries.Builder> entries,
      UnaryOperator<CompileRequest> request, boolean customized, String chain) {
    return Arguments.of(name, entries, request, customized, chain);
  }

  static String chain(String protocol, boolean isDefault, String start, Map<String, String> nodes,
      Map<String, String> targets) {
    StringBuilder b = new StringBuilder("{\"ServiceName\":\"main\",\"Namespace\":\"default\",\"Partition\":\"default\","
        + "\"Datacenter\":\"dc1\"");
    if (isDefault) {
      b.append(",\"Default\":true");
    }
    b.append(",\"Protocol\":\"").append(protocol).append("\",\"StartNode\":\"").append(start).append('"');
    b.append(",\"Nodes\":").append(object(nodes)).append(",\"Targets\":").append(object(targets)).append('}');
    return b.toString();
  }

  private static String object(Map<String, String> members) {
    StringBuilder b = new StringBuilder("{");
    for (Map.Entry<String, String> e : members.entrySet()) {
      if (b.length() > 1) {
        b.append(',');
      }
      b.append('"').append(e.getKey()).append("\":").append(e.getValue());
    }
    return b.append('}').toString();
  }

  static Map<String, String> nodes(Object... nodes) {
    Map<String, String> out = new TreeMap<>();
    for (Object n : nodes) {
      if (n instanceof Res r) {
        out.put("resolver:" + r.id, r.json());
      } else {
        String[] kv = (String[]) n;
        out.put(kv[0], kv[1]);
      }
    }
    return out;
  }

  static Map<String, String> targets(T... targets) {
    Map<String, String> out = new TreeMap<>();
    for (T t : targets) {
      out.put(t.id(), t.json());
    }
    return out;
  }

  static String route(String definition, String next) {
    return "{\"Definition\":" + definition + ",\"NextNode\":\"" + next + "\"}";
  }

  static String[] routerNode(String name, String... routes) {
    return new String[] {"router:" + name,
        "{\"Type\":\"router\",\"Name\":\"" + name + "\",\"Routes\":[" + String.join(",", routes) + "]}"};
  }

  static String leg(String definition, String weight, String next) {
    return "{\"Definition\":" + definition + ",\"Weight\":" + weight + ",\"NextNode\":\"" + next + "\"}";
  }

  static String[] splitterNode(String name, String lb, String... legs) {
    return new String[] {"splitter:" + name, "{\"Type\":\"splitter\",\"Name\":\"" + name + "\",\"Splits\":["
        + String.join(",", legs) + "]" + (lb == null ? "" : ",\"LoadBalancer\":" + lb) + "}"};
  }

  static Res res(String id) {
    return new Res(id);
  }

  static T t(String service, String subset, String dc) {
    return new T(service, subset, dc);
  }

  /** An expected resolver node. */
  static final class Res {
    final String id;
    boolean isDefault;
    String connect = "5s";
    List<String> failover = List.of();
    String lb;

    Res(String id) {
      this.id = id;
    }

    Res dflt() {
      isDefault = true;
      return this;
    }

    Res connect(String value) {
      connect = value;
      return this;
    }

    Res failover(String... targets) {
      failover = List.of(targets);
      return this;
    }

    Res lb(String json) {
      lb = json;
      return this;
    }

    String json() {
      StringBuilder b = new StringBuilder("{\"Type\":\"resolver\",\"Name\":\"" + id + "\",\"Resolver\":{"
          + "\"ConnectTimeout\":\"" + connect + "\"");
      if (isDefault) {
        b.append(",\"Default\":true");
      }
      b.append(",\"Target\":\"").append(id).append('"');
      if (!failover.isEmpty()) {
        b.append(",\"Failover\":{\"Targets\":[\"").append(String.join("\",\"", failover)).append("\"]}");
      }
      b.append('}');
      if (lb != null) {
        b.append(",\"LoadBalancer\":").append(lb);
      }
      return b.append('}').toString();
    }
  }

  /** An expected target, as Consul's test helper newTarget builds it. */
  static final class T {
    final String service;
    final String subset;
    final String dc;
    String connect = "5s";
    String filter = "";
    boolean onlyPassing;
    String mode = "";
    String sni;
    boolean external;

    T(String service, String subset, String dc) {
      this.service = service;
      this.subset = subset;
      this.dc = dc;
    }

    T connect(String value) {
      connect = value;
      return this;
    }

    T filter(String value) {
      filter = value;
      return this;
    }

    T onlyPassing() {
      onlyPassing = true;
      return this;
    }

    T mode(String value) {
      mode = value;
      return this;
    }

    T sni(String value) {
      sni = value;
      return this;
    }

    T external() {
      external = true;
      return this;
    }

    String id() {
      return (subset.isEmpty() ? "" : subset + ".") + service + ".default.default." + dc;
    }

    String json() {
      String name = (subset.isEmpty() ? "" : subset + ".") + service + ".default." + dc + ".internal.trustdomain.consul";
      StringBuilder b = new StringBuilder("{\"ConnectTimeout\":\"" + connect + "\",\"ID\":\"" + id()
          + "\",\"Service\":\"" + service + "\"");
      if (!subset.isEmpty()) {
        b.append(",\"ServiceSubset\":\"").append(subset).append('"');
      }
      b.append(",\"Namespace\":\"default\",\"Partition\":\"default\",\"Datacenter\":\"").append(dc).append('"');
      b.append(",\"MeshGateway\":{").append(mode.isEmpty() ? "" : "\"Mode\":\"" + mode + "\"").append('}');
      b.append(",\"Subset\":{");
      if (!filter.isEmpty()) {
        b.append("\"Filter\":\"").append(filter).append('"');
      }
      if (onlyPassing) {
        b.append(filter.isEmpty() ? "" : ",").append("\"OnlyPassing\":true");
      }
      b.append("},\"TransparentProxy\":{}");
      if (external) {
        b.append(",\"External\":true");
      }
      b.append(",\"SNI\":\"").append(sni != null ? sni : name).append("\",\"Name\":\"").append(name).append("\"}");
      return b.toString();
    }
  }
}
