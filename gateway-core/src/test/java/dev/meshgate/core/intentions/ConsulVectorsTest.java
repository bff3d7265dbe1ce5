package dev.meshgate.core.intentions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.config.InvalidConfigEntryException;
import dev.meshgate.core.intentions.Decision.Reason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The 38 intention vectors of spec §2.10, one row each. */
class ConsulVectorsTest {
  @ParameterizedTest(name = "vector {0}: {1}")
  @MethodSource("vectors")
  void consulBehaviour(int number, String title, Executable check) throws Throwable {
    check.execute();
  }

  static Stream<Arguments> vectors() {
    return Stream.of(
        row(1, "precedence of the nine (source, destination) exactness pairs", ConsulVectorsTest::vector1),
        row(2, "the nine rows sort to precedence order from any input order", ConsulVectorsTest::vector2),
        row(3, "equal precedence breaks ties by (SrcNS, Src, DstNS, Dst)", ConsulVectorsTest::vector3),
        row(4, "normalization stably sorts sources by precedence", ConsulVectorsTest::vector4),
        row(5, "normalization upper-cases methods; precedence 9", ConsulVectorsTest::vector5),
        row(6, "destination match returns exact and wildcard destinations only", ConsulVectorsTest::vector6),
        row(7, "destination match with wildcard sources", ConsulVectorsTest::vector7),
        row(8, "source match by name; the action decides authorization", ConsulVectorsTest::vector8),
        row(9, "source match of default/* covers web in default", ConsulVectorsTest::vector9),
        row(10, "match types are not confused (an unknown type cannot be expressed)", ConsulVectorsTest::vector10),
        row(11, "source match of peers is exact; local never matches peered", ConsulVectorsTest::vector11),
        row(12, "IntentionDecision: no intention uses the default", ConsulVectorsTest::vector12),
        row(13, "IntentionDecision: an L7 intention denies L4 and allows a matching request", ConsulVectorsTest::vector13),
        row(14, "IntentionDecision: exact L4 deny", ConsulVectorsTest::vector14),
        row(15, "IntentionDecision: external-source meta is reported", ConsulVectorsTest::vector15),
        row(16, "IntentionDecision: wildcard source governs, HasExact false", ConsulVectorsTest::vector16),
        row(17, "authorize: a governing L7 intention denies an L4 request", ConsulVectorsTest::vector17),
        row(18, "authorize: default intention policy allow", ConsulVectorsTest::vector18),
        row(19, "authorize: ACLs disabled map to default allow", ConsulVectorsTest::vector19),
        row(20, "default deny, web [allow /*]", ConsulVectorsTest::vector20),
        row(21, "default allow, web [allow /*]: everything allowed", ConsulVectorsTest::vector21),
        row(22, "default allow, web [deny /*]", ConsulVectorsTest::vector22),
        row(23, "default deny, web [deny /*]: everyone denied", ConsulVectorsTest::vector23),
        row(24, "default allow, web [allow /*] plus * deny", ConsulVectorsTest::vector24),
        row(25, "default deny, web [allow /*] plus * deny", ConsulVectorsTest::vector25),
        row(26, "default deny, web [allow /*] plus * allow", ConsulVectorsTest::vector26),
        row(27, "default deny, web [deny /*] plus * allow: no fall-through", ConsulVectorsTest::vector27),
        row(28, "exact denies before a prefix allow; the query string is ignored", ConsulVectorsTest::vector28),
        row(29, "paths, methods and every header matcher, first match wins", ConsulVectorsTest::vector29),
        row(30, "L4 kitchen sink under default deny", ConsulVectorsTest::vector30),
        row(31, "L4 kitchen sink under default allow", ConsulVectorsTest::vector31),
        row(32, "peered wildcard never matches local sources", ConsulVectorsTest::vector32),
        row(33, "precedence beats source specificity across destinations", ConsulVectorsTest::vector33),
        row(34, "a source seen at higher precedence hides its lower intentions", ConsulVectorsTest::vector34),
        row(35, "which source patterns contain which (ixnSourceMatches)", ConsulVectorsTest::vector35),
        row(36, "covered sources drop out of a not-list (simplifyNotSourceSlice)", ConsulVectorsTest::vector36),
        row(37, "validation messages", ConsulVectorsTest::vector37),
        row(38, "JWT requirements are scoped to the intention's source", ConsulVectorsTest::vector38));
  }

