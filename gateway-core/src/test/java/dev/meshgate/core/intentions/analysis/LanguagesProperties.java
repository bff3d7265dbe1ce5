package dev.meshgate.core.intentions.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.re2j.Pattern;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The RE2-to-automaton translation agrees with RE2/J, the evaluator's engine, on full matches. */
class LanguagesProperties {
  private static final List<String> PIECES = List.of(
      "a", "b", ".", "[ab]", "[^a]", "\\d", "\\w", "\\S", "(a|b)", "x*", "(?:ab)+", "a{1,2}", "[a-c]", "\\.",
      "(b?)", "[[:digit:]]", "\\x{1F600}", "[^\\d\\n]", "c+?", "(a|)", "[]a]", "\\Q.*\\E", "b{2,}");

  @Provide
  Arbitrary<String> regexes() {
    return Arbitraries.of(PIECES).list().ofMinSize(0).ofMaxSize(4).map(parts -> String.join("", parts));
  }

  @Provide
  Arbitrary<String> values() {
    return Arbitraries.of("a", "b", "c", "x", "1", ".", "*", "\n", "\uD83D\uDE00", "]", "ab").list().ofMaxSize(5)
        .map(parts -> String.join("", parts));
  }

  @Property(tries = 2000)
  void translatedRegexMatchesWhatRe2jMatches(@ForAll("regexes") String regex, @ForAll("values") String value)
      throws Languages.Untranslatable {
    assertEquals(Pattern.matches(regex, value), Languages.regex(regex).run(value),
        () -> "regex `" + regex + "` on `" + value + "`");
  }

  @Property(tries = 500)
  void alternativesAndAnchorsAtTheEdgesMeanAFullMatch(@ForAll("regexes") String left, @ForAll("regexes") String right,
      @ForAll("values") String value) throws Languages.Untranslatable {
    String regex = "^" + left + "$|\\A" + right + "\\z";
    assertEquals(Pattern.matches(regex, value), Languages.regex(regex).run(value),
        () -> "regex `" + regex + "` on `" + value + "`");
  }

  @Example
  void flagsWordBoundariesAndUnicodeClassesAreNotTranslated() {
    for (String regex : List.of("(?i)admin", "a\\bb", "\\pL+", "a^b", "(^a)", "[\\p{Greek}]")) {
      assertThrows(Languages.Untranslatable.class, () -> Languages.regex(regex), regex);
    }
  }

  @Example
  void namedGroupsAreGroups() throws Languages.Untranslatable {
    assertEquals(true, Languages.regex("/(?P<id>[0-9]+)/x").run("/12/x"));
    assertEquals(false, Languages.regex("/(?P<id>[0-9]+)/x").run("//x"));
  }

  @Example
  void pathsStopAtTheQueryString() {
    assertEquals(false, Languages.PATHS.run("/a?b"));
    assertEquals(false, Languages.PATHS.run("/a#b"));
    assertEquals(true, Languages.PATHS.run("/a/b"));
  }
}
