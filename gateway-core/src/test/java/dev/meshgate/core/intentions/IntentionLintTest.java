package dev.meshgate.core.intentions;

import static dev.meshgate.core.intentions.ConsulVectorsTest.allow;
import static dev.meshgate.core.intentions.ConsulVectorsTest.deny;
import static dev.meshgate.core.intentions.ConsulVectorsTest.entry;
import static dev.meshgate.core.intentions.ConsulVectorsTest.exact;
import static dev.meshgate.core.intentions.ConsulVectorsTest.header;
import static dev.meshgate.core.intentions.ConsulVectorsTest.l7;
import static dev.meshgate.core.intentions.ConsulVectorsTest.prefix;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshgate.core.config.Protocol;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class IntentionLintTest {
  private static final Function<DestinationService, Protocol> HTTP = s -> Protocol.HTTP;

  private static List<String> lint(DefaultPolicy policy, ServiceIntentions... entries) {
    return lint(policy, HTTP, List.of(), entries);
  }

  private static List<String> lint(DefaultPolicy policy, Function<DestinationService, Protocol> protocols,
      List<SamenessGroup> groups, ServiceIntentions... entries) {
    return IntentionLint.check(List.of(entries), groups, policy, protocols).stream().map(LintFinding::toString)
        .toList();
  }

  private static IntentionPermission http(Action action, IntentionHttpPermission.Builder h) {
    return IntentionPermission.of(action, h.build());
  }

  @Test
  void findsNothingInSensibleRules() {
    assertEquals(List.of(), lint(DefaultPolicy.DENY,
        entry("api", l7("web", exact(Action.DENY, "/admin"), prefix(Action.ALLOW, "/")), deny("*"))));
  }

  @Test
  void reportsPermissionsAnEarlierOneAlwaysMatchesFirst() {
    ServiceIntentions e = entry("api", l7("web",
        prefix(Action.ALLOW, "/v1"),
        exact(Action.DENY, "/v1/admin"),
        http(Action.DENY, IntentionHttpPermission.builder().pathPrefix("/v1/x").methods("GET")),
        http(Action.ALLOW, IntentionHttpPermission.builder().pathRegex("/v[0-9]")),
        exact(Action.DENY, "/v7"),
        http(Action.DENY, IntentionHttpPermission.builder().pathPrefix("/")
            .header(header("x-a").exact("abc").build()))));
    assertEquals(List.of(
        "UNREACHABLE_PERMISSION at service-intentions \"default/api\" Sources[0].Permissions[1]: Permissions[0]"
            + " matches every request Permissions[1] matches, and the first match wins, so Permissions[1] never applies",
        "UNREACHABLE_PERMISSION at service-intentions \"default/api\" Sources[0].Permissions[2]: Permissions[0]"
            + " matches every request Permissions[2] matches, and the first match wins, so Permissions[2] never applies",
        "UNREACHABLE_PERMISSION at service-intentions \"default/api\" Sources[0].Permissions[4]: Permissions[3]"
            + " matches every request Permissions[4] matches, and the first match wins, so Permissions[4] never applies"),
        lint(DefaultPolicy.ALLOW, e).stream().filter(f -> f.startsWith("UNREACHABLE")).toList());
  }

  @Test
  void judgesHeaderConditionsConservatively() {
    ServiceIntentions e = entry("api", l7("web",
        http(Action.DENY, IntentionHttpPermission.builder().header(header("X-A").present().build())),
        http(Action.ALLOW, IntentionHttpPermission.builder().header(header("x-a").prefix("v").invert().build())),
        http(Action.ALLOW, IntentionHttpPermission.builder().header(header("x-b").prefix("ab").build())),
        http(Action.ALLOW, IntentionHttpPermission.builder().header(header("x-b").exact("abc").build())),
        http(Action.ALLOW, IntentionHttpPermission.builder().header(header("z").present().invert().build()))));
    assertEquals(List.of("Sources[0].Permissions[1]", "Sources[0].Permissions[3]"),
        IntentionLint.check(List.of(e), List.of(), DefaultPolicy.DENY, HTTP).stream()
            .filter(f -> f.kind() == LintFinding.Kind.UNREACHABLE_PERMISSION)
            .map(f -> f.location().substring(f.location().indexOf("Sources"))).toList());
  }

  @Test
  void reportsPermissionsThatOnlyRepeatTheDefault() {
    ServiceIntentions e = entry("api", l7("web", exact(Action.DENY, "/admin"), prefix(Action.ALLOW, "/api"),
        exact(Action.DENY, "/other")));
    assertEquals(List.of(
        "PERMISSION_EQUALS_DEFAULT at service-intentions \"default/api\" Sources[0].Permissions[2]: Permissions[2]"
            + " denies like the default policy and no later permission allows, so it changes no decision: when no"
            + " permission matches, the default applies anyway"),
        lint(DefaultPolicy.DENY, e));
    assertEquals(List.of(), lint(DefaultPolicy.ALLOW, e), "a later deny may still need the allow before it");
    assertEquals(List.of(
        "PERMISSION_EQUALS_DEFAULT at service-intentions \"default/api\" Sources[0].Permissions[0]: Permissions[0]"
            + " allows like the default policy and no later permission denies, so it changes no decision: when no"
            + " permission matches, the default applies anyway"),
        lint(DefaultPolicy.ALLOW, entry("api", l7("web", exact(Action.ALLOW, "/x")))));
  }

  @Test
  void reportsL7OnNonHttpDestinations() {
    ServiceIntentions tcp = entry("db", l7("web", prefix(Action.ALLOW, "/")));
    Function<DestinationService, Protocol> protocols = s -> "db".equals(s.name()) ? Protocol.TCP : null;
    assertEquals(List.of(
        "L7_ON_NON_HTTP_DESTINATION at service-intentions \"default/db\" Sources[0]: service \"db\" has protocol"
            + " \"tcp\", which is incompatible with L7 intentions permissions"),
        lint(DefaultPolicy.DENY, protocols, List.of(), tcp, entry("api", l7("web", prefix(Action.ALLOW, "/")))));
  }

  @Test
  void reportsDisagreeingRulesAtEqualPrecedence() {
    ServiceIntentions e = entry("api", allow("web"),
        SourceIntention.builder().name("web").samenessGroup("east").action(Action.DENY).build(),
        SourceIntention.builder().name("web").peer("dc2").action(Action.DENY).build());
    List<SamenessGroup> groups = List.of(SamenessGroup.of("east", SamenessGroup.Member.partition("default"),
        SamenessGroup.Member.peer("dc2")));
    assertEquals(List.of(
        "CONFLICTING_EQUAL_PRECEDENCE at service-intentions \"default/api\" Sources[1] (sameness group \"east\","
            + " partition default): source default/web (deny) is also named by service-intentions \"default/api\""
            + " Sources[0] (allow) at the same precedence; only one of them can apply"),
        lint(DefaultPolicy.DENY, HTTP, groups, e));
    assertEquals(List.of(
        "CONFLICTING_EQUAL_PRECEDENCE at service-intentions \"default/api\" Sources[0]: source default/web (deny) is"
            + " also named by service-intentions \"default/api\" Sources[0] (allow) at the same precedence; only one of"
            + " them can apply"),
        lint(DefaultPolicy.DENY, entry("api", allow("web")), entry("api", deny("web"))));
  }
}
