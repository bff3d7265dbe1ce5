package dev.meshgate.core.chain;

import dev.meshgate.core.catalog.Endpoint;
import dev.meshgate.core.catalog.ProxyDefaults;
import dev.meshgate.core.catalog.ServiceDefaults;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.naming.TrustDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Shared test values: Consul's compile_test.go request (service main in dc1, trustdomain.consul). */
final class Fixtures {
  static final TrustDomain TD = new TrustDomain("trustdomain.consul");

  private Fixtures() {}

  static ServiceName svc(String name) {
    return ServiceName.of(name);
  }

  static CompileRequest main() {
    return CompileRequest.of(svc("main"), "dc1", TD);
  }

  static ServiceDefaults protocol(String service, Protocol protocol) {
    return ServiceDefaults.builder(svc(service)).protocol(protocol).build();
  }

  static ProxyDefaults globalProtocol(Protocol protocol) {
    return ProxyDefaults.builder().protocol(protocol).build();
  }

  static ServiceSplit split(float weight) {
    return ServiceSplit.builder(weight).build();
  }

  static ServiceSplit split(float weight, String service) {
    return ServiceSplit.builder(weight).service(service).build();
  }

  static ServiceSplit split(float weight, String service, String subset) {
    ServiceSplit.Builder b = ServiceSplit.builder(weight).serviceSubset(subset);
    if (!service.isEmpty()) {
      b.service(service);
    }
    return b.build();
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

  /** An endpoint at 10.0.0.i:8080, healthy or not, weight 1, without an instance. */
  static Endpoint endpoint(int i, boolean healthy) {
    return new Endpoint("10.0.0." + i, 8080, false, healthy, 1, Optional.empty());
  }

  static Endpoint weighted(int i, int weight) {
    return new Endpoint("10.0.0." + i, 8080, false, true, weight, Optional.empty());
  }

  static List<Endpoint> healthy(int n) {
    List<Endpoint> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(endpoint(i, true));
    }
    return out;
  }

  /** A source giving each target ID its listed endpoints, and none to the others. */
  static EndpointSource source(Map<String, List<Endpoint>> byTarget) {
    return target -> byTarget.getOrDefault(target.id(), List.of());
  }
}
