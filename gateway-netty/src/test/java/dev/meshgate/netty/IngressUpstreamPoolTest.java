package dev.meshgate.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshgate.core.catalog.Catalog;
import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.HealthStatus;
import dev.meshgate.core.catalog.ServiceDefaults;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.chain.ChainEntries;
import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.ingress.IngressGateway;
import dev.meshgate.core.ingress.IngressGatewayEntry;
import dev.meshgate.core.ingress.IngressListener;
import dev.meshgate.core.ingress.IngressService;
import dev.meshgate.tls.MeshClientTls;
import dev.meshgate.tls.TlsContexts;
import dev.meshgate.tls.TrustBundle;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ingress flow's pool of idle upstream connections, on loopback with mesh mTLS backends: the
 * gateway and the backends share one event loop, so every client connection uses the same pool.
 */
class IngressUpstreamPoolTest {
  static {
    Leaks.install();
  }

  private final Loopback loop = new Loopback();
  private final MeshClientTls meshClient = TlsContexts.builder().build().meshClient(
      IngressGatewayInitializerTest.key(IngressGatewayInitializerTest.MESH.leaf(IngressGatewayInitializerTest.INGRESS)),
      TrustBundle.of(IngressGatewayInitializerTest.MESH.name(), List.of(IngressGatewayInitializerTest.MESH.root())));

  private IngressGateway gateway;
  private IngressGatewayInitializer flow;

  @AfterEach
  void close() throws Exception {
    gateway.close();
    loop.close();
    Leaks.assertNone();
  }

  /** An HTTP listener exposing each service as {@code <service>.example.com}, all on {@code port}. */
  private InetSocketAddress listener(int port, int maxIdlePerKey, String... services) throws Exception {
    return listener(port, maxIdlePerKey, Relay.defaults(), services);
  }

  /** The same with {@code relay}, whose idle timeout bounds how long a pooled connection waits. */
  private InetSocketAddress listener(int port, int maxIdlePerKey, Relay relay, String... services) throws Exception {
    CatalogSnapshot.Builder catalog = CatalogSnapshot.builder();
    IngressListener.Builder listener = IngressListener.builder(8080).protocol("http");
    for (String service : services) {
      catalog.register(ServiceInstance.builder(IngressGatewayInitializerTest.NODE, service + "-sidecar-proxy")
          .id(service + "-proxy").port(port).connectProxyFor(service).health(HealthStatus.PASSING).build());
      catalog.serviceDefaults(ServiceDefaults.builder(ServiceName.of(service)).protocol(Protocol.HTTP).build());
      listener.services(IngressService.builder(service).hosts(service + ".example.com").build());
    }
    gateway = IngressGateway.builder()
        .entry(IngressGatewayEntry.builder("ingress").listeners(listener.build()).build())
        .datacenter("dc1").trustDomain(IngressGatewayInitializerTest.TD).catalog(new Catalog(catalog.build()))
        .chains(ChainEntries.builder().build()).build();
    flow = IngressGatewayInitializer.builder(gateway, 8080, meshClient).relay(relay).maxIdlePerKey(maxIdlePerKey)
        .build();
    return loop.serve(flow);
  }

