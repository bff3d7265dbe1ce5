package dev.meshgate.core.chain;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/*
 * Consul hands PathRegex and the header and query-parameter Regex values to Envoy, whose safe_regex
 * runs Google RE2 and requires the whole value to match. RE2/J implements the same syntax and the
 * same linear-time automaton, so a regex means here what it means to Envoy, and matching request
 * data can never backtrack. Two differences remain: Envoy refuses programs larger than its
 * re2.max_program_size (100 by default) while this accepts any size RE2/J compiles, and RE2/J
 * matches Java strings (UTF-16) where RE2 matches bytes, which only matters for invalid UTF-8.
 */
final class Re2 {
  private Re2() {}

  /** Compiles a regex that {@link #problem} accepted. */
  static Pattern compile(String regex) {
    return Pattern.compile(regex);
  }

  /** Returns why {@code regex} is not a valid RE2 regex, or {@code null} when it compiles. */
  static String problem(String regex) {
    try {
      Pattern.compile(regex);
      return null;
    } catch (PatternSyntaxException e) {
      return e.getMessage();
    } catch (RuntimeException | StackOverflowError e) {
      return e.getClass().getSimpleName();
    }
  }

  /** Tells whether the whole of {@code input} matches. */
  static boolean fullMatch(Pattern pattern, CharSequence input) {
    return pattern.matcher(input).matches();
  }
}
