package dev.meshgate.core.intentions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.intentions.IntentionArbitraries.Scenario;
import dev.meshgate.core.intentions.analysis.IntentionQuery;
import dev.meshgate.core.intentions.analysis.Reachability;
import dev.meshgate.core.intentions.analysis.Witness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Reachability against brute force over a small space of requests: what brute force finds, the
 * analysis finds, and every witness the analysis gives is one of the query's requests with the
 * decision asked about.
 */
class ReachabilityPropertiesTest {
  private static final List<SourceIdentity> SOURCES = sources();
  private static final List<HttpRequest> REQUESTS = requests();

  private static List<SourceIdentity> sources() {
    List<SourceIdentity> out = new ArrayList<>();
    for (String name : List.of("a", "b", "c")) {
      for (String ns : List.of("default", "ns1", "ns2")) {
        for (String partition : List.of("default", "ap1")) {
          out.add(new SourceIdentity(name, ns, partition, ""));
        }
        out.add(new SourceIdentity(name, ns, "", "p1"));
      }
    }
    return out;
  }

  private static List<HttpRequest> requests() {
    List<HttpRequest> out = new ArrayList<>();
    for (String method : List.of("GET", "PUT", "get")) {
      for (String path : List.of("/", "/a", "/ab", "x")) {
        for (String header : List.of("", "x-a:1", "x-b:v2", "z:1")) {
          for (boolean token : List.of(false, true)) {
            HttpRequest.Builder b = HttpRequest.builder().method(method).path(path);
            if (!header.isEmpty()) {
              b.header(header.substring(0, header.indexOf(':')), header.substring(header.indexOf(':') + 1));
            }
            if (token) {
              b.jwt(new VerifiedJwt("https://okta", Map.of("roles", "admin")));
            }
            out.add(b.build());
          }
        }
      }
    }
    return out;
  }

  record Question(Scenario scenario, IntentionQuery query, DefaultPolicy policy, boolean allowed) {}

  @Provide
  Arbitrary<Question> questions() {
    Arbitrary<IntentionQuery> queries = Combinators.combine(
            Arbitraries.of("", "", "p1"), Arbitraries.of("default", "ap1"), Arbitraries.of("default", "ns1", "*"),
            Arbitraries.of("a", "*"), Arbitraries.of(Set.<String>of(), Set.of("ns1")),
            Arbitraries.of("a", "b", "c"), Arbitraries.of("default", "ns1"),
            IntentionArbitraries.permissions().map(p -> p.http().orElseThrow()).optional())
        .as((peer, partition, ns, name, except, dn, dns, http) -> new IntentionQuery(peer, peer.isEmpty() ? partition : "",
            ns, "*".equals(ns) ? "*" : name, "*".equals(ns) ? except : Set.of(), new DestinationService(dn, dns, "default"),
            http));
    return Combinators.combine(IntentionArbitraries.scenarios(), queries, Arbitraries.of(DefaultPolicy.values()),
        Arbitraries.of(true, false)).as(Question::new);
  }

  @Property(tries = 200)
  void reachabilityAgreesWithBruteForce(@ForAll("questions") Question q) {
    IntentionSet set = q.scenario().build();
    Reachability answer =
        q.allowed() ? q.query().canBeAllowed(set, q.policy()) : q.query().canBeDenied(set, q.policy());
    assertTrue(answer.unanalysed().isEmpty(), () -> answer.unanalysed().toString());
    // The brute-force space is a small part of the analysed one: whatever it finds, the analysis
    // must find too, and a proof of impossibility must leave it empty-handed.
    Optional<Witness> brute = bruteForce(q, set);
    if (brute.isPresent()) {
      assertTrue(answer.possible(), () -> "brute force found " + brute + ", analysis " + answer + " for " + q.query());
    }
    answer.witness().ifPresent(w -> {
      assertTrue(q.query().covers(w.source()), () -> "witness source " + w.source());
      assertTrue(conforms(q.query(), w), () -> "witness " + w + " meets " + q.query().http());
      assertEquals(q.allowed(), w.allowedBy(set, q.policy()));
    });
  }

  private static Optional<Witness> bruteForce(Question q, IntentionSet set) {
    for (SourceIdentity s : SOURCES) {
      if (!q.query().covers(s)) {
        continue;
      }
      List<Optional<HttpRequest>> all = new ArrayList<>();
      if (q.query().http().isEmpty()) {
        all.add(Optional.empty());
      }
      REQUESTS.forEach(r -> all.add(Optional.of(r)));
      for (Optional<HttpRequest> r : all) {
        Witness w = new Witness(s, q.query().destination(), r);
        if (conforms(q.query(), w) && w.allowedBy(set, q.policy()) == q.allowed()) {
          return Optional.of(w);
        }
      }
    }
    return Optional.empty();
  }

  /** Whether a request meets the query's HTTP conditions, asked of the evaluator itself. */
  private static boolean conforms(IntentionQuery query, Witness w) {
    if (query.http().isEmpty()) {
      return true;
    }
    if (w.http().isEmpty()) {
      return false;
    }
    DestinationService d = query.destination();
    IntentionSet only = IntentionSet.builder().add(ServiceIntentions.builder().name(d.name()).namespace(d.namespace())
        .partition(d.partition())
        .source(SourceIntention.builder().name(w.source().name()).namespace(w.source().namespace())
            .partition(w.source().peer().isEmpty() ? w.source().partition() : "").peer(w.source().peer())
            .permission(IntentionPermission.of(Action.ALLOW, query.http().get())).build())
        .build()).build();
    return only.decide(w.source(), d, w.http().get(), DefaultPolicy.DENY).allowed();
  }
}
