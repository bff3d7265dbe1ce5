package dev.meshgate.core.mesh;

import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.HealthStatus;
import dev.meshgate.core.catalog.Node;
import dev.meshgate.core.catalog.ServiceAddress;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.catalog.ServiceKind;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.naming.TrustDomain;
import java.util.Map;

/** Catalogs and names the mesh-gateway tests share: three datacenters with gateways and an api service. */
public final class MeshFixtures {
  public static final String TD_TEXT = "5fcd4b81-a2ca-405a-ac62-0fac602c1949.consul";
  public static final TrustDomain TD = new TrustDomain(TD_TEXT);
  public static final ServiceName API = ServiceName.of("api");
  public static final ServiceName GATEWAY = ServiceName.of("mesh-gateway");

  private MeshFixtures() {}

  public static Node node(String name, String dc, String lan, String wan) {
    return Node.agent(name, dc, lan).withTaggedAddresses(Map.of("wan", wan));
  }

  public static ServiceInstance meshGateway(String dc, int n) {
    Node node = node("gw" + n + "-" + dc, dc, "10." + dc.charAt(2) + ".0." + n, "203.0." + dc.charAt(2) + "." + n);
    return ServiceInstance.builder(node, "mesh-gateway").id("mgw-" + n).kind(ServiceKind.MESH_GATEWAY).port(8443)
        .taggedAddress("wan", new ServiceAddress("203.0." + dc.charAt(2) + "." + n, 443)).build();
  }

  /** A sidecar for {@code service} on its own node; its health is the instance's aggregated status. */
  public static ServiceInstance sidecar(String service, String dc, int n, HealthStatus health) {
    Node node = node(service + "-node" + n + "-" + dc, dc, "10." + dc.charAt(2) + ".1." + n,
        "198.51." + dc.charAt(2) + "." + n);
    return ServiceInstance.builder(node, service + "-sidecar-proxy").id(service + "-proxy-" + n)
        .connectProxyFor(service).port(21000).health(health).build();
  }

  /** dc1, dc2 and dc3 each with two mesh gateways; api with two passing sidecars in dc1 and dc2. */
  public static CatalogSnapshot.Builder threeDatacenters() {
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    for (String dc : new String[] {"dc1", "dc2", "dc3"}) {
      b.register(meshGateway(dc, 1));
      b.register(meshGateway(dc, 2));
    }
    for (String dc : new String[] {"dc1", "dc2"}) {
      b.register(sidecar("api", dc, 1, HealthStatus.PASSING));
      b.register(sidecar("api", dc, 2, HealthStatus.PASSING));
    }
    return b;
  }

  public static MeshGatewaySettings settings(String dc) {
    return new MeshGatewaySettings(GATEWAY, dc, TD, "consul", false);
  }
}