  private static Arguments row(int number, String title, Executable check) {
    return Arguments.of(number, title, check);
  }

  // ---- helpers ------------------------------------------------------------------------------

  static SourceIntention allow(String name) {
    return SourceIntention.of(name, Action.ALLOW);
  }

  static SourceIntention deny(String name) {
    return SourceIntention.of(name, Action.DENY);
  }

  static SourceIntention l7(String name, IntentionPermission... permissions) {
    SourceIntention.Builder b = SourceIntention.builder().name(name);
    for (IntentionPermission p : permissions) {
      b.permission(p);
    }
    return b.build();
  }

  static IntentionPermission prefix(Action action, String prefix) {
    return IntentionPermission.of(action, IntentionHttpPermission.builder().pathPrefix(prefix).build());
  }

  static IntentionPermission exact(Action action, String path) {
    return IntentionPermission.of(action, IntentionHttpPermission.builder().pathExact(path).build());
  }

  static ServiceIntentions entry(String destination, SourceIntention... sources) {
    ServiceIntentions.Builder b = ServiceIntentions.builder().name(destination);
    for (SourceIntention s : sources) {
      b.source(s);
    }
    return b.build();
  }

  static IntentionSet set(ServiceIntentions... entries) {
    return IntentionSet.builder().addAll(List.of(entries)).build();
  }

  static SourceIdentity src(String name) {
    return SourceIdentity.of(name);
  }

  static DestinationService dst(String name) {
    return DestinationService.of(name);
  }

  static HttpRequest get(String path) {
    return HttpRequest.of("GET", path);
  }

  static Intention intention(String srcNs, String src, String dstNs, String dst) {
    int precedence = Normalization.precedence(dstNs, dst, srcNs, src);
    return new Intention(src, srcNs, "default", "", "", dst, dstNs, "default", Optional.of(Action.ALLOW), List.of(),
        IntentionJwtRequirement.NONE, precedence, "", Map.of());
  }

  static int precedenceOf(String srcNs, String src, String dstNs, String dst) {
    ServiceIntentions e = ServiceIntentions.builder().namespace(dstNs).name(dst)
        .source(SourceIntention.builder().namespace(srcNs).name(src).action(Action.ALLOW).build()).build();
    return e.normalize().sources().get(0).precedence();
  }

  private static final String[][] NINE = {
    {"exact", "exact", "exact", "exact"}, {"exact", "*", "exact", "exact"}, {"*", "*", "exact", "exact"},
    {"exact", "exact", "exact", "*"}, {"exact", "*", "exact", "*"}, {"*", "*", "exact", "*"},
    {"exact", "exact", "*", "*"}, {"exact", "*", "*", "*"}, {"*", "*", "*", "*"},
  };

  // ---- precedence and ordering --------------------------------------------------------------

  static void vector1() {
    List<Integer> got = new ArrayList<>();
    for (String[] r : NINE) {
      got.add(precedenceOf(r[0], r[1], r[2], r[3]));
    }
    assertEquals(List.of(9, 8, 7, 6, 5, 4, 3, 2, 1), got);
  }

  static void vector2() {
    List<Intention> rows = new ArrayList<>();
    for (String[] r : NINE) {
      rows.add(intention(r[0], r[1], r[2], r[3]));
    }
    List<Intention> expected = List.copyOf(rows);
    Random random = new Random(2);
    for (int i = 0; i < 50; i++) {
      Collections.shuffle(rows, random);
      List<Intention> sorted = new ArrayList<>(rows);
      sorted.sort(Intention.PRECEDENCE_ORDER);
      assertEquals(expected, sorted);
    }
  }

