package dev.meshgate.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.catalog.Catalog;
import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.HealthStatus;
import dev.meshgate.core.catalog.ServiceDefaults;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.chain.ChainEntries;
import dev.meshgate.core.chain.HttpMatch;
import dev.meshgate.core.chain.LoadBalancer;
import dev.meshgate.core.chain.RouteDestination;
import dev.meshgate.core.chain.ServiceResolver;
import dev.meshgate.core.chain.ServiceRoute;
import dev.meshgate.core.chain.ServiceRouter;
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
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The chain route's retry policy and the least-request load balancer on an ingress HTTP listener,
 * on loopback with mesh mTLS backends: each service has two endpoints.
 */
class IngressRetriesTest {
  static {
    Leaks.install();
  }

  private final Loopback loop = new Loopback();
  private final Recorder recorder = new Recorder();
  private final MeshClientTls meshClient = TlsContexts.builder().build().meshClient(
      IngressGatewayInitializerTest.key(IngressGatewayInitializerTest.MESH.leaf(IngressGatewayInitializerTest.INGRESS)),
      TrustBundle.of(IngressGatewayInitializerTest.MESH.name(), List.of(IngressGatewayInitializerTest.MESH.root())));

  /** The gateway of the test; each test builds one. */
  private IngressGateway gateway;

  @AfterEach
  void close() throws Exception {
    gateway.close();
    loop.close();
    Leaks.assertNone();
  }

  /** A mesh backend's TLS: the leaf of {@code service}, the gateway's certificate required. */
  static SslContext leaf(String service) throws Exception {
    return IngressGatewayInitializerTest.meshServerContext(
        IngressGatewayInitializerTest.MESH.leaf(IngressGatewayInitializerTest.id(service)));
  }

  /** Two backends of one service; the first request either of them receives is answered {@code first}. */
  private MeshHttpBackend[] firstAnswers(String service, int first) throws Exception {
    AtomicInteger seen = new AtomicInteger();
    MeshHttpBackend.Responder responder = request -> seen.getAndIncrement() == 0 ? first : 200;
    SslContext context = leaf(service);
    return new MeshHttpBackend[] {MeshHttpBackend.start(service + "-1", loop, context, responder),
        MeshHttpBackend.start(service + "-2", loop, context, responder)};
  }

  /** Two backends of one service that hold {@code /hold} until released and answer the rest. */
  private MeshHttpBackend[] holding(String service) throws Exception {
    MeshHttpBackend.Responder responder = request -> request.uri().equals("/hold") ? MeshHttpBackend.HOLD : 200;
    SslContext context = leaf(service);
    return new MeshHttpBackend[] {MeshHttpBackend.start(service + "-1", loop, context, responder),
        MeshHttpBackend.start(service + "-2", loop, context, responder)};
  }

  private static void register(CatalogSnapshot.Builder b, String service, int... ports) {
    for (int i = 0; i < ports.length; i++) {
      b.register(ServiceInstance.builder(IngressGatewayInitializerTest.NODE, service + "-sidecar-proxy")
          .id(service + "-proxy-" + i).port(ports[i]).connectProxyFor(service).health(HealthStatus.PASSING).build());
    }
    b.serviceDefaults(ServiceDefaults.builder(ServiceName.of(service)).protocol(Protocol.HTTP).build());
  }

  private static ServiceRouter retrying(String service, RouteDestination.Builder destination) {
    return ServiceRouter.builder(ServiceName.of(service))
        .route(ServiceRoute.of(HttpMatch.pathPrefix("/"), destination.service(service).build())).build();
  }

  /**
   * An HTTP listener on 8080 exposing {@code service} as {@code <service>.example.com}; requests
   * take the random values in turn.
   */
  private InetSocketAddress listener(String service, CatalogSnapshot catalog, ChainEntries chains, long... randoms)
      throws Exception {
    gateway = IngressGateway.builder()
        .entry(IngressGatewayEntry.builder("ingress").listeners(IngressListener.builder(8080).protocol("http")
            .services(IngressService.builder(service).hosts(service + ".example.com").build()).build()).build())
        .datacenter("dc1").trustDomain(IngressGatewayInitializerTest.TD).catalog(new Catalog(catalog)).chains(chains)
        .build();
    AtomicLong next = new AtomicLong();
    return loop.serve(IngressGatewayInitializer.builder(gateway, 8080, meshClient)
        .relay(Relay.builder().observer(recorder).build())
        .random(() -> randoms[(int) (next.getAndIncrement() % randoms.length)]).build());
  }

  private String get(InetSocketAddress address, String host, String target) throws IOException {
    try (Socket s = send(address, host, target)) {
      return IngressGatewayInitializerTest.readResponse(s.getInputStream());
    }
  }

