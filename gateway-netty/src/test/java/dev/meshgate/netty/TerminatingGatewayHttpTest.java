package dev.meshgate.netty;

import static dev.meshgate.netty.IngressGatewayInitializerTest.body;
import static dev.meshgate.netty.IngressGatewayInitializerTest.readResponse;
import static dev.meshgate.netty.IngressGatewayInitializerTest.status;
import static dev.meshgate.netty.TerminatingGatewayInitializerTest.MESH;
import static dev.meshgate.netty.TerminatingGatewayInitializerTest.TD;
import static dev.meshgate.netty.TerminatingGatewayInitializerTest.UPSTREAM;
import static dev.meshgate.netty.TerminatingGatewayInitializerTest.caller;
import static dev.meshgate.netty.TerminatingGatewayInitializerTest.callerContext;
import static dev.meshgate.netty.TerminatingGatewayInitializerTest.connect;
import static dev.meshgate.netty.TerminatingGatewayInitializerTest.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.catalog.Catalog;
import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.Node;
import dev.meshgate.core.catalog.ServiceDefaults;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.catalog.ServiceResolver;
import dev.meshgate.core.chain.ChainEntries;
import dev.meshgate.core.chain.HttpMatch;
import dev.meshgate.core.chain.RouteDestination;
import dev.meshgate.core.chain.ServiceRoute;
import dev.meshgate.core.chain.ServiceRouter;
import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.intentions.Action;
import dev.meshgate.core.intentions.DefaultPolicy;
import dev.meshgate.core.intentions.IntentionHttpHeaderPermission;
import dev.meshgate.core.intentions.IntentionHttpPermission;
import dev.meshgate.core.intentions.IntentionPermission;
import dev.meshgate.core.intentions.IntentionSet;
import dev.meshgate.core.intentions.ServiceIntentions;
import dev.meshgate.core.intentions.SourceIntention;
import dev.meshgate.core.terminating.LinkedService;
import dev.meshgate.core.terminating.TerminatingGateway;
import dev.meshgate.core.terminating.TerminatingGatewayEntry;
import dev.meshgate.testkit.IssuedCertificate;
import dev.meshgate.testkit.KeyFormat;
import dev.meshgate.tls.TerminatingGatewayTls;
import dev.meshgate.tls.TlsContexts;
import dev.meshgate.tls.TrustBundle;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The terminating flow of an {@code http} linked service end to end on loopback: mesh mTLS from a
 * test-CA caller, then one L7 intention decision per request, per-request routing through the
 * service's discovery chain, and origination plaintext or mutual TLS.
 */
class TerminatingGatewayHttpTest {
  static {
    Leaks.install();
  }

  static final String API_SNI = TerminatingGatewayInitializerTest.API_SNI;
  private static final Node EXT = Node.external("api-ext", "dc1", "127.0.0.1");

  @TempDir Path dir;

  private final Loopback loop = new Loopback();
  private final Recorder recorder = new Recorder();
  private final List<RequestSummary> requests = recorder.requests;
  private final List<String> decisions = recorder.decisions;

  @AfterEach
  void close() throws Exception {
    loop.close();
    Leaks.assertNone();
  }

  /** web may call api, except with an {@code x-debug} header or under {@code /admin}. */
  private static IntentionSet intentions() {
    return IntentionSet.builder().add(ServiceIntentions.builder().name("api").source(SourceIntention.builder()
        .name("web")
        .permission(IntentionPermission.of(Action.DENY, IntentionHttpPermission.builder()
            .header(IntentionHttpHeaderPermission.builder().name("x-debug").present().build()).build()))
        .permission(IntentionPermission.of(Action.DENY, IntentionHttpPermission.builder().pathPrefix("/admin").build()))
        .permission(IntentionPermission.of(Action.ALLOW, IntentionHttpPermission.builder().pathPrefix("/").build()))
        .build()).build()).build();
  }

  /** What a backend saw. */
  static final class Backend {
    int port;
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
  }

