package dev.meshgate.core.internal.regex;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RE2/J full matching and the literal prefix checked before it. */
class Re2Test {
  @ParameterizedTest(name = "required prefix of {0}")
  @CsvSource(delimiter = ' ', value = {
      "/reports/[0-9]+ /reports/", "/v1/items /v1/items", "/ab* /a", "/ab+ /ab", "/ab? /a", "/a{2} /",
      "/a|/b ''", "(?i)/admin ''", "^/x ''", ".* ''", "/a\\.b /a", "/api(/.*)? /api"})
  void findsTheLiteralEveryMatchStartsWith(String regex, String prefix) {
    assertEquals(prefix, Re2.requiredPrefix(regex));
  }

  @Provide
  Arbitrary<String> regexes() {
    return Arbitraries.of("/reports/[0-9]{4}/[a-z]+", "/ab*c", "/ab+", "/a?b", "/x|/y", "(?i)/Admin/.*", "/v[12]/.*",
        "a.c", "/caf\u00e9", "/\\d+", "/(ab)*/end");
  }

  @Provide
  Arbitrary<String> inputs() {
    return Arbitraries.oneOf(Arbitraries.strings().withChars("/abcdeyxrpot0129AD\u00e9").ofMaxLength(24),
        Arbitraries.of("/reports/2026/annual", "/abbbc", "/ac", "/abb", "/b", "/x", "/y", "/ADMIN/users", "/v2/x",
            "abc", "/caf\u00e9", "/42", "/ababab/end", "/end"));
  }

  @Property(tries = 3_000)
  void thePrefixNeverChangesTheAnswer(@ForAll("regexes") String regex, @ForAll("inputs") String input) {
    assertEquals(Re2.compile(regex).matcher(input).matches(), new Re2.FullMatch(regex).matches(input),
        () -> regex + " on " + input);
  }
}
