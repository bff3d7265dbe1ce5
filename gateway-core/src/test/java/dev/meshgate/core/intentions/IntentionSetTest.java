package dev.meshgate.core.intentions;

import static dev.meshgate.core.intentions.ConsulVectorsTest.allow;
import static dev.meshgate.core.intentions.ConsulVectorsTest.deny;
import static dev.meshgate.core.intentions.ConsulVectorsTest.dst;
import static dev.meshgate.core.intentions.ConsulVectorsTest.entry;
import static dev.meshgate.core.intentions.ConsulVectorsTest.exact;
import static dev.meshgate.core.intentions.ConsulVectorsTest.get;
import static dev.meshgate.core.intentions.ConsulVectorsTest.header;
import static dev.meshgate.core.intentions.ConsulVectorsTest.l7;
import static dev.meshgate.core.intentions.ConsulVectorsTest.prefix;
import static dev.meshgate.core.intentions.ConsulVectorsTest.set;
import static dev.meshgate.core.intentions.ConsulVectorsTest.src;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.intentions.Decision.Reason;
import dev.meshgate.core.naming.SpiffeId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

class IntentionSetTest {
  private static final IntentionSet API = set(
      entry("api", l7("web", exact(Action.DENY, "/admin"), prefix(Action.ALLOW, "/")), deny("*")),
      entry("*", allow("web")));

  @Test
  void explainsEveryReasonInOneLine() {
    assertEquals("Matched L4 intention: DENY default/* => default/api (Precedence: 8)",
        API.decide(src("db"), dst("api"), DefaultPolicy.ALLOW).text());
    assertEquals("Matched L7 intention: L7 default/web => default/api (Precedence: 9), Permissions[1] allow",
        API.decide(src("web"), dst("api"), get("/x"), DefaultPolicy.DENY).text());
    assertEquals("Matched L7 intention: L7 default/web => default/api (Precedence: 9), no permission matched;"
        + " default intention policy: deny",
        API.decide(src("web"), dst("api"), HttpRequest.of("GET", "x"), DefaultPolicy.DENY).text());
    assertEquals("Matched L7 intention: L7 default/web => default/api (Precedence: 9), which needs HTTP attributes;"
        + " an L4 request is denied", API.decide(src("web"), dst("api"), DefaultPolicy.ALLOW).text());
    assertEquals("Default intention policy: allow; no intention matched",
        API.decide(src("db"), dst("billing"), DefaultPolicy.ALLOW).toString());
  }

  @Test
  void handsOutPrebuiltDecisions() {
    Decision first = API.decide(src("web"), dst("api"), get("/x"), DefaultPolicy.DENY);
    assertSame(first, API.decide(src("web"), dst("api"), get("/y"), DefaultPolicy.DENY));
    assertSame(API.decide(src("db"), dst("api"), DefaultPolicy.DENY),
        API.decide(src("other"), dst("api"), DefaultPolicy.ALLOW));
    assertSame(API.decide(src("db"), dst("nothing"), DefaultPolicy.DENY),
        set().decide(src("x"), dst("y"), DefaultPolicy.DENY));
  }

