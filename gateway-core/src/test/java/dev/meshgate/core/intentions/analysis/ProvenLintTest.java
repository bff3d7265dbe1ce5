package dev.meshgate.core.intentions.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshgate.core.intentions.Action;
import dev.meshgate.core.intentions.DefaultPolicy;
import dev.meshgate.core.intentions.IntentionHttpPermission;
import dev.meshgate.core.intentions.IntentionPermission;
import dev.meshgate.core.intentions.IntentionSet;
import dev.meshgate.core.intentions.LintFinding;
import dev.meshgate.core.intentions.ServiceIntentions;
import dev.meshgate.core.intentions.SourceIntention;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProvenLintTest {
  private static IntentionSet build(List<ServiceIntentions> entries) {
    return IntentionSet.builder().addAll(entries).build();
  }

  private static IntentionPermission methods(Action action, String... methods) {
    return IntentionPermission.of(action, IntentionHttpPermission.builder().methods(methods).build());
  }

  @Test
  void permissionWhoseRequestsEarlierPermissionsTakeTogetherNeverDecides() {
    ServiceIntentions api = ServiceIntentions.builder().name("api")
        .source(SourceIntention.builder().name("web")
            .permission(methods(Action.DENY, "GET"))
            .permission(methods(Action.DENY, "POST"))
            .permission(methods(Action.ALLOW, "GET", "POST"))
            .permission(methods(Action.ALLOW, "PUT"))
            .build())
        .build();

    List<LintFinding> findings = ProvenLint.check(List.of(api), ProvenLintTest::build, DefaultPolicy.DENY);

    assertEquals(List.of(new LintFinding(LintFinding.Kind.PERMISSION_NEVER_DECIDES,
        "service-intentions \"default/api\" Sources[0].Permissions[2]",
        "no request is decided by this permission: the permissions before it, or the JWT requirements, take every"
            + " request it matches")), findings);
  }

  @Test
  void sourceThatAWildcardDecidesAlikeHasNoEffect() {
    ServiceIntentions api = ServiceIntentions.builder().name("api")
        .source(SourceIntention.of("*", Action.ALLOW))
        .source(SourceIntention.of("web", Action.ALLOW))
        .build();

    List<LintFinding> findings = ProvenLint.check(List.of(api), ProvenLintTest::build, DefaultPolicy.DENY);

    assertEquals(List.of(new LintFinding(LintFinding.Kind.SOURCE_WITHOUT_EFFECT,
        "service-intentions \"default/api\" Sources[0]",
        "removing this source changes no decision under default policy deny: every request it governs is decided"
            + " the same way without it")), findings);
  }
}
