package dev.meshgate.core.chain;

import static dev.meshgate.core.chain.Fixtures.TD;
import static dev.meshgate.core.chain.Fixtures.globalProtocol;
import static dev.meshgate.core.chain.Fixtures.resolver;
import static dev.meshgate.core.chain.Fixtures.router;
import static dev.meshgate.core.chain.Fixtures.simpleRoute;
import static dev.meshgate.core.chain.Fixtures.split;
import static dev.meshgate.core.chain.Fixtures.splitter;
import static dev.meshgate.core.chain.Fixtures.svc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.config.MeshGatewayMode;
import dev.meshgate.core.config.Protocol;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The incremental compiler: a chain is compiled again only when an entry it read changed. */
class ChainCompilerTest {
  private static CompileRequest request(String service) {
    return CompileRequest.of(svc(service), "dc1", TD);
  }

  /** web routes /api to api, api splits between api and api-v2, db stands alone. */
  private static ChainEntries entries() {
    return ChainEntries.builder().proxyDefaults(globalProtocol(Protocol.HTTP))
        .router(router("web", simpleRoute("api")))
        .splitter(splitter("api", split(50), split(50, "api-v2")))
        .resolver(resolver("db").connectTimeout(Duration.ofSeconds(2)).build())
        .build();
  }

  @Test
  void cachesEachChainUntilAnEntryItReadChanges() {
    ChainCompiler compiler = ChainCompiler.create(entries());
    CompiledDiscoveryChain web = compiler.chain(request("web"));
    CompiledDiscoveryChain api = compiler.chain(request("api"));
    CompiledDiscoveryChain db = compiler.chain(request("db"));
    assertSame(web, compiler.chain(request("web")));
    assertEquals(3, compiler.compilations());

    Set<CompileRequest> dropped = compiler.update(compiler.entries().toBuilder()
        .resolver(resolver("db").connectTimeout(Duration.ofSeconds(3)).build()).build());
    assertEquals(Set.of(request("db")), dropped);
    assertSame(web, compiler.chain(request("web")));
    assertSame(api, compiler.chain(request("api")));
    assertNotSame(db, compiler.chain(request("db")));
    assertEquals(Duration.ofSeconds(3), compiler.chain(request("db")).target("db.default.default.dc1")
        .connectTimeout());
    assertEquals(4, compiler.compilations());
  }

  @Test
  void aChangeDownTheChainRecompilesTheChainsThatLeadThere() {
    ChainCompiler compiler = ChainCompiler.create(entries());
    for (String s : List.of("web", "api", "db", "api-v2")) {
      compiler.chain(request(s));
    }
    Set<CompileRequest> dropped = compiler.update(compiler.entries().toBuilder()
        .splitter(splitter("api", split(10), split(90, "api-v2"))).build());
    assertEquals(Set.of(request("web"), request("api")), dropped);
    assertEquals(9f * 10, ((ChainNode.Splitter) compiler.chain(request("web")).node("splitter:api.default.default"))
        .splits().get(1).weight());
  }

  @Test
  void anEntryThatAppearsRecompilesTheChainsThatLookedForIt() {
    ChainCompiler compiler = ChainCompiler.create(entries());
    compiler.chain(request("api-v2"));
    compiler.chain(request("db"));
    Set<CompileRequest> dropped = compiler.update(compiler.entries().toBuilder()
        .resolver(resolver("api-v2").redirect(ServiceResolver.Redirect.toDatacenter("dc2")).build()).build());
    assertEquals(Set.of(request("api-v2")), dropped);
    assertEquals("resolver:api-v2.default.default.dc2", compiler.chain(request("api-v2")).startNode());
  }

  @Test
  void anUnchangedUpdateDropsNothing() {
    ChainCompiler compiler = ChainCompiler.create(entries());
    compiler.chain(request("web"));
    assertEquals(Set.of(), compiler.update(compiler.entries().toBuilder().build()));
    assertEquals(Set.of(), compiler.update(entries()));
    assertEquals(1, compiler.cached());
  }

