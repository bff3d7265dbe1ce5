package dev.meshgate.core.terminating;

import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.Node;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.catalog.ServiceKind;
import dev.meshgate.core.naming.TrustDomain;

/** Catalogs and names the terminating-gateway tests share. */
final class Fixtures {
  static final String TD1_TEXT = "5fcd4b81-a2ca-405a-ac62-0fac602c1949.consul";
  static final TrustDomain TD1 = new TrustDomain(TD1_TEXT);
  static final Node APP_NODE = Node.agent("app-node", "dc1", "10.0.0.10");
  static final Node EXT_NODE = Node.external("ext-node", "dc1", "10.0.0.20");

  private Fixtures() {}

  static String sni(String service) {
    return service + ".default.dc1.internal." + TD1_TEXT;
  }

  static ServiceInstance plain(String service, String id) {
    return ServiceInstance.builder(EXT_NODE, service).id(id).port(443).build();
  }

  /** Spec §3.6 vector 9's catalog: api, db, web (+ sidecar), legacy (natives only) and consul. */
  static CatalogSnapshot vector9Catalog() {
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    b.register(plain("api", "api-1"));
    b.register(plain("db", "db-1"));
    b.register(ServiceInstance.builder(APP_NODE, "web").id("web-1").port(8080).build());
    b.register(ServiceInstance.builder(APP_NODE, "web-sidecar-proxy").id("web-1-proxy").port(21000)
        .connectProxyFor("web").build());
    b.register(ServiceInstance.builder(APP_NODE, "legacy").id("legacy-1").kind(ServiceKind.CONNECT_NATIVE).build());
    b.register(ServiceInstance.builder(APP_NODE, "consul").port(8300).build());
    b.register(ServiceInstance.builder(Node.agent("gw-node", "dc1", "10.0.0.30"), "tgw").port(8443)
        .kind(ServiceKind.TERMINATING_GATEWAY).build());
    return b.build();
  }
}
