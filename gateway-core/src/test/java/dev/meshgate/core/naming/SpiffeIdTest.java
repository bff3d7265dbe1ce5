package dev.meshgate.core.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpiffeIdTest {
  private static final TrustDomain TD1 = new TrustDomain("5fcd4b81-a2ca-405a-ac62-0fac602c1949.consul");

  @Test
  void vector21RendersServiceIdWithDefaultNamespace() {
    assertEquals(
        "spiffe://5fcd4b81-a2ca-405a-ac62-0fac602c1949.consul/ns/default/dc/dc1/svc/web",
        SpiffeId.Service.of(TD1, "", "dc1", "web").uri());
  }

  @Test
  void vector21RendersLowerCasedPartitionInFront() {
    assertEquals(
        "spiffe://5fcd4b81-a2ca-405a-ac62-0fac602c1949.consul/ap/part1/ns/default/dc/dc1/svc/web",
        new SpiffeId.Service(TD1, "Part1", "", "dc1", "web").uri());
  }

  @Test
  void explicitDefaultPartitionIsNotRendered() {
    assertEquals(
        SpiffeId.Service.of(TD1, "ns1", "dc1", "web"),
        new SpiffeId.Service(TD1, "DEFAULT", "ns1", "dc1", "web"));
  }

  @Test
  void rendersMeshGatewayAndServerIds() {
    assertEquals(
        "spiffe://" + TD1 + "/gateway/mesh/dc/dc2", new SpiffeId.MeshGateway(TD1, "", "dc2").uri());
    assertEquals(
        "spiffe://" + TD1 + "/ap/p1/gateway/mesh/dc/dc2", new SpiffeId.MeshGateway(TD1, "p1", "dc2").uri());
    assertEquals("spiffe://" + TD1 + "/agent/server/dc/dc1", new SpiffeId.Server(TD1, "dc1").uri());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "spiffe://td.consul/ns/default/dc/dc1/svc/web",
    "spiffe://td.consul/ap/part1/ns/ns1/dc/dc1/svc/web",
    "spiffe://td.consul/gateway/mesh/dc/dc1",
    "spiffe://td.consul/ap/part1/gateway/mesh/dc/dc1",
    "spiffe://td.consul/agent/server/dc/dc1",
  })
  void parsesEveryConsulFormBackToTheSameUri(String uri) {
    assertEquals(uri, SpiffeId.parse(uri).uri());
  }

  @Test
  void parsesServicePartsIntoTheirFields() {
    SpiffeId id = SpiffeId.parse("spiffe://td.consul/ap/p1/ns/billing/dc/dc2/svc/api");
    assertEquals(new SpiffeId.Service(new TrustDomain("td.consul"), "p1", "billing", "dc2", "api"), id);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "http://td.consul/ns/default/dc/dc1/svc/web | spiffe id \"http://td.consul/ns/default/dc/dc1/svc/web\": expected the scheme spiffe://",
        "spiffe://TD.consul/ns/default/dc/dc1/svc/web | spiffe id \"spiffe://TD.consul/ns/default/dc/dc1/svc/web\": expected a trust domain of only a-z, 0-9, '.', '-' and '_'; found 'T' at index 0",
        "spiffe://td.consul | spiffe id \"spiffe://td.consul\": expected a path of the form [/ap/<partition>]/ns/<ns>/dc/<dc>/svc/<service>, [/ap/<partition>]/gateway/mesh/dc/<dc> or /agent/server/dc/<dc>",
        "spiffe://td.consul/ns/default/dc/dc1/svc/ | spiffe id \"spiffe://td.consul/ns/default/dc/dc1/svc/\": expected path segment 6 to be a non-empty path segment",
        "spiffe://td.consul/ns/default/dc/dc1/svc/web?x=1 | spiffe id \"spiffe://td.consul/ns/default/dc/dc1/svc/web?x=1\": expected path segment 6 to be only A-Z, a-z, 0-9, '.', '-' and '_'; found '?' at index 3",
        "spiffe://td.consul/ns/../dc/dc1/svc/web | spiffe id \"spiffe://td.consul/ns/../dc/dc1/svc/web\": expected path segment 2 to be a path segment other than '.' and '..'",
        "spiffe://td.consul:8080/ns/default/dc/dc1/svc/web | spiffe id \"spiffe://td.consul:8080/ns/default/dc/dc1/svc/web\": expected a trust domain of only a-z, 0-9, '.', '-' and '_'; found ':' at index 9",
        "spiffe://td.consul/ns/default/dc/dc1/svc/web/extra | spiffe id \"spiffe://td.consul/ns/default/dc/dc1/svc/web/extra\": expected a path of the form [/ap/<partition>]/ns/<ns>/dc/<dc>/svc/<service>, [/ap/<partition>]/gateway/mesh/dc/<dc> or /agent/server/dc/<dc>",
        "spiffe://td.consul/ap/p1/agent/server/dc/dc1 | spiffe id \"spiffe://td.consul/ap/p1/agent/server/dc/dc1\": expected a path of the form [/ap/<partition>]/ns/<ns>/dc/<dc>/svc/<service>, [/ap/<partition>]/gateway/mesh/dc/<dc> or /agent/server/dc/<dc>",
      })
  void rejectsWhatIsNotAConsulSpiffeIdSayingWhatWasExpected(String input, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpiffeId.parse(input));
    assertEquals(message, e.getMessage());
  }

  @Test
  void escapesAndBoundsPeerSuppliedTextInErrors() {
    String hostile = "spiffe://td.consul/ns/a\u0000b/" + "x".repeat(400);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpiffeId.parse(hostile));
    assertEquals(
        "spiffe id \"spiffe://td.consul/ns/a\\u0000b/" + "x".repeat(256 - 26) + "\"...(" + hostile.length()
            + " chars): expected path segment 2 to be only A-Z, a-z, 0-9, '.', '-' and '_'; found '\\u0000' at index 1",
        e.getMessage());
  }

  @Test
  void rejectsInvalidPartsWhenBuilding() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SpiffeId.Service.of(TD1, "a/b", "dc1", "web"));
    assertEquals(
        "namespace: \"a/b\" (expected: only A-Z, a-z, 0-9, '.', '-' and '_'; found '/' at index 1)", e.getMessage());
  }

  @Property
  void serviceIdsRoundTripThroughTheirUri(@ForAll("serviceIds") SpiffeId.Service id) {
    assertEquals(id, SpiffeId.parse(id.uri()));
  }

  @Provide
  Arbitrary<SpiffeId.Service> serviceIds() {
    Arbitrary<String> segment =
        Arbitraries.strings().withChars("abcXYZ019.-_").ofMinLength(1).ofMaxLength(12)
            .filter(s -> !s.equals(".") && !s.equals(".."));
    Arbitrary<String> label = Arbitraries.strings().withChars("abc019-_").ofMinLength(1).ofMaxLength(10);
    Arbitrary<TrustDomain> td = label.list().ofMinSize(1).ofMaxSize(4).map(l -> new TrustDomain(String.join(".", l)));
    Arbitrary<String> partition = Arbitraries.oneOf(Arbitraries.just(""), segment);
    return Combinators.combine(td, partition, segment, segment, segment).as(SpiffeId.Service::new);
  }
}
