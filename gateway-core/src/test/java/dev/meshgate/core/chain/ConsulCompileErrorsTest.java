package dev.meshgate.core.chain;

import static dev.meshgate.core.chain.Fixtures.globalProtocol;
import static dev.meshgate.core.chain.Fixtures.main;
import static dev.meshgate.core.chain.Fixtures.protocol;
import static dev.meshgate.core.chain.Fixtures.resolver;
import static dev.meshgate.core.chain.Fixtures.router;
import static dev.meshgate.core.chain.Fixtures.split;
import static dev.meshgate.core.chain.Fixtures.splitter;
import static dev.meshgate.core.chain.Fixtures.svc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.catalog.ServiceDefaults;
import dev.meshgate.core.config.Protocol;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rejected cases of Consul's {@code agent/consul/discoverychain/compile_test.go}
 * ({@code TestCompile}): chain {@code main} compiled in {@code default/default/dc1}, each failing
 * with Consul's message. The accepted cases, compared as the JSON Consul's endpoint returns, are
 * gateway-consul's {@code ConsulCompileVectorsTest}, next to the JSON encoder.
 */
class ConsulCompileErrorsTest {
  @Test
  void theCatchAllRouteHasADestination() {
    ServiceRoute mainDefault = ChainCompilation.defaultServiceRoute(svc("main"));
    assertTrue(mainDefault.destination().isPresent());
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of("splitter requires valid protocol", (UnaryOperator<ChainEntries.Builder>) b -> b
            .serviceDefaults(protocol("main", Protocol.TCP))
            .splitter(splitter("main", ServiceSplit.builder(90).namespace("v1").build(),
                ServiceSplit.builder(10).namespace("v2").build())),
            "discovery chain \"main\" uses a protocol \"tcp\" that does not permit advanced routing or splitting"
                + " behavior"),
        Arguments.of("router requires valid protocol", (UnaryOperator<ChainEntries.Builder>) b -> b
            .serviceDefaults(protocol("main", Protocol.TCP))
            .router(router("main", ServiceRoute.of(HttpMatch.builder().pathExact("/other").build(),
                RouteDestination.builder().namespace("other").build()))),
            "discovery chain \"main\" uses a protocol \"tcp\" that does not permit advanced routing or splitting"
                + " behavior"),
        Arguments.of("split to unsplittable protocol", (UnaryOperator<ChainEntries.Builder>) b -> b
            .serviceDefaults(protocol("main", Protocol.TCP)).serviceDefaults(protocol("other", Protocol.TCP))
            .splitter(splitter("main", split(90), split(10, "other"))),
            "discovery chain \"main\" uses a protocol \"tcp\" that does not permit advanced routing or splitting"
                + " behavior"),
        Arguments.of("route to unroutable protocol", (UnaryOperator<ChainEntries.Builder>) b -> b
            .serviceDefaults(protocol("main", Protocol.TCP)).serviceDefaults(protocol("other", Protocol.TCP))
            .router(router("main", ServiceRoute.of(HttpMatch.builder().pathExact("/other").build(),
                RouteDestination.toService("other")))),
            "discovery chain \"main\" uses a protocol \"tcp\" that does not permit advanced routing or splitting"
                + " behavior"),
        Arguments.of("failover crosses protocols", (UnaryOperator<ChainEntries.Builder>) b -> b
            .serviceDefaults(protocol("main", Protocol.GRPC)).serviceDefaults(protocol("other", Protocol.TCP))
            .resolver(resolver("main").failover("*", ServiceResolver.Failover.toService("other")).build()),
            "discovery chain \"main\" uses inconsistent protocols; service \"other\" has \"tcp\" which is not \"grpc\""),
        Arguments.of("redirect crosses protocols", (UnaryOperator<ChainEntries.Builder>) b -> b
            .serviceDefaults(protocol("main", Protocol.GRPC)).serviceDefaults(protocol("other", Protocol.TCP))
            .resolver(resolver("main").redirect(ServiceResolver.Redirect.toService("other")).build()),
            "discovery chain \"main\" uses inconsistent protocols; service \"other\" has \"tcp\" which is not \"grpc\""),
        Arguments.of("redirect to missing subset", (UnaryOperator<ChainEntries.Builder>) b -> b
            .resolver(resolver("other").connectTimeout(Duration.ofSeconds(33)).build())
            .resolver(resolver("main").redirect(ServiceResolver.Redirect.toSubset("other", "v1")).build()),
            "service \"other\" does not have a subset named \"v1\""),
        Arguments.of("resolver with failover and external sni", (UnaryOperator<ChainEntries.Builder>) b -> b
            .serviceDefaults(ServiceDefaults.builder(svc("main")).externalSni("main.some.other.service.mesh").build())
            .resolver(resolver("main").connectTimeout(Duration.ofSeconds(33))
                .failover("*", ServiceResolver.Failover.toService("backup")).build()),
            "service \"main\" has an external SNI set; cannot define failover for external services"),
        Arguments.of("resolver with subsets and external sni", (UnaryOperator<ChainEntries.Builder>) b -> b
            .serviceDefaults(ServiceDefaults.builder(svc("main")).externalSni("main.some.other.service.mesh").build())
            .resolver(resolver("main").connectTimeout(Duration.ofSeconds(33))
                .subset("canary", "Service.Meta.version == canary", false).build()),
            "service \"main\" has an external SNI set; cannot define subsets for external services"),
        Arguments.of("resolver with redirect and external sni", (UnaryOperator<ChainEntries.Builder>) b -> b
            .serviceDefaults(ServiceDefaults.builder(svc("main")).externalSni("main.some.other.service.mesh").build())
            .resolver(resolver("main").connectTimeout(Duration.ofSeconds(33))
                .redirect(ServiceResolver.Redirect.toDatacenter("dc2")).build()),
            "service \"main\" has an external SNI set; cannot define redirects for external services"),
        Arguments.of("circular resolver redirect", (UnaryOperator<ChainEntries.Builder>) b -> b
            .resolver(resolver("main").redirect(ServiceResolver.Redirect.toService("other")).build())
            .resolver(resolver("other").redirect(ServiceResolver.Redirect.toService("main")).build()),
            "detected circular resolver redirect: [main.default.default.dc1 -> other.default.default.dc1 ->"
                + " main.default.default.dc1]"),
        Arguments.of("circular split", (UnaryOperator<ChainEntries.Builder>) b -> b
            .proxyDefaults(globalProtocol(Protocol.HTTP))
            .splitter(splitter("main", split(100, "other"))).splitter(splitter("other", split(100, "main"))),
            "detected circular reference: [splitter:main.default.default -> splitter:other.default.default ->"
                + " splitter:main.default.default]"));
  }

  @ParameterizedTest(name = "compile_test.go: {0}")
  @MethodSource("errors")
  void rejectsAsConsul(String name, UnaryOperator<ChainEntries.Builder> entries, String message) {
    ConfigEntryGraphException e = assertThrows(ConfigEntryGraphException.class,
        () -> ChainCompiler.compile(main(), entries.apply(ChainEntries.builder()).build()));
    assertEquals(message, e.getMessage());
    assertEquals("main", e.service());
  }
}
