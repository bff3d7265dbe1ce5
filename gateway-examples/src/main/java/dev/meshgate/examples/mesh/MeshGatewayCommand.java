package dev.meshgate.examples.mesh;

import dev.meshgate.core.catalog.Catalog;
import dev.meshgate.core.catalog.Node;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.catalog.ServiceKind;
import dev.meshgate.core.mesh.MeshGateway;
import dev.meshgate.core.mesh.Route;
import dev.meshgate.core.naming.TrustDomain;
import dev.meshgate.examples.JsonString;
import dev.meshgate.examples.Io;
import dev.meshgate.examples.UsageException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mesh-gateway}: a mesh gateway you can run. It listens on a port, reads each client's SNI,
 * routes it through meshgate's mesh-gateway table and relays the still-encrypted connection to the
 * chosen endpoint. The catalog comes from the command line: local services (Connect-native
 * instances) and the mesh gateways of other datacenters.
 */
@Command(name = "mesh-gateway", sortOptions = false,
    description = {"Relay TLS by SNI through a mesh-gateway routing table, never decrypting.",
        "Each connection prints one line on stdout: its SNI and where it went, or why it was closed.",
        "A client dials <service>.default.<dc>.internal.<uuid>.consul as its SNI."})
public final class MeshGatewayCommand implements Callable<Integer> {
  private static final String SERVICES = "--services";
  private static final String REMOTES = "--remote-gateways";

  /** The cluster id of Consul's SNI test vectors, so the example's names match the spec's. */
  static final String DEFAULT_CLUSTER_ID = "5fcd4b81-a2ca-405a-ac62-0fac602c1949";

  @Option(names = "--port", required = true, paramLabel = "PORT",
      description = "listen on this TCP port; 0 picks a free one (the address goes to stderr)")
  private int port;

  @Option(names = SERVICES, required = true, paramLabel = "NAME=HOST:PORT[,...]",
      description = "local services, each a Connect-native instance at HOST:PORT")
  private String services;

  @Option(names = REMOTES, paramLabel = "DC=HOST:PORT[,...]", defaultValue = "",
      description = "the mesh gateway of another datacenter, at its WAN HOST:PORT")
  private String remotes;

  @Option(names = "--datacenter", paramLabel = "DC", defaultValue = "dc1",
      description = "this gateway's datacenter (default ${DEFAULT-VALUE})")
  private String dc;

  @Option(names = "--cluster-id", paramLabel = "UUID", defaultValue = DEFAULT_CLUSTER_ID,
      description = "the CA cluster id; the trust domain is UUID.consul")
  private String clusterId;

  @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "listen on this address (default ${DEFAULT-VALUE})")
  private String bind;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
      description = "close a client that sends no ClientHello in time (default ${DEFAULT-VALUE})")
  private int timeout;

  private final Io io;

  /**
   * Creates the command.
   *
   * @param io where the per-connection lines (out) and the progress (err) go
   */
  public MeshGatewayCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws Exception {
    UsageException.inRange("--port", port, 0, 65535);
    UsageException.inRange("--timeout", timeout, 1, 3600);
    TrustDomain td = trustDomain(clusterId);
    Catalog catalog = new Catalog();
    for (String[] service : pairs(SERVICES, services)) {
      HostPort at = HostPort.parse(SERVICES, service[1]);
      catalog.register(ServiceInstance.builder(Node.agent(service[0] + "-node", dc, at.host()), service[0])
          .kind(ServiceKind.CONNECT_NATIVE).port(at.port()).build());
    }
    for (String[] remote : pairs(REMOTES, remotes)) {
      HostPort at = HostPort.parse(REMOTES, remote[1]);
      catalog.register(ServiceInstance.builder(Node.agent("mesh-gateway-" + remote[0], remote[0], at.host()),
          "mesh-gateway").kind(ServiceKind.MESH_GATEWAY).port(at.port()).build());
    }
    InetAddress address = address(bind);
    PrintStream out = io.out();
    PrintStream err = io.err();
    try (MeshGateway gateway = MeshGateway.builder().name("mesh-gateway").datacenter(dc).trustDomain(td)
            .catalog(catalog).build();
        SniRelay relay = new SniRelay(gateway, new InetSocketAddress(address, port), Duration.ofSeconds(timeout),
            line -> {
              out.println(line);
              out.flush();
            })) {
      InetSocketAddress local = relay.start();
      err.println("listening on " + local.getAddress().getHostAddress() + ":" + local.getPort() + " for " + dc
          + ", trust domain " + td);
      for (Route route : gateway.table().routes()) {
        err.println("  " + route.serverName() + " -> " + route.kind());
      }
      err.flush();
      relay.awaitClose();
    }
    return 0;
  }

  /** Consul's CA cluster id is a UUID; anything else would name a trust domain no Consul issues. */
  private static TrustDomain trustDomain(String clusterId) throws UsageException {
    if (!isUuid(clusterId)) {
      throw new UsageException("--cluster-id: " + JsonString.quote(clusterId) + " (expected: a UUID such as "
          + DEFAULT_CLUSTER_ID + ")");
    }
    return TrustDomain.fromClusterId(clusterId);
  }

  /** The textual form {@code 8-4-4-4-12} hex digits, either case. */
  static boolean isUuid(String text) {
    if (text.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = text.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : !isAsciiHexDigit(c)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiHexDigit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static InetAddress address(String text) throws UsageException {
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      throw new UsageException("--bind: " + JsonString.quote(text) + " (expected: an address to listen on)");
    }
  }

  /** Splits {@code a=x,b=y}. */
  static List<String[]> pairs(String option, String list) throws UsageException {
    List<String[]> out = new ArrayList<>();
    if (list.isEmpty()) {
      return out;
    }
    for (String item : list.split(",", -1)) {
      int eq = item.indexOf('=');
      if (eq <= 0 || eq == item.length() - 1) {
        throw new UsageException(option + ": " + JsonString.quote(item) + " (expected: <name>=<host>:<port>)");
      }
      out.add(new String[] {item.substring(0, eq), item.substring(eq + 1)});
    }
    return out;
  }

  /** A {@code host:port} from the command line. */
  record HostPort(String host, int port) {
    static HostPort parse(String option, String text) throws UsageException {
      int colon = text.lastIndexOf(':');
      try {
        int port = Integer.parseInt(text.substring(colon + 1));
        if (colon > 0 && port >= 1 && port <= 65535) {
          return new HostPort(text.substring(0, colon), port);
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new UsageException(option + ": " + JsonString.quote(text) + " (expected: <host>:<port> with port 1..65535)");
    }
  }
}
