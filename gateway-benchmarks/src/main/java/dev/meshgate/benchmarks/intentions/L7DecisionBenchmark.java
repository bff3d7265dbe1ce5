package dev.meshgate.benchmarks.intentions;

import dev.meshgate.core.intentions.Action;
import dev.meshgate.core.intentions.Decision;
import dev.meshgate.core.intentions.DefaultPolicy;
import dev.meshgate.core.intentions.HttpRequest;
import dev.meshgate.core.intentions.IntentionHttpHeaderPermission;
import dev.meshgate.core.intentions.IntentionHttpPermission;
import dev.meshgate.core.intentions.IntentionPermission;
import dev.meshgate.core.intentions.IntentionSet;
import dev.meshgate.core.intentions.ReferenceIntentions;
import dev.meshgate.core.intentions.ServiceIntentions;
import dev.meshgate.core.intentions.DestinationService;
import dev.meshgate.core.intentions.SourceIdentity;
import dev.meshgate.core.intentions.SourceIntention;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * An HTTP decision governed by an L7 intention with 20 permissions, where the request matches only
 * the last one: every permission is evaluated. Permissions 0-18 each require a path, a method and
 * a header the request does not have (in turn), permission 19 is a prefix allow. No regex, so the
 * allocation column measures the evaluator alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class L7DecisionBenchmark {
  private IntentionSet indexed;
  private ReferenceIntentions reference;
  private final SourceIdentity web = SourceIdentity.of("web");
  private final DestinationService api = DestinationService.of("api");
  private HttpRequest request;

  @Setup
  public void setUp() {
    SourceIntention.Builder web = SourceIntention.builder().name("web");
    for (int p = 0; p < 19; p++) {
      IntentionHttpPermission.Builder http = IntentionHttpPermission.builder();
      switch (p % 3) {
        case 0 -> http.pathExact("/v1/resource-" + p);
        case 1 -> http.pathPrefix("/api/v1/orders").methods("DELETE", "PUT");
        default -> http.pathPrefix("/api/").header(IntentionHttpHeaderPermission.builder().name("x-tenant")
            .exact("tenant-" + p).build());
      }
      web.permission(IntentionPermission.of(p % 2 == 0 ? Action.DENY : Action.ALLOW, http.build()));
    }
    web.permission(IntentionPermission.of(Action.ALLOW, IntentionHttpPermission.builder().pathPrefix("/").build()));
    List<ServiceIntentions> entries = List.of(ServiceIntentions.builder().name("api").source(web.build())
        .source(SourceIntention.of("*", Action.DENY)).build());
    indexed = IntentionSet.builder().addAll(entries).build();
    reference = new ReferenceIntentions(entries, List.of(), Map.of(), false);
    request = HttpRequest.builder().method("GET").path("/api/v1/orders/42?expand=items")
        .header("X-Tenant", "acme").header("Accept", "application/json").build();
    Decision a = indexed.decide(this.web, api, request, DefaultPolicy.DENY);
    Decision b = reference.decide(this.web, api, request, DefaultPolicy.DENY);
    if (!a.equals(b) || a.permissionIndex().getAsInt() != 19) {
      throw new IllegalStateException("unexpected decision: " + a + " / " + b);
    }
  }

  @Benchmark
  public Decision l7Indexed() {
    return indexed.decide(web, api, request, DefaultPolicy.DENY);
  }

  @Benchmark
  public Decision l7Reference() {
    return reference.decide(web, api, request, DefaultPolicy.DENY);
  }
}