  static void vector3() {
    String[][] input = {
      {"a", "*", "a", "b"}, {"a", "*", "a", "a"}, {"b", "a", "a", "a"}, {"a", "b", "a", "a"}, {"a", "a", "b", "a"},
      {"a", "a", "a", "b"}, {"a", "a", "a", "a"},
    };
    List<Intention> rows = new ArrayList<>();
    for (String[] r : input) {
      rows.add(intention(r[0], r[1], r[2], r[3]));
    }
    rows.sort(Intention.PRECEDENCE_ORDER);
    List<String> got = rows.stream()
        .map(x -> String.join(",", x.sourceNamespace(), x.sourceName(), x.destinationNamespace(), x.destinationName()))
        .toList();
    assertEquals(List.of("a,a,a,a", "a,a,a,b", "a,a,b,a", "a,b,a,a", "b,a,a,a", "a,*,a,a", "a,*,a,b"), got);
  }

  static void vector4() {
    ServiceIntentions e = entry("test", deny("*"), allow("foo"), deny("bar")).normalize();
    assertEquals(List.of("foo", "bar", "*"), e.sources().stream().map(SourceIntention::name).toList());
    assertEquals(List.of(9, 9, 8), e.sources().stream().map(SourceIntention::precedence).toList());
  }

  static void vector5() {
    ServiceIntentions e = entry("test", l7("foo", IntentionPermission.of(Action.ALLOW,
        IntentionHttpPermission.builder().methods("get", "post").build()))).normalize();
    SourceIntention s = e.sources().get(0);
    assertEquals(List.of("GET", "POST"), s.permissions().get(0).http().orElseThrow().methods());
    assertEquals(9, s.precedence());
  }

  // ---- matching and store queries -------------------------------------------------------------

  static void vector6() {
    IntentionSet s = set(entry("bar", allow("example")), entry("baz", allow("example")), entry("*", allow("example")));
    assertEquals(List.of("example=>bar", "example=>*"), pairs(s.intentionsFor(dst("bar"))));
  }

  static void vector7() {
    IntentionSet s = set(entry("bar", allow("*")), entry("*", allow("*")));
    assertEquals(List.of("*=>bar", "*=>*"), pairs(s.intentionsFor(dst("bar"))));
  }

  private static List<String> pairs(List<Intention> intentions) {
    return intentions.stream().map(x -> x.sourceName() + "=>" + x.destinationName()).toList();
  }

  static Intention sourceIntention(String peer, String ns, String name, Optional<Action> action) {
    return new Intention(name, ns, peer.isEmpty() ? "default" : "", peer, "", "api", "default", "default", action,
        List.of(), IntentionJwtRequirement.NONE, 9, "", Map.of());
  }

  static void vector8() {
    SourceIdentity web = src("web");
    assertFalse(sourceIntention("", "default", "db", Optional.of(Action.ALLOW)).matchesSource(web));
    Intention allowWeb = sourceIntention("", "default", "web", Optional.of(Action.ALLOW));
    assertTrue(allowWeb.matchesSource(web));
    assertEquals(Optional.of(Action.ALLOW), allowWeb.action());
    Intention noAction = sourceIntention("", "default", "web", Optional.empty());
    assertTrue(noAction.matchesSource(web));
    assertFalse(noAction.action().filter(a -> a == Action.ALLOW).isPresent());
  }

  static void vector9() {
    Intention x = sourceIntention("", "default", "*", Optional.of(Action.DENY));
    assertTrue(x.matchesSource(src("web")));
    assertEquals(Optional.of(Action.DENY), x.action());
  }

  static void vector10() {
    // Consul's match type is a string, and an unknown one matches nothing. Here the type is the
    // method called; this row checks the two are not confused: db -> web covers web only as a
    // destination, never as a source.
    Intention x = new Intention("db", "default", "default", "", "", "web", "default", "default",
        Optional.of(Action.ALLOW), List.of(), IntentionJwtRequirement.NONE, 9, "", Map.of());
    assertTrue(x.matchesDestination(dst("web")));
    assertFalse(x.matchesSource(src("web")));
    assertFalse(x.matchesDestination(dst("db")));
  }

  static void vector11() {
    Intention x = sourceIntention("cluster-01", "default", "web", Optional.of(Action.ALLOW));
    assertTrue(x.matchesSource(SourceIdentity.of("web").fromPeer("cluster-01")));
    assertFalse(x.matchesSource(SourceIdentity.of("web").fromPeer("cluster-02")));
    assertFalse(x.matchesSource(src("web")));
  }

