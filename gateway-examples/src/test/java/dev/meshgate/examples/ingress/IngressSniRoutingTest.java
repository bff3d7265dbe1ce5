package dev.meshgate.examples.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.meshgate.core.catalog.Catalog;
import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.Node;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.ingress.GatewayTls;
import dev.meshgate.core.ingress.IngressGateway;
import dev.meshgate.core.ingress.IngressGatewayEntry;
import dev.meshgate.core.ingress.IngressListener;
import dev.meshgate.core.ingress.IngressRouter;
import dev.meshgate.core.ingress.IngressService;
import dev.meshgate.core.ingress.Reject;
import dev.meshgate.core.ingress.Route;
import dev.meshgate.core.ingress.RouteDecision;
import dev.meshgate.core.naming.TrustDomain;
import dev.meshgate.sni.ClientHello;
import dev.meshgate.sni.ClientHelloParser;
import dev.meshgate.testkit.ClientHelloBuilder;
import org.junit.jupiter.api.Test;

/**
 * An ingress tcp listener with SNI routing, fed by gateway-sni: real ClientHello bytes (here built
 * by the test kit, split over records) are parsed and their server name picks the service.
 */
class IngressSniRoutingTest {
  private static final TrustDomain TD = TrustDomain.fromClusterId("5fcd4b81-a2ca-405a-ac62-0fac602c1949");

  private static IngressRouter kafkaOnOnePort() {
    CatalogSnapshot.Builder catalog = CatalogSnapshot.builder();
    for (String broker : new String[] {"kafka-a", "kafka-b"}) {
      Node node = Node.agent(broker + "-node", "dc1", "10.0.0." + broker.length());
      catalog.register(ServiceInstance.builder(node, broker + "-sidecar-proxy").id(broker + "-proxy").port(21000)
          .connectProxyFor(broker).build());
    }
    IngressGatewayEntry entry = IngressGatewayEntry.builder("ingress")
        .listeners(IngressListener.builder(9093).sniRouting(true).tls(GatewayTls.builder().enabled(true).build())
            .services(IngressService.builder("kafka-a").hosts("a.kafka.example.com").build(),
                IngressService.builder("kafka-b").hosts("*.b.kafka.example.com").build())
            .build())
        .build();
    return IngressGateway.builder().entry(entry).datacenter("dc1").trustDomain(TD).catalog(new Catalog(catalog.build()))
        .build().router();
  }

  private static RouteDecision routeHello(IngressRouter router, byte[] stream) {
    ClientHello hello = assertInstanceOf(ClientHello.class, ClientHelloParser.defaults().parse(stream));
    return router.route(9093, hello.serverName().orElse(null), null);
  }

  @Test
  void theClientHellosServerNameChoosesTheService() {
    IngressRouter router = kafkaOnOnePort();
    Route a = assertInstanceOf(Route.class,
        routeHello(router, new ClientHelloBuilder().serverName("a.kafka.example.com").build()));
    assertEquals("kafka-a", a.service().name());
    assertEquals("kafka-a.default.dc1.internal." + TD, a.upstream().sni());
    Route b = assertInstanceOf(Route.class,
        routeHello(router, new ClientHelloBuilder().serverName("broker-3.b.kafka.example.com").splitAt(40).build()));
    assertEquals("kafka-b", b.service().name());
  }

  @Test
  void aHelloWithoutOrWithAnUnknownServerNameIsRejected() {
    IngressRouter router = kafkaOnOnePort();
    assertSame(Reject.NO_HOST_MATCH, routeHello(router, new ClientHelloBuilder().build()));
    assertSame(Reject.NO_HOST_MATCH,
        routeHello(router, new ClientHelloBuilder().serverName("c.kafka.example.com").build()));
  }
}
