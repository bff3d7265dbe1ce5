package dev.meshgate.core.intentions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RegexesTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
    "(a)\\1        | a backreference or octal escape (\\1)",
    "\\0101        | a backreference or octal escape (\\0)",
    "(?<n>a)\\k<n> | the escape \\k",
    "a(?=b)        | lookahead",
    "a(?!b)        | lookahead",
    "(?<=a)b       | lookbehind",
    "(?<!a)b       | lookbehind",
    "(?>a+)b       | an atomic group",
    "a*+           | a possessive quantifier (*+)",
    "a++           | a possessive quantifier (++)",
    "a?+           | a possessive quantifier (?+)",
    "a{2}+         | a possessive quantifier (}+)",
    "a{1001}       | a repeat count above 1000",
    "a{2,99999}    | a repeat count above 1000",
    "[a-z&&[^e]]   | a character class intersection (&&)",
    "[a[b]]        | a nested or POSIX character class ([ inside [...])",
    "(?P<n>a)      | the named-group syntax (?P<name>...)",
    "[a-z&&e]      | a character class intersection (&&)",
    "[[:alpha:]]   | a nested or POSIX character class ([ inside [...])",
    "\\v           | the escape \\v",
    "\\u0041       | the escape \\u",
    "\\h           | the escape \\h",
    "a\\Z          | the escape \\Z",
    "\\p{Alpha}    | a character property other than a Unicode general category (\\p)",
    "\\p{javaLowerCase} | a character property other than a Unicode general category (\\p)",
    "(?x)a b       | the inline flag x",
    "(?U)a+        | the inline flag U",
    "(?u:a)        | the inline flag u",
  })
  void rejectsConstructsRe2AndJavaReadDifferently(String regex, String construct) {
    assertEquals(construct, Regexes.re2Difference(regex));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "/v[123]", "gi[rR]", "(?i)admin", "(?i:a)b", "(?s).*", "(?m)^a$", "a{2,5}", "a{1000}", "[]a]", "[^]a]",
    "\\d+\\.\\d+", "\\pL+", "\\p{Lu}\\P{Nd}", "\\Q(?=x)\\E", "[\\[\\]]", "a*?", "(?:ab)+", "(?<name>a)",
    "\\x41\\x{42}", "\\A/api\\z", "[a-z0-9._~-]+",
  })
  void acceptsTheCommonSubset(String regex) {
    assertNull(Regexes.problem(regex));
  }

  @Test
  void reportsJavaSyntaxErrorsWithTheirPosition() {
    assertEquals("is not a valid regular expression: Unclosed character class near index 2",
        Regexes.problem("[ab"));
    assertEquals("is not a valid regular expression: Dangling meta character '*' near index 0",
        Regexes.problem("*a"));
  }

  @Test
  void dotExcludesOnlyNewlineAsInRe2() {
    assertTrue(Regexes.compile("a.b").matcher("a\rb").matches());
    assertTrue(Regexes.compile("a.b").matcher("a\u2028b").matches());
    assertFalse(Regexes.compile("a.b").matcher("a\nb").matches());
  }

  @Test
  void caseInsensitivityFoldsBeyondAsciiAsInRe2() {
    assertTrue(Regexes.compile("(?i)été").matcher("ÉTÉ").matches());
  }

  @Property(tries = 3000)
  void neverThrowsOnAnyInput(@ForAll String regex) {
    String problem = Regexes.problem(regex);
    if (problem == null) {
      Regexes.compile(regex).matcher("/x").matches();
    }
  }

  @Property(tries = 3000)
  void neverThrowsOnRegexLikeInput(@ForAll("regexish") String regex) {
    Regexes.problem(regex);
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<String> regexish() {
    return net.jqwik.api.Arbitraries.strings().withChars("\\()[]{}?*+^$.|&:=!<>PpkQE0123aZ,-").ofMaxLength(12);
  }
}
