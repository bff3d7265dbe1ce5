package dev.meshgate.core.intentions;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random, valid intention sets and requests over a small alphabet, so that generated rules and
 * requests collide often: names {@code a b *}, namespaces {@code default ns1 *}, partitions
 * {@code default ap1}, peers {@code p1 p2}, two sameness groups, L7 permissions with every matcher
 * kind, and JWT requirements.
 */
final class IntentionArbitraries {
  static final List<SamenessGroup> GROUPS = List.of(
      SamenessGroup.of("g1", SamenessGroup.Member.partition("default"), SamenessGroup.Member.peer("p1")),
      SamenessGroup.of("g2", SamenessGroup.Member.partition("ap1"), SamenessGroup.Member.peer("p2"),
          SamenessGroup.Member.partition("default")));
  static final Map<String, String> ISSUERS = Map.of("okta", "https://okta", "auth0", "https://auth0");

  /** A generated world: entries, a mode, and requests to ask about. */
  record Scenario(List<ServiceIntentions> entries, boolean fallThrough, List<Request> requests) {
    IntentionSet build() {
      return build(entries);
    }

    IntentionSet build(List<ServiceIntentions> which) {
      IntentionSet.Builder b = IntentionSet.builder().addAll(which);
      GROUPS.forEach(b::samenessGroup);
      ISSUERS.forEach(b::jwtProvider);
      if (fallThrough) {
        b.fallThroughOnNoPermissionMatch();
      }
      return b.build();
    }

    ReferenceIntentions reference() {
      return new ReferenceIntentions(entries, GROUPS, ISSUERS, fallThrough);
    }
  }

  /** One question: who calls what, how, under which default. {@code http} is null for L4. */
  record Request(SourceIdentity source, DestinationService destination, HttpRequest http, DefaultPolicy policy) {
    Decision ask(IntentionSet set) {
      return http == null ? set.decide(source, destination, policy) : set.decide(source, destination, http, policy);
    }

    Decision ask(ReferenceIntentions reference) {
      return reference.decide(source, destination, http, policy);
    }
  }

  private IntentionArbitraries() {}

  static Arbitrary<Scenario> scenarios() {
    return Combinators.combine(
            entries().list().ofMaxSize(6), Arbitraries.of(false, false, true), requests().list().ofSize(20))
        .as((entries, fall, requests) -> new Scenario(dedupeDestinations(entries), fall, requests));
  }