  @Test
  void proxyDefaultsReachEveryChainThatFellBackOnThem() {
    ChainCompiler compiler = ChainCompiler.create(entries());
    compiler.chain(request("web"));
    compiler.chain(request("db"));
    Set<CompileRequest> dropped = compiler.update(compiler.entries().toBuilder()
        .proxyDefaults(dev.meshgate.core.catalog.ProxyDefaults.builder().protocol(Protocol.HTTP)
            .meshGatewayMode(MeshGatewayMode.LOCAL).build()).build());
    assertEquals(Set.of(request("web"), request("db")), dropped);
  }

  @Test
  void cachesErrorsAndForgetsThemWhenFixed() {
    ChainEntries loop = ChainEntries.builder()
        .resolver(resolver("a").redirect(ServiceResolver.Redirect.toService("b")).build())
        .resolver(resolver("b").redirect(ServiceResolver.Redirect.toService("a")).build()).build();
    ChainCompiler compiler = ChainCompiler.create(loop);
    ConfigEntryGraphException first = assertThrows(ConfigEntryGraphException.class, () -> compiler.chain(request("a")));
    ConfigEntryGraphException again = assertThrows(ConfigEntryGraphException.class, () -> compiler.chain(request("a")));
    assertEquals(first.getMessage(), again.getMessage());
    assertEquals("detected circular resolver redirect: [a.default.default.dc1 -> b.default.default.dc1 ->"
        + " a.default.default.dc1]", again.getMessage());
    assertEquals(1, compiler.compilations());
    ChainEntries.Builder fixed = loop.toBuilder();
    fixed.removeResolver(svc("b"));
    assertEquals(Set.of(request("a")), compiler.update(fixed.build()));
    assertEquals("resolver:b.default.default.dc1", compiler.chain(request("a")).startNode());
  }

  @Test
  void validatesEveryChainOfASet() {
    ChainEntries entries = ChainEntries.builder()
        .router(router("web"))
        .resolver(resolver("a").redirect(ServiceResolver.Redirect.toSubset("b", "v9")).build())
        .resolver(resolver("ok").build())
        .build();
    assertEquals(List.of(
        "service \"a\": service \"b\" does not have a subset named \"v9\"",
        "service \"web\": discovery chain \"web\" uses a protocol \"tcp\" that does not permit advanced routing or"
            + " splitting behavior"), ChainCompiler.validate(entries, "dc1", TD));
    assertEquals(List.of(), ChainCompiler.validate(entries(), "dc1", TD));
  }

  @Test
  void compilesInTheRequestedNamespaceAndPartition() {
    ServiceName web = new ServiceName("web", "team", "ap1");
    CompiledDiscoveryChain chain = ChainCompiler.compile(CompileRequest.of(web, "dc1", TD), ChainEntries.empty());
    assertEquals("resolver:web.team.ap1.dc1", chain.startNode());
    assertEquals("web.team.ap1.dc1.internal-v1.trustdomain.consul", chain.target("web.team.ap1.dc1").sni());
    assertEquals(true, chain.isDefault());
  }

  @Test
  void overridesTheConnectTimeoutAndMeshGatewayMode() {
    CompiledDiscoveryChain chain = ChainCompiler.compile(request("web")
        .withOverrideConnectTimeout(Duration.ofSeconds(7)).withOverrideMeshGateway(MeshGatewayMode.REMOTE),
        ChainEntries.builder().resolver(resolver("web").redirect(ServiceResolver.Redirect.toDatacenter("dc2")).build())
            .build());
    DiscoveryTarget t = chain.target("web.default.default.dc2");
    assertEquals(Duration.ofSeconds(7), t.connectTimeout());
    assertEquals(MeshGatewayMode.REMOTE, t.meshGatewayMode());
    assertEquals(8, chain.customizationHash().length());
    CompiledDiscoveryChain same = ChainCompiler.compile(request("web").withOverrideConnectTimeout(Duration.ofSeconds(5)),
        ChainEntries.empty());
    assertEquals("", same.customizationHash());
  }
}
