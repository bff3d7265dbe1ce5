package dev.meshgate.core.chain;

import static dev.meshgate.core.chain.Fixtures.globalProtocol;
import static dev.meshgate.core.chain.Fixtures.protocol;
import static dev.meshgate.core.chain.Fixtures.resolver;
import static dev.meshgate.core.chain.Fixtures.router;
import static dev.meshgate.core.chain.Fixtures.split;
import static dev.meshgate.core.chain.Fixtures.splitter;
import static dev.meshgate.core.chain.Fixtures.svc;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshgate.core.config.MeshGatewayMode;
import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.naming.TrustDomain;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The "Sample Compilations" of Consul's discovery-chain API page (api-docs/discovery-chain),
 * written as current Consul renders them: the page predates admin partitions, so node names, target
 * IDs and the chain carry the {@code default} partition here, targets carry their
 * {@code ConnectTimeout} and {@code TransparentProxy}, and the catch-all route names its namespace
 * and partition. The page's {@code proxy-defaults} named {@code web} is written {@code global}, the
 * only name Consul accepts.
 */
class ConsulDocsChainJsonTest {
  private static final TrustDomain TD = new TrustDomain("fce8a058-0981-2c04-d23c-b7375af64ce8.consul");

  private static String target(String id, String service, String subset, String dc, String connect, String subsetJson,
      String mode) {
    String sni = (subset.isEmpty() ? "" : subset + ".") + service + ".default." + dc + ".internal." + TD.value();
    return "\"" + id + "\": {\"ConnectTimeout\": \"" + connect + "\", \"ID\": \"" + id + "\", \"Service\": \"" + service
        + "\"," + (subset.isEmpty() ? "" : " \"ServiceSubset\": \"" + subset + "\",")
        + " \"Namespace\": \"default\", \"Partition\": \"default\", \"Datacenter\": \"" + dc + "\","
        + " \"MeshGateway\": {" + mode + "}, \"Subset\": " + subsetJson + ", \"TransparentProxy\": {},"
        + " \"SNI\": \"" + sni + "\", \"Name\": \"" + sni + "\"}";
  }

  @Test
  void compilesTheHttpPathRoutingSample() {
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
    String expected = """
        {
          "ServiceName": "web", "Namespace": "default", "Partition": "default", "Datacenter": "dc1",
          "Protocol": "http",
          "StartNode": "router:web.default.default",
          "Nodes": {
            "resolver:admin.default.default.dc1": {
              "Type": "resolver", "Name": "admin.default.default.dc1",
              "Resolver": {"ConnectTimeout": "5s", "Default": true, "Target": "admin.default.default.dc1"}
            },
            "resolver:canary.web.default.default.dc1": {
              "Type": "resolver", "Name": "canary.web.default.default.dc1",
              "Resolver": {"ConnectTimeout": "5s", "Target": "canary.web.default.default.dc1"}
            },
            "resolver:web.default.default.dc1": {
              "Type": "resolver", "Name": "web.default.default.dc1",
              "Resolver": {"ConnectTimeout": "5s", "Target": "web.default.default.dc1"}
            },
            "router:web.default.default": {
              "Type": "router", "Name": "web.default.default",
              "Routes": [
                {
                  "Definition": {
                    "Match": {"HTTP": {"PathPrefix": "/admin"}},
                    "Destination": {"RequestTimeout": "15s", "Service": "admin", "PrefixRewrite": "/"}
                  },
                  "NextNode": "resolver:admin.default.default.dc1"
                },
                {
                  "Definition": {
                    "Match": {"HTTP": {"Header": [{"Name": "x-debug", "Exact": "1"}]}},
                    "Destination": {"Service": "web", "ServiceSubset": "canary", "NumRetries": 5,
                      "RetryOnConnectFailure": true, "RetryOnStatusCodes": [401, 409]}
                  },
                  "NextNode": "resolver:canary.web.default.default.dc1"
                },
                {
                  "Definition": {
                    "Match": {"HTTP": {"PathPrefix": "/"}},
                    "Destination": {"Service": "web", "Namespace": "default", "Partition": "default"}
                  },
                  "NextNode": "resolver:web.default.default.dc1"
                }
              ]
            }
          },
          "Targets": {
        """ + target("admin.default.default.dc1", "admin", "", "dc1", "5s", "{}", "") + ",\n"
        + target("canary.web.default.default.dc1", "web", "canary", "dc1", "5s",
            "{\"Filter\": \"Service.Meta.flavor == canary\"}", "") + ",\n"
        + target("web.default.default.dc1", "web", "", "dc1", "5s", "{}", "") + "\n  }\n}";
    CompiledDiscoveryChain chain = ChainCompiler.compile(CompileRequest.of(svc("web"), "dc1", TD), entries);
    assertEquals(ChainJson.compact(expected), ChainJson.of(chain));
  }

