package dev.meshgate.core.ingress;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.Node;
import dev.meshgate.core.catalog.ServiceDefaults;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.config.InvalidConfigEntryException;
import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.naming.TrustDomain;
import java.util.List;

/** Entries, catalogs and names the ingress tests share. */
final class IngressFixtures {
  static final String TD_TEXT = "5fcd4b81-a2ca-405a-ac62-0fac602c1949.consul";
  static final TrustDomain TD = new TrustDomain(TD_TEXT);
  private static final Node NODE = Node.agent("app-node", "dc1", "10.0.0.10");

  private IngressFixtures() {}

  static IngressListener listener(int port, String protocol, IngressService... services) {
    return IngressListener.builder(port).protocol(protocol).services(services).build();
  }

  static IngressGatewayEntry entry(IngressListener... listeners) {
    return IngressGatewayEntry.builder("ingress").listeners(listeners).build();
  }

  static List<String> errors(IngressGatewayEntry.Builder builder) {
    return assertThrows(InvalidConfigEntryException.class, builder::build).errors();
  }

  static List<String> errors(IngressListener... listeners) {
    return errors(IngressGatewayEntry.builder("ingress").listeners(listeners));
  }

  /** Registers a service instance and, optionally, a sidecar for it, with a protocol. */
  static void service(CatalogSnapshot.Builder b, String name, Protocol protocol, boolean sidecar) {
    b.register(ServiceInstance.builder(NODE, name).port(8080).build());
    if (sidecar) {
      b.register(ServiceInstance.builder(NODE, name + "-sidecar-proxy").id(name + "-proxy").port(21000)
          .connectProxyFor(name).build());
    }
    b.serviceDefaults(ServiceDefaults.builder(ServiceName.of(name)).protocol(protocol).build());
  }
}
