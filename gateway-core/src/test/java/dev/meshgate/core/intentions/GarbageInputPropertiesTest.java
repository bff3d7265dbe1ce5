package dev.meshgate.core.intentions;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.meshgate.core.config.InvalidConfigEntryException;
import dev.meshgate.core.config.Protocol;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever an entry holds, validation answers with the documented exception or not at all. */
class GarbageInputPropertiesTest {
  /** What an entry may be built from, valid or not. */
  record Parts(String name, String namespace, String partition, List<SourceIntention> sources,
      IntentionJwtRequirement jwt, Map<String, String> meta) {
    ServiceIntentions entry() {
      return new ServiceIntentions(name, namespace, partition, sources, jwt, meta);
    }
  }

  static Arbitrary<String> text() {
    return Arbitraries.oneOf(
        Arbitraries.of("", "*", "a*", "default", "web", "/", "x", "GET", "get", "FETCH", "(", "[[:a:]]", "(?=x)",
            "a{9999}", "\\", "ns1", "p1", "g1", "okta", "é".repeat(300)),
        Arbitraries.strings().ofMaxLength(12));
  }

  @Provide
  Arbitrary<Parts> garbage() {
    Arbitrary<IntentionJwtRequirement> jwt = Combinators.combine(text(), text().list().ofMaxSize(3), text())
        .as((name, path, value) -> IntentionJwtRequirement.of(new IntentionJwtProvider(name,
            List.of(new IntentionJwtClaimVerification(path, value)))))
        .injectDuplicates(0.1);
    Arbitrary<IntentionHttpHeaderPermission> headers = Combinators.combine(text(), Arbitraries.of(true, false),
            text(), text(), text(), text(), Arbitraries.of(true, false))
        .as(IntentionHttpHeaderPermission::new);
    Arbitrary<IntentionHttpPermission> http = Combinators.combine(text(), text(), text(),
            headers.list().ofMaxSize(3), text().list().ofMaxSize(3))
        .as(IntentionHttpPermission::new);
    Arbitrary<IntentionPermission> permissions = Combinators.combine(Arbitraries.of(Action.class).optional(),
            http.optional(), Arbitraries.oneOf(Arbitraries.just(IntentionJwtRequirement.NONE), jwt))
        .as(IntentionPermission::new);
    Arbitrary<SourceIntention> sources = Combinators.combine(text(), text(), text(), text(), text(),
            Arbitraries.of(Action.class).optional(), permissions.list().ofMaxSize(3), text())
        .as((name, ns, partition, peer, group, action, perms, type) ->
            new SourceIntention(name, ns, partition, peer, group, action, perms, 0, type, ""));
    Arbitrary<Map<String, String>> meta = Arbitraries.maps(text(), text()).ofMaxSize(4);
    return Combinators.combine(text(), text(), text(), sources.list().ofMaxSize(4),
            Arbitraries.oneOf(Arbitraries.just(IntentionJwtRequirement.NONE), jwt), meta)
        .as(Parts::new);
  }

  @Property(tries = 2000)
  void validationThrowsOnlyTheDocumentedException(@ForAll("garbage") Parts parts) {
    try {
      ServiceIntentions entry = parts.entry();
      assertFalse(entry.normalize().sources().isEmpty());
    } catch (InvalidConfigEntryException e) {
      assertFalse(e.errors().isEmpty());
    }
  }

  @Property(tries = 2000)
  void buildingLintingAndDecidingThrowNothingElse(@ForAll("garbage") Parts parts) {
    ServiceIntentions entry;
    try {
      entry = parts.entry();
    } catch (InvalidConfigEntryException e) {
      assertFalse(e.errors().isEmpty());
      return;
    }
    IntentionLint.check(List.of(entry), IntentionArbitraries.GROUPS, DefaultPolicy.DENY, s -> Protocol.TCP);
    IntentionSet.Builder b = IntentionSet.builder().add(entry).jwtProvider("okta", "https://okta");
    IntentionArbitraries.GROUPS.forEach(b::samenessGroup);
    IntentionSet set;
    try {
      set = b.build();
    } catch (InvalidConfigEntryException e) {
      assertFalse(e.errors().isEmpty());
      return;
    }
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("x", List.of("y"));
    HttpRequest request = new HttpRequest("GET", "/x?y", Map.of("a", "b"),
        Optional.of(new VerifiedJwt("https://okta", claims)));
    for (Intention x : set.intentions()) {
      String name = "*".equals(x.destinationName()) ? "svc" : x.destinationName();
      String ns = "*".equals(x.destinationNamespace()) ? "default" : x.destinationNamespace();
      DestinationService destination = new DestinationService(name, ns, x.destinationPartition());
      SourceIdentity source = SourceIdentity.of("web");
      set.decide(source, destination, DefaultPolicy.DENY);
      set.decide(source, destination, request, DefaultPolicy.ALLOW);
    }
  }
}