  @Test
  void compilesTheMultiDatacenterFailoverSample() {
    ChainEntries entries = ChainEntries.builder().resolver(resolver("web").connectTimeout(Duration.ofSeconds(15))
        .failover("*", ServiceResolver.Failover.toDatacenters("dc3", "dc4")).build()).build();
    String expected = """
        {"ServiceName": "web", "Namespace": "default", "Partition": "default", "Datacenter": "dc1",
         "Protocol": "tcp", "StartNode": "resolver:web.default.default.dc1",
         "Nodes": {"resolver:web.default.default.dc1": {"Type": "resolver", "Name": "web.default.default.dc1",
           "Resolver": {"ConnectTimeout": "15s", "Target": "web.default.default.dc1",
             "Failover": {"Targets": ["web.default.default.dc3", "web.default.default.dc4"]}}}},
         "Targets": {
        """ + target("web.default.default.dc1", "web", "", "dc1", "15s", "{}", "") + ","
        + target("web.default.default.dc3", "web", "", "dc3", "15s", "{}", "") + ","
        + target("web.default.default.dc4", "web", "", "dc4", "15s", "{}", "") + "}}";
    CompiledDiscoveryChain chain = ChainCompiler.compile(CompileRequest.of(svc("web"), "dc1", TD), entries);
    assertEquals(ChainJson.compact(expected), ChainJson.of(chain));
  }

  @Test
  void compilesTheDatacenterRedirectWithOverridesSample() {
    ChainEntries entries = ChainEntries.builder()
        .resolver(resolver("web").redirect(ServiceResolver.Redirect.toDatacenter("dc2")).build()).build();
    CompileRequest request = CompileRequest.of(svc("web"), "dc1", TD).withOverrideConnectTimeout(Duration.ofSeconds(7))
        .withOverrideProtocol(Protocol.GRPC).withOverrideMeshGateway(MeshGatewayMode.REMOTE);
    CompiledDiscoveryChain chain = ChainCompiler.compile(request, entries);
    String expected = """
        {"ServiceName": "web", "Namespace": "default", "Partition": "default", "Datacenter": "dc1",
         "CustomizationHash": "%s", "Protocol": "grpc", "StartNode": "resolver:web.default.default.dc2",
         "Nodes": {"resolver:web.default.default.dc2": {"Type": "resolver", "Name": "web.default.default.dc2",
           "Resolver": {"ConnectTimeout": "7s", "Target": "web.default.default.dc2"}}},
         "Targets": {
        """.formatted(chain.customizationHash())
        + target("web.default.default.dc2", "web", "", "dc2", "7s", "{}", "\"Mode\": \"remote\"") + "}}";
    assertEquals(ChainJson.compact(expected), ChainJson.of(chain));
  }

  @Test
  void compilesTheVersionSplitForAlternateDatacenterSample() {
    ChainEntries entries = ChainEntries.builder()
        .resolver(resolver("web").defaultSubset("v1").subset("v1", "Service.Meta.version == v1", false)
            .subset("v2", "Service.Meta.version == v2", false).build())
        .serviceDefaults(protocol("web", Protocol.HTTP))
        .splitter(splitter("web", split(90, "", "v1"), split(10, "", "v2")))
        .build();
    String expected = """
        {"ServiceName": "web", "Namespace": "default", "Partition": "default", "Datacenter": "dc2",
         "Protocol": "http", "StartNode": "splitter:web.default.default",
         "Nodes": {
           "resolver:v1.web.default.default.dc2": {"Type": "resolver", "Name": "v1.web.default.default.dc2",
             "Resolver": {"ConnectTimeout": "5s", "Target": "v1.web.default.default.dc2"}},
           "resolver:v2.web.default.default.dc2": {"Type": "resolver", "Name": "v2.web.default.default.dc2",
             "Resolver": {"ConnectTimeout": "5s", "Target": "v2.web.default.default.dc2"}},
           "splitter:web.default.default": {"Type": "splitter", "Name": "web.default.default", "Splits": [
             {"Definition": {"Weight": 90, "ServiceSubset": "v1"}, "Weight": 90,
              "NextNode": "resolver:v1.web.default.default.dc2"},
             {"Definition": {"Weight": 10, "ServiceSubset": "v2"}, "Weight": 10,
              "NextNode": "resolver:v2.web.default.default.dc2"}]}},
         "Targets": {
        """ + target("v1.web.default.default.dc2", "web", "v1", "dc2", "5s",
            "{\"Filter\": \"Service.Meta.version == v1\"}", "") + ","
        + target("v2.web.default.default.dc2", "web", "v2", "dc2", "5s",
            "{\"Filter\": \"Service.Meta.version == v2\"}", "") + "}}";
    CompiledDiscoveryChain chain = ChainCompiler.compile(CompileRequest.of(svc("web"), "dc2", TD), entries);
    assertEquals(ChainJson.compact(expected), ChainJson.of(chain));
  }

  @Test
  void formatsDurationsAsGo() {
    assertEquals("0s", GoDuration.format(Duration.ZERO));
    assertEquals("1m39s", GoDuration.format(Duration.ofSeconds(99)));
    assertEquals("1h0m0s", GoDuration.format(Duration.ofHours(1)));
    assertEquals("1.5s", GoDuration.format(Duration.ofMillis(1500)));
    assertEquals("1.5ms", GoDuration.format(Duration.ofNanos(1_500_000)));
    assertEquals("2\u00b5s", GoDuration.format(Duration.ofNanos(2_000)));
    assertEquals("7ns", GoDuration.format(Duration.ofNanos(7)));
    assertEquals("-2m0.001s", GoDuration.format(Duration.ofMillis(-120_001)));
    assertEquals("2562047h47m16.854775807s", GoDuration.format(Duration.ofNanos(Long.MAX_VALUE)));
  }
}