  // ---- IntentionDecision ----------------------------------------------------------------------

  static IntentionSet decisionStore() {
    return set(
        entry("redis", l7("web", IntentionPermission.of(Action.ALLOW,
            IntentionHttpPermission.builder().methods("GET").build())), deny("api")),
        ServiceIntentions.builder().name("web").source(allow("api")).meta("external-source", "nomad").build(),
        entry("mysql", allow("*")));
  }

  static boolean hasExact(Decision d) {
    Intention x = d.intention().orElseThrow();
    return !"*".equals(x.sourceName()) && !"*".equals(x.destinationName());
  }

  static void vector12() {
    IntentionSet s = decisionStore();
    Decision deny = s.decide(src("does-not-exist"), dst("ditto"), DefaultPolicy.DENY);
    assertEquals(new Decision(false, Reason.NO_INTENTION, Optional.empty(), java.util.OptionalInt.empty()), deny);
    Decision allow = s.decide(src("does-not-exist"), dst("ditto"), DefaultPolicy.ALLOW);
    assertTrue(allow.allowed());
    assertEquals(Reason.NO_INTENTION, allow.reason());
  }

  static void vector13() {
    IntentionSet s = decisionStore();
    Decision l4 = s.decide(src("web"), dst("redis"), DefaultPolicy.DENY);
    assertFalse(l4.allowed());
    assertEquals(Reason.L7_INTENTION_ON_L4_REQUEST, l4.reason());
    assertTrue(l4.intention().orElseThrow().hasPermissions());
    assertTrue(hasExact(l4));
    // AllowPermissions=true means "the proxy enforces the permissions per request": a GET passes.
    Decision l7 = s.decide(src("web"), dst("redis"), get("/"), DefaultPolicy.DENY);
    assertTrue(l7.allowed());
    assertEquals(Reason.MATCHED_PERMISSION, l7.reason());
    assertTrue(hasExact(l7));
  }

  static void vector14() {
    Decision d = decisionStore().decide(src("api"), dst("redis"), DefaultPolicy.DENY);
    assertFalse(d.allowed());
    assertFalse(d.intention().orElseThrow().hasPermissions());
    assertTrue(hasExact(d));
  }

  static void vector15() {
    Decision d = decisionStore().decide(src("api"), dst("web"), DefaultPolicy.DENY);
    assertTrue(d.allowed());
    assertEquals("nomad", d.intention().orElseThrow().meta().get("external-source"));
    assertTrue(hasExact(d));
  }

  static void vector16() {
    Decision d = decisionStore().decide(src("anything"), dst("mysql"), DefaultPolicy.DENY);
    assertTrue(d.allowed());
    assertFalse(hasExact(d));
  }

  // ---- agent authorize -----------------------------------------------------------------------

  static void vector17() {
    Decision d = set(entry("api", l7("web", prefix(Action.ALLOW, "/")))).decide(src("web"), dst("api"),
        DefaultPolicy.ALLOW);
    assertFalse(d.allowed());
    assertTrue(d.text().startsWith("Matched L7 intention:"), d.text());
  }

  static void vector18() {
    Decision d = set(entry("api", allow("web"))).decide(src("db"), dst("api"), DefaultPolicy.ALLOW);
    assertTrue(d.allowed());
    assertEquals(Reason.NO_INTENTION, d.reason());
    assertTrue(d.text().startsWith("Default intention policy"), d.text());
  }

  static void vector19() {
    // With default_intention_policy unset and ACLs disabled, Consul allows; the host passes that
    // in as DefaultPolicy.ALLOW.
    Decision d = set().decide(src("db"), dst("api"), DefaultPolicy.ALLOW);
    assertTrue(d.allowed());
    assertEquals(Reason.NO_INTENTION, d.reason());
  }

  // ---- RBAC and L7 semantics ------------------------------------------------------------------

