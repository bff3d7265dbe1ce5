package dev.meshgate.core.ingress;

import static dev.meshgate.core.ingress.IngressFixtures.TD;
import static dev.meshgate.core.ingress.IngressFixtures.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.config.InvalidConfigEntryException;
import dev.meshgate.core.config.Protocol;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Histogram;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/** Host matching against a naive Envoy model, and validation's contract on random entries. */
class IngressPropertiesTest {
  private static final List<String> LABELS = List.of("a", "b", "api", "web", "x-1", "A");

  record Vhost(String service, List<String> hosts) {}

  @Provide
  Arbitrary<List<Vhost>> vhosts() {
    Arbitrary<String> name = Arbitraries.of(LABELS).list().ofMinSize(1).ofMaxSize(3).map(l -> String.join(".", l));
    Arbitrary<String> host = Arbitraries.oneOf(name, name.map(n -> "*." + n), name.map(n -> n + ":9090"),
        Arbitraries.just("*"));
    return host.list().ofMaxSize(3).list().ofMinSize(1).ofMaxSize(8).map(lists -> {
      List<Vhost> out = new ArrayList<>();
      Set<String> keys = new HashSet<>();
      int i = 0;
      for (List<String> hosts : lists) {
        List<String> unique = new ArrayList<>();
        for (String h : hosts) {
          if (keys.add(Hosts.matchKey(h).toLowerCase(Locale.ROOT))) {
            unique.add(h);
          }
        }
        if (!hosts.isEmpty() && unique.isEmpty()) {
          continue;
        }
        out.add(new Vhost("s" + i++, unique));
      }
      return out;
    });
  }

  @Provide
  Arbitrary<List<String>> probes() {
    Arbitrary<String> name = Arbitraries.of(List.of("a", "b", "api", "web", "x-1", "ingress", "s0", "s1", "S2", "c"))
        .list().ofMinSize(1).ofMaxSize(5).map(l -> String.join(".", l));
    return Arbitraries.oneOf(name, name.map(n -> n + ":8080"), name.map(n -> n + "."), name.map(n -> n + ":1"))
        .list().ofMaxSize(25);
  }

  @Property(tries = 300)
  void hostMatchingAgreesWithANaiveReference(
      @ForAll("vhosts") List<Vhost> vhosts, @ForAll("probes") List<String> probes) {
    IngressListener.Builder listener = IngressListener.builder(8080).protocol("http");
    CatalogSnapshot.Builder catalog = CatalogSnapshot.builder();
    for (Vhost v : vhosts) {
      listener.services(IngressService.builder(v.service()).hosts(v.hosts().toArray(String[]::new)).build());
      service(catalog, v.service(), Protocol.HTTP, true);
    }
    IngressRouter router = IngressRouter.build(IngressGatewayEntry.builder("ingress").listeners(listener.build())
        .build(), catalog.build(), "dc1", TD);
    for (String probe : probes) {
      String expected = naive(vhosts, probe);
      RouteDecision decision = router.route(8080, probe, "/");
      assertEquals(expected, decision instanceof Route r ? r.service().name() : null, probe);
      String upper = probe.toUpperCase(Locale.ROOT);
      assertEquals(decision, router.route(8080, upper, "/"), upper);
    }
  }

  /**
   * Envoy's virtual-host order as plainly as possible, on the host without its port and one trailing
   * dot: an exact host; else the longest {@code *.suffix} the name ends with after at least one
   * character; else the longest default domain {@code <service>.ingress.*} (a prefix followed by at
   * least one character); else {@code *}.
   */
  static String naive(List<Vhost> vhosts, String probe) {
    String host = probe.toLowerCase(Locale.ROOT);
    int colon = host.lastIndexOf(':');
    if (colon >= 0) {
      host = host.substring(0, colon);
    }
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    for (Vhost v : vhosts) {
      for (String h : v.hosts()) {
        if (!h.startsWith("*") && Hosts.matchKey(h).equalsIgnoreCase(host)) {
          return v.service();
        }
      }
    }
    String best = null;
    int bestLength = -1;
    for (Vhost v : vhosts) {
      for (String h : v.hosts()) {
        String suffix = Hosts.matchKey(h).substring(1).toLowerCase(Locale.ROOT);
        if (h.startsWith("*.") && host.length() > suffix.length() && host.endsWith(suffix)
            && suffix.length() > bestLength) {
          best = v.service();
          bestLength = suffix.length();
        }
      }
    }
    if (best != null) {
      return best;
    }
    for (Vhost v : vhosts) {
      String prefix = (v.service() + ".ingress.").toLowerCase(Locale.ROOT);
      if (v.hosts().isEmpty() && host.length() > prefix.length() && host.startsWith(prefix)
          && prefix.length() > bestLength) {
        best = v.service();
        bestLength = prefix.length();
      }
    }
    if (best != null) {
      return best;
    }
    for (Vhost v : vhosts) {
      if (v.hosts().contains("*")) {
        return v.service();
      }
    }
    return null;
  }