  private Socket send(InetSocketAddress address, String host, String target) throws IOException {
    Socket s = loop.connect(address);
    Loopback.write(s.getOutputStream(), ("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    return s;
  }

  /** Two flaky endpoints behind a route with {@code destination}'s retry policy; one GET. */
  private String getFlaky(RouteDestination.Builder destination) throws Exception {
    return getFlaky(destination, 503);
  }

  /** The same, the first request answered with {@code first} (a status or {@link MeshHttpBackend#CLOSE}). */
  private String getFlaky(RouteDestination.Builder destination, int first) throws Exception {
    flaky = firstAnswers("flaky", first);
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    register(b, "flaky", flaky[0].port, flaky[1].port);
    ChainEntries chains = ChainEntries.builder().router(retrying("flaky", destination)).build();
    return get(listener("flaky", b.build(), chains, 7), "flaky.example.com", "/x");
  }

  private MeshHttpBackend[] flaky;

  @Test
  void aStatusInRetryOnStatusCodesIsRetriedOnTheOtherEndpoint() throws Exception {
    String response = getFlaky(RouteDestination.builder().numRetries(2).retryOnStatusCodes(503));

    assertEquals(200, IngressGatewayInitializerTest.status(response), response);
    assertEquals(1, flaky[0].requests.get(), "each endpoint asked once");
    assertEquals(1, flaky[1].requests.get(), "each endpoint asked once");
    Loopback.await("the request reported", () -> recorder.requests.size() == 1);
    assertEquals(200, recorder.requests.get(0).status());
  }

  @Test
  void aStatusNotListedIsPassedOnWithoutARetry() throws Exception {
    String response = getFlaky(RouteDestination.builder().numRetries(2).retryOnStatusCodes(500, 502));

    assertEquals(503, IngressGatewayInitializerTest.status(response), response);
    assertEquals(1, flaky[0].requests.get() + flaky[1].requests.get());
  }

  @Test
  void gatewayErrorRetriesA503WithEnvoysDefaultOfOneRetry() throws Exception {
    String response = getFlaky(RouteDestination.builder().retryOn("gateway-error"));

    assertEquals(200, IngressGatewayInitializerTest.status(response), response);
    assertEquals(2, flaky[0].requests.get() + flaky[1].requests.get());
  }

  @Test
  void aConnectionClosedBeforeTheResponseIsRetriedUnderReset() throws Exception {
    String retried = getFlaky(RouteDestination.builder().retryOn("reset"), MeshHttpBackend.CLOSE);
    assertEquals(200, IngressGatewayInitializerTest.status(retried), retried);
    assertEquals(2, flaky[0].requests.get() + flaky[1].requests.get());
  }

  @Test
  void aConnectionClosedBeforeTheResponseWithoutResetInRetryOnIsAnswered502() throws Exception {
    String response = getFlaky(RouteDestination.builder().retryOnStatusCodes(503), MeshHttpBackend.CLOSE);
    assertEquals(502, IngressGatewayInitializerTest.status(response), response);
    assertEquals(1, flaky[0].requests.get() + flaky[1].requests.get());
  }

  @Test
  void aConnectFailureMovesToTheNextEndpoint() throws Exception {
    MeshHttpBackend[] up = holding("svc");
    int refusing = Loopback.refusingPort();
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    register(b, "svc", refusing, up[0].port);
    ChainEntries chains = ChainEntries.builder()
        .router(retrying("svc", RouteDestination.builder().retryOnConnectFailure(true))).build();
    // enough different random values that the refusing endpoint is chosen first at least once
    InetSocketAddress address = listener("svc", b.build(), chains, 1, 1L << 62, -1, 3L << 61);

    for (int i = 0; i < 4; i++) {
      String response = get(address, "svc.example.com", "/ok");
      assertEquals(200, IngressGatewayInitializerTest.status(response), response);
    }
    assertTrue(recorder.events.contains("failed " + refusing), recorder.events.toString());
    assertEquals(4, up[0].requests.get());
  }

  @Test
  void leastRequestSendsToTheEndpointWithFewerRequestsInFlight() throws Exception {
    MeshHttpBackend[] busy = holding("busy");
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    register(b, "busy", busy[0].port, busy[1].port);
    ChainEntries chains = ChainEntries.builder().resolver(ServiceResolver.builder(ServiceName.of("busy"))
        .loadBalancer(new LoadBalancer("least_request", Optional.empty(),
            Optional.of(new LoadBalancer.LeastRequestConfig(8)), List.of())).build()).build();
    // the same random value for every request: only the in-flight counts can change the choice
    InetSocketAddress address = listener("busy", b.build(), chains, 7);

    try (Socket held = send(address, "busy.example.com", "/hold")) {
      Loopback.await("the held request arrived", () -> busy[0].held() + busy[1].held() == 1);
      MeshHttpBackend holder = busy[0].held() == 1 ? busy[0] : busy[1];

      String quick = get(address, "busy.example.com", "/quick");
      String other = holder == busy[0] ? busy[1].name : busy[0].name;
      assertEquals(other + " /quick", IngressGatewayInitializerTest.body(quick), quick);

      holder.releaseHeld();
      InputStream in = held.getInputStream();
      String released = IngressGatewayInitializerTest.readResponse(in);
      assertEquals(holder.name + " (held)", IngressGatewayInitializerTest.body(released), released);
      // once it completed the holder is idle again, and the same random value picks it
      Loopback.await("the held request reported", () -> recorder.requests.size() == 2);
      String after = get(address, "busy.example.com", "/quick");
      assertEquals(holder.name + " /quick", IngressGatewayInitializerTest.body(after), after);
      assertNotEquals(holder.name, other);
    }
  }
}
