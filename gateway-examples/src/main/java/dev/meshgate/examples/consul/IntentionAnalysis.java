package dev.meshgate.examples.consul;

import dev.meshgate.consul.config.ConfigDirectory;
import dev.meshgate.consul.config.ConfigProblem;
import dev.meshgate.core.intentions.DefaultPolicy;
import dev.meshgate.core.intentions.HttpRequest;
import dev.meshgate.core.intentions.IntentionSet;
import dev.meshgate.core.intentions.VerifiedJwt;
import dev.meshgate.core.intentions.analysis.ChangedClass;
import dev.meshgate.core.intentions.analysis.IntentionDiff;
import dev.meshgate.core.intentions.analysis.IntentionQuery;
import dev.meshgate.core.intentions.analysis.Reachability;
import dev.meshgate.core.intentions.analysis.Witness;
import dev.meshgate.examples.JsonString;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The work of {@code intention diff} and {@code intention can}, apart from command-line parsing:
 * loads directories of config entries and prints what the analysis finds, one JSON object a line.
 * Stateless.
 */
public final class IntentionAnalysis {
  /** Exit status of {@code diff} when no request changes decision, and of {@code can} when one can. */
  public static final int NO_CHANGE = 0;

  /**
   * Exit status of {@code diff} when some request changes decision or the diff is partial (a CI
   * gate must not pass what was not analysed); of {@code can} when no request can, proven.
   */
  public static final int CHANGED = 1;

  /** Exit status when entries cannot be loaded, or {@code can} could not analyse everything. */
  public static final int FAILED = 2;

  private IntentionAnalysis() {}

  /**
   * Prints each class of requests the two directories' intentions decide differently.
   *
   * @param before the directory in force
   * @param after the directory that would replace it
   * @param defaultPolicy the default policy of both
   * @param out where the JSON lines go
   * @param err where config problems and unanalysed classes go
   * @return {@link #NO_CHANGE}, {@link #CHANGED} or {@link #FAILED}
   */
  public static int diff(Path before, Path after, DefaultPolicy defaultPolicy, PrintStream out, PrintStream err) {
    IntentionSet b = load(before, defaultPolicy, err);
    IntentionSet a = load(after, defaultPolicy, err);
    if (b == null || a == null) {
      return FAILED;
    }
    IntentionDiff diff = IntentionDiff.between(b, a, defaultPolicy);
    for (ChangedClass c : diff.changes()) {
      StringBuilder line = new StringBuilder("{\"class\": ");
      JsonString.append(c.describe(), line);
      line.append(", \"before\": {\"allowed\": ").append(c.allowedBefore()).append("}, \"after\": {\"allowed\": ")
          .append(c.allowedAfter()).append("}, \"witness\": ");
      witness(c.witness(), line);
      out.println(line.append('}'));
    }
    for (String u : diff.unanalysed()) {
      err.println("not analysed: " + u);
    }
    return diff.isEmpty() && diff.complete() ? NO_CHANGE : CHANGED;
  }

  /**
   * Answers a reachability query and prints {@code {"possible": true, "witness": ...}}, or {@code
   * {"possible": false, "proven": true|false}}.
   *
   * @param entries the directory
   * @param query the question
   * @param allowed whether to ask about allowing (else denying)
   * @param defaultPolicy the default policy
   * @param out where the answer goes
   * @param err where config problems and unanalysed classes go
   * @return {@link #NO_CHANGE} when possible, {@link #CHANGED} when proven impossible, {@link
   *     #FAILED} otherwise
   */
  public static int can(
      Path entries, IntentionQuery query, boolean allowed, DefaultPolicy defaultPolicy, PrintStream out,
      PrintStream err) {
    IntentionSet set = load(entries, defaultPolicy, err);
    if (set == null) {
      return FAILED;
    }
    Reachability r = allowed ? query.canBeAllowed(set, defaultPolicy) : query.canBeDenied(set, defaultPolicy);
    for (String u : r.unanalysed()) {
      err.println("not analysed: " + u);
    }
    StringBuilder line = new StringBuilder("{\"possible\": ").append(r.possible());
    if (r.possible()) {
      line.append(", \"witness\": ");
      witness(r.witness().orElseThrow(), line);
    } else {
      line.append(", \"proven\": ").append(r.provenImpossible());
    }
    out.println(line.append('}'));
    return r.possible() ? NO_CHANGE : r.provenImpossible() ? CHANGED : FAILED;
  }

  private static IntentionSet load(Path directory, DefaultPolicy policy, PrintStream err) {
    ConfigDirectory dir;
    try {
      dir = ConfigDirectory.load(directory, policy);
    } catch (IOException e) {
      err.println(directory + ": cannot be read: " + e);
      return null;
    }
    for (ConfigProblem p : dir.errors()) {
      err.println(directory + ": " + p);
    }
    if (!dir.hasIntentions()) {
      err.println(directory + ": intentions were not loaded: fix the problems above");
      return null;
    }
    return dir.intentions();
  }

  static void witness(Witness w, StringBuilder out) {
    out.append("{\"source\": {\"name\": ");
    JsonString.append(w.source().name(), out);
    out.append(", \"namespace\": ");
    JsonString.append(w.source().namespace(), out);
    out.append(", \"partition\": ");
    JsonString.append(w.source().partition(), out);
    out.append(", \"peer\": ");
    JsonString.append(w.source().peer(), out);
    out.append("}, \"destination\": {\"name\": ");
    JsonString.append(w.destination().name(), out);
    out.append(", \"namespace\": ");
    JsonString.append(w.destination().namespace(), out);
    out.append(", \"partition\": ");
    JsonString.append(w.destination().partition(), out);
    out.append("}, \"http\": ");
    if (w.http().isEmpty()) {
      out.append("null}");
      return;
    }
    HttpRequest h = w.http().get();
    out.append("{\"method\": ");
    JsonString.append(h.method(), out);
    out.append(", \"path\": ");
    JsonString.append(h.path(), out);
    out.append(", \"headers\": ");
    value(h.headers(), out);
    out.append(", \"jwt\": ");
    if (h.jwt().isEmpty()) {
      out.append("null");
    } else {
      VerifiedJwt jwt = h.jwt().get();
      out.append("{\"issuer\": ");
      JsonString.append(jwt.issuer(), out);
      out.append(", \"claims\": ");
      value(jwt.claims(), out);
      out.append('}');
    }
    out.append("}}");
  }

  /** Writes the JSON of a claim or header value: strings, lists and maps of them, or null. */
  private static void value(Object v, StringBuilder out) {
    if (v instanceof Map<?, ?> map) {
      out.append('{');
      String sep = "";
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.append(sep);
        JsonString.append(String.valueOf(e.getKey()), out);
        out.append(": ");
        value(e.getValue(), out);
        sep = ", ";
      }
      out.append('}');
    } else if (v instanceof List<?> list) {
      out.append('[');
      String sep = "";
      for (Object e : list) {
        out.append(sep);
        value(e, out);
        sep = ", ";
      }
      out.append(']');
    } else if (v == null) {
      out.append("null");
    } else if (v instanceof String s) {
      JsonString.append(s, out);
    } else {
      out.append(v);
    }
  }
}
