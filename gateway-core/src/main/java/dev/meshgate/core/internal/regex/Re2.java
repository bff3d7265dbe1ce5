package dev.meshgate.core.internal.regex;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/*
 * Consul hands PathRegex and the header and query-parameter Regex values to Envoy, whose safe_regex
 * runs Google RE2 and requires the whole value to match. RE2/J implements the same syntax and the
 * same linear-time automaton, so a regex means here what it means to Envoy, and matching request
 * data can never backtrack. Two differences remain: Envoy refuses programs larger than its
 * re2.max_program_size (100 by default) while this accepts any size RE2/J compiles, and RE2/J
 * matches Java strings (UTF-16) where RE2 matches bytes, which only matters for invalid UTF-8.
 * Intentions apply the stricter acceptance rules of Regexes on top; both match through FullMatch.
 */

/**
 * Compiling and running RE2 regexes with RE2/J: a match takes time linear in the value, whatever
 * the regex. Stateless and thread-safe.
 */
public final class Re2 {
  private Re2() {}

  /**
   * Compiles a regex that {@link #problem} (or {@link Regexes#problem}) accepted.
   *
   * @param regex the regex
   * @return the compiled pattern
   * @throws com.google.re2j.PatternSyntaxException if RE2/J cannot compile it
   */
  public static Pattern compile(String regex) {
    return Pattern.compile(regex);
  }

  /**
   * Returns why a regex is not a valid RE2 regex, by RE2/J's syntax alone.
   *
   * @param regex the regex
   * @return RE2/J's message, or {@code null} when the regex compiles
   */
  public static String problem(String regex) {
    try {
      Pattern.compile(regex);
      return null;
    } catch (PatternSyntaxException e) {
      return e.getMessage();
    } catch (RuntimeException | StackOverflowError e) {
      return e.getClass().getSimpleName();
    }
  }

  /**
   * Returns a literal every full match starts with, or empty when there is none to rely on: the
   * leading run of plain characters, without its last one when a quantifier follows it. Regexes
   * with an alternation anywhere get none (the run might belong to one branch). Matching checks
   * this prefix first, so a request that cannot match never reaches RE2/J, which allocates.
   */
  static String requiredPrefix(String regex) {
    if (regex.indexOf('|') >= 0) {
      return "";
    }
    int i = 0;
    while (i < regex.length() && "\\.+*?()[]{}^$".indexOf(regex.charAt(i)) < 0) {
      i++;
    }
    if (i < regex.length() && "*?{".indexOf(regex.charAt(i)) >= 0) {
      i--;
    }
    return regex.substring(0, Math.max(i, 0));
  }

  /** A compiled regex with its required prefix, matched against whole values. Immutable and thread-safe. */
  public static final class FullMatch {
    private final Pattern pattern;
    private final String prefix;

    /**
     * Compiles a regex that {@link Re2#problem} (or {@link Regexes#problem}) accepted.
     *
     * @param regex the regex
     * @throws com.google.re2j.PatternSyntaxException if RE2/J cannot compile it
     */
    public FullMatch(String regex) {
      this.pattern = compile(regex);
      this.prefix = requiredPrefix(regex);
    }

    /**
     * Tells whether the whole of a value matches, as Envoy's {@code safe_regex} does; a value that
     * does not start with the required prefix is rejected without running RE2/J.
     *
     * @param input the value
     * @return true when the regex matches all of it
     */
    public boolean matches(CharSequence input) {
      if (input.length() < prefix.length()) {
        return false;
      }
      for (int i = 0; i < prefix.length(); i++) {
        if (input.charAt(i) != prefix.charAt(i)) {
          return false;
        }
      }
      return pattern.matcher(input).matches();
    }
  }
}
