package dev.meshgate.examples.consul;

import dev.meshgate.core.intentions.DefaultPolicy;
import dev.meshgate.core.intentions.DestinationService;
import dev.meshgate.core.intentions.HttpRequest;
import dev.meshgate.core.intentions.IntentionHttpHeaderPermission;
import dev.meshgate.core.intentions.IntentionHttpPermission;
import dev.meshgate.core.intentions.SourceIdentity;
import dev.meshgate.core.intentions.analysis.IntentionQuery;
import dev.meshgate.examples.Io;
import dev.meshgate.examples.UsageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code intention check|diff|can}: intentions in directories of Consul config entries.
 *
 * <p>{@code check --entries DIR SOURCE DESTINATION [--method M] [--path P] [--header K=V ...]
 * [--default-policy allow|deny]} exits 0 allowed, 2 denied, 1 when the entries cannot be loaded.
 * {@code diff --before DIR --after DIR} prints each class of requests the two directories decide
 * differently as a JSON line; exit 0 when nothing changes, 1 when something does (or the diff is
 * partial), 2 when entries cannot be loaded. {@code can --entries DIR SOURCE DESTINATION [--method
 * M] [--path-prefix P] [--header K=V]... [--decision allow|deny]} answers whether any such request
 * can get the decision: exit 0 yes, 1 proven no, 2 unknown or not loaded. A usage error exits with
 * 64 (BSD's {@code EX_USAGE}), because 2 already means "denied" or "unknown" here.
 */
@Command(name = "intention", exitCodeOnInvalidInput = IntentionCommand.USAGE,
    description = "Check, diff and query intentions in directories of Consul config entries.")
public final class IntentionCommand implements Callable<Integer> {
  /** The exit status of a usage error: BSD's {@code EX_USAGE}. */
  public static final int USAGE = 64;

  private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";
  private static final String ENTRIES = "a directory of Consul config entries (*.json)";
  private static final String SOURCE = "name, namespace/name or partition/namespace/name; peer:... for a caller "
      + "from a cluster peer";
  private static final String POLICY = "what no intention matches decides: allow or deny (default deny)";

  @Spec
  private CommandSpec spec;

  private final Io io;

  /**
   * Creates the command.
   *
   * @param io where the answers (out) and the entries' problems (err) go
   */
  public IntentionCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing action (expected: check, diff or can)");
  }

  @Command(name = "check", exitCodeOnInvalidInput = USAGE, sortOptions = false,
      description = {"Decide one connection or request from SOURCE to DESTINATION.",
          "Prints Allowed or Denied and the explanation. --method, --path or --header make it an HTTP (L7) check "
              + "(method GET, path / unless given).",
          "Exit status: 0 allowed, 2 denied, 1 entries not loaded, 64 usage error."})
  int check(@Mixin Query query,
      @Option(names = "--path", paramLabel = "P", description = "the request's path") String path)
      throws UsageException {
    quietLoader();
    DefaultPolicy defaultPolicy = policy(query.policy);
    SourceIdentity source = source(query.source);
    DestinationService destination = destination(query.destination);
    Optional<HttpRequest> request = Optional.empty();
    List<String[]> pairs = headerPairs(query.headers);
    if (query.method != null || path != null || !pairs.isEmpty()) {
      HttpRequest.Builder b = HttpRequest.builder().method(query.method == null ? "GET" : query.method)
          .path(path == null ? "/" : path);
      for (String[] h : pairs) {
        b.header(h[0], h[1]);
      }
      try {
        request = Optional.of(b.build());
      } catch (IllegalArgumentException e) {
        throw new UsageException("--method: " + e.getMessage());
      }
    }
    return IntentionCheck.check(query.entries, source, destination, request, defaultPolicy, io.out(), io.err());
  }

  @Command(name = "diff", exitCodeOnInvalidInput = USAGE, sortOptions = false,
      description = {"Print every class of requests two directories of entries decide differently.",
          "One JSON line each, with a witness request.",
          "Exit status: 0 no change, 1 changes (or a partial diff), 2 entries not loaded, 64 usage error."})
  int diff(
      @Option(names = "--before", required = true, paramLabel = "DIR", description = ENTRIES) Path before,
      @Option(names = "--after", required = true, paramLabel = "DIR", description = ENTRIES) Path after,
      @Option(names = "--default-policy", paramLabel = "allow|deny", defaultValue = "deny", description = POLICY)
          String policy) throws UsageException {
    quietLoader();
    return IntentionAnalysis.diff(before, after, policy(policy), io.out(), io.err());
  }

  @Command(name = "can", exitCodeOnInvalidInput = USAGE, sortOptions = false,
      description = {"Tell whether any request meeting the conditions can get the decision.",
          "Can any request from SOURCE (namespace and name may be *) to DESTINATION that meets the conditions be "
              + "allowed (or denied, with --decision deny)? Prints one JSON line.",
          "Exit status: 0 yes, 1 proven no, 2 unknown or entries not loaded, 64 usage error."})
  int can(@Mixin Query query,
      @Option(names = "--path-prefix", paramLabel = "P", description = "the requests' path starts with P")
          String prefix,
      @Option(names = "--decision", paramLabel = "allow|deny", defaultValue = "allow",
          description = "the decision asked about (default allow)") String decision) throws UsageException {
    quietLoader();
    boolean allowed = switch (decision) {
      case "allow" -> true;
      case "deny" -> false;
      default -> throw new UsageException("--decision: \"" + decision + "\" (expected: allow or deny)");
    };
    List<IntentionHttpHeaderPermission> exact = new ArrayList<>();
    for (String[] h : headerPairs(query.headers)) {
      try {
        exact.add(IntentionHttpHeaderPermission.builder().name(h[0]).exact(h[1]).build());
      } catch (IllegalArgumentException e) {
        throw new UsageException("--header: " + e.getMessage());
      }
    }
    IntentionQuery asked = sourcePattern(query.source, destination(query.destination));
    if (query.method != null || prefix != null || !exact.isEmpty()) {
      asked = asked.withHttp(new IntentionHttpPermission("", prefix == null ? "" : prefix, "", exact,
          query.method == null ? List.of() : List.of(query.method)));
    }
    return IntentionAnalysis.can(query.entries, asked, allowed, policy(query.policy), io.out(), io.err());
  }

  /** What {@code check} and {@code can} both take: the entries, who calls whom, and how. */
  static final class Query {
    @Option(names = "--entries", required = true, paramLabel = "DIR", description = ENTRIES)
    Path entries;

    @Parameters(index = "0", paramLabel = "SOURCE", description = SOURCE)
    String source;

    @Parameters(index = "1", paramLabel = "DESTINATION", description = "[[partition/]namespace/]name")
    String destination;

    @Option(names = "--method", paramLabel = "M", description = "the request's method")
    String method;

    @Option(names = "--header", paramLabel = "NAME=VALUE", description = "a request header (repeatable)")
    List<String> headers;

    @Option(names = "--default-policy", paramLabel = "allow|deny", defaultValue = "deny", description = POLICY)
    String policy;
  }

  /**
   * stderr carries the entries' problems one a line; the loader's INFO summary would be noise there.
   * Set before the first logger exists; a level the user chose is kept.
   */
  private static void quietLoader() {
    if (System.getProperty(LOG_LEVEL) == null) {
      System.setProperty(LOG_LEVEL, "warn");
    }
  }

  private static List<String[]> headerPairs(List<String> headers) throws UsageException {
    List<String[]> pairs = new ArrayList<>();
    for (String v : headers == null ? List.<String>of() : headers) {
      int eq = v.indexOf('=');
      if (eq <= 0) {
        throw new UsageException("--header: \"" + v + "\" (expected: NAME=VALUE)");
      }
      pairs.add(new String[] {v.substring(0, eq), v.substring(eq + 1)});
    }
    return pairs;
  }

  private static DefaultPolicy policy(String policy) throws UsageException {
    return switch (policy) {
      case "allow" -> DefaultPolicy.ALLOW;
      case "deny" -> DefaultPolicy.DENY;
      default -> throw new UsageException("--default-policy: \"" + policy + "\" (expected: allow or deny)");
    };
  }

  /** Reads {@code [peer:][[partition/]namespace/]name}, where namespace and name may be {@code *}. */
  static IntentionQuery sourcePattern(String text, DestinationService destination) throws UsageException {
    String[] p = sourceParts(text);
    try {
      return new IntentionQuery(p[0], p[1], p[2], p[3], Set.of(), destination, Optional.empty());
    } catch (IllegalArgumentException e) {
      throw new UsageException("SOURCE: " + e.getMessage());
    }
  }

  static SourceIdentity source(String text) throws UsageException {
    String[] p = sourceParts(text);
    try {
      return new SourceIdentity(p[3], p[2], p[1], p[0]);
    } catch (IllegalArgumentException e) {
      throw new UsageException("SOURCE: " + e.getMessage());
    }
  }

  /** Splits {@code [peer:][[partition/]namespace/]name} into peer, partition, namespace, name. */
  private static String[] sourceParts(String text) throws UsageException {
    int colon = text.indexOf(':');
    String[] p = parts("SOURCE", text, colon >= 0 ? text.substring(colon + 1) : text);
    return new String[] {colon >= 0 ? text.substring(0, colon) : "", p[0], p[1], p[2]};
  }

  static DestinationService destination(String text) throws UsageException {
    String[] parts = parts("DESTINATION", text, text);
    try {
      return new DestinationService(parts[2], parts[1], parts[0]);
    } catch (IllegalArgumentException e) {
      throw new UsageException("DESTINATION: " + e.getMessage());
    }
  }

  /** Splits {@code [[partition/]namespace/]name} into partition, namespace, name. */
  private static String[] parts(String what, String text, String rest) throws UsageException {
    String[] p = rest.split("/", -1);
    return switch (p.length) {
      case 1 -> new String[] {"", "", p[0]};
      case 2 -> new String[] {"", p[0], p[1]};
      case 3 -> new String[] {p[0], p[1], p[2]};
      default -> throw new UsageException(what + ": \"" + text + "\" (expected: [[partition/]namespace/]name)");
    };
  }
}
