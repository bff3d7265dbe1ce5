package dev.meshgate.core.chain;

import static dev.meshgate.core.chain.Fixtures.endpoint;
import static dev.meshgate.core.chain.Fixtures.healthy;
import static dev.meshgate.core.chain.Fixtures.weighted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.catalog.Endpoint;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Envoy's load balancers and hash policies as the chain applies them. */
class EndpointPickerTest {
  static Stream<Arguments> xxh64() {
    return Stream.of(
        Arguments.of("", 0L, 0xEF46DB3751D8E999L),
        Arguments.of("a", 0L, 0xD24EC4F1A98C6E5BL),
        Arguments.of("abc", 0L, 0x44BC2CF5AD770999L),
        Arguments.of("abc", 12345L, 0x01700E64F6F23509L),
        Arguments.of("a".repeat(32), 0L, 0x856E843298F99AD7L),
        Arguments.of("Nobody inspects the spammish repetition", 0L, 0xFBCEA83C8A378BF1L),
        Arguments.of("The quick brown fox jumps over the lazy dog", 0L, 0x0B242D361FDA71BCL));
  }

  @ParameterizedTest(name = "XXH64 reference vector \"{0}\" seed {1}")
  @MethodSource("xxh64")
  void hashesAsTheReferenceXxh64(String input, long seed, long expected) {
    assertEquals(expected, XxHash64.utf8(input, seed));
  }

  @Test
  void hashesNonAsciiTextAsItsUtf8Bytes() {
    String text = "caf\u00e9/\u2603";
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    String asBytes = new String(utf8, StandardCharsets.ISO_8859_1);
    assertEquals(XxHash64.bytes(asBytes, 0, asBytes.length(), 7), XxHash64.utf8(text, 7));
    assertEquals(XxHash64.utf8("x" + text + "y", 1, text.length() + 1, 0), XxHash64.utf8(text, 0));
  }

  @Test
  void roundRobinRotatesThroughEqualEndpoints() {
    EndpointPicker p = EndpointPicker.create(null, healthy(3));
    int[] picks = new int[6];
    for (int i = 0; i < 6; i++) {
      picks[i] = p.pick(0, 0, ActiveRequests.NONE);
    }
    assertEquals("[0, 1, 2, 0, 1, 2]", java.util.Arrays.toString(picks));
  }

  @Test
  void weightedRoundRobinPicksInProportionEachCycle() {
    EndpointPicker p = EndpointPicker.create(LoadBalancer.of("round_robin"), List.of(weighted(1, 3), weighted(2, 1)));
    int[] counts = new int[2];
    for (int i = 0; i < 4 * 25; i++) {
      counts[p.pick(0, 0, ActiveRequests.NONE)]++;
    }
    assertEquals(75, counts[0]);
    assertEquals(25, counts[1]);
  }

  @Test
  void randomPicksTheEndpointOfTheRandomValue() {
    EndpointPicker p = EndpointPicker.create(LoadBalancer.of("random"), healthy(4));
    assertEquals(2, p.pick(0, 6, ActiveRequests.NONE));
    assertEquals(3, p.pick(0, -1, ActiveRequests.NONE));
  }

  @Test
  void leastRequestPrefersTheIdleEndpoint() {
    List<Endpoint> eps = healthy(2);
    ActiveRequests busyFirst = e -> e == eps.get(0) ? 5 : 0;
    EndpointPicker two = EndpointPicker.create(LoadBalancer.of("least_request"), eps);
    int idle = 0;
    for (long r = 0; r < 400; r++) {
      if (two.pick(0, EndpointPicker.mix(r), busyFirst) == 1) {
        idle++;
      }
    }
    // Power of two choices: the busy endpoint wins only when both samples are it (1 in 4).
    assertTrue(idle > 250 && idle < 350, "idle picks: " + idle);
    EndpointPicker ten = EndpointPicker.create(new LoadBalancer("least_request", Optional.empty(),
        Optional.of(new LoadBalancer.LeastRequestConfig(10)), List.of()), eps);
    int idleOfTen = 0;
    for (long r = 0; r < 400; r++) {
      if (ten.pick(0, EndpointPicker.mix(r), busyFirst) == 1) {
        idleOfTen++;
      }
    }
    assertTrue(idleOfTen >= 398, "idle picks: " + idleOfTen);
  }

  @Test
  void ringHashHasEnvoysRingSize() {
    EndpointPicker.RingHashPicker three = (EndpointPicker.RingHashPicker) EndpointPicker.create(
        LoadBalancer.of("ring_hash"), healthy(3));
    assertEquals(3 * 342, three.points.length);
    EndpointPicker.RingHashPicker small = (EndpointPicker.RingHashPicker) EndpointPicker.create(
        new LoadBalancer("ring_hash", Optional.of(new LoadBalancer.RingHashConfig(2, 10)), Optional.empty(), List.of()),
        healthy(4));
    assertEquals(4, small.points.length);
    for (int i = 1; i < three.points.length; i++) {
      assertTrue(three.points[i - 1] <= three.points[i]);
    }
  }

