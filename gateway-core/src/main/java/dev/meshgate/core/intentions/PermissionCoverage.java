package dev.meshgate.core.intentions;

import dev.meshgate.core.internal.regex.Re2;
import dev.meshgate.core.internal.regex.Regexes;
import java.util.List;
import java.util.Map;

/**
 * Decides, conservatively, whether one permission matches every request another matches: "true"
 * is a proof, "false" means "not shown". Used by {@link IntentionLint} to find unreachable
 * permissions.
 */
final class PermissionCoverage {
  private PermissionCoverage() {}

  static boolean covers(IntentionPermission earlier, IntentionPermission later, Map<String, Re2.FullMatch> patterns) {
    if (earlier.http().isEmpty() || later.http().isEmpty()) {
      return false;
    }
    if (!earlier.jwt().isEmpty() && !earlier.jwt().equals(later.jwt())) {
      return false;
    }
    IntentionHttpPermission a = earlier.http().get();
    IntentionHttpPermission b = later.http().get();
    return pathCovers(a, b, patterns) && methodsCover(a.methods(), b.methods()) && headersCover(a, b, patterns);
  }

  private static boolean pathCovers(IntentionHttpPermission a, IntentionHttpPermission b,
      Map<String, Re2.FullMatch> patterns) {
    if (a.pathExact().isEmpty() && a.pathPrefix().isEmpty() && a.pathRegex().isEmpty()) {
      return true;
    }
    if (!a.pathExact().isEmpty()) {
      return a.pathExact().equals(b.pathExact());
    }
    if (!a.pathPrefix().isEmpty()) {
      return (!b.pathExact().isEmpty() && b.pathExact().startsWith(a.pathPrefix()))
          || (!b.pathPrefix().isEmpty() && b.pathPrefix().startsWith(a.pathPrefix()));
    }
    if (a.pathRegex().equals(b.pathRegex())) {
      return true;
    }
    return !b.pathExact().isEmpty() && fullMatch(a.pathRegex(), b.pathExact(), patterns);
  }

  private static boolean methodsCover(List<String> a, List<String> b) {
    return a.isEmpty() || (!b.isEmpty() && a.containsAll(b));
  }

  private static boolean headersCover(IntentionHttpPermission a, IntentionHttpPermission b,
      Map<String, Re2.FullMatch> patterns) {
    for (IntentionHttpHeaderPermission needed : a.header()) {
      boolean implied = false;
      for (IntentionHttpHeaderPermission given : b.header()) {
        if (implies(given, needed, patterns)) {
          implied = true;
          break;
        }
      }
      if (!implied) {
        return false;
      }
    }
    return true;
  }

  /** Whether every request satisfying {@code given} satisfies {@code needed}. */
  private static boolean implies(
      IntentionHttpHeaderPermission given, IntentionHttpHeaderPermission needed, Map<String, Re2.FullMatch> patterns) {
    if (EntryValidator.matcherCount(given) != 1 || EntryValidator.matcherCount(needed) != 1
        || !given.name().equalsIgnoreCase(needed.name())) {
      return false;
    }
    boolean givenAbsent = given.present() && given.invert();
    if (needed.present()) {
      // Any condition other than "must be absent" requires the header to be there: a missing
      // header fails every matcher, inverted or not.
      return needed.invert() ? givenAbsent : !givenAbsent;
    }
    if (given.equals(needed)) {
      return true;
    }
    if (given.invert() || needed.invert() || given.present()) {
      return false;
    }
    String value = !given.exact().isEmpty() ? given.exact() : null;
    if (!needed.prefix().isEmpty()) {
      return (value != null && value.startsWith(needed.prefix()))
          || (!given.prefix().isEmpty() && given.prefix().startsWith(needed.prefix()));
    }
    if (!needed.suffix().isEmpty()) {
      return (value != null && value.endsWith(needed.suffix()))
          || (!given.suffix().isEmpty() && given.suffix().endsWith(needed.suffix()));
    }
    if (!needed.regex().isEmpty()) {
      return value != null && fullMatch(needed.regex(), value, patterns);
    }
    return false;
  }

  private static boolean fullMatch(String regex, String value, Map<String, Re2.FullMatch> patterns) {
    if (Regexes.problem(regex) != null) {
      return false;
    }
    return patterns.computeIfAbsent(regex, Re2.FullMatch::new).matches(value);
  }
}
