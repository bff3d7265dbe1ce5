package dev.meshgate.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.catalog.Catalog;
import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.HealthStatus;
import dev.meshgate.core.catalog.Node;
import dev.meshgate.core.catalog.ServiceDefaults;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.chain.ChainEntries;
import dev.meshgate.core.chain.ServiceRoute;
import dev.meshgate.core.chain.ServiceRouter;
import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.ingress.HeaderModifiers;
import dev.meshgate.core.ingress.IngressGateway;
import dev.meshgate.core.ingress.IngressGatewayEntry;
import dev.meshgate.core.ingress.IngressListener;
import dev.meshgate.core.ingress.IngressService;
import dev.meshgate.core.naming.SpiffeId;
import dev.meshgate.core.naming.TrustDomain;
import dev.meshgate.testkit.IssuedCertificate;
import dev.meshgate.testkit.TestCa;
import dev.meshgate.tls.KeyMaterial;
import dev.meshgate.tls.MeshClientTls;
import dev.meshgate.tls.TlsContexts;
import dev.meshgate.tls.TrustBundle;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
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
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ingress flow end to end on loopback: plaintext HTTP/1.1 and tcp listeners in front of mesh
 * backends that present their own SPIFFE leaves and require the gateway's.
 */
class IngressGatewayInitializerTest {
  static {
    Leaks.install();
  }

  static final TrustDomain TD = TrustDomain.fromClusterId("11111111-2222-3333-4444-555555555555");
  static final TestCa MESH = TestCa.forTrustDomain(TD);
  static final SpiffeId.Service INGRESS = SpiffeId.Service.of(TD, "", "dc1", "ingress");
  static final Node NODE = Node.agent("app-node", "dc1", "127.0.0.1");