  @Test
  void ringHashPicksTheFirstPointAtOrAfterTheHash() {
    EndpointPicker.RingHashPicker p = (EndpointPicker.RingHashPicker) EndpointPicker.create(
        LoadBalancer.of("ring_hash"), healthy(3));
    long first = p.points[0] ^ Long.MIN_VALUE;
    long last = p.points[p.points.length - 1] ^ Long.MIN_VALUE;
    assertEquals(p.owners[0], p.pick(first, 0, ActiveRequests.NONE));
    assertEquals(p.owners[1], p.pick(first + 1, 0, ActiveRequests.NONE));
    assertEquals(p.owners[0], p.pick(last + 1, 0, ActiveRequests.NONE));
  }

  @Test
  void consistentHashesShareByWeight() {
    List<Endpoint> eps = List.of(weighted(1, 1), weighted(2, 3));
    for (String policy : List.of("ring_hash", "maglev")) {
      EndpointPicker p = EndpointPicker.create(LoadBalancer.of(policy), eps);
      int heavy = 0;
      for (int k = 0; k < 20_000; k++) {
        if (p.pick(XxHash64.utf8("key-" + k, 0), 0, ActiveRequests.NONE) == 1) {
          heavy++;
        }
      }
      assertTrue(heavy > 14_000 && heavy < 16_000, policy + " heavy share: " + heavy);
    }
  }

  @Test
  void maglevFillsItsTableEvenlyForEqualWeights() {
    EndpointPicker.MaglevPicker p = (EndpointPicker.MaglevPicker) EndpointPicker.create(LoadBalancer.of("maglev"),
        healthy(7));
    int[] counts = new int[7];
    for (int slot : p.table) {
      counts[slot]++;
    }
    for (int c : counts) {
      assertTrue(c == 65537 / 7 || c == 65537 / 7 + 1, java.util.Arrays.toString(counts));
    }
  }

  @Test
  void combinesHashPoliciesAsEnvoy() {
    ChainRequest request = ChainRequest.builder().target("/?user=42").header("x-a", "A").header("cookie",
        "session=\"s1\"; other=2").sourceAddress("10.1.2.3").build();
    long a = XxHash64.utf8("A", 0);
    long s = XxHash64.utf8("s1", 0);
    long u = XxHash64.utf8("42", 0);
    long ip = XxHash64.utf8("10.1.2.3", 0);
    assertEquals(a, new RequestHasher(List.of(LoadBalancer.HashPolicy.header("X-A"))).hash(request, 99));
    assertEquals(Long.rotateLeft(a, 1) ^ s, new RequestHasher(List.of(LoadBalancer.HashPolicy.header("x-a"),
        LoadBalancer.HashPolicy.cookie("session"))).hash(request, 99));
    assertEquals(u, new RequestHasher(List.of(LoadBalancer.HashPolicy.header("missing"),
        LoadBalancer.HashPolicy.queryParameter("user").asTerminal(), LoadBalancer.HashPolicy.hashSourceIp()))
        .hash(request, 99));
    assertEquals(Long.rotateLeft(u, 1) ^ ip, new RequestHasher(List.of(LoadBalancer.HashPolicy.queryParameter("user"),
        LoadBalancer.HashPolicy.hashSourceIp())).hash(request, 99));
    assertEquals(99, new RequestHasher(List.of(LoadBalancer.HashPolicy.cookie("absent"))).hash(request, 99));
    assertEquals(99, RequestHasher.NONE.hash(request, 99));
  }

  @Test
  void findsCookiesAsEnvoysParser() {
    String header = "a=1;b=\"two\";  c=3 ; d";
    assertEquals("1", value(header, RequestHasher.cookie(header, "a")));
    assertEquals("two", value(header, RequestHasher.cookie(header, "b")));
    assertEquals("3", value(header, RequestHasher.cookie(header, "c")));
    assertEquals(-1, RequestHasher.cookie(header, "d"));
    assertEquals(-1, RequestHasher.cookie(header, "e"));
  }

  @Test
  void hashesTheSameRequestToTheSameEndpoint() {
    List<Endpoint> eps = List.of(endpoint(1, true), endpoint(2, true), endpoint(3, true), endpoint(4, true));
    for (String policy : List.of("ring_hash", "maglev")) {
      EndpointPicker p = EndpointPicker.create(LoadBalancer.hashing(policy, LoadBalancer.HashPolicy.header("x-user")),
          eps);
      long h = XxHash64.utf8("alice", 0);
      int first = p.pick(h, 1, ActiveRequests.NONE);
      for (int i = 0; i < 10; i++) {
        assertEquals(first, p.pick(h, i, ActiveRequests.NONE));
      }
    }
  }

  private static String value(String header, long range) {
    return header.substring((int) (range >>> 32), (int) range);
  }
}
