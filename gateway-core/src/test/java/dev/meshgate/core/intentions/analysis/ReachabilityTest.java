package dev.meshgate.core.intentions.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.intentions.Action;
import dev.meshgate.core.intentions.DefaultPolicy;
import dev.meshgate.core.intentions.DestinationService;
import dev.meshgate.core.intentions.IntentionHttpPermission;
import dev.meshgate.core.intentions.IntentionPermission;
import dev.meshgate.core.intentions.IntentionSet;
import dev.meshgate.core.intentions.ServiceIntentions;
import dev.meshgate.core.intentions.SourceIdentity;
import dev.meshgate.core.intentions.SourceIntention;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReachabilityTest {
  private static final IntentionHttpPermission ADMIN = IntentionHttpPermission.builder().pathPrefix("/admin").build();
  private static final IntentionSet SET = IntentionSet.builder()
      .add(ServiceIntentions.builder().name("api")
          .source(SourceIntention.builder().namespace("*").name("*")
              .permission(IntentionPermission.of(Action.DENY, ADMIN))
              .permission(IntentionPermission.of(Action.ALLOW, IntentionHttpPermission.builder().pathPrefix("/")
                  .build()))
              .build())
          .source(SourceIntention.builder().namespace("prod").name("ops").action(Action.ALLOW).build())
          .build())
      .build();

  @Test
  void noCallerOutsideProdCanReachAdmin() {
    IntentionQuery outsideProd = new IntentionQuery("", "default", "*", "*", Set.of("prod"), DestinationService.of("api"),
        Optional.of(ADMIN));

    Reachability answer = outsideProd.canBeAllowed(SET, DefaultPolicy.ALLOW);

    assertTrue(answer.provenImpossible(), answer::toString);
  }

  @Test
  void opsInProdCanReachAdminAndTheWitnessShowsHow() {
    IntentionQuery ops = IntentionQuery.of(SourceIdentity.of("ops").inNamespace("prod"), DestinationService.of("api"))
        .withHttp(ADMIN);

    Reachability answer = ops.canBeAllowed(SET, DefaultPolicy.DENY);

    assertTrue(answer.possible());
    Witness w = answer.witness().orElseThrow();
    assertEquals("prod/ops", w.source().toString());
    assertTrue(w.http().orElseThrow().path().startsWith("/admin"), w::toString);
  }

  @Test
  void anyCallerInProdButOpsIsDeniedSomething() {
    IntentionQuery prod = new IntentionQuery("", "", "prod", "*", Set.of(), DestinationService.of("api"),
        Optional.empty());

    Reachability answer = prod.canBeDenied(SET, DefaultPolicy.ALLOW);

    assertTrue(answer.possible());
    assertFalse(answer.witness().orElseThrow().source().name().equals("ops"), answer::toString);
  }

  @Test
  void rejectsExceptedNamespacesWithoutANamespaceWildcard() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new IntentionQuery("", "",
        "prod", "*", Set.of("dev"), DestinationService.of("api"), Optional.empty()));
    assertEquals("exceptSourceNamespaces: [dev] (expected: empty unless sourceNamespace is *)", e.getMessage());
  }
}
