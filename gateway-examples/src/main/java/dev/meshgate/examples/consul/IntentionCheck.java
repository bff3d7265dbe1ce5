package dev.meshgate.examples.consul;

import dev.meshgate.consul.config.ConfigDirectory;
import dev.meshgate.consul.config.ConfigProblem;
import dev.meshgate.core.intentions.Decision;
import dev.meshgate.core.intentions.DefaultPolicy;
import dev.meshgate.core.intentions.DestinationService;
import dev.meshgate.core.intentions.HttpRequest;
import dev.meshgate.core.intentions.SourceIdentity;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The work of {@code intention check}, apart from any command-line parsing: loads a directory of
 * config entries and decides one request, as {@code consul intention check} does, L7 included.
 * Stateless.
 */
public final class IntentionCheck {
  /** Exit status when the request is allowed. */
  public static final int ALLOWED = 0;

  /** Exit status when the config could not be loaded into intentions. */
  public static final int FAILED = 1;

  /** Exit status when the request is denied. */
  public static final int DENIED = 2;

  private IntentionCheck() {}

  /**
   * Decides one request and prints {@code Allowed} or {@code Denied}, then the explanation.
   *
   * @param entries the directory of config entries
   * @param source the caller
   * @param destination the service called
   * @param request the HTTP attributes, or empty for an L4 check
   * @param defaultPolicy what decides when no intention does
   * @param out where the answer goes
   * @param err where config problems go
   * @return {@link #ALLOWED}, {@link #DENIED}, or {@link #FAILED} when an intentions entry is
   *     invalid (intentions fail closed) or the directory cannot be read
   */
  public static int check(Path entries, SourceIdentity source, DestinationService destination,
      Optional<HttpRequest> request, DefaultPolicy defaultPolicy, PrintStream out, PrintStream err) {
    ConfigDirectory dir;
    try {
      dir = ConfigDirectory.load(entries, defaultPolicy);
    } catch (IOException e) {
      err.println(entries + ": cannot be read: " + e);
      return FAILED;
    }
    for (ConfigProblem p : dir.errors()) {
      err.println(p);
    }
    if (!dir.hasIntentions()) {
      err.println("intentions were not loaded: fix the problems above");
      return FAILED;
    }
    Decision d = request.isPresent() ? dir.decide(source, destination, request.get())
        : dir.decide(source, destination);
    out.println(d.allowed() ? "Allowed" : "Denied");
    out.println(d.text());
    return d.allowed() ? ALLOWED : DENIED;
  }
}