  static void assertL7(IntentionSet s, String source, String path, DefaultPolicy policy, boolean allowed) {
    Decision d = s.decide(src(source), dst("api"), get(path), policy);
    assertEquals(allowed, d.allowed(), () -> source + " GET " + path + ": " + d.text());
  }

  static void vector20() {
    IntentionSet s = set(entry("api", l7("web", prefix(Action.ALLOW, "/"))));
    assertL7(s, "web", "/anything", DefaultPolicy.DENY, true);
    assertL7(s, "db", "/anything", DefaultPolicy.DENY, false);
  }

  static void vector21() {
    IntentionSet s = set(entry("api", l7("web", prefix(Action.ALLOW, "/"))));
    assertL7(s, "web", "/anything", DefaultPolicy.ALLOW, true);
    assertL7(s, "db", "/anything", DefaultPolicy.ALLOW, true);
  }

  static void vector22() {
    IntentionSet s = set(entry("api", l7("web", prefix(Action.DENY, "/"))));
    assertL7(s, "web", "/", DefaultPolicy.ALLOW, false);
    assertL7(s, "web", "/x/y", DefaultPolicy.ALLOW, false);
    assertL7(s, "db", "/x", DefaultPolicy.ALLOW, true);
  }

  static void vector23() {
    IntentionSet s = set(entry("api", l7("web", prefix(Action.DENY, "/"))));
    assertL7(s, "web", "/x", DefaultPolicy.DENY, false);
    assertL7(s, "db", "/x", DefaultPolicy.DENY, false);
  }

  static void vector24() {
    IntentionSet s = set(entry("api", l7("web", prefix(Action.ALLOW, "/")), deny("*")));
    assertL7(s, "web", "/x", DefaultPolicy.ALLOW, true);
    assertL7(s, "db", "/x", DefaultPolicy.ALLOW, false);
  }

  static void vector25() {
    IntentionSet s = set(entry("api", l7("web", prefix(Action.ALLOW, "/")), deny("*")));
    assertL7(s, "web", "/x", DefaultPolicy.DENY, true);
    assertL7(s, "db", "/x", DefaultPolicy.DENY, false);
  }

  static void vector26() {
    IntentionSet s = set(entry("api", l7("web", prefix(Action.ALLOW, "/")), allow("*")));
    assertL7(s, "web", "/x", DefaultPolicy.DENY, true);
    assertL7(s, "db", "/x", DefaultPolicy.DENY, true);
    // A path outside "/" (an OPTIONS * request) is not covered by web's permission and does not
    // reach "* allow": web's intention governs, so the default denies.
    assertEquals(Reason.NO_PERMISSION_MATCHED,
        s.decide(src("web"), dst("api"), HttpRequest.of("OPTIONS", "*"), DefaultPolicy.DENY).reason());
  }

  static void vector27() {
    IntentionSet s = set(entry("api", l7("web", prefix(Action.DENY, "/")), allow("*")));
    assertL7(s, "web", "/x", DefaultPolicy.DENY, false);
    assertL7(s, "db", "/x", DefaultPolicy.DENY, true);
  }

  static void vector28() {
    IntentionSet s = set(entry("api", l7("web", exact(Action.DENY, "/v1/secret"), exact(Action.DENY, "/v1/admin"),
        prefix(Action.ALLOW, "/"))));
    assertL7(s, "web", "/v1/secret", DefaultPolicy.DENY, false);
    assertL7(s, "web", "/v1/admin", DefaultPolicy.DENY, false);
    assertL7(s, "web", "/v1/users", DefaultPolicy.DENY, true);
    assertL7(s, "web", "/v1/secret?x=1", DefaultPolicy.DENY, false);
  }

  static IntentionHttpHeaderPermission.Builder header(String name) {
    return IntentionHttpHeaderPermission.builder().name(name);
  }

