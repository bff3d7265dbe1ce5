package dev.meshgate.core.intentions;

import static dev.meshgate.core.intentions.ConsulVectorsTest.allow;
import static dev.meshgate.core.intentions.ConsulVectorsTest.deny;
import static dev.meshgate.core.intentions.ConsulVectorsTest.entry;
import static dev.meshgate.core.intentions.ConsulVectorsTest.header;
import static dev.meshgate.core.intentions.ConsulVectorsTest.l7;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshgate.core.config.InvalidConfigEntryException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ValidationTest {
  private static List<String> errors(Supplier<ServiceIntentions> entry) {
    return assertThrows(InvalidConfigEntryException.class, entry::get).errors();
  }

  private static List<String> buildErrors(IntentionSet.Builder b) {
    return assertThrows(InvalidConfigEntryException.class, b::build).errors();
  }

  private static IntentionPermission http(IntentionHttpPermission.Builder h) {
    return IntentionPermission.of(Action.ALLOW, h.build());
  }

  @Test
  void reportsEveryEntryLevelProblemInConsulsOrder() {
    ServiceIntentions.Builder e = ServiceIntentions.builder().namespace("n*").name("")
        .jwt(IntentionJwtRequirement.of(IntentionJwtProvider.builder().build()))
        .meta("k".repeat(129), "v");
    assertEquals(List.of(
        "Name is required",
        "Namespace: wildcard character '*' cannot be used with partial values",
        "JWT provider name is required",
        "Meta key \"" + "k".repeat(129) + "\" exceeds maximum length 128",
        "At least one source is required"), errors(e::build));
  }

  @Test
  void reportsEverySourceLevelProblemInConsulsOrder() {
    SourceIntention bad = SourceIntention.builder().name("we*b").namespace("*").partition("p*").peer("x*")
        .samenessGroup("g*").type("external").description("é".repeat(257)).build();
    assertEquals(List.of(
        "Sources[0].Name: wildcard character '*' cannot be used with partial values",
        "Sources[0].Name: exact value cannot follow wildcard namespace",
        "Sources[0].Partition: cannot use wildcard '*' in partition",
        "Sources[0].Peer: cannot use wildcard '*' in peer",
        "Sources[0].SamenessGroup: cannot use wildcard '*' in sameness group",
        "Sources[0].Peer: cannot set Peer and Partition at the same time.",
        "Sources[0].SamenessGroup: cannot set SamenessGroup and Partition at the same time",
        "Sources[0].SamenessGroup: cannot set SamenessGroup and Peer at the same time",
        "Sources[0].Description exceeds maximum length 512",
        "Sources[0].Action must be set to 'allow' or 'deny'",
        "Sources[0].Type must be set to 'consul'"), errors(() -> entry("api", bad)));
  }

  @Test
  void requiresASourceName() {
    assertEquals(List.of("Sources[0].Name is required"),
        errors(() -> entry("api", SourceIntention.builder().action(Action.ALLOW).build())));
  }

  @Test
  void countsDescriptionLengthInUtf8BytesAsGoDoes() {
    SourceIntention fits = SourceIntention.builder().name("web").action(Action.ALLOW).description("é".repeat(256))
        .build();
    assertEquals(256, entry("api", fits).sources().get(0).description().length());
  }

  @Test
  void rejectsPermissionsWithAnActionAndOnWildcardDestinations() {
    SourceIntention both = SourceIntention.builder().name("web").action(Action.ALLOW)
        .permission(ConsulVectorsTest.prefix(Action.ALLOW, "/")).build();
    assertEquals(List.of(
        "Sources[0].Action must be omitted if Permissions are specified",
        "Sources[0].Permissions cannot be specified on intentions with wildcarded destinations"),
        errors(() -> entry("*", both)));
  }

  @Test
  void reportsEveryPermissionProblemInConsulsOrder() {
    IntentionPermission noAction = new IntentionPermission(Optional.empty(), Optional.empty(),
        IntentionJwtRequirement.of(IntentionJwtProvider.builder().build()));
    IntentionPermission paths = http(IntentionHttpPermission.builder().pathExact("x").pathPrefix("y").pathRegex("z")
        .header(IntentionHttpHeaderPermission.builder().build())
        .header(header("a").prefix("p").suffix("s").build())
        .methods("get", "FETCH", "GET"));
    IntentionPermission empty = http(IntentionHttpPermission.builder());
    assertEquals(List.of(
        "Sources[0].Permissions[0].Action must be set to 'allow' or 'deny'",
        "Sources[0].Permissions[0].HTTP is required",
        "JWT provider name is required",
        "Sources[0].Permissions[1].HTTP.PathExact doesn't start with '/': \"x\"",
        "Sources[0].Permissions[1].HTTP.PathPrefix doesn't start with '/': \"y\"",
        "Sources[0].Permissions[1].HTTP should only contain at most one of PathExact, PathPrefix, or PathRegex",
        "Sources[0].Permissions[1].HTTP.Header[0] missing required Name field",
        "Sources[0].Permissions[1].HTTP.Header[0] should only contain one of Present, Exact, Prefix, Suffix, or Regex",
        "Sources[0].Permissions[1].HTTP.Header[1] should only contain one of Present, Exact, Prefix, Suffix, or Regex",
        "Sources[0].Permissions[1].HTTP.Methods contains an invalid method \"FETCH\"",
        "Sources[0].Permissions[1].HTTP.Methods contains \"GET\" more than once",
        "Sources[0].Permissions[2].HTTP should not be empty"),
        errors(() -> entry("api", l7("web", noAction, paths, empty))));
  }

  @Test
  void namesDuplicatesWithPeerSamenessGroupAndNamespace() {
    SourceIntention p1 = SourceIntention.builder().name("web").peer("p1").action(Action.ALLOW).build();
    SourceIntention g1 = SourceIntention.builder().name("web").samenessGroup("g1").action(Action.ALLOW).build();
    SourceIntention ns = SourceIntention.builder().name("web").namespace("ns1").action(Action.ALLOW).build();
    SourceIntention ap = SourceIntention.builder().name("web").namespace("ns1").partition("ap1").action(Action.ALLOW)
        .build();
    assertEquals(List.of(
        "Sources[1] defines peer(\"p1\") \"web\" more than once",
        "Sources[3] defines sameness-group(\"g1\") \"web\" more than once",
        "Sources[5] defines \"ns1/web\" more than once",
        "Sources[7] defines \"ap1/ns1/web\" more than once"),
        errors(() -> entry("api", p1, p1, g1, g1, ns, ns, ap, ap)));
  }

  @Test
  void aPeeredAndALocalSourceOfTheSameNameAreNotDuplicates() {
    assertEquals(2, entry("api", allow("web"), SourceIntention.builder().name("web").peer("p1").action(Action.DENY)
        .build()).sources().size());
  }

  @Test
  void indexesSourcesInNormalizedOrderAsConsulDoes() {
    // "foo*" counts as exact (precedence 9) and sorts before "*" (8), so Consul calls it Sources[0].
    assertEquals(List.of("Sources[0].Name: wildcard character '*' cannot be used with partial values"),
        errors(() -> entry("api", deny("*"), allow("foo*"))));
  }

  @Test
  void validatesMethodsAfterUpperCasingThem() {
    ServiceIntentions e = entry("api", l7("web", http(IntentionHttpPermission.builder().methods("get", "Post"))));
    assertEquals(List.of("GET", "POST"),
        e.normalize().sources().get(0).permissions().get(0).http().orElseThrow().methods());
  }

  @Test
  void putsChecksConsulSkipsAfterAllOfConsulsOwn() {
    IntentionPermission badRegex = http(IntentionHttpPermission.builder().pathRegex("/v1/(a"));
    SourceIntention second = SourceIntention.builder().name("db").build();
    assertEquals(List.of(
        "Sources[1].Action must be set to 'allow' or 'deny'",
        "Sources[0].Permissions[0].HTTP.PathRegex \"/v1/(a\" is not a valid regular expression: missing closing ):"
            + " `/v1/(a`"),
        errors(() -> entry("api", l7("web", badRegex), second)));
  }

  @Test
  void rejectsRegexesRe2CannotRunAndRegexesEnvoyRefuses() {
    IntentionPermission p = http(IntentionHttpPermission.builder().pathRegex("/(?=admin).*")
        .header(header("x-a").regex("(a)\\1").build())
        .header(header("x y").exact("v").build())
        .header(header("x-b").regex("(?<id>[0-9]+)").build())
        .header(header("x-c").regex("x{99}").build()));
    assertEquals(List.of(
        "Sources[0].Permissions[0].HTTP.PathRegex \"/(?=admin).*\" is not a valid regular expression: invalid or"
            + " unsupported Perl syntax: `(?=`",
        "Sources[0].Permissions[0].HTTP.Header[0].Regex \"(a)\\\\1\" is not a valid regular expression: invalid"
            + " escape sequence: `\\1`",
        "Sources[0].Permissions[0].HTTP.Header[1].Name \"x y\" is not a valid HTTP header name",
        "Sources[0].Permissions[0].HTTP.Header[2].Regex \"(?<id>[0-9]+)\" uses the group syntax (?<name>...), which"
            + " RE2 in Envoys built before 2023 rejects; write (?P<name>...)",
        "Sources[0].Permissions[0].HTTP.Header[3].Regex \"x{99}\" needs an RE2 program of at least 101"
            + " instructions; Envoy refuses more than 100 by default (runtime key re2.max_program_size.error_level)"),
        errors(() -> entry("api", l7("web", p))));
  }

  @Test
  void requiresAClaimPath() {
    ServiceIntentions.Builder e = ServiceIntentions.builder().name("api").source(allow("web"))
        .jwt(IntentionJwtRequirement.of(IntentionJwtProvider.builder().name("okta")
            .verifyClaim(IntentionJwtClaimVerification.builder().value("x").build()).build()));
    assertEquals(List.of("JWT.Providers[0].VerifyClaims[0].Path is required"), errors(e::build));
  }

  @Test
  void setRejectsUndeclaredJwtProvidersAndSamenessGroups() {
    IntentionPermission withJwt = new IntentionPermission(Optional.of(Action.ALLOW),
        Optional.of(IntentionHttpPermission.builder().pathPrefix("/").build()),
        IntentionJwtRequirement.of(IntentionJwtProvider.builder().name("auth0").build()));
    ServiceIntentions e = ServiceIntentions.builder().name("api")
        .jwt(IntentionJwtRequirement.of(IntentionJwtProvider.builder().name("okta").build()))
        .source(l7("web", withJwt))
        .source(SourceIntention.builder().name("db").samenessGroup("east").action(Action.ALLOW).build())
        .build(); // building the entry checks no references: the set declares them
    assertEquals(List.of(
        "JWT.Providers[0]: provider specified in intention does not exist. Provider name: okta",
        "Sources[0].Permissions[0].JWT.Providers[0]: provider specified in intention does not exist."
            + " Provider name: auth0",
        "Sources[1].SamenessGroup: sameness group \"east\" is not defined"),
        buildErrors(IntentionSet.builder().add(e)));
    IntentionSet.builder().add(e).jwtProvider("okta", "https://okta").jwtProvider("auth0", "https://auth0")
        .samenessGroup(SamenessGroup.of("east", SamenessGroup.Member.peer("dc2"))).build();
  }

  @Test
  void setRejectsTwoEntriesForOneDestination() {
    InvalidConfigEntryException e = assertThrows(InvalidConfigEntryException.class,
        () -> IntentionSet.builder().add(entry("api", allow("web")))
            .add(ServiceIntentions.builder().name("api").namespace("default").source(deny("web")).build()).build());
    assertEquals(List.of(
        "Name: destination \"default/default/api\" is already defined by another service-intentions entry"),
        e.errors());
  }

  @Test
  void setReportsTheFirstInvalidEntryAndAttachesTheOthers() {
    ServiceIntentions okta = ServiceIntentions.builder().name("a").source(allow("web"))
        .jwt(IntentionJwtRequirement.of(IntentionJwtProvider.builder().name("okta").build())).build();
    ServiceIntentions east = entry("b",
        SourceIntention.builder().name("db").samenessGroup("east").action(Action.ALLOW).build());
    InvalidConfigEntryException e = assertThrows(InvalidConfigEntryException.class,
        () -> IntentionSet.builder().add(entry("ok", allow("web"))).add(okta).add(east).build());
    assertEquals("service-intentions \"a\": JWT.Providers[0]: provider specified in intention does not exist."
        + " Provider name: okta", e.getMessage());
    assertEquals(1, e.getSuppressed().length);
    assertEquals(List.of("Sources[0].SamenessGroup: sameness group \"east\" is not defined"),
        ((InvalidConfigEntryException) e.getSuppressed()[0]).errors());
  }

  @Test
  void builderValidatesTheEntryAndReportsEveryProblemAtOnce() {
    ServiceIntentions.Builder b = ServiceIntentions.builder().name("b*")
        .source(SourceIntention.builder().name("web").build());
    InvalidConfigEntryException e = assertThrows(InvalidConfigEntryException.class, b::build);
    assertEquals("service-intentions \"b*\" has 2 problems: Name: wildcard character '*' cannot be used with"
        + " partial values; Sources[0].Action must be set to 'allow' or 'deny'", e.getMessage());
    assertEquals(List.of("Name: wildcard character '*' cannot be used with partial values",
        "Sources[0].Action must be set to 'allow' or 'deny'"), e.errors());
    assertThrows(InvalidConfigEntryException.class,
        () -> new ServiceIntentions("api", "", "", List.of(), IntentionJwtRequirement.NONE, Map.of()),
        "the constructor validates as the builder does");
  }

  @Test
  void acceptsEveryValidShape() {
    ServiceIntentions e = ServiceIntentions.builder().name("api").namespace("ns1").partition("ap1")
        .source(allow("*"))
        .source(SourceIntention.builder().name("*").namespace("*").action(Action.DENY).build())
        .source(SourceIntention.builder().name("web").peer("p1").action(Action.ALLOW).build())
        .source(l7("db", http(IntentionHttpPermission.builder().pathRegex("/v[0-9]+/(?i:users)/\\d{1,3}")
            .header(header(":authority").suffix(".internal").build())
            .header(header("x-id").regex("\\p{L}+").invert().build()))))
        .build();
    List<SourceIntention> sorted = e.normalize().sources();
    assertEquals(List.of("web", "db", "*", "*"), sorted.stream().map(SourceIntention::name).toList());
    assertEquals(List.of(9, 9, 8, 7), sorted.stream().map(SourceIntention::precedence).toList());
  }
}
