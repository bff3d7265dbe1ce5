package dev.meshgate.examples.gateway;

import dev.meshgate.core.intentions.Decision;
import dev.meshgate.core.intentions.DefaultPolicy;
import dev.meshgate.core.intentions.DestinationService;
import dev.meshgate.core.intentions.SourceIdentity;
import dev.meshgate.core.naming.SpiffeId;
import dev.meshgate.core.naming.TrustDomain;
import dev.meshgate.examples.Io;
import dev.meshgate.examples.gateway.RunningGateway.GatewayKind;
import dev.meshgate.netty.GatewayObserver;
import dev.meshgate.netty.Relay;
import dev.meshgate.testkit.IssuedCertificate;
import dev.meshgate.testkit.KeyFormat;
import dev.meshgate.testkit.TestCa;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * {@code demo}: a mesh, a terminating and an ingress gateway on loopback with nothing else
 * installed. A throwaway test CA issues every certificate; small services stand in for the mesh
 * ({@code web}, {@code web-v2}: HTTPS requiring a mesh client certificate) and for the services
 * outside it ({@code billing}: plain HTTP; {@code ledger}: HTTPS requiring the gateway's client
 * certificate from another CA). It prints the commands that exercise each path, each with what it
 * should print, and runs until Ctrl-C or {@code POST /quitquitquit} on any admin endpoint; the
 * config directory (with the CA's keys) is deleted when it stops.
 */
@Command(name = "demo",
    description = {"Start a mesh, a terminating and an ingress gateway on loopback, with demo services and a "
        + "throwaway CA, and print the curl and openssl commands that exercise each path.",
        "Runs until Ctrl-C (or POST /quitquitquit on an admin endpoint)."})
public final class DemoCommand implements Callable<Integer> {
  static final TrustDomain TRUST_DOMAIN = TrustDomain.fromClusterId("d3d0c0de-0000-4000-8000-000000000001");
  private static final String DC = "dc1";

  private final Io io;

  /**
   * Creates the command.
   *
   * @param io where the guide (out) and the gateways' progress and decisions (err) go
   */
  public DemoCommand(Io io) {
    this.io = io;
  }

  static String sni(String service) {
    return service + ".default." + DC + ".internal." + TRUST_DOMAIN.value();
  }

  private static SpiffeId.Service id(String service) {
    return SpiffeId.Service.of(TRUST_DOMAIN, "", DC, service);
  }

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("meshgate-demo");
    CountDownLatch stop = new CountDownLatch(1);
    Thread hook = new Thread(stop::countDown, "meshgate-demo-shutdown");
    Transport transport = Transport.best();
    EventLoopGroup group = transport.newGroup();
    List<AutoCloseable> running = new ArrayList<>();
    try (DemoBackends backends = new DemoBackends()) {
      TestCa mesh = TestCa.forTrustDomain(TRUST_DOMAIN);
      TestCa outside = TestCa.named("ledger's own CA");
      Ports ports = writeConfig(dir, mesh, outside, backends);
      GatewayObserver decisions = new GatewayObserver() {
        @Override
        public void intentionDecided(Channel client, SourceIdentity source, DestinationService destination,
            Decision decision) {
          io.err().println("terminating gateway: " + source + " -> " + destination + ": " + decision.text());
        }
      };
      running.add(start(GatewayKind.MESH, "mesh-gateway", ports.mesh, dir, group, transport, GatewayObserver.noop(),
          stop::countDown));
      running.add(start(GatewayKind.TERMINATING, "terminating", ports.terminating, dir, group, transport, decisions,
          stop::countDown));
      running.add(start(GatewayKind.INGRESS, "ingress", ports.ingress, dir, group, transport, GatewayObserver.noop(),
          stop::countDown));
      guide(io.out(), dir, ports, running);
      Runtime.getRuntime().addShutdownHook(hook);
      stop.await();
    } finally {
      for (int i = running.size() - 1; i >= 0; i--) {
        running.get(i).close();
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook is what stopped us
      }
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
      delete(dir);
    }
    io.err().println("demo stopped");
    return 0;
  }

  private RunningGateway start(GatewayKind kind, String name, int port, Path dir, EventLoopGroup group,
      Transport transport, GatewayObserver also, Runnable quit) throws Exception {
    Settings settings = new Settings(name, DC, TRUST_DOMAIN,
        new InetSocketAddress(InetAddress.getLoopbackAddress(), port), dir.resolve("tls"), DefaultPolicy.DENY,
        Relay.defaults(), group, transport, io);
    return RunningGateway.start(kind, settings, dir, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1,
        also, quit);
  }

  /** The loopback ports the demo listens on. */
  private record Ports(int mesh, int terminating, int ingress) {}

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Issues the certificates, starts the services and writes the config directory they are in. */
  private static Ports writeConfig(Path dir, TestCa mesh, TestCa outside, DemoBackends backends) throws Exception {
    Path tls = Files.createDirectories(dir.resolve("tls"));
    Path clients = Files.createDirectories(dir.resolve("clients"));
    Path catalog = Files.createDirectories(dir.resolve(GatewayConfig.CATALOG));
    mesh.writeRoot(tls.resolve("ca.pem"));
    outside.writeRoot(tls.resolve("ledger-ca.pem"));
    // what the terminating gateway presents for each linked service, and the ingress gateway's own leaf
    for (String service : List.of("billing", "ledger", "ingress")) {
      write(mesh.issue().spiffeId(id(service)).dnsName(sni(service)).build(), tls, service);
    }
    // the callers curl plays: web may call billing and ledger, ops may not
    for (String caller : List.of("web", "ops")) {
      write(mesh.leaf(id(caller)), clients, caller);
    }
    write(outside.issue().commonName("terminating-gateway").build(), tls, "terminating-client");
    int web = backends.mutualTls("web", mesh.issue().spiffeId(id("web")).dnsName(sni("web")).build(), mesh.root());
    int webV2 = backends.mutualTls("web-v2", mesh.leaf(id("web-v2")), mesh.root());
    int billing = backends.plain("billing");
    int ledger = backends.mutualTls("ledger", outside.server("ledger.example.com"), outside.root());
    instance(catalog, "web", web, true);
    instance(catalog, "web-v2", webV2, true);
    instance(catalog, "billing", billing, false);
    instance(catalog, "ledger", ledger, false);
    Ports ports = new Ports(freePort(), freePort(), freePort());
    Files.writeString(dir.resolve("services.json"), """
        [
          {"Kind": "service-defaults", "Name": "web", "Protocol": "http"},
          {"Kind": "service-defaults", "Name": "web-v2", "Protocol": "http"},
          {"Kind": "service-defaults", "Name": "billing", "Protocol": "http"},
          {"Kind": "service-defaults", "Name": "ledger", "Protocol": "http"},
          {"Kind": "service-router", "Name": "web", "Routes": [
            {"Match": {"HTTP": {"PathPrefix": "/v2"}}, "Destination": {"Service": "web-v2"}}
          ]}
        ]
        """);
    Files.writeString(dir.resolve("gateways.json"), """
        [
          {"Kind": "ingress-gateway", "Name": "ingress", "Listeners": [
            {"Port": %d, "Protocol": "http", "Services": [{"Name": "web", "Hosts": ["web.example.com"]}]}
          ]},
          {"Kind": "terminating-gateway", "Name": "terminating", "Services": [
            {"Name": "billing"},
            {"Name": "ledger", "CAFile": "%s", "CertFile": "%s", "KeyFile": "%s", "SNI": "ledger.example.com"}
          ]}
        ]
        """.formatted(ports.ingress, tls.resolve("ledger-ca.pem"), tls.resolve("terminating-client.pem"),
        tls.resolve("terminating-client-key.pem")));
    Files.writeString(dir.resolve("intentions.json"), """
        [
          {"Kind": "service-intentions", "Name": "billing", "Sources": [{"Name": "web", "Action": "allow"}]},
          {"Kind": "service-intentions", "Name": "ledger", "Sources": [{"Name": "web", "Action": "allow"}]}
        ]
        """);
    return ports;
  }

  private static void write(IssuedCertificate leaf, Path dir, String name) {
    leaf.writeChain(dir.resolve(name + ".pem"));
    leaf.writePrivateKey(dir.resolve(name + "-key.pem"), KeyFormat.PKCS8, new char[0]);
  }

  /** A {@code /v1/health/service/<name>} answer with one passing instance on loopback. */
  private static void instance(Path catalog, String service, int port, boolean connectNative) throws IOException {
    Files.writeString(catalog.resolve(service + ".json"), ("[{\"Node\": {\"Node\": \"%s-node\", \"Address\": "
        + "\"127.0.0.1\", \"Datacenter\": \"%s\"}, \"Service\": {\"ID\": \"%s\", \"Service\": \"%s\", \"Port\": %d, "
        + "\"Connect\": {\"Native\": %b}}, \"Checks\": [{\"CheckID\": \"serfHealth\", \"Status\": \"passing\"}]}]\n")
        .formatted(service, DC, service, service, port, connectNative));
  }

  /** Prints what runs where, then each command with the line it should print. */
  private static void guide(PrintStream out, Path dir, Ports ports, List<AutoCloseable> running) {
    String clients = dir.resolve("clients").toString();
    String ca = dir.resolve("tls").resolve("ca.pem").toString();
    String t = Integer.toString(ports.terminating);
    out.println("meshgate demo: trust domain " + TRUST_DOMAIN.value() + ", config in " + dir);
    out.println("  mesh gateway        127.0.0.1:" + ports.mesh + "   admin " + ((RunningGateway) running.get(0)).adminUrl());
    out.println("  terminating gateway 127.0.0.1:" + t + "   admin " + ((RunningGateway) running.get(1)).adminUrl());
    out.println("  ingress gateway     127.0.0.1:" + ports.ingress + "   admin " + ((RunningGateway) running.get(2)).adminUrl());
    out.println();
    step(out, "ingress, routed by Host to web",
        "curl -sS -H 'Host: web.example.com' http://127.0.0.1:" + ports.ingress + "/hello",
        "web: GET /hello (client certificate spiffe://" + TRUST_DOMAIN.value() + "/ns/default/dc/dc1/svc/ingress)");
    step(out, "ingress, routed by path through web's service-router to web-v2",
        "curl -sS -H 'Host: web.example.com' http://127.0.0.1:" + ports.ingress + "/v2/users",
        "web-v2: GET /v2/users");
    String web = " --cert " + clients + "/web.pem --key " + clients + "/web-key.pem";
    String ops = " --cert " + clients + "/ops.pem --key " + clients + "/ops-key.pem";
    step(out, "terminating gateway: web calls billing (allowed by intentions; plain HTTP to billing)",
        "curl -sS --cacert " + ca + web + " --resolve " + sni("billing") + ":" + t + ":127.0.0.1 https://"
            + sni("billing") + ":" + t + "/invoices",
        "billing: GET /invoices");
    step(out, "terminating gateway: ops calls billing (no intention allows it: denied)",
        "curl -sS --cacert " + ca + ops + " --resolve " + sni("billing") + ":" + t + ":127.0.0.1 https://"
            + sni("billing") + ":" + t + "/invoices",
        DENIED);
    step(out, "why ops was denied: the same decision, explained",
        "java -jar " + jar() + " intention check --entries " + dir + " ops billing",
        "Denied");
    step(out, "terminating gateway: web calls ledger (mutual TLS to ledger with the gateway's own client certificate)",
        "curl -sS --cacert " + ca + web + " --resolve " + sni("ledger") + ":" + t + ":127.0.0.1 https://"
            + sni("ledger") + ":" + t + "/balance",
        "ledger: GET /balance (client certificate CN=terminating-gateway)");
    step(out, "mesh gateway: relays web's TLS by SNI without decrypting (the certificate is web's own)",
        "openssl s_client -connect 127.0.0.1:" + ports.mesh + " -servername " + sni("web") + " -CAfile " + ca
            + " -cert " + clients + "/web.pem -key " + clients + "/web-key.pem -verify_return_error </dev/null",
        "Verify return code: 0 (ok)");
    out.println("Stop with Ctrl-C.");
    out.flush();
  }

  /** What the denied call prints: billing is an http service, so the request is answered 403. */
  static final String DENIED = "RBAC: access denied";

  private static void step(PrintStream out, String what, String command, String expect) {
    out.println("# " + what);
    out.println(command);
    out.println("#   expect: " + expect);
    out.println();
  }

  /** The running jar, for the printed {@code java -jar} line. */
  private static String jar() {
    try {
      return Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException | RuntimeException e) {
      return "gateway-examples/target/meshgate.jar";
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      // a leftover temporary directory is not worth failing the stop for
    }
  }
}