  static void vector29() {
    IntentionHttpPermission headers = IntentionHttpPermission.builder()
        .header(header("x-foo").present().build())
        .header(header("x-bar").exact("xyz").build())
        .header(header("x-dib").prefix("gaz").build())
        .header(header("x-gir").suffix("zim").build())
        .header(header("x-zim").regex("gi[rR]").build())
        .header(header("z-foo").present().invert().build())
        .header(header("z-bar").exact("xyz").invert().build())
        .header(header("z-dib").prefix("gaz").invert().build())
        .header(header("z-gir").suffix("zim").invert().build())
        .header(header("z-zim").regex("gi[rR]").invert().build())
        .build();
    IntentionSet s = set(entry("api", l7("web",
        exact(Action.DENY, "/v1/secret"),
        prefix(Action.ALLOW, "/v1"),
        IntentionPermission.of(Action.ALLOW,
            IntentionHttpPermission.builder().pathRegex("/v[123]").methods("GET", "HEAD", "OPTIONS").build()),
        IntentionPermission.of(Action.ALLOW, headers))));
    Decision post = s.decide(src("web"), dst("api"), HttpRequest.of("POST", "/v1/x"), DefaultPolicy.DENY);
    assertEquals(List.of(true, 1), List.of(post.allowed(), post.permissionIndex().getAsInt()));
    Decision secret = s.decide(src("web"), dst("api"), get("/v1/secret"), DefaultPolicy.DENY);
    assertEquals(List.of(false, 0), List.of(secret.allowed(), secret.permissionIndex().getAsInt()));
    Decision v3 = s.decide(src("web"), dst("api"), get("/v3"), DefaultPolicy.DENY);
    assertEquals(List.of(true, 2), List.of(v3.allowed(), v3.permissionIndex().getAsInt()));
    Decision bare = s.decide(src("web"), dst("api"), HttpRequest.of("POST", "/v3"), DefaultPolicy.DENY);
    assertEquals(Reason.NO_PERMISSION_MATCHED, bare.reason());
    assertFalse(bare.allowed());
    HttpRequest full = HttpRequest.builder().method("POST").path("/v3")
        .header("x-foo", "anything").header("x-bar", "xyz").header("x-dib", "gazzz").header("x-gir", "zzzim")
        .header("x-zim", "gir")
        .header("z-bar", "abc").header("z-dib", "abc").header("z-gir", "abc").header("z-zim", "abc").build();
    Decision headerMatch = s.decide(src("web"), dst("api"), full, DefaultPolicy.DENY);
    assertEquals(List.of(true, 3), List.of(headerMatch.allowed(), headerMatch.permissionIndex().getAsInt()));
  }

  static void vector30() {
    IntentionSet s = set(entry("api", allow("web"), deny("unsafe"), allow("cron"), allow("*")));
    for (String caller : List.of("web", "cron", "other")) {
      assertTrue(s.decide(src(caller), dst("api"), DefaultPolicy.DENY).allowed(), caller);
    }
    assertFalse(s.decide(src("unsafe"), dst("api"), DefaultPolicy.DENY).allowed());
  }

  static void vector31() {
    IntentionSet s = set(entry("api", deny("web"), allow("unsafe"), deny("cron"), deny("*")));
    for (String caller : List.of("web", "cron", "other")) {
      assertFalse(s.decide(src(caller), dst("api"), DefaultPolicy.ALLOW).allowed(), caller);
    }
    assertTrue(s.decide(src("unsafe"), dst("api"), DefaultPolicy.ALLOW).allowed());
  }

  static void vector32() {
    IntentionSet s = set(entry("api", allow("web"),
        SourceIntention.builder().peer("peer1").name("*").action(Action.ALLOW).build(),
        SourceIntention.builder().peer("peer1").name("web").action(Action.DENY).build()));
    assertTrue(s.decide(src("web"), dst("api"), DefaultPolicy.DENY).allowed());
    assertFalse(s.decide(SourceIdentity.of("web").fromPeer("peer1"), dst("api"), DefaultPolicy.DENY).allowed());
    assertTrue(s.decide(SourceIdentity.of("other").fromPeer("peer1"), dst("api"), DefaultPolicy.DENY).allowed());
    assertFalse(s.decide(src("other"), dst("api"), DefaultPolicy.DENY).allowed());
  }

