package dev.meshgate.benchmarks.intentions;

import dev.meshgate.core.intentions.Action;
import dev.meshgate.core.intentions.Decision;
import dev.meshgate.core.intentions.DefaultPolicy;
import dev.meshgate.core.intentions.DestinationService;
import dev.meshgate.core.intentions.HttpRequest;
import dev.meshgate.core.intentions.IntentionHttpPermission;
import dev.meshgate.core.intentions.IntentionPermission;
import dev.meshgate.core.intentions.IntentionSet;
import dev.meshgate.core.intentions.ServiceIntentions;
import dev.meshgate.core.intentions.SourceIdentity;
import dev.meshgate.core.intentions.SourceIntention;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The worst case of issue 14's bug 2: an L7 decision whose permission has the {@code PathRegex}
 * {@code /api/(.*a){12}x}, for the path {@code /api/} followed by {@code length} times {@code a}
 * and a {@code !}. A backtracking engine tries every way of splitting the a's into twelve groups
 * (about 7e10 attempts for 48 of them); RE2/J runs one pass over the path, so the time per decision
 * should grow linearly with {@code length}. The regex does not match, so the next permission (a
 * prefix allow) decides. {@code simplePathRegex} does the same with {@code /api/[a-z0-9/]+}, a regex
 * of ordinary shape that also reads the whole path before it fails at the {@code !}: the cost of
 * a pass grows with the size of the regex's program, not with how it nests.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RegexDecisionBenchmark {
  @Param({"16", "64", "256", "1024"})
  public int length;

  private IntentionSet intentions;
  private IntentionSet simple;
  private final SourceIdentity web = SourceIdentity.of("web");
  private final DestinationService api = DestinationService.of("api");
  private HttpRequest request;

  @Setup
  public void setUp() {
    intentions = regexThenPrefix("/api/(.*a){12}x");
    simple = regexThenPrefix("/api/[a-z0-9/]+");
    request = HttpRequest.of("GET", "/api/" + "a".repeat(length) + "!");
    for (IntentionSet set : new IntentionSet[] {intentions, simple}) {
      Decision d = set.decide(web, api, request, DefaultPolicy.DENY);
      if (!d.allowed() || d.permissionIndex().getAsInt() != 1) {
        throw new IllegalStateException("unexpected decision: " + d);
      }
    }
  }

  private static IntentionSet regexThenPrefix(String regex) {
    SourceIntention source = SourceIntention.builder().name("web")
        .permission(IntentionPermission.of(Action.DENY, IntentionHttpPermission.builder().pathRegex(regex).build()))
        .permission(IntentionPermission.of(Action.ALLOW, IntentionHttpPermission.builder().pathPrefix("/").build()))
        .build();
    return IntentionSet.builder().add(ServiceIntentions.builder().name("api").source(source).build()).build();
  }

  @Benchmark
  public Decision nestedQuantifierPathRegex() {
    return intentions.decide(web, api, request, DefaultPolicy.DENY);
  }

  @Benchmark
  public Decision simplePathRegex() {
    return simple.decide(web, api, request, DefaultPolicy.DENY);
  }
}
