package dev.meshgate.examples.consul;

import dev.meshgate.core.intentions.DefaultPolicy;
import dev.meshgate.core.intentions.DestinationService;
import dev.meshgate.core.intentions.HttpRequest;
import dev.meshgate.core.intentions.IntentionHttpHeaderPermission;
import dev.meshgate.core.intentions.IntentionHttpPermission;
import dev.meshgate.core.intentions.SourceIdentity;
import dev.meshgate.core.intentions.analysis.IntentionQuery;
import dev.meshgate.examples.Subcommand;
import dev.meshgate.examples.UsageException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code intention check --entries DIR SOURCE DESTINATION [--method M] [--path P] [--header K=V
 * ...] [--default-policy allow|deny]}. Exit statuses: 0 allowed, 2 denied, 1 when the entries
 * cannot be loaded, and 64 (BSD's {@code EX_USAGE}) for a usage error, because 2, the jar's usage
 * status elsewhere, already means "denied" here.
 *
 * <p>{@code intention diff --before DIR --after DIR [--default-policy allow|deny]} prints each
 * class of requests the two directories decide differently as a JSON line; exit 0 when nothing
 * changes, 1 when something does (or the diff is partial), 2 when entries cannot be loaded.
 * {@code intention can --entries DIR SOURCE DESTINATION [--method M] [--path-prefix P] [--header
 * K=V]... [--decision allow|deny]} answers whether any such request can get the decision: exit 0
 * yes, 1 proven no, 2 unknown or not loaded. Stateless.
 */
public final class IntentionSubcommand implements Subcommand {
  /** The exit status of a usage error: BSD's {@code EX_USAGE}. */
  public static final int USAGE = 64;

  private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

  /** Creates the subcommand. */
  public IntentionSubcommand() {}

  @Override
  public String summary() {
    return "check, diff and query intentions in directories of Consul config entries";
  }

  @Override
  public String usage() {
    return """
        usage: intention check --entries DIR SOURCE DESTINATION [--method M] [--path P] [--header K=V]...
                               [--default-policy allow|deny]
          SOURCE and DESTINATION: name, namespace/name or partition/namespace/name; a SOURCE may start
          with peer: for a caller from a cluster peer. --method, --path or --header make it an HTTP (L7)
          check (method GET, path / unless given). --default-policy decides what no intention matches
          (default: deny). Prints Allowed or Denied and the explanation.
          Exit status: 0 allowed, 2 denied, 1 entries not loaded, 64 usage error.
        usage: intention diff --before DIR --after DIR [--default-policy allow|deny]
          Prints every class of requests the two directories decide differently, one JSON line each,
          with a witness request. Exit status: 0 no change, 1 changes (or a partial diff), 2 entries
          not loaded, 64 usage error.
        usage: intention can --entries DIR SOURCE DESTINATION [--method M] [--path-prefix P]
                             [--header K=V]... [--decision allow|deny] [--default-policy allow|deny]
          Can any request from SOURCE (namespace and name may be *) to DESTINATION that meets the
          conditions be allowed (or denied, with --decision deny)? Prints one JSON line. Exit status:
          0 yes, 1 proven no, 2 unknown or entries not loaded, 64 usage error.
        """;
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    // stderr carries the entries' problems one a line; the loader's INFO summary would be noise
    // there. Set before the first logger exists; a level the user chose is kept.
    if (System.getProperty(LOG_LEVEL) == null) {
      System.setProperty(LOG_LEVEL, "warn");
    }
    try {
      return parseAndCheck(args, out, err);
    } catch (UsageException e) {
      err.println("intention: " + e.getMessage());
      err.print(usage());
      return USAGE;
    }
  }

  private static int parseAndCheck(List<String> args, PrintStream out, PrintStream err) throws UsageException {
    if (args.isEmpty() || !List.of("check", "diff", "can").contains(args.get(0))) {
      throw new UsageException((args.isEmpty() ? "missing action" : "\"" + args.get(0) + "\": unknown action")
          + " (expected: check, diff or can)");
    }
    if (args.get(0).equals("diff")) {
      return parseAndDiff(args, out, err);
    }
    if (args.get(0).equals("can")) {
      return parseAndQuery(args, out, err);
    }
    String entries = null;
    String method = null;
    String path = null;
    String policy = null;
    List<String[]> headers = new ArrayList<>();
    List<String> positional = new ArrayList<>();
    for (int i = 1; i < args.size(); i++) {
      String a = args.get(i);
      if (!a.startsWith("--")) {
        positional.add(a);
        continue;
      }
      if (i + 1 == args.size()) {
        throw new UsageException(a + ": missing value");
      }
      String v = args.get(++i);
      switch (a) {
        case "--entries" -> entries = once(a, entries, v);
        case "--method" -> method = once(a, method, v);
        case "--path" -> path = once(a, path, v);
        case "--default-policy" -> policy = once(a, policy, v);
        case "--header" -> {
          int eq = v.indexOf('=');
          if (eq <= 0) {
            throw new UsageException("--header: \"" + v + "\" (expected: NAME=VALUE)");
          }
          headers.add(new String[] {v.substring(0, eq), v.substring(eq + 1)});
        }
        default -> throw new UsageException(a + ": unknown option (expected: one of --default-policy, --entries, "
            + "--header, --method, --path)");
      }
    }
    if (entries == null) {
      throw new UsageException("--entries: missing (expected: a directory of config entries)");
    }
    if (positional.size() != 2) {
      throw new UsageException("expected SOURCE and DESTINATION, got " + positional.size() + " arguments");
    }
    DefaultPolicy defaultPolicy = switch (policy == null ? "deny" : policy) {
      case "allow" -> DefaultPolicy.ALLOW;
      case "deny" -> DefaultPolicy.DENY;
      default -> throw new UsageException("--default-policy: \"" + policy + "\" (expected: allow or deny)");
    };
    SourceIdentity source = source(positional.get(0));
    DestinationService destination = destination(positional.get(1));
    Optional<HttpRequest> request = Optional.empty();
    if (method != null || path != null || !headers.isEmpty()) {
      HttpRequest.Builder b = HttpRequest.builder().method(method == null ? "GET" : method).path(path == null ? "/" : path);
      for (String[] h : headers) {
        b.header(h[0], h[1]);
      }
      try {
        request = Optional.of(b.build());
      } catch (IllegalArgumentException e) {
        throw new UsageException("--method: " + e.getMessage());
      }
    }
    return IntentionCheck.check(Path.of(entries), source, destination, request, defaultPolicy, out, err);
  }

  private static int parseAndDiff(List<String> args, PrintStream out, PrintStream err) throws UsageException {
    String before = null;
    String after = null;
    String policy = null;
    for (int i = 1; i < args.size(); i++) {
      String a = args.get(i);
      if (!a.startsWith("--")) {
        throw new UsageException("\"" + a + "\": unexpected argument (expected: options only)");
      }
      if (i + 1 == args.size()) {
        throw new UsageException(a + ": missing value");
      }
      String v = args.get(++i);
      switch (a) {
        case "--before" -> before = once(a, before, v);
        case "--after" -> after = once(a, after, v);
        case "--default-policy" -> policy = once(a, policy, v);
        default -> throw new UsageException(a + ": unknown option (expected: one of --after, --before, "
            + "--default-policy)");
      }
    }
    if (before == null || after == null) {
      throw new UsageException((before == null ? "--before" : "--after")
          + ": missing (expected: a directory of config entries)");
    }
    return IntentionAnalysis.diff(Path.of(before), Path.of(after), policy(policy), out, err);
  }

  private static int parseAndQuery(List<String> args, PrintStream out, PrintStream err) throws UsageException {
    String entries = null;
    String method = null;
    String prefix = null;
    String policy = null;
    String decision = null;
    List<IntentionHttpHeaderPermission> headers = new ArrayList<>();
    List<String> positional = new ArrayList<>();
    for (int i = 1; i < args.size(); i++) {
      String a = args.get(i);
      if (!a.startsWith("--")) {
        positional.add(a);
        continue;
      }
      if (i + 1 == args.size()) {
        throw new UsageException(a + ": missing value");
      }
      String v = args.get(++i);
      switch (a) {
        case "--entries" -> entries = once(a, entries, v);
        case "--method" -> method = once(a, method, v);
        case "--path-prefix" -> prefix = once(a, prefix, v);
        case "--default-policy" -> policy = once(a, policy, v);
        case "--decision" -> decision = once(a, decision, v);
        case "--header" -> {
          int eq = v.indexOf('=');
          if (eq <= 0) {
            throw new UsageException("--header: \"" + v + "\" (expected: NAME=VALUE)");
          }
          try {
            headers.add(IntentionHttpHeaderPermission.builder().name(v.substring(0, eq)).exact(v.substring(eq + 1))
                .build());
          } catch (IllegalArgumentException e) {
            throw new UsageException("--header: " + e.getMessage());
          }
        }
        default -> throw new UsageException(a + ": unknown option (expected: one of --decision, --default-policy, "
            + "--entries, --header, --method, --path-prefix)");
      }
    }
    if (entries == null) {
      throw new UsageException("--entries: missing (expected: a directory of config entries)");
    }
    if (positional.size() != 2) {
      throw new UsageException("expected SOURCE and DESTINATION, got " + positional.size() + " arguments");
    }
    boolean allowed = switch (decision == null ? "allow" : decision) {
      case "allow" -> true;
      case "deny" -> false;
      default -> throw new UsageException("--decision: \"" + decision + "\" (expected: allow or deny)");
    };
    IntentionQuery query = sourcePattern(positional.get(0), destination(positional.get(1)));
    if (method != null || prefix != null || !headers.isEmpty()) {
      query = query.withHttp(new IntentionHttpPermission("", prefix == null ? "" : prefix, "", headers,
          method == null ? List.of() : List.of(method)));
    }
    return IntentionAnalysis.can(Path.of(entries), query, allowed, policy(policy), out, err);
  }

  private static DefaultPolicy policy(String policy) throws UsageException {
    return switch (policy == null ? "deny" : policy) {
      case "allow" -> DefaultPolicy.ALLOW;
      case "deny" -> DefaultPolicy.DENY;
      default -> throw new UsageException("--default-policy: \"" + policy + "\" (expected: allow or deny)");
    };
  }

  /** Reads {@code [peer:][[partition/]namespace/]name}, where namespace and name may be {@code *}. */
  static IntentionQuery sourcePattern(String text, DestinationService destination) throws UsageException {
    String peer = "";
    String rest = text;
    int colon = text.indexOf(':');
    if (colon >= 0) {
      peer = text.substring(0, colon);
      rest = text.substring(colon + 1);
    }
    String[] parts = parts("SOURCE", text, rest);
    try {
      return new IntentionQuery(peer, parts[0], parts[1], parts[2], java.util.Set.of(), destination, Optional.empty());
    } catch (IllegalArgumentException e) {
      throw new UsageException("SOURCE: " + e.getMessage());
    }
  }

  private static String once(String option, String earlier, String value) throws UsageException {
    if (earlier != null) {
      throw new UsageException(option + ": \"" + value + "\" (expected: once; it was already \"" + earlier + "\")");
    }
    return value;
  }

  static SourceIdentity source(String text) throws UsageException {
    String peer = "";
    String rest = text;
    int colon = text.indexOf(':');
    if (colon >= 0) {
      peer = text.substring(0, colon);
      rest = text.substring(colon + 1);
    }
    String[] parts = parts("SOURCE", text, rest);
    try {
      return new SourceIdentity(parts[2], parts[1], parts[0], peer);
    } catch (IllegalArgumentException e) {
      throw new UsageException("SOURCE: " + e.getMessage());
    }
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