  static void vector33() {
    IntentionSet s = set(entry("api", allow("web"), deny("*")), entry("*", deny("web")));
    Decision webApi = s.decide(src("web"), dst("api"), DefaultPolicy.DENY);
    assertEquals(List.of(true, 9), List.of(webApi.allowed(), webApi.intention().orElseThrow().precedence()));
    Decision otherApi = s.decide(src("other"), dst("api"), DefaultPolicy.ALLOW);
    assertEquals(List.of(false, 8), List.of(otherApi.allowed(), otherApi.intention().orElseThrow().precedence()));
    Decision webDb = s.decide(src("web"), dst("db"), DefaultPolicy.ALLOW);
    assertEquals(List.of(false, 6), List.of(webDb.allowed(), webDb.intention().orElseThrow().precedence()));
  }

  static void vector34() {
    IntentionSet plain = set(entry("foo", allow("bar")), entry("*", deny("bar")));
    assertEquals("foo", governing(plain, src("bar"), "foo").destinationName());
    IntentionSet wild = set(entry("foo", deny("*")), entry("*", allow("*")));
    assertEquals("foo", governing(wild, src("any"), "foo").destinationName());
    IntentionSet peered = set(
        entry("foo", allow("bar"), SourceIntention.builder().peer("peer1").name("bar").action(Action.ALLOW).build(),
            SourceIntention.builder().peer("peer1").name("*").action(Action.DENY).build()),
        entry("*", SourceIntention.builder().peer("peer1").name("bar").action(Action.DENY).build(),
            SourceIntention.builder().peer("peer1").name("*").action(Action.ALLOW).build()));
    // The kept list is [bar->foo, peer1:bar->foo, peer1:*->foo]: exactly these govern.
    assertEquals("default/bar=>foo", describe(governing(peered, src("bar"), "foo")));
    assertEquals("peer1:default/bar=>foo", describe(governing(peered, SourceIdentity.of("bar").fromPeer("peer1"), "foo")));
    assertEquals("peer1:default/*=>foo", describe(governing(peered, SourceIdentity.of("x").fromPeer("peer1"), "foo")));
  }

  private static Intention governing(IntentionSet s, SourceIdentity source, String destination) {
    return s.decide(source, dst(destination), DefaultPolicy.DENY).intention().orElseThrow();
  }

  private static String describe(Intention x) {
    return x.source() + "=>" + x.destinationName();
  }

  /**
   * Consul's ixnSourceMatches(tester, against), restated through {@link Intention#matchesSource}:
   * against covers every caller tester covers, and has strictly more wildcards.
   */
  static final BiPredicate<String, String> CONTAINED_IN = (tester, against) -> {
    Intention t = parseSource(tester);
    Intention a = parseSource(against);
    if (wildcards(t) >= wildcards(a)) {
      return false;
    }
    for (String peer : List.of("", "peer1", "peer2")) {
      for (String name : List.of("web", "api", "other")) {
        SourceIdentity caller = new SourceIdentity(name, "default", "", peer);
        if (t.matchesSource(caller) && !a.matchesSource(caller)) {
          return false;
        }
      }
    }
    return true;
  };

  private static Intention parseSource(String s) {
    int colon = s.indexOf(':');
    String peer = colon < 0 ? "" : s.substring(0, colon);
    return sourceIntention(peer, "default", s.substring(colon + 1), Optional.of(Action.ALLOW));
  }

  private static int wildcards(Intention x) {
    return "*".equals(x.sourceNamespace()) ? 2 : "*".equals(x.sourceName()) ? 1 : 0;
  }

  static void vector35() {
    String[][] cases = {
      {"web", "api", "false"}, {"*", "*", "false"}, {"*", "web", "false"}, {"web", "*", "true"},
      {"peer1:web", "peer1:api", "false"}, {"peer1:web", "web", "false"}, {"peer1:*", "peer2:*", "false"},
      {"peer1:web", "peer1:*", "true"},
    };
    for (String[] c : cases) {
      assertEquals(Boolean.parseBoolean(c[2]), CONTAINED_IN.test(c[0], c[1]), c[0] + " in " + c[1]);
    }
  }

  static List<String> simplify(List<String> notSources) {
    List<String> out = new ArrayList<>();
    for (String s : notSources) {
      boolean covered = notSources.stream().anyMatch(other -> CONTAINED_IN.test(s, other));
      if (!covered) {
        out.add(s);
      }
    }
    return out;
  }

