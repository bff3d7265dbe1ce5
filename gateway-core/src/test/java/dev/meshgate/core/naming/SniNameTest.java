package dev.meshgate.core.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.internal.NameTable;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class SniNameTest {
  private static final String TD1_TEXT = "5fcd4b81-a2ca-405a-ac62-0fac602c1949.consul";
  private static final String TD2_TEXT = "d2e1a32e-5733-47f2-a9dd-6cf271aab5b7.consul";
  private static final TrustDomain TD1 = new TrustDomain(TD1_TEXT);
  private static final TrustDomain TD2 = new TrustDomain(TD2_TEXT);

  private static Arguments vector(String number, String expected, Supplier<Object> actual) {
    return Arguments.of(number, expected, actual);
  }

  /** Spec §1.5, one row per vector (vectors with several cases get a letter). */
  static Stream<Arguments> vectors() {
    return Stream.of(
        vector("1", "api.default.foo.internal." + TD1_TEXT, () -> SniName.service("api", "", "", "", "foo", TD1)),
        vector("2", "api.neighbor.foo.internal." + TD2_TEXT,
            () -> SniName.service("api", "", "neighbor", "", "foo", TD2)),
        vector("3", "v2.api.default.foo.internal." + TD1_TEXT, () -> SniName.service("api", "v2", "", "", "foo", TD1)),
        vector("4", "canary.api.neighbor.foo.internal." + TD2_TEXT,
            () -> SniName.service("api", "canary", "neighbor", "", "foo", TD2)),
        vector("5", "api.default.part1.foo.internal-v1." + TD1_TEXT,
            () -> SniName.service("api", "", "", "part1", "foo", TD1)),
        vector("6", "api.neighbor.part1.foo.internal-v1." + TD2_TEXT,
            () -> SniName.service("api", "", "neighbor", "part1", "foo", TD2)),
        vector("7", "v2.api.default.part1.foo.internal-v1." + TD1_TEXT,
            () -> SniName.service("api", "v2", "", "part1", "foo", TD1)),
        vector("8", "canary.api.neighbor.part1.foo.internal-v1." + TD2_TEXT,
            () -> SniName.service("api", "canary", "neighbor", "part1", "foo", TD2)),
        vector("9", "api.default.foo.internal." + TD1_TEXT,
            () -> SniName.service("api", "", "", "default", "foo", TD1)),
        vector("10", "api.default.bar.internal." + TD1_TEXT,
            () -> SniName.upstream(SniName.UpstreamType.SERVICE, "api", "", "", "bar", "", "foo", TD1)),
        vector("11", "canary.api.neighbor.bar.internal." + TD2_TEXT,
            () -> SniName.upstream(SniName.UpstreamType.SERVICE, "api", "neighbor", "", "bar", "canary", "foo", TD2)),
        vector("12", "magicquery.default.foo.query." + TD1_TEXT,
            () -> SniName.upstream(SniName.UpstreamType.PREPARED_QUERY, "magicquery", "", "", "", "", "foo", TD1)),
        vector("13", "magicquery.default.bar.query." + TD2_TEXT,
            () -> SniName.upstream(SniName.UpstreamType.PREPARED_QUERY, "magicquery", "", "", "bar", "", "foo", TD2)),
        vector("14a", "foo.internal.domain1", () -> new SniName.Gateway("", "foo", new TrustDomain("domain1"))),
        vector("14b", "bar.internal.domain2", () -> new SniName.Gateway("", "bar", new TrustDomain("domain2"))),
        vector("15", "part1.dc2.internal-v1." + TD1_TEXT, () -> new SniName.Gateway("part1", "dc2", TD1)),
        vector("16", "api.billing.default.webstuff.external.internal." + TD1_TEXT,
            () -> new SniName.PeeredService("api", "billing", "", "webstuff", new TrustDomain("internal." + TD1_TEXT))),
        vector("17", "api.default.default.peerA.external." + TD1_TEXT,
            () -> new SniName.PeeredService("api", "", "", "peerA", TD1)),
        vector("18a", "server.dc1.consul", () -> new SniName.Server("", "dc1", "consul.")),
        vector("18b", "server.dc1.consul", () -> new SniName.Server("*", "dc1", "consul.")),
        vector("18c", "node1.server.dc1.consul", () -> new SniName.Server("node1", "dc1", "consul.")),
        vector("19", "server.dc1.peering." + TD1_TEXT, () -> new SniName.PeeringServer("dc1", TD1)),
        vector("20a", "destination.www-google-com.api.default.dc1.internal." + TD1_TEXT,
            () -> SniName.Destination.forAddress("www.google.com", "api", "", "", "dc1", TD1)),
        vector("20b", "destination.192-168-0-1.api.default.dc1.internal." + TD1_TEXT,
            () -> SniName.Destination.forAddress("192.168.0.1", "api", "", "", "dc1", TD1)),
        vector("21a", "spiffe://" + TD1_TEXT + "/ns/default/dc/dc1/svc/web",
            () -> SpiffeId.Service.of(TD1, "", "dc1", "web").uri()),
        vector("21b", "spiffe://" + TD1_TEXT + "/ap/part1/ns/default/dc/dc1/svc/web",
            () -> new SpiffeId.Service(TD1, "Part1", "", "dc1", "web").uri()),
        vector("22", TD1_TEXT, () -> TrustDomain.fromClusterId("5FCD4B81-A2CA-405A-AC62-0FAC602C1949")),
        vector("23a", "the *.dc2.internal chain", () -> envoyListener("api.default.dc2.internal." + TD1_TEXT)),
        vector("23b", "the catch-all chain", () -> envoyListener("api.default.dc3.internal." + TD1_TEXT)));
  }

  /** Vector 23: a listener with one wildcard chain and a catch-all. */
  private static String envoyListener(String sni) {
    NameTable.Builder<String> chains = NameTable.builder();
    chains.putIfAbsent("*.dc2.internal." + TD1_TEXT, "the *.dc2.internal chain");
    String chain = chains.build().get(sni);
    return chain != null ? chain : "the catch-all chain";
  }

  @ParameterizedTest(name = "vector {0}: {1}")
  @MethodSource("vectors")
  void rendersEveryNamingVector(String number, String expected, Supplier<Object> actual) {
    assertEquals(expected, actual.get().toString());
  }

  @ParameterizedTest(name = "vector {0}: {1}")
  @MethodSource("vectors")
  void parsesEverySniVectorBackToTheSameName(String number, String expected, Supplier<Object> actual) {
    Object name = actual.get();
    if (!(name instanceof SniName sni)) {
      return; // vectors 21-23 are SPIFFE IDs, trust domains and listener lookups, covered above
    }
    TrustDomain td = sni instanceof SniName.Server ? TD1 : trustDomainOf(sni);
    SniName parsed = SniName.parse(expected, td, "consul");
    assertEquals(expected, parsed.value());
    assertEquals(sni.getClass(), parsed.getClass());
  }

  @Test
  void aServiceSniConvertsToAndFromItsCatalogNameWithTheSamePartsInTheSameOrder() {
    TrustDomain td = new TrustDomain("5fcd4b81-a2ca-405a-ac62-0fac602c1949.consul");
    ServiceName billing = new ServiceName("billing", "finance", "part1");
    SniName.Service sni = SniName.service(billing, "v2", "dc1", td);
    assertEquals("v2.billing.finance.part1.dc1.internal-v1." + td.value(), sni.value());
    assertEquals(billing, sni.serviceName());
    assertEquals(ServiceName.of("api"), SniName.service(ServiceName.of("api"), "", "dc1", td).serviceName());
    assertEquals(SniName.service("api", "", "", "", "dc1", td), SniName.service(ServiceName.of("api"), "", "dc1", td));
  }

  @Test
  void parsesPartsIntoTheirFieldsKeepingLetterCase() {
    assertEquals(
        new SniName.Service("API", "V2", "Neighbor", "Part1", "DC2", TD1),
        SniName.parse("V2.API.Neighbor.Part1.DC2.Internal-V1." + TD1_TEXT.toUpperCase(Locale.ROOT), TD1, "consul"));
  }

  @Test
  void parseIgnoresOneTrailingDot() {
    assertEquals(SniName.service("api", "", "", "", "dc1", TD1),
        SniName.parse("api.default.dc1.internal." + TD1_TEXT + ".", TD1, "consul"));
  }

  @Test
  void aDottedServiceNameIsAmbiguousWithASubset() {
    String sni = SniName.service("v1.api", "", "", "", "dc1", TD1).value();
    assertEquals(sni, SniName.service("api", "v1", "", "", "dc1", TD1).value());
    assertEquals(
        List.of(SniName.service("api", "v1", "", "", "dc1", TD1), SniName.service("v1.api", "", "", "", "dc1", TD1)),
        SniName.parseAll(sni, TD1, "consul"));
  }

  @Test
  void aDestinationNameIsAmbiguousWithASubsetNamedDestination() {
    String sni = "destination.www-google-com.api.default.dc1.internal." + TD1_TEXT;
    assertEquals(
        List.of(
            new SniName.Destination("www-google-com", "api", "", "", "dc1", TD1),
            SniName.service("www-google-com.api", "destination", "", "", "dc1", TD1),
            SniName.service("destination.www-google-com.api", "", "", "", "dc1", TD1)),
        SniName.parseAll(sni, TD1, "consul"));
  }

  @Test
  void aSubsetNamedDestinationOfAPlainServiceHasNoDestinationReading() {
    String sni = SniName.service("api", "destination", "", "", "dc1", TD1).value();
    assertEquals(SniName.service("api", "destination", "", "", "dc1", TD1), SniName.parse(sni, TD1, "consul"));
  }

  @Test
  void undottedNamesHaveOneReading() {
    for (String sni : List.of(
        "api.default.dc1.internal." + TD1_TEXT,
        "dc1.internal." + TD1_TEXT,
        "part1.dc1.internal-v1." + TD1_TEXT,
        "q.default.dc1.query." + TD1_TEXT,
        "api.default.default.peerA.external." + TD1_TEXT,
        "server.dc1.peering." + TD1_TEXT,
        "node1.server.dc1.consul")) {
      assertEquals(1, SniName.parseAll(sni, TD1, "consul").size(), sni);
    }
  }

  @Test
  void serverNamesMayHaveDottedNodes() {
    assertEquals(new SniName.Server("ip-10-0-0-1.ec2.internal", "dc1", "consul"),
        SniName.parse("ip-10-0-0-1.ec2.internal.server.dc1.consul", TD1, "consul."));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''                                  | sni \"\": expected a non-empty name",
        "api..dc1.internal.td.consul         | sni \"api..dc1.internal.td.consul\": expected no empty label; found one at index 4",
        "api.default.dc1.internal.other      | sni \"api.default.dc1.internal.other\": expected a name ending in the trust domain \"td.consul\" or the DNS domain \"consul\"",
        "api.default.dc1.bogus.td.consul     | sni \"api.default.dc1.bogus.td.consul\": expected internal, internal-v1, query, external or peering in front of the trust domain \"td.consul\"",
        "default.dc1.internal.td.consul      | sni \"default.dc1.internal.td.consul\": expected <dc>.internal.<td> or [<subset>.]<service>.<namespace>.<dc>.internal.<td>",
        "dc1.internal-v1.td.consul           | sni \"dc1.internal-v1.td.consul\": expected <partition>.<dc>.internal-v1.<td> or [<subset>.]<service>.<namespace>.<partition>.<dc>.internal-v1.<td>",
        "api.ns.default.dc1.internal-v1.td.consul | sni \"api.ns.default.dc1.internal-v1.td.consul\": expected a partition other than \"default\" in front of <dc>.internal-v1.<td>",
        "q.ns.dc1.query.td.consul            | sni \"q.ns.dc1.query.td.consul\": expected <query>.default.<dc>.query.<td>",
        "api.ns.peer.external.td.consul      | sni \"api.ns.peer.external.td.consul\": expected <service>.<namespace>.<partition>.<peer>.external.<td>",
        "client.dc1.peering.td.consul        | sni \"client.dc1.peering.td.consul\": expected server.<dc>.peering.<td>",
        "node1.client.dc1.consul             | sni \"node1.client.dc1.consul\": expected [<node>.]server.<dc>.consul before the DNS domain",
        "api.default.dc1.internal.td.consul x | sni \"api.default.dc1.internal.td.consul x\": expected printable ASCII; found ' ' at index 34",
      })
  void rejectsWhatIsNoSniFormSayingWhatWasExpected(String input, String message) {
    TrustDomain td = new TrustDomain("td.consul");
    assertEquals(message,
        assertThrows(IllegalArgumentException.class, () -> SniName.parse(input, td, "consul")).getMessage());
  }

  @Test
  void rejectsOverlongNames() {
    String name = "a".repeat(240) + ".default.dc1.internal.td";
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SniName.parse(name, new TrustDomain("td"), "consul"));
    assertTrue(e.getMessage().endsWith(": expected at most 253 characters, got 264"), e.getMessage());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "subset    | subset: \"a.b\" (expected: a single label without '.')",
        "namespace | namespace: \"a.b\" (expected: a single label without '.')",
        "service   | service: \"\" (expected: a non-empty name)",
      })
  void rejectsPartsConsulNeverRenders(String part, String message) {
    Supplier<SniName> build = switch (part) {
      case "subset" -> () -> SniName.service("api", "a.b", "", "", "dc1", TD1);
      case "namespace" -> () -> SniName.service("api", "", "a.b", "", "dc1", TD1);
      default -> () -> SniName.service("", "", "", "", "dc1", TD1);
    };
    assertEquals(message, assertThrows(IllegalArgumentException.class, build::get).getMessage());
  }

  @Test
  void onlyTheExactDefaultPartitionUsesTheShortFormAsInConsul() {
    assertEquals("api.default.Default.dc1.internal-v1." + TD1_TEXT,
        SniName.service("api", "", "", "Default", "dc1", TD1).value());
  }

  // --- properties ---------------------------------------------------------------------------

  private static final Set<String> RESERVED =
      Set.of("internal", "internal-v1", "query", "external", "peering", "server", "destination", "default");

  @Provide
  Arbitrary<String> labels() {
    return Arbitraries.strings().withChars("abcxyzABC0189-").ofMinLength(1).ofMaxLength(12)
        .filter(s -> !RESERVED.contains(s.toLowerCase(Locale.ROOT)));
  }

  @Provide
  Arbitrary<TrustDomain> trustDomains() {
    Arbitrary<String> label = Arbitraries.strings().withChars("abc019-").ofMinLength(1).ofMaxLength(8)
        .filter(s -> !RESERVED.contains(s));
    return label.list().ofMinSize(1).ofMaxSize(3).map(l -> new TrustDomain(String.join(".", l) + ".mesh"));
  }

  @Provide
  Arbitrary<SniName> names() {
    Arbitrary<String> label = labels();
    Arbitrary<String> optional = Arbitraries.oneOf(Arbitraries.just(""), label);
    Arbitrary<TrustDomain> td = trustDomains();
    Arbitrary<SniName> service = Combinators.combine(label, optional, optional, optional, label, td)
        .as((s, sub, ns, ap, dc, t) -> SniName.service(s, sub, ns, ap, dc, t));
    Arbitrary<SniName> query = Combinators.combine(label, label, td).as(SniName.Query::new);
    Arbitrary<SniName> gateway = Combinators.combine(optional, label, td).as(SniName.Gateway::new);
    Arbitrary<SniName> peered = Combinators.combine(label, optional, optional, label, td).as(SniName.PeeredService::new);
    Arbitrary<SniName> server = Combinators.combine(optional, label).as((n, dc) -> new SniName.Server(n, dc, "dns.test"));
    Arbitrary<SniName> peering = Combinators.combine(label, td).as(SniName.PeeringServer::new);
    Arbitrary<SniName> destination = Combinators.combine(label, label, optional, optional, label, td)
        .as(SniName.Destination::new);
    return Arbitraries.oneOf(service, query, gateway, peered, server, peering, destination);
  }

  @Property(tries = 1000)
  void everyFormRoundTripsThroughItsValue(@ForAll("names") SniName name) {
    assertEquals(name, SniName.parse(name.value(), trustDomainOf(name), "dns.test"));
  }

  @Property(tries = 300)
  void aDottedServiceIsTheSecondReading(
      @ForAll("labels") String first, @ForAll("labels") String second, @ForAll("labels") String dc) {
    SniName.Service dotted = SniName.service(first + "." + second, "", "", "", dc, TD1);
    List<SniName> readings = SniName.parseAll(dotted.value(), TD1, "consul");
    assertEquals(List.of(SniName.service(second, first, "", "", dc, TD1), dotted), readings);
  }

  @Property(tries = 1000)
  void arbitraryInputParsesOrIsRejectedWithAnExplanation(@ForAll("junk") String input) {
    try {
      List<SniName> readings = SniName.parseAll(input, TD1, "consul");
      assertFalse(readings.isEmpty());
      for (SniName r : readings) {
        assertTrue(r.value().equalsIgnoreCase(input.endsWith(".") ? input.substring(0, input.length() - 1) : input),
            r + " from " + input);
      }
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage().startsWith("sni \""), e.getMessage());
    }
  }

  @Provide
  Arbitrary<String> junk() {
    Arbitrary<String> token = Arbitraries.oneOf(
        Arbitraries.of("internal", "internal-v1", "query", "external", "peering", "server", "destination", "default",
            "consul", TD1_TEXT, "", "Default"),
        Arbitraries.strings().withChars("ab.-\u0000 \u00e9").ofMaxLength(4));
    return token.list().ofMaxSize(9).map(l -> String.join(".", l));
  }

  private static TrustDomain trustDomainOf(SniName name) {
    if (name instanceof SniName.Service s) {
      return s.trustDomain();
    } else if (name instanceof SniName.Query q) {
      return q.trustDomain();
    } else if (name instanceof SniName.Gateway g) {
      return g.trustDomain();
    } else if (name instanceof SniName.PeeredService p) {
      return p.trustDomain();
    } else if (name instanceof SniName.PeeringServer p) {
      return p.trustDomain();
    } else if (name instanceof SniName.Destination d) {
      return d.trustDomain();
    }
    return new TrustDomain("unused.mesh");
  }

  @Test
  void upstreamOfAPreparedQueryIgnoresNamespaceAndSubset() {
    assertInstanceOf(SniName.Query.class,
        SniName.upstream(SniName.UpstreamType.PREPARED_QUERY, "q", "ns", "ap", "", "v1", "dc1", TD1));
  }
}
