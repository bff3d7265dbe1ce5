package dev.meshgate.core.intentions.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.intentions.Action;
import dev.meshgate.core.intentions.DefaultPolicy;
import dev.meshgate.core.intentions.DestinationService;
import dev.meshgate.core.intentions.HttpRequest;
import dev.meshgate.core.intentions.IntentionHttpHeaderPermission;
import dev.meshgate.core.intentions.IntentionHttpPermission;
import dev.meshgate.core.intentions.IntentionPermission;
import dev.meshgate.core.intentions.IntentionSet;
import dev.meshgate.core.intentions.ServiceIntentions;
import dev.meshgate.core.intentions.SourceIdentity;
import dev.meshgate.core.intentions.SourceIntention;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IntentionDiffTest {
  private static final IntentionPermission DENY_ADMIN =
      IntentionPermission.of(Action.DENY, IntentionHttpPermission.builder().pathPrefix("/admin").build());
  private static final IntentionPermission ALLOW_ALL =
      IntentionPermission.of(Action.ALLOW, IntentionHttpPermission.builder().pathPrefix("/").build());

  private static IntentionSet set(ServiceIntentions... entries) {
    return IntentionSet.builder().addAll(List.of(entries)).build();
  }

  private static ServiceIntentions adminDeniedToEveryone(SourceIntention... more) {
    ServiceIntentions.Builder b = ServiceIntentions.builder().name("api")
        .source(SourceIntention.builder().namespace("*").name("*").permission(DENY_ADMIN).permission(ALLOW_ALL).build());
    for (SourceIntention s : more) {
      b.source(s);
    }
    return b.build();
  }

  @Test
  void namespaceWildcardAllowMakesTheL7AdminDenyUnreachableForThatNamespace() {
    IntentionSet before = set(adminDeniedToEveryone());
    IntentionSet after = set(adminDeniedToEveryone(SourceIntention.builder().name("*").action(Action.ALLOW).build()));

    IntentionDiff diff = IntentionDiff.between(before, after, DefaultPolicy.DENY);

    assertTrue(diff.complete(), () -> diff.unanalysed().toString());
    ChangedClass admin = diff.changes().stream()
        .filter(c -> c.witness().http().map(h -> h.path().startsWith("/admin")).orElse(false)).findFirst()
        .orElseThrow();
    assertEquals("default/default/*", admin.source());
    assertEquals("default/api", admin.destination());
    assertFalse(admin.allowedBefore());
    assertTrue(admin.allowedAfter());
    assertTrue(diff.changes().stream().anyMatch(c -> c.request() instanceof RequestClass.L4 && c.allowedAfter()),
        "an L4 caller was denied by the L7 intention and is now allowed");
    SourceIdentity elsewhere = SourceIdentity.of("web").inNamespace("ns1");
    assertEquals(Optional.empty(), diff.classOf(new Witness(elsewhere, DestinationService.of("api"),
        Optional.of(HttpRequest.of("GET", "/admin/users")))));
    assertEquals(Optional.of(admin), diff.classOf(new Witness(SourceIdentity.of("web"), DestinationService.of("api"),
        Optional.of(HttpRequest.of("DELETE", "/admin/users")))));
  }

  @Test
  void changingOnlyTheDefaultPolicyChangesEveryRequestNoIntentionDecides() {
    IntentionSet none = set();

    IntentionDiff diff = IntentionDiff.between(none, none, DefaultPolicy.DENY, DefaultPolicy.ALLOW);

    assertEquals(2, diff.changes().size(), () -> diff.changes().toString());
    assertEquals("any caller -> any destination, L4 (no HTTP attributes)", diff.changes().get(0).describe());
    assertEquals("any caller -> any destination, HTTP any method, path any path, any token",
        diff.changes().get(1).describe());
  }

  @Test
  void aSetComparedWithItselfUnderOnePolicyChangesNothing() {
    IntentionSet before = set(adminDeniedToEveryone());

    IntentionDiff diff = IntentionDiff.between(before, before, DefaultPolicy.ALLOW);

    assertTrue(diff.isEmpty());
    assertTrue(diff.complete());
  }

  @Test
  void l7IntentionReplacingAnL4AllowDeniesL4Callers() {
    IntentionSet before = set(ServiceIntentions.builder().name("api").source(SourceIntention.of("web", Action.ALLOW))
        .build());
    IntentionSet after = set(ServiceIntentions.builder().name("api")
        .source(SourceIntention.builder().name("web").permission(ALLOW_ALL).build()).build());

    IntentionDiff diff = IntentionDiff.between(before, after, DefaultPolicy.DENY);

    ChangedClass l4 = diff.changes().get(0);
    assertEquals("default/default/web -> default/api, L4 (no HTTP attributes)", l4.describe());
    assertTrue(l4.allowedBefore());
    assertFalse(l4.allowedAfter());
    // An HTTP path not starting with / misses PathPrefix "/" and falls to the default.
    ChangedClass http = diff.changes().get(1);
    assertEquals("HTTP any method, path not prefix /, any token", http.request().describe());
    assertFalse(http.witness().http().orElseThrow().path().startsWith("/"));
    assertEquals(2, diff.changes().size(), () -> diff.changes().toString());
  }

  @Test
  void headerConditionsSplitPresentAbsentAndValues() {
    IntentionPermission needsHeader = IntentionPermission.of(Action.ALLOW, IntentionHttpPermission.builder()
        .header(IntentionHttpHeaderPermission.builder().name("X-Env").exact("prod").invert().build()).build());
    IntentionSet before = set();
    IntentionSet after = set(ServiceIntentions.builder().name("api")
        .source(SourceIntention.builder().name("web").permission(needsHeader).build()).build());

    IntentionDiff diff = IntentionDiff.between(before, after, DefaultPolicy.DENY);

    List<ChangedClass> http = diff.changes().stream().filter(c -> c.request() instanceof RequestClass.Http).toList();
    assertEquals(1, http.size(), () -> http.toString());
    assertEquals("HTTP any method, path any path, header x-env not exact prod, any token",
        http.get(0).request().describe());
    String value = http.get(0).witness().http().orElseThrow().headers().get("x-env");
    assertFalse(value == null || value.equals("prod"));
  }

  @Test
  void untranslatableRegexMakesTheDiffPartialButL4IsStillAnalysed() {
    IntentionPermission caseless =
        IntentionPermission.of(Action.DENY, IntentionHttpPermission.builder().pathRegex("(?i)/admin.*").build());
    IntentionSet before = set(ServiceIntentions.builder().name("api").source(SourceIntention.of("web", Action.ALLOW))
        .build());
    IntentionSet after = set(ServiceIntentions.builder().name("api")
        .source(SourceIntention.builder().name("web").permission(caseless).permission(ALLOW_ALL).build()).build());

    IntentionDiff diff = IntentionDiff.between(before, after, DefaultPolicy.DENY);

    assertFalse(diff.complete());
    assertEquals(List.of("default/default/web -> default/api: HTTP requests not analysed: PathRegex `(?i)/admin.*`:"
        + " a flag group at index 0 is not translated"), diff.unanalysed());
    assertEquals(1, diff.changes().size());
    assertTrue(diff.changes().get(0).request() instanceof RequestClass.L4);
  }
}