  /**
   * An HTTP backend (HTTPS when {@code tls} is set) answering {@code <name> <method> <uri>
   * client=<the client certificate's subject, or none>}.
   */
  private Backend httpBackend(String name, SslContext tls) throws Exception {
    Backend backend = new Backend();
    InetSocketAddress address = loop.serve(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        SslHandler ssl = tls == null ? null : tls.newHandler(ch.alloc());
        if (ssl != null) {
          ch.pipeline().addLast(ssl);
        }
        ch.closeFuture().addListener(f -> backend.closed.incrementAndGet());
        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
            new SimpleChannelInboundHandler<FullHttpRequest>() {
              @Override
              protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) throws Exception {
                backend.requests.incrementAndGet();
                String client = ssl == null ? "none"
                    : ((X509Certificate) ssl.engine().getSession().getPeerCertificates()[0]).getSubjectX500Principal()
                        .getName();
                int bytes = req.content().readableBytes();
                FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.copiedBuffer(name + " " + req.method() + " " + req.uri() + " client=" + client
                        + (bytes > 0 ? " bytes=" + bytes : ""), StandardCharsets.UTF_8));
                HttpUtil.setContentLength(response, response.content().readableBytes());
                ctx.writeAndFlush(response);
              }

              @Override
              public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.close(); // e.g. the gateway closed mid-request: expected in the fault tests
              }
            });
      }
    });
    backend.port = address.getPort();
    return backend;
  }

  private static ServiceInstance api(String id, String version, int port) {
    return ServiceInstance.builder(EXT, "api").id(id).port(port).meta(Map.of("version", version)).build();
  }

  /** A gateway linking {@code api} (http) with instances v1 on {@code v1} and v2 on {@code v2}. */
  private InetSocketAddress gateway(LinkedService link, int v1, int v2, ChainEntries chains) throws Exception {
    return gateway(link, v1, v2, chains, Relay.builder().observer(recorder).build());
  }

  private InetSocketAddress gateway(LinkedService link, int v1, int v2, ChainEntries chains, Relay relay)
      throws Exception {
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    b.register(api("api-1", "v1", v1));
    if (v2 > 0) {
      b.register(api("api-2", "v2", v2));
    }
    b.serviceDefaults(ServiceDefaults.builder(ServiceName.of("api")).protocol(Protocol.HTTP).build());
    b.resolver(ServiceResolver.builder(ServiceName.of("api")).subset("v2", "Service.Meta.version == v2", false).build());
    TerminatingGateway gw = TerminatingGateway.builder().name("tgw").datacenter("dc1").trustDomain(TD)
        .catalog(new Catalog(b.build())).entry(TerminatingGatewayEntry.builder("tgw").services(link).build())
        .chains(chains).build();
    loop.closeLater(gw);
    TerminatingGatewayTls tls = TerminatingGatewayTls.follow(gw, TlsContexts.builder().build(),
        TrustBundle.of(MESH.name(), List.of(MESH.root())), service -> key(MESH.leaf(service)));
    loop.closeLater(tls);
    IntentionSet intentions = intentions();
    return loop.serve(TerminatingGatewayInitializer.builder(gw, tls).intentions(() -> intentions)
        .defaultPolicy(DefaultPolicy.DENY).relay(relay).build());
  }

  private InetSocketAddress gateway(int v1) throws Exception {
    return gateway(LinkedService.of("api"), v1, 0, ChainEntries.empty());
  }

  /** Sends raw HTTP/1.1 on one mesh connection as {@code web} and reads {@code count} responses. */
  private static List<String> exchange(InetSocketAddress gw, String requests, int count) throws Exception {
    try (SSLSocket socket = connect(callerContext(caller("web")), gw, API_SNI)) {
      socket.getOutputStream().write(requests.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      List<String> responses = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        responses.add(readResponse(socket.getInputStream()));
      }
      return responses;
    }
  }

  /** Reads a request's head up to its blank line; false if the stream ends first. */
  private static boolean readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        return false;
      }
      head.write(c);
    }
    return true;
  }

  private static String get(String target, String... headers) {
    StringBuilder b = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: api.example.com\r\n");
    for (String h : headers) {
      b.append(h).append("\r\n");
    }
    return b.append("\r\n").toString();
  }

  @Test
  void pipelinedRequestsAreDecidedOneByOneByPathAndAnsweredInOrderOnOneConnection() throws Exception {
    Backend backend = httpBackend("api", null);
    InetSocketAddress gw = gateway(backend.port);
    List<String> responses = exchange(gw, get("/orders?id=1") + get("/admin/users") + get("/status",
        "Connection: close"), 3);
    assertEquals(200, status(responses.get(0)), responses.get(0));
    assertEquals("api GET /orders?id=1 client=none", body(responses.get(0)));
    assertEquals(403, status(responses.get(1)), responses.get(1));
    assertEquals("RBAC: access denied", body(responses.get(1)));
    assertEquals("api GET /status client=none", body(responses.get(2)), "the connection outlived the denial");
    assertEquals(2, backend.requests.get(), "the denied request never reached the service");
    assertEquals(List.of("web => api: true", "web => api: false", "web => api: true"), decisions);
    Loopback.await("three request summaries", () -> requests.size() == 3);
    assertEquals(List.of(200, 403, 200), requests.stream().map(RequestSummary::status).toList());
    RequestSummary denied = requests.get(1);
    assertEquals("/admin/users", denied.path());
    assertEquals("", denied.destination());
    assertTrue(denied.endpoint().isEmpty());
    assertTrue(denied.explanation().startsWith("intentions deny default/web => default/api: Matched L7 intention: "),
        denied.explanation());
    assertTrue(denied.explanation().endsWith(", Permissions[1] deny"), denied.explanation());
    RequestSummary allowed = requests.get(0);
    assertEquals("api.default.default.dc1", allowed.destination());
    assertEquals(backend.port, allowed.endpoint().orElseThrow().port());
    assertTrue(allowed.explanation().startsWith("Matched L7 intention: ")
        && allowed.explanation().contains(", Permissions[2] allow; the chain has no router"), allowed.explanation());
    assertEquals(body(responses.get(0)).length(), allowed.responseBytes());
    assertEquals(List.of("routed " + API_SNI + " -> api", "connected " + backend.port), recorder.events,
        "one upstream connection served both allowed requests");
  }

  @Test
  void aRequestWithADeniedHeaderIsAnswered403AndItsBodyDroppedWithTheConnectionKept() throws Exception {
    Backend backend = httpBackend("api", null);
    InetSocketAddress gw = gateway(backend.port);
    String post = "POST /orders HTTP/1.1\r\nHost: api\r\nx-debug: 1\r\nContent-Length: 5\r\n\r\nhello";
    List<String> responses = exchange(gw, post + get("/orders"), 2);
    assertEquals(403, status(responses.get(0)), responses.get(0));
    assertEquals("RBAC: access denied", body(responses.get(0)));
    assertEquals("api GET /orders client=none", body(responses.get(1)));
    assertEquals(1, backend.requests.get());
    Loopback.await("two request summaries", () -> requests.size() == 2);
    assertTrue(requests.get(0).explanation().endsWith(", Permissions[0] deny"), requests.get(0).explanation());
    assertEquals(5, requests.get(0).requestBytes());
  }

  @Test
  void aDeniedRequestWaitingFor100ContinueIsAnsweredAndItsConnectionClosedRatherThanLeftWaiting() throws Exception {
    Backend backend = httpBackend("api", null);
    InetSocketAddress gw = gateway(backend.port);
    try (SSLSocket socket = connect(callerContext(caller("web")), gw, API_SNI)) {
      socket.getOutputStream().write(("POST /admin/reset HTTP/1.1\r\nHost: api\r\nExpect: 100-continue\r\n"
          + "Content-Length: 5\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String r = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertTrue(r.startsWith("HTTP/1.1 403 Forbidden\r\n") && r.endsWith("\r\n\r\nRBAC: access denied"), r);
      assertTrue(r.toLowerCase(Locale.ROOT).contains("connection: close\r\n"), r);
    }
    assertEquals(0, backend.requests.get());
  }

  @Test
  void aRouterSendsAPathToTheResolverSubsetsEndpointsAndTheSummaryNamesTheSubsetTarget() throws Exception {
    Backend v1 = httpBackend("api-v1", null);
    Backend v2 = httpBackend("api-v2", null);
    ChainEntries chains = ChainEntries.builder().router(ServiceRouter.builder(ServiceName.of("api"))
        .route(ServiceRoute.of(HttpMatch.builder().pathPrefix("/v2/").build(),
            RouteDestination.builder().serviceSubset("v2").build())).build()).build();
    InetSocketAddress gw = gateway(LinkedService.of("api"), v1.port, v2.port, chains);
    List<String> responses = exchange(gw, get("/v2/orders") + get("/v2/users"), 2);
    assertEquals("api-v2 GET /v2/orders client=none", body(responses.get(0)));
    assertEquals("api-v2 GET /v2/users client=none", body(responses.get(1)));
    assertEquals(0, v1.requests.get());
    Loopback.await("two request summaries", () -> requests.size() == 2);
    assertTrue(requests.get(0).destination().startsWith("v2.api."), requests.get(0).destination());
    assertTrue(requests.get(0).explanation().contains("/v2/"), requests.get(0).explanation());
  }

  @Test
  void aChainRefusalIsAnsweredWithItsStatusAndTheConnectionServesTheNextRequest() throws Exception {
    Backend v1 = httpBackend("api-v1", null);
    ChainEntries chains = ChainEntries.builder().router(ServiceRouter.builder(ServiceName.of("api"))
        .route(ServiceRoute.of(HttpMatch.builder().pathPrefix("/v2/").build(),
            RouteDestination.builder().serviceSubset("v2").build())).build()).build();
    InetSocketAddress gw = gateway(LinkedService.of("api"), v1.port, 0, chains);
    List<String> responses = exchange(gw, get("/v2/orders") + get("/v1/orders"), 2);
    assertEquals(503, status(responses.get(0)), responses.get(0));
    assertEquals("no healthy upstream", body(responses.get(0)));
    assertEquals("api-v1 GET /v1/orders client=none", body(responses.get(1)));
    Loopback.await("two request summaries", () -> requests.size() == 2);
    assertEquals(503, requests.get(0).status());
    assertTrue(requests.get(0).explanation().contains("v2"), requests.get(0).explanation());
  }

  @Test
  void aServiceNoEndpointOfWhichAcceptsIsAnswered502() throws Exception {
    int refusing = Loopback.refusingPort();
    InetSocketAddress gw = gateway(refusing);
    String r = exchange(gw, get("/orders"), 1).get(0);
    assertEquals(502, status(r), r);
    assertEquals("upstream connect error", body(r));
    Loopback.await("request summary", () -> requests.size() == 1);
    assertEquals("no endpoint of api.default.default.dc1 accepted a connection (1 tried)",
        requests.get(0).explanation());
    assertTrue(recorder.events.contains("failed " + refusing), recorder.events.toString());
  }

  @Test
  void aChunkedRequestBodyIsStreamedToTheServiceAndItsResponseBackIntact() throws Exception {
    Backend backend = httpBackend("api", null);
    InetSocketAddress gw = gateway(backend.port);
    StringBuilder post = new StringBuilder("POST /upload HTTP/1.1\r\nHost: api\r\nTransfer-Encoding: chunked\r\n\r\n");
    String chunk = "y".repeat(16 * 1024);
    for (int i = 0; i < 20; i++) {
      post.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
    }
    post.append("0\r\n\r\n");
    List<String> responses = exchange(gw, post + get("/after"), 2);
    assertEquals("api POST /upload client=none bytes=" + 20 * chunk.length(), body(responses.get(0)));
    assertEquals("api GET /after client=none", body(responses.get(1)));
    Loopback.await("two request summaries", () -> requests.size() == 2);
    assertEquals(20 * chunk.length(), requests.get(0).requestBytes());
  }

  @Test
  void aLargeResponseToACallerThatDoesNotReadIsHeldToTheWaterMarkNotBuffered() throws Exception {
    int total = 32 << 20;
    byte[] chunk = new byte[1 << 16];
    int port = loop.backend(socket -> {
      if (!readHead(socket.getInputStream())) {
        return;
      }
      socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: " + total + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      for (int sent = 0; sent < total; sent += chunk.length) {
        socket.getOutputStream().write(chunk);
      }
      socket.getOutputStream().flush();
    });
    Loopback.PendingHighWater towardsCaller = new Loopback.PendingHighWater();
    Relay relay = Loopback.measuringTowardsClient(towardsCaller);
    InetSocketAddress gw = gateway(LinkedService.of("api"), port, 0, ChainEntries.empty(), relay);
    try (SSLSocket socket = connect(callerContext(caller("web")), gw, API_SNI)) {
      socket.getOutputStream().write(get("/large").getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      Loopback.await("the gateway's channel to the caller becomes unwritable",
          () -> towardsCaller.max.get() >= relay.writeBufferHighWaterMark());
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[1 << 16];
      long expected = total + ("HTTP/1.1 200 OK\r\nContent-Length: " + total + "\r\n\r\n").length();
      long received = 0;
      // the head, then the body: all of it arrives once the caller reads
      while (received < expected) {
        int n = in.read(buffer);
        if (n < 0) {
          break;
        }
        received += n;
      }
      assertEquals(expected, received);
    }
    long bound = relay.writeBufferHighWaterMark() + 64 * 1024 + 32 * 1024;
    assertTrue(towardsCaller.max.get() <= bound,
        "the gateway buffered " + towardsCaller.max.get() + " bytes for the caller, more than " + bound);
  }

  @Test
  void plainHttpFromTheCallerGoesToTheServiceOverMutualTlsWithTheGatewaysClientCertificate() throws Exception {
    IssuedCertificate serverCert = UPSTREAM.server("127.0.0.1");
    SslContext tls = SslContextBuilder.forServer(serverCert.keyPair().getPrivate(),
        serverCert.chain().toArray(new X509Certificate[0])).trustManager(UPSTREAM.root())
        .clientAuth(ClientAuth.REQUIRE).build();
    Backend backend = httpBackend("api-tls", tls);
    IssuedCertificate gatewayCert = UPSTREAM.client("tgw");
    LinkedService link = LinkedService.builder("api")
        .caFile(UPSTREAM.writeRoot(dir.resolve("ca.pem")).toString())
        .certFile(gatewayCert.writeChain(dir.resolve("cert.pem")).toString())
        .keyFile(gatewayCert.writePrivateKey(dir.resolve("key.pem"), KeyFormat.PKCS8, new char[0]).toString())
        .build();
    InetSocketAddress gw = gateway(link, backend.port, 0, ChainEntries.empty());
    String r = exchange(gw, get("/orders"), 1).get(0);
    assertEquals(200, status(r), r);
    assertEquals("api-tls GET /orders client=CN=tgw", body(r));
  }

  @Test
  void aServiceThatResetsMidResponseClosesTheCallerWithoutLeaking() throws Exception {
    int port = loop.backend(socket -> {
      if (!readHead(socket.getInputStream())) {
        return;
      }
      socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly ten b"
          .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      socket.setSoLinger(true, 0);
      socket.close();
    });
    InetSocketAddress gw = gateway(port);
    try {
      String r = exchange(gw, get("/orders"), 1).get(0);
      assertEquals(200, status(r), r);
      assertEquals("only ten b", body(r), "the caller got what the service sent, then the end of the connection");
    } catch (SocketTimeoutException hung) {
      throw new AssertionError("the caller was left waiting for the rest of the body", hung);
    } catch (IOException reset) {
      // the caller's connection was closed while it read: as good as the end of the stream
    }
    Loopback.await("request summary or close", () -> recorder.events.contains("connected " + port));
  }

  @Test
  void aResponseTheServiceEndsByHalfClosingReachesTheCallerWhoseConnectionThenCloses() throws Exception {
    int port = loop.backend(socket -> {
      if (!readHead(socket.getInputStream())) {
        return;
      }
      socket.getOutputStream().write("HTTP/1.1 200 OK\r\n\r\nuntil the end".getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      socket.shutdownOutput();
      socket.getInputStream().read(); // until the gateway closes its side
    });
    InetSocketAddress gw = gateway(port);
    try (SSLSocket socket = connect(callerContext(caller("web")), gw, API_SNI)) {
      socket.getOutputStream().write(get("/stream").getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n") && response.endsWith("\r\n\r\nuntil the end"), response);
      assertTrue(response.toLowerCase(Locale.ROOT).contains("connection: close\r\n"), response);
    }
    Loopback.await("request summary", () -> requests.size() == 1);
    assertEquals("until the end".length(), requests.get(0).responseBytes());
  }

  @Test
  void aCallerResettingMidRequestBodyClosesTheUpstreamConnectionWithoutLeaking() throws Exception {
    Backend backend = httpBackend("api", null);
    InetSocketAddress gw = gateway(backend.port);
    try (SSLSocket socket = connect(callerContext(caller("web")), gw, API_SNI)) {
      socket.getOutputStream().write(("POST /upload HTTP/1.1\r\nHost: api\r\nContent-Length: 100000\r\n\r\n"
          + "x".repeat(1000)).getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      Loopback.await("the upstream connection", () -> recorder.events.contains("connected " + backend.port));
      socket.setSoLinger(true, 0);
    }
    Loopback.await("the upstream connection closed", () -> backend.closed.get() == 1);
    assertEquals(0, backend.requests.get());
  }
}
