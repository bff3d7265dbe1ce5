package dev.meshgate.consul.config;

import static dev.meshgate.consul.config.ChainFixtures.globalProtocol;
import static dev.meshgate.consul.config.ChainFixtures.protocol;
import static dev.meshgate.consul.config.ChainFixtures.resolver;
import static dev.meshgate.consul.config.ChainFixtures.router;
import static dev.meshgate.consul.config.ChainFixtures.split;
import static dev.meshgate.consul.config.ChainFixtures.splitter;
import static dev.meshgate.consul.config.ChainFixtures.svc;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshgate.core.chain.ChainCompiler;
import dev.meshgate.core.chain.ChainEntries;
import dev.meshgate.core.chain.CompileRequest;
import dev.meshgate.core.chain.CompiledDiscoveryChain;
import dev.meshgate.core.chain.HeaderMatch;
import dev.meshgate.core.chain.HttpMatch;
import dev.meshgate.core.chain.RouteDestination;
import dev.meshgate.core.chain.ServiceResolver;
import dev.meshgate.core.chain.ServiceRoute;
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
    assertEquals(compact(expected), DiscoveryChainJson.encode(chain));
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
    assertEquals(compact(expected), DiscoveryChainJson.encode(chain));
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
    assertEquals(compact(expected), DiscoveryChainJson.encode(chain));
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
    assertEquals(compact(expected), DiscoveryChainJson.encode(chain));
  }

  /** Removes the whitespace outside strings, so that pretty JSON compares with compact JSON. */
  private static String compact(String json) {
    StringBuilder b = new StringBuilder();
    boolean inString = false;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (inString) {
        b.append(c);
        if (c == '\\') {
          b.append(json.charAt(++i));
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
        b.append(c);
      } else if (!Character.isWhitespace(c)) {
        b.append(c);
      }
    }
    return b.toString();
  }
}