  static void vector36() {
    assertEquals(List.of("*"), simplify(List.of("*", "bar")));
    assertEquals(List.of("*"), simplify(List.of("*", "foo", "bar")));
    assertEquals(List.of("foo", "bar"), simplify(List.of("foo", "bar")));
  }

  static String firstError(Supplier<ServiceIntentions> entry) {
    return assertThrows(InvalidConfigEntryException.class, entry::get).firstError();
  }

  static void vector37() {
    assertEquals("Sources[0].Name: wildcard character '*' cannot be used with partial values",
        firstError(() -> entry("test", allow("foo*"))));
    assertEquals("Name: wildcard character '*' cannot be used with partial values",
        firstError(() -> entry("test*", allow("foo"))));
    assertEquals("Sources[1] defines \"foo\" more than once", firstError(() -> entry("test", allow("foo"), deny("foo"))));
    assertEquals("Sources[0].Action must be omitted if Permissions are specified",
        firstError(() -> entry("test", SourceIntention.builder().name("foo").action(Action.ALLOW)
            .permission(prefix(Action.ALLOW, "/")).build())));
    assertEquals("Sources[0].Permissions[0].HTTP.PathExact doesn't start with '/': \"x\"",
        firstError(() -> entry("test", l7("foo", exact(Action.ALLOW, "x")))));
    assertEquals(
        "Sources[0].Permissions[0].HTTP.Header[0] should only contain one of Present, Exact, Prefix, Suffix, or Regex",
        firstError(() -> entry("test", l7("foo", IntentionPermission.of(Action.ALLOW, IntentionHttpPermission.builder()
            .header(header("x").present().exact("foo").build()).build())))));
    assertEquals("Sources[0].Description exceeds maximum length 512",
        firstError(() -> entry("test", SourceIntention.builder().name("foo").action(Action.ALLOW)
            .description("x".repeat(513)).build())));
    ServiceIntentions.Builder meta = ServiceIntentions.builder().name("test").source(allow("foo"));
    for (int i = 0; i < 65; i++) {
      meta.meta("k" + i, "v");
    }
    assertEquals("Meta exceeds maximum element count 64", firstError(meta::build));
  }

  static void vector38() {
    ServiceIntentions api = ServiceIntentions.builder().name("api")
        .jwt(IntentionJwtRequirement.of(IntentionJwtProvider.builder().name("okta")
            .verifyClaim(IntentionJwtClaimVerification.of("testing", "roles")).build()))
        .source(allow("web")).build();
    IntentionSet s = IntentionSet.builder().add(api).jwtProvider("okta", "mytest.okta-issuer").build();
    Decision noToken = s.decide(src("web"), dst("api"), get("/"), DefaultPolicy.DENY);
    assertEquals(List.of(false, Reason.JWT_REQUIREMENT_UNMET), List.of(noToken.allowed(), noToken.reason()));
    HttpRequest wrongRole = HttpRequest.builder().method("GET").path("/")
        .jwt(new VerifiedJwt("mytest.okta-issuer", Map.of("roles", "other"))).build();
    Decision wrong = s.decide(src("web"), dst("api"), wrongRole, DefaultPolicy.DENY);
    assertEquals(List.of(false, Reason.JWT_REQUIREMENT_UNMET), List.of(wrong.allowed(), wrong.reason()));
    HttpRequest rightRole = HttpRequest.builder().method("GET").path("/")
        .jwt(new VerifiedJwt("mytest.okta-issuer", Map.of("roles", List.of("x", "testing")))).build();
    assertTrue(s.decide(src("web"), dst("api"), rightRole, DefaultPolicy.DENY).allowed());
    // Consul's jwt_authn filter is path-scoped and would reject db's token-less request even under
    // default allow. meshgate scopes the requirement to the intention's source (spec §7): db has
    // no intention, so the default decides.
    Decision db = s.decide(src("db"), dst("api"), get("/"), DefaultPolicy.ALLOW);
    assertEquals(List.of(true, Reason.NO_INTENTION), List.of(db.allowed(), db.reason()));
  }
}
