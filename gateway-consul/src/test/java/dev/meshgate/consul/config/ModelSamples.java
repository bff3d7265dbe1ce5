package dev.meshgate.consul.config;

import dev.meshgate.core.catalog.ExportedServices;
import dev.meshgate.core.catalog.MeshConfig;
import dev.meshgate.core.catalog.ProxyDefaults;
import dev.meshgate.core.catalog.ServiceDefaults;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.chain.HeaderMatch;
import dev.meshgate.core.chain.HttpHeaderModifiers;
import dev.meshgate.core.chain.HttpMatch;
import dev.meshgate.core.chain.LoadBalancer;
import dev.meshgate.core.chain.QueryParamMatch;
import dev.meshgate.core.chain.RouteDestination;
import dev.meshgate.core.chain.ServiceResolver;
import dev.meshgate.core.chain.ServiceRoute;
import dev.meshgate.core.chain.ServiceRouter;
import dev.meshgate.core.chain.ServiceSplit;
import dev.meshgate.core.chain.ServiceSplitter;
import dev.meshgate.core.config.MeshGatewayMode;
import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.ingress.GatewayTls;
import dev.meshgate.core.ingress.HeaderModifiers;
import dev.meshgate.core.ingress.IngressGatewayEntry;
import dev.meshgate.core.ingress.IngressListener;
import dev.meshgate.core.ingress.IngressService;
import dev.meshgate.core.ingress.PassiveHealthCheck;
import dev.meshgate.core.ingress.ServiceLimits;
import dev.meshgate.core.intentions.Action;
import dev.meshgate.core.intentions.IntentionHttpHeaderPermission;
import dev.meshgate.core.intentions.IntentionHttpPermission;
import dev.meshgate.core.intentions.IntentionJwtClaimVerification;
import dev.meshgate.core.intentions.IntentionJwtProvider;
import dev.meshgate.core.intentions.IntentionJwtRequirement;
import dev.meshgate.core.intentions.IntentionPermission;
import dev.meshgate.core.intentions.ServiceIntentions;
import dev.meshgate.core.intentions.SourceIntention;
import dev.meshgate.core.terminating.LinkedService;
import dev.meshgate.core.terminating.TerminatingGatewayEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;

/**
 * Random valid models of every kind, built through core's builders; a draw that core rejects is
 * retried, so every sample is a model core accepts.
 */
final class ModelSamples {
  /** One model and its kind. */
  record Sample<T>(ConfigEntryKind<T> kind, T model) {
    ConfigEntry entry() {
      return kind.entry(model);
    }
  }

  private final Random r;

  ModelSamples(Random random) {
    this.r = random;
  }

  Sample<?> any() {
    for (int attempt = 0; ; attempt++) {
      try {
        return switch (r.nextInt(11)) {
          case 0 -> new Sample<>(ConfigEntryKind.SERVICE_INTENTIONS, intentions());
          case 1 -> new Sample<>(ConfigEntryKind.TERMINATING_GATEWAY, terminating());
          case 2 -> new Sample<>(ConfigEntryKind.INGRESS_GATEWAY, ingress());
          case 3 -> new Sample<>(ConfigEntryKind.SERVICE_DEFAULTS, serviceDefaults());
          case 4 -> new Sample<>(ConfigEntryKind.PROXY_DEFAULTS, proxyDefaults());
          case 5 -> new Sample<>(ConfigEntryKind.MESH, new MeshConfig(pick("", "p1"), r.nextBoolean()));
          case 6 -> new Sample<>(ConfigEntryKind.EXPORTED_SERVICES, exported());
          case 7 -> new Sample<>(ConfigEntryKind.SERVICE_ROUTER, router());
          case 8 -> new Sample<>(ConfigEntryKind.SERVICE_SPLITTER, splitter());
          case 9 -> new Sample<>(ConfigEntryKind.SERVICE_RESOLVER, resolver());
          default -> new Sample<>(ConfigEntryKind.JWT_PROVIDER, new JwtProvider(pick("okta", "auth0"),
              pick("", "https://issuer.example")));
        };
      } catch (IllegalArgumentException | IllegalStateException e) {
        if (attempt > 1000) {
          throw e;
        }
      }
    }
  }

  private String pick(String... from) {
    return from[r.nextInt(from.length)];
  }

