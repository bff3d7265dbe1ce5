package dev.meshgate.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.catalog.Catalog;
import dev.meshgate.core.catalog.Node;
import dev.meshgate.core.catalog.ServiceDefaults;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.catalog.ServiceKind;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.ingress.IngressGateway;
import dev.meshgate.core.ingress.IngressGatewayEntry;
import dev.meshgate.core.ingress.IngressListener;
import dev.meshgate.core.ingress.IngressService;
import dev.meshgate.core.intentions.Action;
import dev.meshgate.core.intentions.DefaultPolicy;
import dev.meshgate.core.intentions.IntentionSet;
import dev.meshgate.core.intentions.ServiceIntentions;
import dev.meshgate.core.intentions.SourceIntention;
import dev.meshgate.core.mesh.MeshGateway;
import dev.meshgate.core.naming.SpiffeId;
import dev.meshgate.core.naming.TrustDomain;
import dev.meshgate.core.terminating.TerminatingGateway;
import dev.meshgate.core.terminating.TerminatingGatewayEntry;
import dev.meshgate.testkit.IssuedCertificate;
import dev.meshgate.testkit.TestCa;
import dev.meshgate.tls.KeyMaterial;
import dev.meshgate.tls.LeafSource;
import dev.meshgate.tls.MeshClientTls;
import dev.meshgate.tls.TerminatingGatewayTls;
import dev.meshgate.tls.TlsContexts;
import dev.meshgate.tls.TrustBundle;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the two examples of README.md's "Netty gateways" section, line for line. */
class ReadmeExampleTest {
  static {
    Leaks.install();
  }

  private static final Logger log = LoggerFactory.getLogger(ReadmeExampleTest.class);
  static final TrustDomain td = TrustDomain.fromClusterId("5fcd4b81-a2ca-405a-ac62-0fac602c1949");
  static final TestCa ca = TestCa.forTrustDomain(td);
  private final InetSocketAddress listen = new InetSocketAddress(Loopback.LOOPBACK, 0);

  Channel sniProxy(Catalog catalog, EventLoopGroup group) throws InterruptedException {
    // --- README.md, "SNI proxy", from here ---
    MeshGateway gateway = MeshGateway.builder()
        .name("mesh-gateway").datacenter("dc1").trustDomain(td).catalog(catalog).build();
    Relay relay = Relay.builder()
        .connectTimeout(Duration.ofSeconds(2))         // then the next endpoint; default 5 s
        .idleTimeout(Duration.ofMinutes(10))           // default 1 h
        .observer(new GatewayObserver() {              // every method has a no-op default
          @Override
          public void closed(Channel client, ConnectionSummary summary) {
            log.info("{}: {}", client.remoteAddress(), summary);
          }
        })
        .build();
    Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(MeshGatewayInitializer.builder(gateway).relay(relay).build())
        .bind(listen).sync().channel();
    // --- to here ---
    return server;
  }

  Channel terminatingGateway(Catalog catalog, LeafSource leaves, IntentionSet intentions, EventLoopGroup group)
      throws InterruptedException {
    // --- README.md, "Terminating gateway", from here ---
    TerminatingGateway gateway = TerminatingGateway.builder().name("tgw").datacenter("dc1").trustDomain(td)
        .catalog(catalog).entry(TerminatingGatewayEntry.builder("tgw").service("api").build()).build();
    TrustBundle meshRoots = TrustBundle.of(ca.name(), List.of(ca.root()));
    TerminatingGatewayTls tls = TerminatingGatewayTls.follow(   // leaves and TLS modes follow the table
        gateway, TlsContexts.builder().build(), meshRoots, leaves);
    ChannelInitializer<Channel> flow = TerminatingGatewayInitializer.builder(gateway, tls)
        .intentions(() -> intentions)                  // asked per connection, or per HTTP request
        .defaultPolicy(DefaultPolicy.DENY)             // what no intention decides
        .build();
    Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(flow).bind(listen).sync().channel();
    // --- to here ---
    return server;
  }

  Channel ingressGateway(Catalog catalog, KeyMaterial gatewayLeaf, EventLoopGroup group) throws InterruptedException {
    // --- README.md, "Ingress gateway", from here ---
    IngressGateway gateway = IngressGateway.builder().datacenter("dc1").trustDomain(td).catalog(catalog)
        .entry(IngressGatewayEntry.builder("ingress").listeners(IngressListener.builder(8080).protocol("http")
            .services(IngressService.builder("web").hosts("web.example.com").build()).build()).build())
        .build();
    MeshClientTls meshTls = TlsContexts.builder().build()   // the gateway's own leaf, the mesh roots
        .meshClient(gatewayLeaf, TrustBundle.of(ca.name(), List.of(ca.root())));
    Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(IngressGatewayInitializer.builder(gateway, 8080, meshTls).build())
        .bind(listen).sync().channel();
    // --- to here ---
    return server;
  }

  @Test
  void readmeShowsExactlyTheCodeThisTestRuns() throws IOException {
    String readme = Files.readString(Path.of("../README.md"));
    String source = Files.readString(Path.of("src/test/java/dev/meshgate/netty/ReadmeExampleTest.java"));
    for (String name : List.of("SNI proxy", "Terminating gateway", "Ingress gateway")) {
      String code = region(source, source.indexOf("// --- README.md, \"" + name + "\", from here"));
      String block = readme.substring(readme.indexOf("<!-- gateway-netty: " + name + " -->"));
      block = block.substring(block.indexOf("```java") + "```java".length());
      block = block.substring(0, block.indexOf("```"));
      String shown = block.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"))
          + "\n";
      assertEquals(code, shown, name);
    }
  }

