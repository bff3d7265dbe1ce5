package dev.meshgate.core.internal.regex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RegexesTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
    "(a)\\1        | is not a valid regular expression: invalid escape sequence: `\\1`",
    "a(?=b)        | is not a valid regular expression: invalid or unsupported Perl syntax: `(?=`",
    "(?<=a)b       | is not a valid regular expression: invalid named capture: `(?<=a)b`",
    "(?>a+)b       | is not a valid regular expression: invalid or unsupported Perl syntax: `(?>`",
    "a*+           | is not a valid regular expression: invalid nested repetition operator: `*+`",
    "a{2}+         | is not a valid regular expression: invalid nested repetition operator: `{2}+`",
    "a{1001}       | is not a valid regular expression: invalid repeat count: `{1001}`",
    "x{2,1}        | is not a valid regular expression: invalid repeat count: `{2,1}`",
    "\\Z           | is not a valid regular expression: invalid escape sequence: `\\Z`",
    "\\C           | is not a valid regular expression: invalid escape sequence: `\\C`",
    "\\p{Alpha}    | is not a valid regular expression: invalid character class range: `\\p{Alpha}`",
    "(?x)a b       | is not a valid regular expression: invalid or unsupported Perl syntax: `(?x`",
    "[z-a]         | is not a valid regular expression: invalid character class range: `z-a`",
    "(ab           | is not a valid regular expression: missing closing ): `(ab`",
    "ab)           | is not a valid regular expression: unexpected ): `ab)`",
  })
  void rejectsWhatRe2RejectsWithRe2jsReason(String regex, String problem) {
    assertEquals(problem, Regexes.problem(regex));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
    "(?<n>a)           | uses the group syntax (?<name>...), which RE2 in Envoys built before 2023 rejects;"
        + " write (?P<name>...)",
    "(a{2}){501}       | repeats a part more than 1000 times when its nested counts are multiplied, which RE2"
        + " (Envoy) rejects",
    "((a{10}){10}){11} | repeats a part more than 1000 times when its nested counts are multiplied, which RE2"
        + " (Envoy) rejects",
    "(a{2,}){600}      | repeats a part more than 1000 times when its nested counts are multiplied, which RE2"
        + " (Envoy) rejects",
    "(a{0,1000}){2}    | repeats a part more than 1000 times when its nested counts are multiplied, which RE2"
        + " (Envoy) rejects",
    "a{99}             | needs an RE2 program of at least 101 instructions; Envoy refuses more than 100 by"
        + " default (runtime key re2.max_program_size.error_level)",
  })
  void rejectsWhatRe2jAcceptsButEnvoysRe2Refuses(String regex, String problem) {
    assertEquals(problem, Regexes.problem(regex));
  }

  @Test
  void rejectsUnpairedSurrogates() {
    assertEquals("contains an unpaired surrogate at index 1, which is not Unicode", Regexes.problem("a\uD800b"));
    assertEquals("contains an unpaired surrogate at index 0, which is not Unicode", Regexes.problem("\uDC00"));
    assertNull(Regexes.problem("\uD83D\uDE00+"));
  }

  @Test
  void limitsNestingSoThatCompilingCannotExhaustTheStack() {
    assertNull(Regexes.problem("(?:".repeat(1000) + "a" + ")".repeat(1000)));
    assertEquals("nests groups more than 1000 deep", Regexes.problem("(".repeat(1001) + "a" + ")".repeat(1001)));
    assertEquals("nests groups more than 1000 deep", Regexes.problem("(".repeat(100_000)));
  }

  @Test
  void limitsTheExpandedSizeOfRegexesThatEnvoysEstimateDoesNotCount() {
    String sixThousandBoundaries = "(?:\\b){1000}".repeat(6);
    assertEquals("expands to more than 10000 elements when its counted repetitions are multiplied out"
        + " (meshgate's limit)", Regexes.problem(sixThousandBoundaries));
    assertNull(Regexes.problem("(?:\\b){1000}".repeat(4)));
    assertNull(Regexes.problem("(?:\\b{10}){100}"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "/v[123]", "gi[rR]", "(?i)admin", "(?i:a)b", "(?s).*", "(?m)^a$", "a{2,5}", "(?:a{2}){5}", "[]a]", "[^]a]",
    "\\d+\\.\\d+", "\\pL+", "\\p{Lu}\\P{Nd}", "\\p{Greek}", "\\Q(?=x)\\E", "[\\[\\]]", "a*?", "(?:ab)+",
    "(?P<name>a)", "\\x41\\x{42}", "\\A/api\\z", "[a-z0-9._~-]+", "\\v", "[[:alpha:]]+", "(?U)a+", "\\012",
    "/api/(.*a){12}x", "a{98}", "^/api/a{96}", "[a-z&&[^e]]", "(?)a", "{", "a{", "a{,5}",
  })
  void acceptsRe2Syntax(String regex) {
    assertNull(Regexes.problem(regex));
  }

  /*
   * The program sizes are what RE2 2022-06-01 (Debian's libre2-dev) reports for
   * re2::RE2(regex, re2::RE2::Quiet).ProgramSize(), the number Envoy compares with its limit,
   * measured once with a ten-line C++ program that prints it for each line of its input.
   */
  @ParameterizedTest(name = "{1}: RE2 program size {0}")
  @CsvSource(delimiter = '\t', value = {
    "142\t/api/(.*a){12}x", "21\t/api/v[0-9]+/.*", "20\t^/api/v1/(users|orders)/[0-9]+$",
    "27\t/v1/[a-z]+/[0-9a-f]{8}", "22\t(?i)/admin(/.*)?", "102\ta{98}", "103\ta{99}", "84\ta{0,40}",
    "84\t(ab){20}", "84\t(?:ab){40}", "100\t^/api/a{96}", "101\t^/api/a{97}", "94\t(?:abc|abd|abe){30}",
    "23\t[^/]+/[^/]+", "14\t\\d{4}-\\d{2}-\\d{2}", "84\t.{10}", "3583\t\\pL{3}", "79\t(a|b|c|d){25}",
    "13\ta*b+c?d{3}", "93\t(?:x+){30}", "84\t(?:x?){40}", "1\t[^\\x00-\\x{10FFFF}]a{200}",
    "44\t(?:[^\\x00-\\x{10FFFF}]|a){40}", "1\t\\P{Any}a{100}", "2\t^$", "45\tx|y{40}", "144\t(?s).{20}",
    "34\t(?:\\b){30}", "34\t[[:alpha:]]{30}", "28\t\\Qa.b*c\\E{20}",
  })
  void estimatesEnvoysProgramSizeFromBelow(int re2ProgramSize, String regex) {
    long estimate = Regexes.Shape.of(regex).programSize;
    assertTrue(estimate <= re2ProgramSize, regex + ": estimated " + estimate + " > " + re2ProgramSize);
  }

  @Test
  void estimatesTheProgramSizeAsDocumented() {
    assertEquals(100, Regexes.Shape.of("a{98}").programSize);
    assertEquals(56, Regexes.Shape.of("/api/(.*a){12}x").programSize);
    assertEquals(98, Regexes.Shape.of("^/api/a{96}").programSize);
    assertEquals(0, Regexes.Shape.of("[^\\x00-\\x{10FFFF}]a{200}").programSize);
  }

  @Test
  void readsRegexesAsRe2DoesNotAsJavaDoes() {
    // RE2 has no class intersection: this is the class [a-z&[^e] followed by a literal ].
    assertTrue(Re2.compile("[a-z&&[^e]]").matches("e]"));
    assertFalse(Re2.compile("[a-z&&[^e]]").matches("b"));
    // \v is the vertical tab, not Java's vertical-whitespace class.
    assertTrue(Re2.compile("\\v").matches("\u000B"));
    assertFalse(Re2.compile("\\v").matches("\n"));
    assertTrue(Re2.compile("[[:alpha:]]+").matches("abc"));
  }

  @Test
  void matchesTheWholeValue() {
    Pattern p = Re2.compile("/api/[0-9]+");
    assertTrue(p.matches("/api/42"));
    assertFalse(p.matches("/api/42/x"));
    assertFalse(p.matches("x/api/42"));
  }

  @Test
  void dotExcludesOnlyNewline() {
    assertTrue(Re2.compile("a.b").matches("a\rb"));
    assertTrue(Re2.compile("a.b").matches("a\u2028b"));
    assertFalse(Re2.compile("a.b").matches("a\nb"));
  }

  @Test
  void caseInsensitivityFoldsBeyondAscii() {
    assertTrue(Re2.compile("(?i)été").matches("ÉTÉ"));
  }

  @Property(tries = 3000)
  void acceptsOrExplainsAnyInput(@ForAll String regex) {
    acceptsOrExplains(regex);
  }

  @Property(tries = 5000)
  void acceptsOrExplainsRegexLikeInput(@ForAll("regexish") String regex) {
    acceptsOrExplains(regex);
  }

  /*
   * Whatever is accepted compiles, matches without throwing, and stays within the expanded-size
   * bound: RE2/J's program has at most a few instructions per expanded element.
   */
  private static void acceptsOrExplains(String regex) {
    String problem = Regexes.problem(regex);
    if (problem == null) {
      Pattern p = Re2.compile(regex);
      p.matches("/x");
      assertTrue(p.programSize() <= 4L * Regexes.MAX_EXPANDED + 8, regex + ": " + p.programSize());
    } else {
      assertFalse(problem.isEmpty());
    }
  }

  @Provide
  Arbitrary<String> regexish() {
    return Arbitraries.strings().withChars("\\()[]{}?*+^$.|:=!<>PpQEx0123aZ,-^").ofMaxLength(16);
  }
}