  private Map<String, String> meta() {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = r.nextInt(3); i > 0; i--) {
      m.put(pick("owner", "Team", "external-source", "x_y") + i, pick("", "a", "kubernetes", "\u00e9"));
    }
    return m;
  }

  ServiceIntentions intentions() {
    String name = pick("db", "api", "*");
    String namespace = name.equals("*") ? pick("", "ns1", "*") : pick("", "default", "ns1");
    boolean wildcard = name.equals("*") || namespace.equals("*");
    ServiceIntentions.Builder b = ServiceIntentions.builder().name(name).namespace(namespace).partition(pick("", "p1"));
    meta().forEach(b::meta);
    if (r.nextInt(4) == 0) {
      b.jwt(jwt());
    }
    Set<String> names = new LinkedHashSet<>();
    for (int i = 1 + r.nextInt(4); i > 0; i--) {
      names.add(pick("web", "app", "ops", "*"));
    }
    for (String source : names) {
      SourceIntention.Builder s = SourceIntention.builder().name(source).description(pick("", "why not"));
      if (source.equals("*")) {
        s.namespace(pick("", "*"));
      } else if (r.nextInt(4) == 0) {
        s.peer("peer1");
      } else {
        s.namespace(pick("", "ns2"));
      }
      if (wildcard || r.nextBoolean()) {
        s.action(r.nextBoolean() ? Action.ALLOW : Action.DENY);
      } else {
        for (int j = 1 + r.nextInt(3); j > 0; j--) {
          s.permission(permission());
        }
      }
      b.source(s.build());
    }
    return b.build().normalize();
  }

  private IntentionPermission permission() {
    IntentionHttpPermission.Builder h = IntentionHttpPermission.builder();
    switch (r.nextInt(4)) {
      case 0 -> h.pathExact("/" + pick("a", "b/c"));
      case 1 -> h.pathPrefix("/" + pick("", "v1"));
      case 2 -> h.pathRegex("/[a-z]+");
      default -> { }
    }
    List<String> methods = new ArrayList<>(List.of("GET", "PUT", "POST", "DELETE"));
    java.util.Collections.shuffle(methods, r);
    h.methods(methods.subList(0, 1 + r.nextInt(3)).toArray(String[]::new));
    for (int k = r.nextInt(3); k > 0; k--) {
      IntentionHttpHeaderPermission.Builder hb = IntentionHttpHeaderPermission.builder().name("x-h" + k);
      switch (r.nextInt(5)) {
        case 0 -> hb.present();
        case 1 -> hb.exact("e");
        case 2 -> hb.prefix("p");
        case 3 -> hb.suffix("s");
        default -> hb.regex("[0-9]+");
      }
      if (r.nextBoolean()) {
        hb.invert();
      }
      h.header(hb.build());
    }
    IntentionPermission.Builder p = IntentionPermission.builder()
        .action(r.nextBoolean() ? Action.ALLOW : Action.DENY)
        .http(h.build());
    if (r.nextInt(4) == 0) {
      p.jwt(jwt());
    }
    return p.build();
  }

  private IntentionJwtRequirement jwt() {
    IntentionJwtProvider.Builder p = IntentionJwtProvider.builder().name(pick("okta", "auth0"));
    if (r.nextBoolean()) {
      p.verifyClaim(IntentionJwtClaimVerification.of("admin", "perms", "role"));
    }
    return IntentionJwtRequirement.of(p.build());
  }

  TerminatingGatewayEntry terminating() {
    TerminatingGatewayEntry.Builder b = TerminatingGatewayEntry.builder(pick("tgw", "tgw-dc2"))
        .namespace(pick("", "ns1"))
        .meta(meta());
    Set<String> names = new LinkedHashSet<>();
    for (int i = r.nextInt(4); i > 0; i--) {
      names.add(pick("db", "cache", "*", "api"));
    }
    for (String n : names) {
      LinkedService.Builder s = LinkedService.builder(n).sni(pick("", n.equals("*") ? "" : n + ".example.com"));
      switch (r.nextInt(3)) {
        case 0 -> s.caFile("/etc/ca.pem");
        case 1 -> s.caFile("/etc/ca.pem").certFile("/etc/cert.pem").keyFile("/etc/key.pem");
        default -> { }
      }
      b.services(s.build());
    }
    return b.build();
  }

  IngressGatewayEntry ingress() {
    IngressGatewayEntry.Builder b = IngressGatewayEntry.builder(pick("in", "ingress"))
        .namespace(pick("", "ns1"))
        .meta(meta());
    if (r.nextBoolean()) {
      b.tls(GatewayTls.builder().enabled(r.nextBoolean()).minVersion(pick("", "TLSv1_2")).build());
    }
    if (r.nextBoolean()) {
      b.defaults(limits());
    }
    int listeners = 1 + r.nextInt(3);
    for (int i = 0; i < listeners; i++) {
      String protocol = pick("tcp", "http", "grpc", "");
      IngressListener.Builder l = IngressListener.builder(8000 + i).protocol(protocol);
      if (protocol.equals("tcp") || protocol.isEmpty()) {
        l.services(IngressService.builder(pick("db", "cache")).limits(limits()).build());
      } else {
        Set<String> names = new LinkedHashSet<>();
        for (int k = 1 + r.nextInt(3); k > 0; k--) {
          names.add(pick("web", "api", "*"));
        }
        int host = 0;
        for (String n : names) {
          IngressService.Builder s = IngressService.builder(n).limits(limits());
          if (!n.equals("*") && r.nextBoolean()) {
            s.hosts(n + (host++) + ".example.com");
          }
          if (r.nextBoolean()) {
            s.requestHeaders(HeaderModifiers.builder().add("x-a", "1").remove("x-b").build());
          }
          if (r.nextBoolean()) {
            s.responseHeaders(HeaderModifiers.builder().set("x-c", "2").build());
          }
          l.services(s.build());
        }
      }
      b.listeners(l.build());
    }
    return b.build();
  }

  private ServiceLimits limits() {
    ServiceLimits.Builder b = ServiceLimits.builder();
    if (r.nextBoolean()) {
      b.maxConnections(1 + r.nextInt(100));
    }
    if (r.nextBoolean()) {
      b.maxConcurrentRequests(1 + r.nextInt(100));
    }
    if (r.nextBoolean()) {
      b.passiveHealthCheck(new PassiveHealthCheck(Duration.ofMillis(1 + r.nextInt(20_000)), 1 + r.nextInt(5),
          r.nextBoolean() ? OptionalInt.of(r.nextInt(101)) : OptionalInt.empty(), OptionalInt.empty(),
          r.nextBoolean() ? Optional.of(Duration.ofSeconds(30)) : Optional.empty()));
    }
    return b.build();
  }

  ServiceDefaults serviceDefaults() {
    ServiceDefaults.Builder b = ServiceDefaults.builder(new ServiceName(pick("web", "db"), pick("", "ns1"), pick("", "p1")));
    if (r.nextBoolean()) {
      b.protocol(Protocol.values()[r.nextInt(Protocol.values().length)]);
    }
    if (r.nextBoolean()) {
      b.meshGatewayMode(MeshGatewayMode.values()[r.nextInt(MeshGatewayMode.values().length)]);
    }
    if (r.nextBoolean()) {
      b.externalSni("web.external.example");
    }
    if (r.nextBoolean()) {
      b.destination(new ServiceDefaults.Destination(List.of("a.example", "10.0.0.1"), 1 + r.nextInt(65535)));
    }
    return b.build();
  }

  ProxyDefaults proxyDefaults() {
    ProxyDefaults.Builder b = ProxyDefaults.builder().partition(pick("", "p1"));
    if (r.nextBoolean()) {
      b.protocol(Protocol.values()[r.nextInt(Protocol.values().length)]);
    }
    if (r.nextBoolean()) {
      b.meshGatewayMode(MeshGatewayMode.values()[r.nextInt(MeshGatewayMode.values().length)]);
    }
    return b.build();
  }

  ExportedServices exported() {
    List<ExportedServices.Service> services = new ArrayList<>();
    for (int i = r.nextInt(3); i > 0; i--) {
      Set<String> peers = new LinkedHashSet<>();
      for (int k = r.nextInt(3); k > 0; k--) {
        peers.add(pick("dc2", "east", "west"));
      }
      services.add(new ExportedServices.Service(pick("web", "*"), pick("", "ns1"), peers));
    }
    return new ExportedServices(pick("default", "p1"), services);
  }

  private ServiceName chainService() {
    return new ServiceName(pick("web", "api"), pick("", "ns1"), pick("", "p1"));
  }

  /** A duration that Go's syntax writes with every unit: hours down to nanoseconds. */
  private Duration timeout() {
    return Duration.ofNanos(r.nextLong(1, 100L * 3600 * 1_000_000_000L));
  }

  private HttpHeaderModifiers headerModifiers() {
    HttpHeaderModifiers.Builder b = HttpHeaderModifiers.builder();
    for (int i = r.nextInt(3); i > 0; i--) {
      switch (r.nextInt(3)) {
        case 0 -> b.add("x-add-" + i, pick("", "1", "v\u00e9"));
        case 1 -> b.set("x-set-" + i, pick("a", "b"));
        default -> b.remove("x-remove-" + i);
      }
    }
    return b.build();
  }

  ServiceRouter router() {
    ServiceRouter.Builder b = ServiceRouter.builder(chainService()).meta(meta());
    for (int i = r.nextInt(4); i > 0; i--) {
      Optional<HttpMatch> match = r.nextInt(4) == 0 ? Optional.empty() : Optional.of(match());
      boolean pathPrefixOrExact = match.isPresent()
          && !(match.get().pathExact().isEmpty() && match.get().pathPrefix().isEmpty());
      Optional<RouteDestination> destination = r.nextInt(4) == 0
          ? Optional.empty() : Optional.of(destination(pathPrefixOrExact));
      b.route(new ServiceRoute(match, destination));
    }
    return b.build();
  }

  private HttpMatch match() {
    HttpMatch.Builder h = HttpMatch.builder();
    switch (r.nextInt(4)) {
      case 0 -> h.pathExact("/" + pick("a", "b/c"));
      case 1 -> h.pathPrefix("/" + pick("", "v2/"));
      case 2 -> h.pathRegex("/[a-z]+/[0-9]*");
      default -> { }
    }
    if (r.nextBoolean()) {
      h.caseInsensitive(true);
    }
    for (int k = r.nextInt(3); k > 0; k--) {
      HeaderMatch m = switch (r.nextInt(5)) {
        case 0 -> HeaderMatch.present("x-h" + k);
        case 1 -> HeaderMatch.exact("x-h" + k, "e");
        case 2 -> HeaderMatch.prefix("x-h" + k, "p");
        case 3 -> HeaderMatch.suffix("x-h" + k, "s");
        default -> HeaderMatch.regex("x-h" + k, "[0-9]+");
      };
      h.header(r.nextBoolean() ? m : new HeaderMatch(m.name(), m.present(), m.exact(), m.prefix(), m.suffix(),
          m.regex(), true));
    }
    for (int k = r.nextInt(3); k > 0; k--) {
      h.queryParam(switch (r.nextInt(3)) {
        case 0 -> QueryParamMatch.present("q" + k);
        case 1 -> QueryParamMatch.exact("q" + k, "1");
        default -> QueryParamMatch.regex("q" + k, "[a-z]*");
      });
    }
    List<String> methods = new ArrayList<>(List.of("GET", "put", "POST", "DELETE"));
    java.util.Collections.shuffle(methods, r);
    h.methods(methods.subList(0, r.nextInt(3)).toArray(String[]::new));
    return h.build();
  }

  private RouteDestination destination(boolean canRewritePrefix) {
    RouteDestination.Builder d = RouteDestination.builder();
    if (r.nextBoolean()) {
      d.service(pick("web", "admin"));
    }
    if (r.nextBoolean()) {
      d.serviceSubset(pick("v1", "canary"));
    }
    if (r.nextInt(4) == 0) {
      d.namespace(pick("default", "ns2"));
    }
    if (r.nextInt(4) == 0) {
      d.partition(pick("default", "p2"));
    }
    if (canRewritePrefix && r.nextBoolean()) {
      d.prefixRewrite(pick("/", "/v1/"));
    }
    if (r.nextBoolean()) {
      d.requestTimeout(timeout());
    }
    if (r.nextBoolean()) {
      d.idleTimeout(timeout());
    }
    if (r.nextBoolean()) {
      d.numRetries(r.nextInt(10));
    }
    if (r.nextBoolean()) {
      d.retryOnConnectFailure(true);
    }
    if (r.nextBoolean()) {
      d.retryOn(pick("5xx", "reset", "gateway-error"), pick("unavailable", "retriable-4xx"));
    }
    if (r.nextBoolean()) {
      d.retryOnStatusCodes(500 + r.nextInt(10), 429);
    }
    if (r.nextBoolean()) {
      d.requestHeaders(headerModifiers());
    }
    if (r.nextBoolean()) {
      d.responseHeaders(headerModifiers());
    }
    return d.build();
  }

  ServiceSplitter splitter() {
    ServiceSplitter.Builder b = ServiceSplitter.builder(chainService()).meta(meta());
    // Weights in hundredths of a percent summing to 100 %, the resolution Consul keeps.
    int legs = 1 + r.nextInt(4);
    int left = 10_000;
    for (int i = 0; i < legs; i++) {
      int hundredths = i == legs - 1 ? left : r.nextInt(left + 1);
      left -= hundredths;
      ServiceSplit.Builder s = ServiceSplit.builder(hundredths / 100f);
      if (r.nextBoolean()) {
        s.service(pick("web", "api", "web-v2"));
      }
      if (r.nextBoolean()) {
        s.serviceSubset(pick("v1", "v2"));
      }
      if (r.nextInt(4) == 0) {
        s.namespace(pick("default", "ns2"));
      }
      if (r.nextInt(4) == 0) {
        s.partition(pick("default", "p2"));
      }
      if (r.nextBoolean()) {
        s.requestHeaders(headerModifiers());
      }
      if (r.nextBoolean()) {
        s.responseHeaders(headerModifiers());
      }
      b.split(s.build());
    }
    return b.build();
  }

  ServiceResolver resolver() {
    ServiceResolver.Builder b = ServiceResolver.builder(chainService()).meta(meta());
    List<String> subsets = new ArrayList<>();
    for (String name : List.of("v1", "v2", "canary")) {
      if (r.nextBoolean()) {
        subsets.add(name);
        b.subset(name, pick("", "Service.Meta.version == " + name, "\"" + name + "\" in Service.Tags"),
            r.nextBoolean());
      }
    }
    if (!subsets.isEmpty() && r.nextBoolean()) {
      b.defaultSubset(subsets.get(r.nextInt(subsets.size())));
    }
    if (r.nextInt(3) == 0) {
      b.redirect(switch (r.nextInt(3)) {
        case 0 -> ServiceResolver.Redirect.toService(pick("db", "web-v2"));
        case 1 -> ServiceResolver.Redirect.toSubset("db", pick("v1", "v2"));
        default -> new ServiceResolver.Redirect(pick("", "db"), "", "", "", pick("dc2", "dc3"));
      });
    } else {
      for (String key : List.of("*", "v1", "v2")) {
        if ((key.equals("*") || subsets.contains(key)) && r.nextBoolean()) {
          b.failover(key, failover());
        }
      }
    }
    if (r.nextBoolean()) {
      b.connectTimeout(timeout());
    }
    if (r.nextBoolean()) {
      b.requestTimeout(timeout());
    }
    if (r.nextBoolean()) {
      b.loadBalancer(loadBalancer());
    }
    return b.build();
  }

  private ServiceResolver.Failover failover() {
    String mode = pick("", "default", "order-by-locality");
    return switch (r.nextInt(3)) {
      case 0 -> new ServiceResolver.Failover(pick("", "backup"), "", pick("", "ns2"), List.of(), List.of(), mode);
      case 1 -> new ServiceResolver.Failover("", "", "", List.of(pick("dc2", "dc3"), "dc4"), List.of(), mode);
      default -> new ServiceResolver.Failover("", "", "", List.of(), List.of(
          ServiceResolver.FailoverTarget.service(pick("backup", "db")),
          new ServiceResolver.FailoverTarget(pick("", "db"), "", pick("", "ns2"), "", pick("", "dc2"))), mode);
    };
  }

  private LoadBalancer loadBalancer() {
    switch (r.nextInt(4)) {
      case 0 -> {
        return new LoadBalancer(pick("", "round_robin", "random"), Optional.empty(), Optional.empty(), List.of());
      }
      case 1 -> {
        return new LoadBalancer("least_request", Optional.empty(), r.nextBoolean() ? Optional.empty()
            : Optional.of(new LoadBalancer.LeastRequestConfig(pick(0, 2, 5))), List.of());
      }
      default -> {
        List<LoadBalancer.HashPolicy> policies = new ArrayList<>();
        for (int i = r.nextInt(3); i > 0; i--) {
          boolean terminal = r.nextBoolean();
          policies.add(switch (r.nextInt(4)) {
            case 0 -> new LoadBalancer.HashPolicy("header", "x-user", Optional.empty(), false, terminal);
            case 1 -> new LoadBalancer.HashPolicy("query_parameter", "id", Optional.empty(), false, terminal);
            case 2 -> new LoadBalancer.HashPolicy("cookie", "session", r.nextBoolean() ? Optional.empty()
                : Optional.of(r.nextBoolean() ? new LoadBalancer.CookieConfig(true, Duration.ZERO, pick("", "/"))
                    : new LoadBalancer.CookieConfig(false, Duration.ofSeconds(r.nextInt(3600)), pick("", "/app"))),
                false, terminal);
            default -> new LoadBalancer.HashPolicy("", "", Optional.empty(), true, terminal);
          });
        }
        boolean ring = r.nextBoolean();
        Optional<LoadBalancer.RingHashConfig> sizes = ring && r.nextBoolean()
            ? Optional.of(new LoadBalancer.RingHashConfig(pick(0, 1024), pick(0, 8192))) : Optional.empty();
        return new LoadBalancer(ring ? "ring_hash" : "maglev", sizes, Optional.empty(), policies);
      }
    }
  }

  private int pick(int... from) {
    return from[r.nextInt(from.length)];
  }
}
