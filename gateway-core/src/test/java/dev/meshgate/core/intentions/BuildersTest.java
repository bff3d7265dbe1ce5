package dev.meshgate.core.intentions;

import static dev.meshgate.core.intentions.ConsulVectorsTest.allow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class BuildersTest {
  private static void assertState(String message, Executable call) {
    assertEquals(message, assertThrows(IllegalStateException.class, call).getMessage());
  }

  @Test
  void eachSettingMayBeGivenOnceAndTheMessageQuotesTheEarlierValue() {
    assertState("name was already set to \"api\"", () -> ServiceIntentions.builder().name("api").name("web"));
    assertState("meta \"k\" was already set to \"v\"", () -> ServiceIntentions.builder().meta("k", "v").meta("k", "w"));
    assertState("jwt was already set to IntentionJwtRequirement[providers=[]]",
        () -> ServiceIntentions.builder().jwt(IntentionJwtRequirement.NONE).jwt(IntentionJwtRequirement.NONE));
    assertState("action was already set to allow",
        () -> SourceIntention.builder().action(Action.ALLOW).action(Action.DENY));
    assertState("peer was already set to \"p1\"", () -> SourceIntention.builder().peer("p1").peer("p2"));
    assertState("pathPrefix was already set to \"/\"",
        () -> IntentionHttpPermission.builder().pathPrefix("/").pathPrefix("/v1"));
    assertState("methods was already set to [GET]", () -> IntentionHttpPermission.builder().methods("GET").methods());
    assertState("present was already set to true", () -> IntentionHttpHeaderPermission.builder().present().present());
    assertState("http was already set to IntentionHttpPermission[pathExact=/, pathPrefix=, pathRegex=, header=[],"
        + " methods=[]]", () -> IntentionPermission.builder().http(IntentionHttpPermission.builder().pathExact("/")
            .build()).http(IntentionHttpPermission.builder().build()));
    assertState("name was already set to \"okta\"", () -> IntentionJwtProvider.builder().name("okta").name("x"));
    assertState("value was already set to \"a\"", () -> IntentionJwtClaimVerification.builder().value("a").value("b"));
    assertState("method was already set to \"GET\"", () -> HttpRequest.builder().method("GET").method("PUT"));
    assertState("issuer of jwt provider \"okta\" was already set to \"https://a\"",
        () -> IntentionSet.builder().jwtProvider("okta", "https://a").jwtProvider("okta", "https://b"));
    assertState("sameness group \"g\" was already set to SamenessGroup[name=g, members=[]]",
        () -> IntentionSet.builder().samenessGroup(SamenessGroup.of("g")).samenessGroup(SamenessGroup.of("g")));
    assertState("fallThroughOnNoPermissionMatch was already set to true",
        () -> IntentionSet.builder().fallThroughOnNoPermissionMatch().fallThroughOnNoPermissionMatch());
  }

  @Test
  void namesTheNullArgument() {
    assertEquals("name", assertThrows(NullPointerException.class, () -> ServiceIntentions.builder().name(null))
        .getMessage());
    assertEquals("source", assertThrows(NullPointerException.class, () -> ServiceIntentions.builder().source(null))
        .getMessage());
  }

  @Test
  void buildLeavesTheBuilderReusable() {
    ServiceIntentions.Builder b = ServiceIntentions.builder().name("api").source(allow("web"));
    ServiceIntentions first = b.build();
    b.source(allow("db"));
    ServiceIntentions second = b.build();
    assertEquals(1, first.sources().size());
    assertEquals(2, second.sources().size());
    IntentionSet.Builder sets = IntentionSet.builder().add(first);
    assertNotSame(sets.build(), sets.build());
    assertEquals(sets.build().intentions(), sets.build().intentions());
  }

  @Test
  void unsetValuesAreEmptyAsInConsul() {
    assertEquals(new SourceIntention("", "", "", "", "", Optional.empty(), List.of(), 0, "", ""),
        SourceIntention.builder().build());
    assertEquals(new IntentionHttpHeaderPermission("", false, "", "", "", "", false),
        IntentionHttpHeaderPermission.builder().build());
    assertEquals(new IntentionPermission(Optional.empty(), Optional.empty(), IntentionJwtRequirement.NONE),
        IntentionPermission.builder().build());
    assertEquals(HttpRequest.of("GET", "/"), HttpRequest.builder().method("GET").build());
  }

  @Test
  void valuesCopyWhatTheyAreGiven() {
    List<SourceIntention> sources = new ArrayList<>(List.of(allow("web")));
    Map<String, String> meta = new java.util.HashMap<>(Map.of("k", "v"));
    ServiceIntentions e = new ServiceIntentions("api", "", "", sources, IntentionJwtRequirement.NONE, meta);
    sources.clear();
    meta.clear();
    assertEquals(1, e.sources().size());
    assertEquals(Map.of("k", "v"), e.meta());
    assertThrows(UnsupportedOperationException.class, () -> e.sources().clear());
    assertThrows(UnsupportedOperationException.class, () -> e.meta().clear());
  }

  @Test
  void samenessGroupMembersAreAPartitionOrAPeer() {
    assertEquals("member: \"|\" (expected: exactly one of partition and peer)",
        assertThrows(IllegalArgumentException.class, () -> new SamenessGroup.Member("", "")).getMessage());
    assertEquals("members: \"peer dc2\" (expected: each member once)",
        assertThrows(IllegalArgumentException.class,
            () -> SamenessGroup.of("g", SamenessGroup.Member.peer("dc2"), SamenessGroup.Member.peer("dc2")))
            .getMessage());
    assertEquals("name: \"g*\" (expected: a sameness group name)",
        assertThrows(IllegalArgumentException.class, () -> SamenessGroup.of("g*")).getMessage());
  }
}