  record ServiceSpec(String name, String namespace, List<String> hosts, boolean headers, String sdsCluster,
      String sdsCert) {}

  record ListenerSpec(int port, String protocol, boolean sni, boolean tls, List<ServiceSpec> services) {}

  @Provide
  Arbitrary<List<ListenerSpec>> entries() {
    Arbitrary<String> good = Arbitraries.of("api", "web", "db", "a.example.com", "*.example.com", "h.example.com:80");
    Arbitrary<String> bad = Arbitraries.oneOf(Arbitraries.of("", "*", "a..b", "x.*.com", "h:0", "API", "a b",
        "*-x.com", "x.com.", "[::1]"), Arbitraries.strings().ofMaxLength(6));
    Arbitrary<String> text = Arbitraries.frequencyOf(Tuple.of(6, good), Tuple.of(1, bad));
    Arbitrary<ServiceSpec> service = Combinators.combine(text, Arbitraries.of("", "", "default", "*", "ns"),
            text.list().ofMaxSize(2), Arbitraries.of(true, false), Arbitraries.of("", "", "c"),
            Arbitraries.of("", "", "r"))
        .as(ServiceSpec::new);
    Arbitrary<ListenerSpec> listener = Combinators.combine(Arbitraries.of(0, 1111, 2222, 3333, 4444, 70000),
            Arbitraries.of("", "tcp", "HTTP", "http", "http2", "grpc", "udp"), Arbitraries.of(false, false, true),
            Arbitraries.of(true, false), service.list().ofMinSize(1).ofMaxSize(3))
        .as(ListenerSpec::new);
    return listener.list().ofMaxSize(3);
  }

  @Property(tries = 500)
  @StatisticsReport(format = Histogram.class)
  void validationAcceptsOrExplainsAndValidEntriesRoute(
      @ForAll("entries") List<ListenerSpec> specs,
      @ForAll("gatewayTls") GatewayTls gatewayTls,
      @ForAll("probes") List<String> probes) {
    IngressGatewayEntry.Builder b = IngressGatewayEntry.builder("ingress").tls(gatewayTls);
    for (ListenerSpec l : specs) {
      IngressListener.Builder lb = IngressListener.builder(l.port()).protocol(l.protocol()).sniRouting(l.sni());
      if (l.tls()) {
        lb.tls(GatewayTls.builder().enabled(true).build());
      }
      for (ServiceSpec s : l.services()) {
        IngressService.Builder sb = IngressService.builder(s.name()).namespace(s.namespace())
            .hosts(s.hosts().toArray(String[]::new));
        if (s.headers()) {
          sb.requestHeaders(HeaderModifiers.builder().set("x", "1").build());
        }
        if (!s.sdsCluster().isEmpty() || !s.sdsCert().isEmpty()) {
          sb.tls(s.sdsCluster(), s.sdsCert());
        }
        lb.services(sb.build());
      }
      b.listeners(lb.build());
    }
    IngressGatewayEntry entry;
    try {
      entry = b.build();
      Statistics.collect("valid");
    } catch (InvalidConfigEntryException e) {
      Statistics.collect("invalid");
      assertFalse(e.errors().isEmpty());
      assertEquals(new HashSet<>(e.errors()).size(), e.errors().size(), "no message twice");
      return;
    } finally {
      Statistics.coverage(c -> c.check("valid").percentage(p -> p > 3));
    }
    CatalogSnapshot.Builder catalog = CatalogSnapshot.builder();
    service(catalog, "api", Protocol.HTTP, true);
    IngressRouter router = IngressRouter.build(entry, catalog.build(), "dc1", TD);
    for (IngressListener l : entry.listeners()) {
      for (String probe : probes) {
        assertNotNull(router.route(l.port(), probe, "/"));
        byte[] bytes = probe.getBytes(StandardCharsets.UTF_8);
        assertNotNull(router.route(l.port(), bytes, 0, bytes.length));
      }
    }
  }

  @Provide
  Arbitrary<GatewayTls> gatewayTls() {
    return Combinators.combine(Arbitraries.of(true, false), Arbitraries.of("", "", "TLSv1_2", "TLSv1_3", "bogus"),
            Arbitraries.of("", "TLSv1_2", "TLS_AUTO"), Arbitraries.of(List.<String>of(), List.<String>of(),
                List.of("TLS_RSA_WITH_AES_128_CBC_SHA"), List.of("NOPE")),
            Arbitraries.of(Map.<String, String>of(), Map.<String, String>of(), Map.of("c", ""), Map.of("", "r"),
                Map.of("c", "r")))
        .as((enabled, min, max, suites, sds) -> {
          GatewayTls.Builder t = GatewayTls.builder().enabled(enabled).minVersion(min).maxVersion(max)
              .cipherSuites(suites.toArray(String[]::new));
          sds.forEach(t::sds);
          return t.build();
        });
  }
}
