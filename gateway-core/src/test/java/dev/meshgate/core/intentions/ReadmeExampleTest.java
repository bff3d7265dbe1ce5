package dev.meshgate.core.intentions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.meshgate.core.naming.SpiffeId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's intentions example, verbatim between the markers, so it cannot go stale. */
class ReadmeExampleTest {
  @Test
  void readmeExampleDecidesAndExplains() {
    String uriFromClientCertificate = "spiffe://5fcd4b81-a2ca-405a-ac62-0fac602c1949.consul/ns/default/dc/dc1/svc/web";
    // README begin
    IntentionSet intentions = IntentionSet.builder()
        .add(ServiceIntentions.builder().name("api")
            .source(SourceIntention.builder().name("web")
                .permission(IntentionPermission.of(Action.DENY, IntentionHttpPermission.builder().pathPrefix("/admin").build()))
                .permission(IntentionPermission.of(Action.ALLOW, IntentionHttpPermission.builder().pathPrefix("/").build()))
                .build())
            .source(SourceIntention.of("*", Action.DENY))
            .build())
        .build();

    SourceIdentity web = SourceIdentity.of((SpiffeId.Service) SpiffeId.parse(uriFromClientCertificate));
    Decision d = intentions.decide(web, DestinationService.of("api"), HttpRequest.of("GET", "/admin/users"), DefaultPolicy.DENY);
    d.allowed(); // false
    d.text();    // Matched L7 intention: L7 default/web => default/api (Precedence: 9), Permissions[0] deny
    // README end
    assertFalse(d.allowed());
    assertEquals("Matched L7 intention: L7 default/web => default/api (Precedence: 9), Permissions[0] deny", d.text());
  }

  @Test
  void readmeShowsExactlyThisExample() throws IOException {
    List<String> test = Files.readAllLines(
        Path.of("src/test/java/dev/meshgate/core/intentions/ReadmeExampleTest.java"), StandardCharsets.UTF_8);
    List<String> example = test.subList(test.indexOf("    // README begin") + 1, test.indexOf("    // README end"))
        .stream().map(line -> line.length() >= 4 ? line.substring(4) : line).toList();
    List<String> readme = Files.readAllLines(Path.of("../README.md"), StandardCharsets.UTF_8);
    int start = readme.indexOf(example.get(0));
    assertEquals(example, readme.subList(start, start + example.size()));
    assertEquals("```", readme.get(start + example.size()));
  }
}
