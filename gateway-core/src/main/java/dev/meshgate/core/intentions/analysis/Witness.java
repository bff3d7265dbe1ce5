package dev.meshgate.core.intentions.analysis;

import dev.meshgate.core.intentions.DefaultPolicy;
import dev.meshgate.core.intentions.DestinationService;
import dev.meshgate.core.intentions.HttpRequest;
import dev.meshgate.core.intentions.IntentionSet;
import dev.meshgate.core.intentions.SourceIdentity;
import java.util.Objects;
import java.util.Optional;

/**
 * A concrete request: who calls, what, and for an HTTP request its attributes. Analysis results
 * carry one for every class they report, chosen so that the evaluator can be run on it to see the
 * reported decisions.
 *
 * <p>Immutable and thread-safe.
 *
 * @param source the caller
 * @param destination the service called
 * @param http the HTTP attributes; empty for an L4 request
 */
public record Witness(SourceIdentity source, DestinationService destination, Optional<HttpRequest> http) {
  /**
   * Checks for nulls.
   *
   * @param source the caller
   * @param destination the service called
   * @param http the HTTP attributes; empty for an L4 request
   * @throws NullPointerException if an argument is null
   */
  public Witness {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(http, "http");
  }

  /**
   * Asks a set whether it lets this request through.
   *
   * @param set the intentions
   * @param defaultPolicy what to do when no intention decides
   * @return whether the set allows the request
   */
  public boolean allowedBy(IntentionSet set, DefaultPolicy defaultPolicy) {
    return http.isEmpty()
        ? set.decide(source, destination, defaultPolicy).allowed()
        : set.decide(source, destination, http.get(), defaultPolicy).allowed();
  }
}