  private static String region(String source, int start) {
    String from = source.substring(start);
    List<String> lines = from.substring(0, from.indexOf("// --- to here")).lines().map(String::strip).toList();
    return String.join("\n", lines.subList(1, lines.size())).strip() + "\n";
  }

  @Test
  void theSniProxyRelaysToTheServiceWhoseOwnCertificateTheClientSees() throws Exception {
    IssuedCertificate api = ca.leaf(SpiffeId.Service.of(td, "", "dc1", "api"));
    SSLServerSocket service = (SSLServerSocket) MeshGatewayInitializerTest.serverContext(api)
        .getServerSocketFactory().createServerSocket(0, 8, Loopback.LOOPBACK);
    Catalog catalog = new Catalog();
    catalog.register(ServiceInstance.builder(Node.agent("n1", "dc1", "127.0.0.1"), "api")
        .kind(ServiceKind.CONNECT_NATIVE).port(lineService(service)).build());
    EventLoopGroup group = new NioEventLoopGroup(1);
    try {
      Channel server = sniProxy(catalog, group);
      String[] answer = new String[1];
      Certificate seen = MeshGatewayInitializerTest.call(clientContext(null),
          (InetSocketAddress) server.localAddress(), "api.default.dc1.internal." + td.value(), "ping", answer);
      assertEquals(api.certificate(), seen);
      assertEquals("got ping", answer[0]);
      server.close().sync();
    } finally {
      service.close();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  @Test
  void theTerminatingGatewayLetsAnAllowedCallerReachThePlaintextService() throws Exception {
    ServerSocket service = new ServerSocket(0, 8, Loopback.LOOPBACK);
    Catalog catalog = new Catalog();
    catalog.register(ServiceInstance.builder(Node.external("api-ext", "dc1", "127.0.0.1"), "api")
        .port(lineService(service)).build());
    LeafSource leaves = id -> {
      IssuedCertificate leaf = ca.leaf(id);
      return KeyMaterial.of(leaf.subject(), leaf.chain(), leaf.keyPair().getPrivate());
    };
    IntentionSet intentions = IntentionSet.builder()
        .add(ServiceIntentions.builder().name("api").source(SourceIntention.of("web", Action.ALLOW)).build())
        .build();
    EventLoopGroup group = new NioEventLoopGroup(1);
    try {
      Channel server = terminatingGateway(catalog, leaves, intentions, group);
      String[] answer = new String[1];
      MeshGatewayInitializerTest.call(clientContext(ca.leaf(SpiffeId.Service.of(td, "", "dc1", "web"))),
          (InetSocketAddress) server.localAddress(), "api.default.dc1.internal." + td.value(), "ping", answer);
      assertEquals("got ping", answer[0]);
      server.close().sync();
    } finally {
      service.close();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  @Test
  void theIngressGatewayAnswersARequestForItsHostFromTheMeshService() throws Exception {
    IssuedCertificate web = ca.leaf(SpiffeId.Service.of(td, "", "dc1", "web"));
    SSLServerSocket service = (SSLServerSocket) MeshGatewayInitializerTest.serverContext(web)
        .getServerSocketFactory().createServerSocket(0, 8, Loopback.LOOPBACK);
    Catalog catalog = new Catalog();
    catalog.register(ServiceInstance.builder(Node.agent("n1", "dc1", "127.0.0.1"), "web")
        .kind(ServiceKind.CONNECT_NATIVE).port(httpService(service)).build());
    catalog.setServiceDefaults(ServiceDefaults.builder(ServiceName.of("web")).protocol(Protocol.HTTP).build());
    IssuedCertificate leaf = ca.leaf(SpiffeId.Service.of(td, "", "dc1", "ingress"));
    EventLoopGroup group = new NioEventLoopGroup(1);
    try {
      Channel server = ingressGateway(catalog, KeyMaterial.of(leaf.subject(), leaf.chain(),
          leaf.keyPair().getPrivate()), group);
      InetSocketAddress address = (InetSocketAddress) server.localAddress();
      try (Socket s = new Socket(address.getAddress(), address.getPort())) {
        s.setSoTimeout(20_000);
        s.getOutputStream().write("GET / HTTP/1.1\r\nHost: web.example.com\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
        String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(response.startsWith("HTTP/1.1 200 "), response);
        assertTrue(response.endsWith("\r\n\r\nweb says hi"), response);
      }
      server.close().sync();
    } finally {
      service.close();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  /** Answers each HTTP/1.1 request (without a body) with {@code web says hi}. */
  private static int httpService(ServerSocket server) {
    Thread thread = new Thread(() -> {
      while (!server.isClosed()) {
        try (Socket s = server.accept()) {
          BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
          OutputStream o = s.getOutputStream();
          String line;
          while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
              o.write("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nweb says hi".getBytes(StandardCharsets.UTF_8));
              o.flush();
            }
          }
        } catch (IOException e) {
          // next one
        }
      }
    }, "readme-http-service");
    thread.setDaemon(true);
    thread.start();
    return server.getLocalPort();
  }

  private static SSLContext clientContext(IssuedCertificate leaf) throws Exception {
    return Loopback.clientContext(ca.root(), leaf);
  }

  /** Answers one line per connection with {@code got <line>}. */
  private static int lineService(ServerSocket server) {
    Thread thread = new Thread(() -> {
      while (!server.isClosed()) {
        try (Socket s = server.accept()) {
          String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
          OutputStream o = s.getOutputStream();
          o.write(("got " + line + "\n").getBytes(StandardCharsets.UTF_8));
          o.flush();
        } catch (IOException e) {
          // next one
        }
      }
    }, "readme-service");
    thread.setDaemon(true);
    thread.start();
    return server.getLocalPort();
  }
}
