package dev.meshgate.consul.config;

import dev.meshgate.core.catalog.ProxyDefaults;
import dev.meshgate.core.catalog.ServiceDefaults;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.chain.CompileRequest;
import dev.meshgate.core.chain.ServiceResolver;
import dev.meshgate.core.chain.ServiceRoute;
import dev.meshgate.core.chain.ServiceRouter;
import dev.meshgate.core.chain.ServiceSplit;
import dev.meshgate.core.chain.ServiceSplitter;
import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.naming.TrustDomain;

/**
 * Entries for the discovery-chain JSON vectors, in the terms of Consul's compile_test.go: service
 * {@code main} compiled in {@code dc1} with trust domain {@code trustdomain.consul}.
 */
final class ChainFixtures {
  private ChainFixtures() {}

  static ServiceName svc(String name) {
    return ServiceName.of(name);
  }

  static CompileRequest main() {
    return CompileRequest.of(svc("main"), "dc1", new TrustDomain("trustdomain.consul"));
  }

  static ServiceDefaults protocol(String service, Protocol protocol) {
    return ServiceDefaults.builder(svc(service)).protocol(protocol).build();
  }

  static ProxyDefaults globalProtocol(Protocol protocol) {
    return ProxyDefaults.builder().protocol(protocol).build();
  }

  static ServiceSplit split(float weight) {
    return split(weight, "", "");
  }

  static ServiceSplit split(float weight, String service) {
    return split(weight, service, "");
  }

  /** A leg to a service (empty: the splitter's own) and subset (empty: its default). */
  static ServiceSplit split(float weight, String service, String subset) {
    ServiceSplit.Builder b = ServiceSplit.builder(weight).serviceSubset(subset);
    return service.isEmpty() ? b.build() : b.service(service).build();
  }

  /** Consul's newSimpleRoute: PathPrefix "/name" to service name. */
  static ServiceRoute simpleRoute(String name) {
    return ServiceRoute.prefixTo("/" + name, name);
  }

  static ServiceRouter router(String service, ServiceRoute... routes) {
    return ServiceRouter.builder(svc(service)).route(routes).build();
  }

  static ServiceSplitter splitter(String service, ServiceSplit... splits) {
    return ServiceSplitter.builder(svc(service)).split(splits).build();
  }

  static ServiceResolver.Builder resolver(String service) {
    return ServiceResolver.builder(svc(service));
  }
}