  @Test
  void refusesDecisionsWhoseComponentsDoNotFit() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Decision(true, Reason.MATCHED_PERMISSION, Optional.of(API.intentions().get(0)), OptionalInt.empty()));
    assertEquals("permissionIndex: OptionalInt.empty (expected: present for MATCHED_PERMISSION)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new Decision(true, Reason.NO_INTENTION, Optional.of(API.intentions().get(0)), OptionalInt.empty()));
    assertEquals("intention: Optional[L7 default/web => default/api (Precedence: 9)] (expected: empty for NO_INTENTION)",
        e.getMessage());
  }

  /*
   * Issue 14, bug 2: with java.util.regex this regex backtracks through every way of splitting
   * the a's into twelve groups, which for 48 of them is about 7e10 attempts (28 took over a
   * second). RE2/J decides it in one pass. The timeout only guards against the hang; the
   * assertions are about the decisions.
   */
  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
  void nestedQuantifierPathRegexDecidesInLinearTime() {
    IntentionSet s = set(entry("api", l7("web",
        IntentionPermission.of(Action.DENY, IntentionHttpPermission.builder().pathRegex("/api/(.*a){12}x").build()),
        prefix(Action.ALLOW, "/"))));
    Decision adversarial = s.decide(src("web"), dst("api"), get("/api/" + "a".repeat(48) + "!"), DefaultPolicy.DENY);
    assertEquals(OptionalInt.of(1), adversarial.permissionIndex(), "the regex does not match; the prefix allows");
    assertTrue(adversarial.allowed());
    Decision matching = s.decide(src("web"), dst("api"), get("/api/" + "a".repeat(48) + "x"), DefaultPolicy.DENY);
    assertEquals(OptionalInt.of(0), matching.permissionIndex());
    assertFalse(matching.allowed());
  }

  /*
   * Consul answers this pair two ways. Its authorize endpoint takes the governing intention,
   * "*" -> api, and denies. The RBAC it compiles for api's proxy AND-NOTs a higher intention into
   * a lower one only when the higher one's source is the narrower (ixnSourceMatches), so under
   * default deny it allow-lists web through web -> "*"; under default allow it deny-lists "*" and
   * agrees with the endpoint. meshgate follows the endpoint under both defaults.
   */
  @Test
  void aHigherPrecedenceWildcardSourceGovernsEvenWhereConsulsRbacWouldFollowALowerRule() {
    IntentionSet s = set(entry("api", deny("*")), entry("*", allow("web")));
    for (DefaultPolicy policy : DefaultPolicy.values()) {
      Decision l4 = s.decide(src("web"), dst("api"), policy);
      assertFalse(l4.allowed(), policy.toString());
      assertEquals("Matched L4 intention: DENY default/* => default/api (Precedence: 8)", l4.text());
      assertFalse(s.decide(src("web"), dst("api"), get("/"), policy).allowed(), policy.toString());
      assertEquals("Matched L4 intention: ALLOW default/web => default/* (Precedence: 6)",
          s.decide(src("web"), dst("db"), policy).text());
    }
  }

  @Test
  void fallThroughPassesUnmatchedRequestsToTheNextIntention() {
    IntentionSet consul = set(entry("api", l7("web", exact(Action.ALLOW, "/x")), deny("*")));
    IntentionSet fallThrough = IntentionSet.builder().add(entry("api", l7("web", exact(Action.ALLOW, "/x")),
        deny("*"))).fallThroughOnNoPermissionMatch().build();
    Decision noFall = consul.decide(src("web"), dst("api"), get("/y"), DefaultPolicy.ALLOW);
    assertEquals(List.of(true, Reason.NO_PERMISSION_MATCHED), List.of(noFall.allowed(), noFall.reason()));
    Decision fell = fallThrough.decide(src("web"), dst("api"), get("/y"), DefaultPolicy.ALLOW);
    assertEquals("Matched L4 intention: DENY default/* => default/api (Precedence: 8)", fell.text());
    assertTrue(fallThrough.decide(src("web"), dst("api"), get("/x"), DefaultPolicy.DENY).allowed());
    assertEquals(Reason.L7_INTENTION_ON_L4_REQUEST,
        fallThrough.decide(src("web"), dst("api"), DefaultPolicy.ALLOW).reason());
    assertTrue(fallThrough.fallsThrough());
    assertFalse(consul.fallsThrough());
  }

  @Test
  void fallThroughReportsTheFirstHandOverWhenEveryIntentionPasses() {
    IntentionSet s = IntentionSet.builder()
        .add(entry("api", l7("web", exact(Action.ALLOW, "/x")), l7("*", exact(Action.DENY, "/z"))))
        .fallThroughOnNoPermissionMatch().build();
    Decision d = s.decide(src("web"), dst("api"), get("/y"), DefaultPolicy.DENY);
    assertEquals(Reason.NO_PERMISSION_MATCHED, d.reason());
    assertEquals("web", d.intention().orElseThrow().sourceName());
    assertFalse(d.allowed());
  }

  @Test
  void shadowEvaluationShowsBothDecisionsAndWhetherTheyDiffer() {
    IntentionSet candidate = set(entry("api", allow("web"), deny("*")));
    ShadowDecision admin = API.decideWithShadow(candidate, src("web"), dst("api"), get("/admin"), DefaultPolicy.DENY);
    assertTrue(admin.differs());
    assertFalse(admin.enforced().allowed());
    assertTrue(admin.candidate().allowed());
    ShadowDecision db = API.decideWithShadow(candidate, src("db"), dst("api"), DefaultPolicy.ALLOW);
    assertFalse(db.differs());
    assertEquals("same: enforced [Matched L4 intention: DENY default/* => default/api (Precedence: 8)], candidate"
        + " [Matched L4 intention: DENY default/* => default/api (Precedence: 8)]", db.toString());
  }

  @Test
  void matchesHeadersCaseInsensitivelyAndJoinsRepeatedValuesWithCommas() {
    IntentionSet s = set(entry("api", l7("web", IntentionPermission.of(Action.ALLOW,
        IntentionHttpPermission.builder().header(header("X-Tenant").exact("a,b").build()).build()))));
    HttpRequest twoValues = HttpRequest.builder().method("GET").path("/").header("x-tenant", "a")
        .header("X-TENANT", "b").build();
    assertTrue(s.decide(src("web"), dst("api"), twoValues, DefaultPolicy.DENY).allowed());
    HttpRequest oneValue = HttpRequest.builder().method("GET").path("/").header("x-tenant", "a").build();
    assertFalse(s.decide(src("web"), dst("api"), oneValue, DefaultPolicy.DENY).allowed());
  }

  @Test
  void comparesMethodsExactly() {
    IntentionSet s = set(entry("api", l7("web", IntentionPermission.of(Action.ALLOW,
        IntentionHttpPermission.builder().methods("get").build()))));
    assertTrue(s.decide(src("web"), dst("api"), HttpRequest.of("GET", "/"), DefaultPolicy.DENY).allowed());
    assertFalse(s.decide(src("web"), dst("api"), HttpRequest.of("get", "/"), DefaultPolicy.DENY).allowed());
  }

  @Test
  void stripsQueryAndFragmentFromThePath() {
    assertEquals("/v1/secret", HttpRequest.of("GET", "/v1/secret?x=1#top").path());
    assertEquals("/v1/secret", HttpRequest.of("GET", "/v1/secret#x?y").path());
    assertEquals("", HttpRequest.of("GET", "?x").path());
  }

  private static IntentionSet jwtSet() {
    IntentionPermission admins = new IntentionPermission(Optional.of(Action.ALLOW),
        Optional.of(IntentionHttpPermission.builder().pathPrefix("/admin").build()),
        IntentionJwtRequirement.of(IntentionJwtProvider.builder().name("okta")
            .verifyClaim(IntentionJwtClaimVerification.of("admin", "realm", "roles")).build(),
            IntentionJwtProvider.builder().name("auth0").build()));
    return IntentionSet.builder().add(entry("api", l7("web", admins)))
        .jwtProvider("okta", "https://okta").jwtProvider("auth0", "https://auth0").build();
  }

  private static boolean allowedWith(VerifiedJwt token) {
    HttpRequest r = HttpRequest.builder().method("GET").path("/admin").jwt(token).build();
    return jwtSet().decide(src("web"), dst("api"), r, DefaultPolicy.DENY).allowed();
  }

  @Test
  void satisfiesJwtRequirementsByIssuerAndNestedClaims() {
    assertTrue(allowedWith(new VerifiedJwt("https://okta", Map.of("realm", Map.of("roles", List.of("x", "admin"))))));
    assertTrue(allowedWith(new VerifiedJwt("https://okta", Map.of("realm", Map.of("roles", "admin")))));
    assertFalse(allowedWith(new VerifiedJwt("https://okta", Map.of("realm", Map.of("roles", "user")))));
    assertFalse(allowedWith(new VerifiedJwt("https://okta", Map.of("roles", "admin"))));
    assertFalse(allowedWith(new VerifiedJwt("https://okta", Map.of("realm", Map.of("roles", List.of(1, true))))));
    assertFalse(allowedWith(new VerifiedJwt("https://evil", Map.of("realm", Map.of("roles", "admin")))));
    assertTrue(allowedWith(new VerifiedJwt("https://auth0", Map.of())), "any provider suffices");
    assertFalse(jwtSet().decide(src("web"), dst("api"), get("/admin"), DefaultPolicy.DENY).allowed(), "no token");
  }

  /*
   * Issue 14, bug 8: a JSON null claim threw a NullPointerException. Envoy puts the payload into
   * metadata where null is a value of its own kind, which no string matcher matches.
   */
  @Test
  void treatsANullClaimAsMatchingNothing() {
    Map<String, Object> nullRealm = new LinkedHashMap<>();
    nullRealm.put("realm", null);
    assertFalse(allowedWith(new VerifiedJwt("https://okta", nullRealm)));
    Map<String, Object> nullRoles = new LinkedHashMap<>();
    nullRoles.put("roles", null);
    assertFalse(allowedWith(new VerifiedJwt("https://okta", Map.of("realm", nullRoles))));
    assertFalse(allowedWith(new VerifiedJwt("https://okta", Map.of("realm", Map.of("roles",
        Arrays.asList((Object) null))))));
    assertTrue(allowedWith(new VerifiedJwt("https://okta", Map.of("realm", Map.of("roles",
        Arrays.asList(null, "admin"))))), "a null inside a list is skipped");
    assertTrue(new VerifiedJwt("https://okta", nullRealm).claims().containsKey("realm"), "kept as written");
  }

  @Test
  void refusesClaimsThatNoJsonDecoderProduces() {
    Map<Object, Object> numericKey = new LinkedHashMap<>();
    numericKey.put(1, "x");
    assertEquals("claim name: 1 (expected: a string)", assertThrows(IllegalArgumentException.class,
        () -> new VerifiedJwt("i", Map.of("nested", numericKey))).getMessage());
    Map<String, Object> cycle = new LinkedHashMap<>();
    cycle.put("self", cycle);
    assertEquals("claims: maps and lists nested 1001 levels deep (expected: at most 1000)",
        assertThrows(IllegalArgumentException.class, () -> new VerifiedJwt("i", cycle)).getMessage());
  }

  @Test
  void ignoresJwtRequirementsForL4Requests() {
    ServiceIntentions e = ServiceIntentions.builder().name("api").source(allow("web"))
        .jwt(IntentionJwtRequirement.of(IntentionJwtProvider.builder().name("okta").build())).build();
    IntentionSet s = IntentionSet.builder().add(e).jwtProvider("okta", "https://okta").build();
    assertEquals(Reason.MATCHED_L4_INTENTION, s.decide(src("web"), dst("api"), DefaultPolicy.DENY).reason());
    assertEquals("Matched intention: ALLOW default/web => default/api (Precedence: 9), JWT requirement not met;"
        + " default intention policy: deny", s.decide(src("web"), dst("api"), get("/"), DefaultPolicy.DENY).text());
  }

  @Test
  void matchesPartitionsForLocalCallersOnly() {
    IntentionSet s = set(ServiceIntentions.builder().name("api").source(allow("web"))
        .source(SourceIntention.builder().name("web").partition("ap1").action(Action.DENY).build())
        .source(SourceIntention.builder().name("web").peer("p1").action(Action.DENY).build()).build());
    assertTrue(s.decide(src("web"), dst("api"), DefaultPolicy.DENY).allowed());
    assertFalse(s.decide(SourceIdentity.of("web").inPartition("ap1"), dst("api"), DefaultPolicy.ALLOW).allowed());
    assertFalse(s.decide(SourceIdentity.of("web").fromPeer("p1"), dst("api"), DefaultPolicy.ALLOW).allowed());
    assertEquals(Reason.NO_INTENTION,
        s.decide(SourceIdentity.of("web").inPartition("ap2"), dst("api"), DefaultPolicy.ALLOW).reason());
    assertEquals(Reason.NO_INTENTION,
        s.decide(src("web"), DestinationService.of("api").inPartition("ap1"), DefaultPolicy.ALLOW).reason());
  }

  @Test
  void inheritsTheDestinationNamespaceForSourcesThatOmitIt() {
    IntentionSet s = set(ServiceIntentions.builder().namespace("ns1").name("api").source(allow("web")).build());
    assertTrue(s.decide(SourceIdentity.of("web").inNamespace("ns1"), DestinationService.of("api").inNamespace("ns1"),
        DefaultPolicy.DENY).allowed());
    assertFalse(s.decide(src("web"), DestinationService.of("api").inNamespace("ns1"), DefaultPolicy.DENY).allowed());
  }

  @Test
  void expandsSamenessGroupsAndLetsExplicitSourcesWin() {
    ServiceIntentions e = entry("api",
        SourceIntention.builder().name("web").samenessGroup("zeta").action(Action.ALLOW).build(),
        SourceIntention.builder().name("web").samenessGroup("alpha").action(Action.DENY).build(),
        SourceIntention.builder().name("web").peer("dc3").action(Action.DENY).build());
    IntentionSet s = IntentionSet.builder().add(e)
        .samenessGroup(SamenessGroup.of("zeta", SamenessGroup.Member.partition("default"),
            SamenessGroup.Member.peer("dc2"), SamenessGroup.Member.peer("dc3")))
        .samenessGroup(SamenessGroup.of("alpha", SamenessGroup.Member.peer("dc2")))
        .build();
    assertTrue(s.decide(src("web"), dst("api"), DefaultPolicy.DENY).allowed(), "zeta's local member");
    Decision dc2 = s.decide(SourceIdentity.of("web").fromPeer("dc2"), dst("api"), DefaultPolicy.ALLOW);
    assertEquals("DENY dc2:default/web (sameness group alpha) => default/api (Precedence: 9)",
        dc2.intention().orElseThrow().toString(), "alpha sorts before zeta");
    Decision dc3 = s.decide(SourceIdentity.of("web").fromPeer("dc3"), dst("api"), DefaultPolicy.ALLOW);
    assertEquals("", dc3.intention().orElseThrow().sourceSamenessGroup(), "the explicit source wins");
    assertEquals(3, s.intentions().size(), "overlapping expansions are dropped");
  }

  @Test
  void listsIntentionsInPrecedenceOrder() {
    assertEquals(List.of("L7 default/web => default/api (Precedence: 9)", "DENY default/* => default/api (Precedence: 8)",
        "ALLOW default/web => default/* (Precedence: 6)"), API.intentions().stream().map(Intention::toString).toList());
    assertEquals(API.intentions(), API.intentionsFor(dst("api")));
    assertEquals(List.of(API.intentions().get(2)), API.intentionsFor(dst("db")));
    assertEquals(List.of(), API.intentionsFor(DestinationService.of("api").inPartition("ap1")));
    assertEquals("IntentionSet[3 intentions]", API.toString());
  }

  @Test
  void takesCallersFromSpiffeIdsWithoutTheirDatacenter() {
    SpiffeId.Service id = (SpiffeId.Service) SpiffeId.parse(
        "spiffe://5fcd4b81-a2ca-405a-ac62-0fac602c1949.consul/ap/Finance/ns/ns1/dc/dc2/svc/web");
    assertEquals(new SourceIdentity("web", "ns1", "finance", ""), SourceIdentity.of(id));
    assertEquals(new SourceIdentity("web", "ns1", "", "peer1"), SourceIdentity.of(id, "peer1"),
        "a peer's partition is pinned by its trust bundle, not matched");
    assertEquals("peer1:ns1/web", SourceIdentity.of(id, "peer1").toString());
    assertEquals("finance/ns1/web", SourceIdentity.of(id).toString());
  }

  @Test
  void rejectsWildcardsAndEmptyNamesInRequests() {
    assertEquals("name: \"*\" (expected: a service name, not a wildcard)",
        assertThrows(IllegalArgumentException.class, () -> DestinationService.of("*")).getMessage());
    assertEquals("namespace: \"*\" (expected: a name, not a wildcard)",
        assertThrows(IllegalArgumentException.class, () -> SourceIdentity.of("web").inNamespace("*")).getMessage());
    assertEquals("name: \"\" (expected: a service name)",
        assertThrows(IllegalArgumentException.class, () -> DestinationService.of("")).getMessage());
    assertEquals("peer: \"\" (expected: a peer name)",
        assertThrows(IllegalArgumentException.class, () -> SourceIdentity.of("web").fromPeer("")).getMessage());
    assertEquals("method: \"\" (expected: an HTTP method such as GET)",
        assertThrows(IllegalArgumentException.class, () -> HttpRequest.of("", "/")).getMessage());
    assertEquals(new DestinationService("api", "default", "default"), DestinationService.of("api"));
    assertEquals("ap1/default/api", new DestinationService("api", "", "ap1").toString());
  }

  @Test
  void rejectsAPartitionForAPeeredCaller() {
    assertEquals("partition: \"exported\" (expected: empty for a caller from peer \"p1\"; a peered caller is matched"
        + " by peer, namespace and name)",
        assertThrows(IllegalArgumentException.class, () -> new SourceIdentity("web", "default", "exported", "p1"))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> SourceIdentity.of("web").fromPeer("p1").inPartition("ap1"));
    assertEquals("partition: \"ap1\" (expected: empty or default for a caller from peer \"p1\"; a peered caller is"
        + " matched by peer, namespace and name)",
        assertThrows(IllegalArgumentException.class, () -> SourceIdentity.of("web").inPartition("ap1").fromPeer("p1"))
            .getMessage());
    assertEquals(new SourceIdentity("web", "ns1", "", "p1"), SourceIdentity.of("web").inNamespace("ns1").fromPeer("p1"));
  }

  @Test
  void takesNamePartsInTheProjectsOrder() {
    DestinationService api = new DestinationService("api", "ns1", "ap1");
    assertEquals(List.of("api", "ns1", "ap1"), List.of(api.name(), api.namespace(), api.partition()));
    assertEquals(api, DestinationService.of("api").inNamespace("ns1").inPartition("ap1"));
    SourceIdentity web = new SourceIdentity("web", "ns1", "ap1", "");
    assertEquals(List.of("web", "ns1", "ap1", ""), List.of(web.name(), web.namespace(), web.partition(), web.peer()));
    assertEquals(web, SourceIdentity.of("web").inNamespace("ns1").inPartition("ap1"));
  }

  @Test
  void convertsBetweenDestinationServicesAndCatalogNames() {
    ServiceName catalog = new ServiceName("api", "ns1", "ap1");
    assertEquals(new DestinationService("api", "ns1", "ap1"), DestinationService.of(catalog));
    assertEquals(catalog, DestinationService.of(catalog).toServiceName());
    assertEquals(ServiceName.of("api"), DestinationService.of("api").toServiceName());
    assertEquals(DestinationService.of("api"), DestinationService.of(new ServiceName("api", "", "")));
    assertEquals("name: \"*\" (expected: a service name, not a wildcard)",
        assertThrows(IllegalArgumentException.class, () -> DestinationService.of(ServiceName.of("*"))).getMessage());
  }

  @Test
  void keepsHeaderValuesAndClaimsOutOfToString() {
    HttpRequest r = HttpRequest.builder().method("GET").path("/x?token=secret").header("Authorization", "Bearer s3cr3t")
        .jwt(new VerifiedJwt("https://okta", Map.of("email", "a@b.c"))).build();
    assertEquals("HttpRequest[GET /x, headers=[authorization], jwt from https://okta]", r.toString());
    assertEquals("VerifiedJwt[issuer=https://okta, claims=[email]]", r.jwt().orElseThrow().toString());
  }

  @Test
  void copiesClaimsDeeply() {
    java.util.List<Object> roles = new java.util.ArrayList<>(List.of("admin"));
    VerifiedJwt jwt = new VerifiedJwt("i", Map.of("roles", roles));
    roles.clear();
    assertEquals(List.of("admin"), jwt.claims().get("roles"));
    assertThrows(UnsupportedOperationException.class, () -> ((List<?>) jwt.claims().get("roles")).clear());
  }
}