  private Socket send(InetSocketAddress address, String service, String target) throws IOException {
    Socket s = loop.connect(address);
    Loopback.write(s.getOutputStream(), ("GET " + target + " HTTP/1.1\r\nHost: " + service + ".example.com\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    return s;
  }

  /** One GET on a new client connection, which is closed once answered, then the pool holding {@code idle}. */
  private String get(InetSocketAddress address, String service, int idle) throws Exception {
    String response;
    try (Socket s = send(address, service, "/x")) {
      response = IngressGatewayInitializerTest.readResponse(s.getInputStream());
    }
    Loopback.await(idle + " idle upstream connections", () -> idle() == idle);
    return response;
  }

  /** How many connections the flow's pool holds, read on its event loop. */
  private int idle() {
    try {
      return loop.group.next().submit(() -> flow.pool(loop.group.next()).idle()).get();
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void clientConnectionsInSequenceShareOneUpstreamConnection() throws Exception {
    MeshHttpBackend backend = MeshHttpBackend.start("web-1", loop, IngressRetriesTest.leaf("web"), request -> 200);
    InetSocketAddress address = listener(backend.port, 8, "web");

    for (int i = 0; i < 3; i++) {
      String response = get(address, "web", 1);
      assertEquals(200, IngressGatewayInitializerTest.status(response), response);
    }
    assertEquals(3, backend.requests.get());
    assertEquals(1, backend.connections.get(), "one upstream connection for three client connections");
  }

  @Test
  void aConnectionIsReusedOnlyForTheSameIdentityAndSni() throws Exception {
    SslContext a = IngressRetriesTest.leaf("a");
    SslContext b = IngressRetriesTest.leaf("b");
    // one endpoint for both services: only the expected identity and the SNI tell them apart
    MeshHttpBackend backend = MeshHttpBackend.startSni("both", loop, sni -> sni.startsWith("a.") ? a : b,
        request -> 200);
    InetSocketAddress address = listener(backend.port, 8, "a", "b");

    assertEquals(200, IngressGatewayInitializerTest.status(get(address, "a", 1)));
    assertEquals(200, IngressGatewayInitializerTest.status(get(address, "b", 2)));
    assertEquals(2, backend.connections.get(), "b did not take a's connection");
    assertEquals(200, IngressGatewayInitializerTest.status(get(address, "a", 2)));
    assertEquals(200, IngressGatewayInitializerTest.status(get(address, "b", 2)));
    assertEquals(2, backend.connections.get(), "each service reused its own connection");
    assertEquals(4, backend.requests.get());
  }

  @Test
  void aPooledConnectionTheBackendClosedIsReplaced() throws Exception {
    MeshHttpBackend backend = MeshHttpBackend.start("web-1", loop, IngressRetriesTest.leaf("web"), request -> 200);
    InetSocketAddress address = listener(backend.port, 8, "web");
    assertEquals(200, IngressGatewayInitializerTest.status(get(address, "web", 1)));

    backend.closeAll();
    Loopback.await("the closed connection left the pool", () -> idle() == 0);
    String response = get(address, "web", 1);

    assertEquals(200, IngressGatewayInitializerTest.status(response), response);
    assertEquals(2, backend.connections.get());
  }

  @Test
  void aReusedConnectionLostBeforeTheResponseIsRetriedOnANewOneWithoutARetryPolicy() throws Exception {
    // the second request finds the connection closed, as when the backend closed it between requests
    AtomicInteger seen = new AtomicInteger();
    MeshHttpBackend backend = MeshHttpBackend.start("web-1", loop, IngressRetriesTest.leaf("web"),
        request -> seen.incrementAndGet() == 2 ? MeshHttpBackend.CLOSE : 200);
    InetSocketAddress address = listener(backend.port, 8, "web");
    assertEquals(200, IngressGatewayInitializerTest.status(get(address, "web", 1)));

    String response = get(address, "web", 1);

    assertEquals(200, IngressGatewayInitializerTest.status(response), response);
    assertEquals(3, backend.requests.get(), "sent again once");
    assertEquals(2, backend.connections.get(), "on a new connection");
  }

  @Test
  void aPostThatReachedTheServiceOnAReusedConnectionIsNotSentAgain() throws Exception {
    // the service got the POST, then closed without answering: it may have acted on it, so a resend
    // could act twice; only a request that never left, or an idempotent one, is sent again
    AtomicInteger seen = new AtomicInteger();
    MeshHttpBackend backend = MeshHttpBackend.start("web-1", loop, IngressRetriesTest.leaf("web"),
        request -> seen.incrementAndGet() == 2 ? MeshHttpBackend.CLOSE : 200);
    InetSocketAddress address = listener(backend.port, 8, "web");
    assertEquals(200, IngressGatewayInitializerTest.status(get(address, "web", 1)));

    String response;
    try (Socket s = loop.connect(address)) {
      Loopback.write(s.getOutputStream(), ("POST /orders HTTP/1.1\r\nHost: web.example.com\r\nContent-Length: 2"
          + "\r\n\r\nhi").getBytes(StandardCharsets.US_ASCII));
      response = IngressGatewayInitializerTest.readResponse(s.getInputStream());
    }

    assertEquals(502, IngressGatewayInitializerTest.status(response), response);
    assertEquals(2, backend.requests.get(), "the POST reached the service once and was not sent again");
  }

  @Test
  void aNewConnectionLostBeforeTheResponseIsNotSentAgain() throws Exception {
    MeshHttpBackend backend = MeshHttpBackend.start("web-1", loop, IngressRetriesTest.leaf("web"),
        request -> MeshHttpBackend.CLOSE);
    InetSocketAddress address = listener(backend.port, 8, "web");

    String response = get(address, "web", 0);

    assertEquals(502, IngressGatewayInitializerTest.status(response), response);
    assertEquals(1, backend.requests.get());
  }

  @Test
  void thePoolKeepsAtMostMaxIdlePerKey() throws Exception {
    MeshHttpBackend backend = MeshHttpBackend.start("web-1", loop, IngressRetriesTest.leaf("web"),
        request -> request.uri().equals("/hold") ? MeshHttpBackend.HOLD : 200);
    InetSocketAddress address = listener(backend.port, 1, "web");

    // two requests in flight at once need two upstream connections
    try (Socket first = send(address, "web", "/hold"); Socket second = send(address, "web", "/hold")) {
      Loopback.await("both requests held", () -> backend.held() == 2);
      backend.releaseHeld();
      assertEquals(200, IngressGatewayInitializerTest.status(
          IngressGatewayInitializerTest.readResponse(first.getInputStream())));
      assertEquals(200, IngressGatewayInitializerTest.status(
          IngressGatewayInitializerTest.readResponse(second.getInputStream())));
    }

    Loopback.await("the connection beyond the bound closed", () -> backend.open.get() == 1);
    assertEquals(1, idle());
    assertEquals(2, backend.connections.get());
    assertEquals(200, IngressGatewayInitializerTest.status(get(address, "web", 1)));
    assertEquals(2, backend.connections.get(), "the kept one reused");
  }

  @Test
  void aPooledConnectionIdleForTheRelaysIdleTimeoutIsClosed() throws Exception {
    MeshHttpBackend backend = MeshHttpBackend.start("web-1", loop, IngressRetriesTest.leaf("web"), request -> 200);
    InetSocketAddress address = listener(backend.port, 8, Relay.builder().idleTimeout(Duration.ofMillis(50)).build(),
        "web");
    String response;
    try (Socket s = send(address, "web", "/x")) {
      response = IngressGatewayInitializerTest.readResponse(s.getInputStream());
    }
    assertEquals(200, IngressGatewayInitializerTest.status(response), response);

    Loopback.await("the idle connection closed", () -> backend.connections.get() == 1 && backend.open.get() == 0);
    assertEquals(0, idle());
  }
}