  private final Loopback loop = new Loopback();
  private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
  private final Recorder recorder = new Recorder();
  private final List<RequestSummary> requests = recorder.requests;

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    loop.close();
    Leaks.assertNone();
  }

  static KeyMaterial key(IssuedCertificate issued) {
    return KeyMaterial.of(issued.subject(), issued.chain(), issued.keyPair().getPrivate());
  }

  static SpiffeId.Service id(String service) {
    return SpiffeId.Service.of(TD, "", "dc1", service);
  }

  /** What a mesh backend saw. */
  static final class Backend {
    final int port;
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();

    Backend(int port) {
      this.port = port;
    }
  }

  static SslContext meshServerContext(IssuedCertificate leaf) throws Exception {
    return SslContextBuilder.forServer(leaf.keyPair().getPrivate(), leaf.chain().toArray(new X509Certificate[0]))
        .trustManager(MESH.root()).clientAuth(ClientAuth.REQUIRE).build();
  }

  private static String peerUri(SslHandler ssl) throws Exception {
    X509Certificate peer = (X509Certificate) ssl.engine().getSession().getPeerCertificates()[0];
    Collection<List<?>> sans = peer.getSubjectAlternativeNames();
    for (List<?> san : sans) {
      if ((Integer) san.get(0) == 6) {
        return String.valueOf(san.get(1));
      }
    }
    return "none";
  }

  /**
   * An HTTPS mesh backend presenting {@code leaf}: answers {@code <name> <uri> x-vh=<..> x-gone=<..>
   * caller=<client SPIFFE ID>} with a response header {@code x-backend: <name>}.
   */
  private Backend httpBackend(String name, IssuedCertificate leaf) throws Exception {
    SslContext context = meshServerContext(leaf);
    Backend[] backend = new Backend[1];
    InetSocketAddress address = loop.serve(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        backend[0].connections.incrementAndGet();
        SslHandler ssl = context.newHandler(ch.alloc());
        ch.pipeline().addLast(ssl, new HttpServerCodec(), new HttpObjectAggregator(1 << 16),
            new SimpleChannelInboundHandler<FullHttpRequest>() {
              @Override
              protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) throws Exception {
                backend[0].requests.incrementAndGet();
                String body = name + " " + req.uri() + " x-vh=" + req.headers().get("x-vh") + " x-gone="
                    + req.headers().get("x-gone") + " caller=" + peerUri(ssl) + " body="
                    + req.content().toString(StandardCharsets.UTF_8);
                FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
                response.headers().set("x-backend", name).set("x-secret", "s");
                HttpUtil.setContentLength(response, response.content().readableBytes());
                ctx.writeAndFlush(response);
              }
            });
      }
    });
    backend[0] = new Backend(address.getPort());
    return backend[0];
  }

  /** A TLS mesh backend presenting {@code leaf} that echoes every byte. */
  static Backend echoBackend(Loopback loop, IssuedCertificate leaf) throws Exception {
    SslContext context = meshServerContext(leaf);
    Backend[] backend = new Backend[1];
    InetSocketAddress address = loop.serve(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        backend[0].connections.incrementAndGet();
        ch.pipeline().addLast(context.newHandler(ch.alloc()), new ChannelInboundHandlerAdapter() {
          @Override
          public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(msg);
          }
        });
      }
    });
    backend[0] = new Backend(address.getPort());
    return backend[0];
  }

  static void instance(CatalogSnapshot.Builder b, String service, int port, HealthStatus health,
      boolean http) {
    b.register(ServiceInstance.builder(NODE, service + "-sidecar-proxy").id(service + "-proxy").port(port)
        .connectProxyFor(service).health(health).build());
    if (http) {
      b.serviceDefaults(ServiceDefaults.builder(ServiceName.of(service)).protocol(Protocol.HTTP).build());
    }
  }

  /** The gateway: web (with /admin/ routed to admin), down, impostor on 8080 (http); db on 9000 (tcp). */
  private IngressGateway gateway(int web, int admin, int down, int impostor, int db) {
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    instance(b, "web", web, HealthStatus.PASSING, true);
    instance(b, "admin", admin, HealthStatus.PASSING, true);
    instance(b, "down", down, HealthStatus.CRITICAL, true);
    instance(b, "impostor", impostor, HealthStatus.PASSING, true);
    instance(b, "db", db, HealthStatus.PASSING, false);
    ChainEntries chains = ChainEntries.builder()
        .router(ServiceRouter.builder(ServiceName.of("web")).route(ServiceRoute.prefixTo("/admin/", "admin")).build())
        .build();
    IngressGatewayEntry entry = IngressGatewayEntry.builder("ingress").listeners(
        IngressListener.builder(8080).protocol("http").services(
            IngressService.builder("web").hosts("web.example.com")
                .requestHeaders(HeaderModifiers.builder().set("x-vh", "web").remove("x-gone").build())
                .responseHeaders(HeaderModifiers.builder().add("x-via", "ingress").remove("x-secret").build())
                .build(),
            IngressService.builder("down").hosts("down.example.com").build(),
            IngressService.builder("impostor").hosts("impostor.example.com").build()).build(),
        IngressListener.builder(9000).protocol("tcp").services(IngressService.of("db")).build()).build();
    IngressGateway gateway = IngressGateway.builder().entry(entry).datacenter("dc1").trustDomain(TD)
        .catalog(new Catalog(b.build())).chains(chains).build();
    open.add(gateway);
    return gateway;
  }

  private final MeshClientTls meshClient = TlsContexts.builder().build()
      .meshClient(key(MESH.leaf(INGRESS)), TrustBundle.of(MESH.name(), List.of(MESH.root())));

  private InetSocketAddress listener(IngressGateway gateway, int port) throws Exception {
    return loop.serve(IngressGatewayInitializer.builder(gateway, port, meshClient)
        .relay(Relay.builder().observer(recorder).build()).random(() -> 7).build());
  }

  /** Sends raw HTTP/1.1 requests on one connection and reads {@code count} responses. */
  private List<String> exchange(InetSocketAddress address, String requests, int count) throws IOException {
    try (Socket s = loop.connect(address)) {
      s.getOutputStream().write(requests.getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      List<String> responses = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        responses.add(readResponse(in));
      }
      return responses;
    }
  }

  /** Reads one response with a Content-Length; returns status line, lower-cased headers, body. */
  static String readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        return "EOF after " + head.toString(StandardCharsets.US_ASCII);
      }
      head.write(c);
    }
    String headers = head.toString(StandardCharsets.US_ASCII);
    int length = 0;
    StringBuilder out = new StringBuilder();
    for (String line : headers.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        String name = line.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT);
        String value = line.substring(colon + 1).trim();
        if (name.equals("content-length")) {
          length = Integer.parseInt(value);
        }
        out.append(name).append(": ").append(value).append('\n');
      } else if (!line.isEmpty()) {
        out.append(line).append('\n');
      }
    }
    out.append(new String(in.readNBytes(length), StandardCharsets.UTF_8));
    return out.toString();
  }

  private static String get(String host, String target, String... headers) {
    StringBuilder b = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n");
    for (String h : headers) {
      b.append(h).append("\r\n");
    }
    return b.append("\r\n").toString();
  }

  static int status(String response) {
    return Integer.parseInt(response.split(" ", 3)[1]);
  }

  static String body(String response) {
    return response.substring(response.lastIndexOf('\n') + 1);
  }

  private Backend web;
  private Backend admin;
  private Backend impostor;
  private Backend db;

  private IngressGateway fullGateway() throws Exception {
    web = httpBackend("web", MESH.leaf(id("web")));
    admin = httpBackend("admin", MESH.leaf(id("admin")));
    // presents web's identity, but the catalog says it is "impostor"
    impostor = httpBackend("impostor", MESH.leaf(id("web")));
    db = echoBackend(loop, MESH.leaf(id("db")));
    return gateway(web.port, admin.port, Loopback.refusingPort(), impostor.port, db.port);
  }

  @Test
  void aRequestReachesItsVirtualHostOverMeshMtlsWithTheVirtualHostsHeaderChanges() throws Exception {
    InetSocketAddress address = listener(fullGateway(), 8080);
    List<String> responses = exchange(address, get("web.example.com", "/home?q=1", "x-gone: yes", "x-vh: client"), 1);
    String r = responses.get(0);
    assertEquals(200, status(r), r);
    assertEquals("web /home?q=1 x-vh=web x-gone=null caller=" + INGRESS.uri() + " body=", body(r));
    assertTrue(r.contains("x-backend: web\n") && r.contains("x-via: ingress\n") && !r.contains("x-secret"), r);
    Loopback.await("request summary", () -> requests.size() == 1);
    RequestSummary s = requests.get(0);
    assertEquals("web.example.com", s.host());
    assertEquals("/home", s.path());
    assertEquals("web.default.default.dc1", s.destination());
    assertEquals(200, s.status());
    assertEquals(web.port, s.endpoint().orElseThrow().port());
    assertEquals(body(r).length(), s.responseBytes());
  }

  @Test
  void aPathPrefixRouteOfTheVirtualHostsChainReachesAnotherServiceAndTheConnectionIsReused() throws Exception {
    InetSocketAddress address = listener(fullGateway(), 8080);
    List<String> responses = exchange(address, get("web.example.com", "/admin/users") + get("web.example.com",
        "/admin/groups") + get("web.example.com", "/", "Connection: close"), 3);
    assertEquals("admin /admin/users x-vh=web x-gone=null caller=" + INGRESS.uri() + " body=", body(responses.get(0)));
    assertEquals("admin /admin/groups x-vh=web x-gone=null caller=" + INGRESS.uri() + " body=",
        body(responses.get(1)));
    assertTrue(body(responses.get(2)).startsWith("web / "), responses.get(2));
    assertEquals(1, admin.connections.get(), "two requests to one endpoint share one upstream connection");
    assertEquals(2, admin.requests.get());
    Loopback.await("request summaries", () -> requests.size() == 3);
    assertEquals("admin.default.default.dc1", requests.get(0).destination());
    assertTrue(requests.get(0).explanation().contains("/admin/"), requests.get(0).explanation());
  }

  @Test
  void anUnknownHostIsAnswered404WithoutDiallingAnything() throws Exception {
    InetSocketAddress address = listener(fullGateway(), 8080);
    String r = exchange(address, get("api.example.com", "/"), 1).get(0);
    assertEquals(404, status(r), r);
    Loopback.await("request summary", () -> requests.size() == 1);
    assertEquals("NO_HOST_MATCH", requests.get(0).explanation());
    assertEquals(0, web.connections.get() + admin.connections.get() + impostor.connections.get());
  }

  @Test
  void aServiceWithoutAHealthyEndpointIsAnswered503() throws Exception {
    InetSocketAddress address = listener(fullGateway(), 8080);
    String r = exchange(address, get("down.example.com", "/"), 1).get(0);
    assertEquals(503, status(r), r);
    Loopback.await("request summary", () -> requests.size() == 1);
    assertEquals(503, requests.get(0).status());
    assertTrue(requests.get(0).explanation().startsWith("no healthy endpoint"), requests.get(0).explanation());
  }

  @Test
  void aBackendPresentingAnotherServicesSpiffeIdNeverReceivesTheRequestAndTheClientGets502() throws Exception {
    InetSocketAddress address = listener(fullGateway(), 8080);
    String r = exchange(address, get("impostor.example.com", "/secret"), 1).get(0);
    assertEquals(502, status(r), r);
    assertEquals(0, impostor.requests.get(), "the impostor saw no request");
    assertTrue(recorder.events.contains("failed " + impostor.port), recorder.events.toString());
    Loopback.await("request summary", () -> requests.size() == 1);
    assertEquals("impostor.default.default.dc1", requests.get(0).destination());
    assertEquals(502, requests.get(0).status());
  }

  @Test
  void aTcpListenerRelaysBytesToItsServiceOverMeshMtls() throws Exception {
    InetSocketAddress address = listener(fullGateway(), 9000);
    try (Socket s = loop.connect(address)) {
      byte[] hello = "ping over the mesh\n".getBytes(StandardCharsets.US_ASCII);
      s.getOutputStream().write(hello);
      s.getOutputStream().flush();
      assertEquals("ping over the mesh\n", new String(s.getInputStream().readNBytes(hello.length),
          StandardCharsets.US_ASCII));
    }
    assertEquals(1, db.connections.get());
    assertTrue(recorder.events.contains("connected " + db.port), recorder.events.toString());
  }

  @Test
  void aTcpBackendPresentingAnotherServicesSpiffeIdGetsNoByteAndTheClientIsClosed() throws Exception {
    Backend wrong = echoBackend(loop, MESH.leaf(id("web")));
    InetSocketAddress address = listener(gateway(1, 1, 1, 1, wrong.port), 9000);
    try (Socket s = loop.connect(address)) {
      s.getOutputStream().write("secret\n".getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      assertEquals(-1, s.getInputStream().read(), "the gateway closes the client");
    }
  }

  @Test
  void aPortWithoutAListenerClosesTheConnection() throws Exception {
    InetSocketAddress address = listener(gateway(1, 1, 1, 1, 1), 7777);
    try (Socket s = loop.connect(address)) {
      assertEquals(-1, s.getInputStream().read());
    }
    Loopback.await("rejection", () -> recorder.events.contains("rejected : NO_LISTENER"));
  }
}
