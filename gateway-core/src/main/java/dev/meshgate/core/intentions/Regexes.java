package dev.meshgate.core.intentions;

import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/*
 * Consul hands PathRegex and header Regex to Envoy, which runs them with Google RE2; meshgate runs
 * them with java.util.regex. The two agree on the common syntax but not everywhere, so a regex is
 * accepted only when it means the same thing to both:
 *
 * - Rejected, Java-only: backreferences (\1, \k<n>) and octal escapes (\0n), lookahead and
 *   lookbehind, atomic groups (?>...), possessive quantifiers (a*+), class intersections
 *   ([a-z&&[^e]]), nested classes, escapes RE2 lacks or reads differently (\v is a vertical tab in
 *   RE2 but a class in Java; backslash-u, \e, \c, \h, \H, \V, \G, \Z, \R, \X, \N, \g), \p{...} names other
 *   than Unicode general categories (Java's \p{Alpha} and \p{javaLowerCase}), and inline flags other
 *   than i, m and s (Java's x, d, u, c; RE2's U means "ungreedy", Java's "Unicode classes"); and
 *   RE2's (?P<name>...), which Java cannot compile (both accept (?<name>...)).
 * - Rejected, RE2-only: POSIX classes such as [[:alpha:]] (Java would read them as a union of
 *   letters), repeat counts above 1000.
 * - Made equal by flags: UNIX_LINES, so '.' excludes only '\n' as in RE2; UNICODE_CASE, so (?i)
 *   folds beyond ASCII as RE2 does.
 * - Accepted differences: Java's \s also matches \x0B and Java's \b judges word characters by
 *   Unicode letters (inputs that are HTTP paths and header values rarely contain either); Envoy's
 *   RE2 "program size" limit (100 by default) has no Java counterpart, so a huge regex that Envoy
 *   would refuse is accepted here; and java.util.regex backtracks, so a pathological regex such as
 *   (a+)+$ can take exponential time where RE2 is linear. Intentions are written by operators, not
 *   callers, but review regexes with nested quantifiers.
 *
 * Matching is always a full match (Matcher.matches), as Envoy's safe_regex matchers are.
 */
final class Regexes {
  private static final int FLAGS = Pattern.UNIX_LINES | Pattern.UNICODE_CASE;
  private static final int MAX_REPEAT = 1000;
  private static final Set<String> GENERAL_CATEGORIES =
      Set.of(
          "C", "Cc", "Cf", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn", "N", "Nd", "Nl", "No",
          "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk", "Sm", "So", "Z", "Zl", "Zp", "Zs");
  private static final String RE2_ESCAPES = "aftnrxdDsSwWbBAzpP";

  private Regexes() {}

  /** Compiles a regex that {@link #problem} accepted. */
  static Pattern compile(String regex) {
    return Pattern.compile(regex, FLAGS);
  }

  /**
   * Returns why {@code regex} cannot be used, or {@code null} when it compiles and means the same
   * to RE2 and java.util.regex.
   */
  static String problem(String regex) {
    String incompatible = re2Difference(regex);
    if (incompatible != null) {
      return "uses " + incompatible + ", which RE2 (Envoy) and java.util.regex do not read alike";
    }
    try {
      Pattern.compile(regex, FLAGS);
      return null;
    } catch (PatternSyntaxException e) {
      return "is not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex();
    } catch (IllegalArgumentException | StackOverflowError e) {
      return "is not a valid regular expression: " + e.getClass().getSimpleName();
    }
  }

  /** Scans for constructs the two engines disagree on; returns a description or null. */
  static String re2Difference(String s) {
    int n = s.length();
    boolean inClass = false;
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (c == '\\') {
        if (i + 1 >= n) {
          return null; // a trailing backslash; the compiler reports it
        }
        char e = s.charAt(i + 1);
        if (e == 'Q') {
          int end = s.indexOf("\\E", i + 2);
          i = end < 0 ? n : end + 2;
          continue;
        }
        if (e >= '0' && e <= '9') {
          return "a backreference or octal escape (\\" + e + ")";
        }
        if (e == 'p' || e == 'P') {
          String name = propertyName(s, i + 2);
          if (name == null || !GENERAL_CATEGORIES.contains(name)) {
            return "a character property other than a Unicode general category (\\" + e + ")";
          }
          i += 2 + (s.charAt(i + 2) == '{' ? name.length() + 2 : 1);
          continue;
        }
        if (isAsciiLetter(e) && RE2_ESCAPES.indexOf(e) < 0) {
          return "the escape \\" + e;
        }
        i += 2;
        continue;
      }
      if (inClass) {
        if (c == '[') {
          return "a nested or POSIX character class ([ inside [...])";
        }
        if (c == '&' && i + 1 < n && s.charAt(i + 1) == '&') {
          return "a character class intersection (&&)";
        }
        if (c == ']') {
          inClass = false;
        }
        i++;
        continue;
      }
      switch (c) {
        case '[' -> {
          inClass = true;
          i++;
          if (i < n && s.charAt(i) == '^') {
            i++;
          }
          if (i < n && s.charAt(i) == ']') {
            i++; // a leading ']' is literal in both engines
          }
        }
        case '(' -> {
          String group = groupProblem(s, i);
          if (group != null) {
            return group;
          }
          i++;
        }
        case '*', '+', '?' -> {
          if (i + 1 < n && s.charAt(i + 1) == '+') {
            return "a possessive quantifier (" + c + "+)";
          }
          i++;
        }
        case '{' -> {
          int close = s.indexOf('}', i);
          if (close > 0 && isRepeat(s.substring(i + 1, close))) {
            for (String count : s.substring(i + 1, close).split(",", -1)) {
              if (!count.isEmpty() && (count.length() > 4 || Integer.parseInt(count) > MAX_REPEAT)) {
                return "a repeat count above " + MAX_REPEAT;
              }
            }
            if (close + 1 < n && s.charAt(close + 1) == '+') {
              return "a possessive quantifier (}+)";
            }
            i = close + 1;
          } else {
            i++;
          }
        }
        default -> i++;
      }
    }
    return null;
  }

  private static String groupProblem(String s, int open) {
    if (open + 1 >= s.length() || s.charAt(open + 1) != '?') {
      return null;
    }
    String rest = s.substring(open + 2);
    if (rest.startsWith("=") || rest.startsWith("!")) {
      return "lookahead";
    }
    if (rest.startsWith("<=") || rest.startsWith("<!")) {
      return "lookbehind";
    }
    if (rest.startsWith(">")) {
      return "an atomic group";
    }
    if (rest.startsWith("P")) {
      return "the named-group syntax (?P<name>...)";
    }
    if (rest.startsWith(":") || rest.startsWith("<")) {
      return null; // non-capturing or named groups
    }
    for (int i = 0; i < rest.length(); i++) {
      char f = rest.charAt(i);
      if (f == ':' || f == ')') {
        return null;
      }
      if (f != 'i' && f != 'm' && f != 's' && f != '-') {
        return "the inline flag " + f;
      }
    }
    return null;
  }

  private static String propertyName(String s, int at) {
    if (at >= s.length()) {
      return null;
    }
    if (s.charAt(at) != '{') {
      return String.valueOf(s.charAt(at));
    }
    int close = s.indexOf('}', at);
    return close < 0 ? null : s.substring(at + 1, close);
  }

  private static boolean isRepeat(String body) {
    if (body.isEmpty() || !Character.isDigit(body.charAt(0))) {
      return false;
    }
    int comma = 0;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == ',') {
        comma++;
      } else if (c < '0' || c > '9') {
        return false;
      }
    }
    return comma <= 1;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