  static Arbitrary<ServiceIntentions> entries() {
    Arbitrary<String> partitions = Arbitraries.of("", "default", "ap1");
    Arbitrary<String> namespaces = Arbitraries.of("", "default", "ns1", "*");
    Arbitrary<String> names = Arbitraries.of("a", "b", "*");
    Arbitrary<IntentionJwtRequirement> entryJwt = Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.just(IntentionJwtRequirement.NONE)),
        Tuple.of(1, jwtRequirements()));
    return Combinators.combine(partitions, namespaces, names, entryJwt, sourceDrafts().list().ofMinSize(1).ofMaxSize(4),
            Arbitraries.of(Map.<String, String>of(), Map.of("external-source", "nomad")))
        .as((partition, namespace, name, jwt, drafts, meta) -> {
          String n = "*".equals(namespace) ? "*" : name;
          boolean wild = "*".equals(n);
          String normalizedNamespace = Normalization.orDefault(namespace);
          String normalizedPartition = Normalization.orDefault(partition);
          ServiceIntentions.Builder b = ServiceIntentions.builder().name(n).namespace(namespace).partition(partition)
              .jwt(jwt);
          meta.forEach(b::meta);
          Set<String> keys = new HashSet<>();
          for (SourceDraft d : drafts) {
            SourceIntention s = d.toSource(wild);
            SourceIntention ns = Normalization.normalizeSource(s, n, normalizedNamespace, normalizedPartition);
            String key = String.join("|", ns.partition(), ns.namespace(), ns.name(), ns.peer(), ns.samenessGroup());
            if (keys.add(key)) {
              b.source(s);
            }
          }
          return b.build();
        });
  }

  /** A source before the entry decides whether it may carry permissions. */
  record SourceDraft(String kind, String partition, String namespace, String name, String peerOrGroup,
      Action action, List<IntentionPermission> permissions, String description) {
    SourceIntention toSource(boolean wildcardDestination) {
      SourceIntention.Builder b = SourceIntention.builder().namespace(namespace)
          .name("*".equals(namespace) ? "*" : name).description(description);
      switch (kind) {
        case "peer" -> b.peer(peerOrGroup);
        case "group" -> b.samenessGroup(peerOrGroup);
        default -> b.partition(partition);
      }
      if (wildcardDestination || permissions.isEmpty()) {
        b.action(action);
      } else {
        permissions.forEach(b::permission);
      }
      return b.build();
    }
  }

  static Arbitrary<SourceDraft> sourceDrafts() {
    return Combinators.combine(
            Arbitraries.of("local", "local", "local", "local", "peer", "group"), Arbitraries.of("", "default", "ap1"),
            Arbitraries.of("", "default", "ns1", "*"), Arbitraries.of("a", "b", "*"),
            Arbitraries.of("p1", "p2", "g1", "g2"), Arbitraries.of(Action.values()),
            permissions().list().ofMaxSize(3), Arbitraries.of("", "why"))
        .as((kind, partition, namespace, name, other, action, permissions, description) -> {
          String peerOrGroup = switch (kind) {
            case "peer" -> other.startsWith("p") ? other : "p" + other.charAt(1);
            case "group" -> other.startsWith("g") ? other : "g" + other.charAt(1);
            default -> "";
          };
          return new SourceDraft(kind, partition, namespace, name, peerOrGroup, action, permissions, description);
        });
  }

  static Arbitrary<IntentionPermission> permissions() {
    Arbitrary<Integer> pathKinds = Arbitraries.integers().between(0, 4);
    Arbitrary<List<String>> methods =
        Arbitraries.of(List.<String>of(), List.of("GET"), List.of("get", "POST"), List.of("PUT"));
    Arbitrary<List<IntentionHttpHeaderPermission>> headers = headerConditions().list().ofMaxSize(2);
    Arbitrary<IntentionJwtRequirement> jwt = Arbitraries.frequencyOf(
        Tuple.of(5, Arbitraries.just(IntentionJwtRequirement.NONE)),
        Tuple.of(1, jwtRequirements()));
    return Combinators.combine(Arbitraries.of(Action.values()), pathKinds, methods, headers, jwt)
        .as((action, pathKind, ms, hs, j) -> {
          IntentionHttpPermission.Builder h = IntentionHttpPermission.builder();
          switch (pathKind) {
            case 1 -> h.pathExact("/a");
            case 2 -> h.pathPrefix("/a");
            case 3 -> h.pathPrefix("/");
            case 4 -> h.pathRegex("/[ab]+");
            default -> {
              if (ms.isEmpty() && hs.isEmpty()) {
                h.pathPrefix("/");
              }
            }
          }
          if (!ms.isEmpty()) {
            h.methods(ms.toArray(new String[0]));
          }
          hs.forEach(h::header);
          return IntentionPermission.builder().action(action).http(h.build()).jwt(j).build();
        });
  }

  static Arbitrary<IntentionHttpHeaderPermission> headerConditions() {
    return Arbitraries.of(
        IntentionHttpHeaderPermission.builder().name("x-a").present().build(),
        IntentionHttpHeaderPermission.builder().name("X-A").exact("1").build(),
        IntentionHttpHeaderPermission.builder().name("x-b").prefix("v").build(),
        IntentionHttpHeaderPermission.builder().name("x-b").suffix("2").build(),
        IntentionHttpHeaderPermission.builder().name("x-a").regex("[0-9]+").build(),
        IntentionHttpHeaderPermission.builder().name("z").present().invert().build(),
        IntentionHttpHeaderPermission.builder().name("x-a").exact("1").invert().build());
  }

  static Arbitrary<IntentionJwtRequirement> jwtRequirements() {
    return Arbitraries.of(
        IntentionJwtRequirement.of(IntentionJwtProvider.builder().name("okta")
            .verifyClaim(IntentionJwtClaimVerification.of("admin", "roles")).build()),
        IntentionJwtRequirement.of(IntentionJwtProvider.builder().name("auth0").build()),
        IntentionJwtRequirement.of(
            IntentionJwtProvider.builder().name("okta")
                .verifyClaim(IntentionJwtClaimVerification.of("x", "perms", "scope")).build(),
            IntentionJwtProvider.builder().name("auth0")
                .verifyClaim(IntentionJwtClaimVerification.of("admin", "roles")).build()));
  }

  static Arbitrary<Request> requests() {
    Arbitrary<SourceIdentity> sources = Combinators.combine(
            Arbitraries.of("a", "b", "c"), Arbitraries.of("default", "ns1"), Arbitraries.of("default", "ap1"),
            Arbitraries.of("", "", "", "p1", "p2"))
        .as((name, namespace, partition, peer) ->
            new SourceIdentity(name, namespace, peer.isEmpty() ? partition : "", peer));
    Arbitrary<DestinationService> destinations = Combinators.combine(
            Arbitraries.of("a", "b", "c"), Arbitraries.of("default", "ns1"), Arbitraries.of("default", "ap1"))
        .as(DestinationService::new);
    Arbitrary<HttpRequest> http = Combinators.combine(
            Arbitraries.of("GET", "POST", "PUT", "get"), Arbitraries.of("/", "/a", "/a/b", "/ab", "/b", "/a?x=1"),
            Arbitraries.of("x-a:1", "x-a:22", "X-B:v2", "z:1", "x-b:w", "x-a:2").list().ofMaxSize(3),
            tokens().optional())
        .as((method, path, headers, token) -> {
          HttpRequest.Builder b = HttpRequest.builder().method(method).path(path);
          for (String h : headers) {
            int colon = h.indexOf(':');
            b.header(h.substring(0, colon), h.substring(colon + 1));
          }
          token.ifPresent(b::jwt);
          return b.build();
        });
    return Combinators.combine(sources, destinations, http.injectNull(0.3), Arbitraries.of(DefaultPolicy.values()))
        .as(Request::new);
  }

  static Arbitrary<VerifiedJwt> tokens() {
    Arbitrary<Object> roles = Arbitraries.of("admin", List.of("user", "admin"), "user", List.of("user"));
    Arbitrary<Map<String, Object>> perms = Arbitraries.of(Map.of("scope", "x"), Map.of("scope", List.of("y", "x")),
        Map.of("other", "x"));
    return Combinators.combine(Arbitraries.of("https://okta", "https://auth0", "https://evil"), roles, perms)
        .as((iss, r, p) -> {
          Map<String, Object> claims = new LinkedHashMap<>();
          claims.put("roles", r);
          claims.put("perms", p);
          return new VerifiedJwt(iss, claims);
        });
  }

  static List<ServiceIntentions> dedupeDestinations(List<ServiceIntentions> entries) {
    Set<String> seen = new HashSet<>();
    List<ServiceIntentions> out = new ArrayList<>();
    for (ServiceIntentions e : entries) {
      ServiceIntentions n = e.normalize();
      if (seen.add(n.partition() + "|" + n.namespace() + "|" + n.name())) {
        out.add(e);
      }
    }
    return out;
  }
}
