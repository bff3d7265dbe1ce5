package dev.meshgate.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NameTableTest {
  private static NameTable<String> table(String... keys) {
    NameTable.Builder<String> b = NameTable.builder();
    for (String k : keys) {
      b.putIfAbsent(k, k);
    }
    return b.build();
  }

  @Test
  void findsExactNamesIgnoringAsciiCase() {
    NameTable<String> t = table("api.default.dc1.internal.td", "Web.default.dc1.internal.td");
    assertEquals("api.default.dc1.internal.td", t.get("API.Default.DC1.internal.TD"));
    assertEquals("Web.default.dc1.internal.td", t.get("web.default.dc1.internal.td"));
    assertNull(t.get("db.default.dc1.internal.td"));
  }

  @Test
  void ignoresOneTrailingDotButNotTwo() {
    NameTable<String> t = table("api.example.com");
    assertEquals("api.example.com", t.get("api.example.com."));
    assertNull(t.get("api.example.com.."));
    assertNull(t.get("."));
    assertNull(t.get(""));
  }

  @Test
  void looksUpRangesAndBytesWithoutCopying() {
    NameTable<String> t = table("api.example.com");
    assertEquals("api.example.com", t.get("xxAPI.example.comyy", 2, 17));
    byte[] bytes = "..api.example.com.".getBytes(StandardCharsets.US_ASCII);
    assertEquals("api.example.com", t.get(bytes, 2, bytes.length - 2));
    assertNull(t.get(bytes, 0, bytes.length));
  }

  @Test
  void outOfBoundsRangesAreMissesNotExceptions() {
    NameTable<String> t = table("a.b");
    assertNull(t.get("a.b", -1, 3));
    assertNull(t.get("a.b", 0, 4));
    assertNull(t.get("a.b", 2, 1));
    assertNull(t.get(new byte[3], 1, 3));
    assertNull(t.get(new byte[3], -1, 1));
    assertNull(t.get(new byte[3], 0, -1));
  }

  @Test
  void nonAsciiBytesNeverMatch() {
    NameTable<String> t = table("\u00e9.example");
    assertEquals("\u00e9.example", t.get("\u00e9.example"));
    byte[] latin1 = "\u00e9.example".getBytes(StandardCharsets.ISO_8859_1);
    assertNull(t.get(latin1, 0, latin1.length));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "api.default.dc2.internal.td, *.dc2.internal.td",
    "a.b.c.dc2.internal.td, *.dc2.internal.td",
    "api.default.dc3.internal.td, ",
    "dc2.internal.td, ",
    "x.part1.dc2.internal-v1.td, *.part1.dc2.internal-v1.td",
    "exact.dc2.internal.td, exact.dc2.internal.td",
  })
  void matchesExactFirstThenLongestWildcardSuffix(String name, String expected) {
    NameTable<String> t = table("*.internal.td2", "*.dc2.internal.td", "*.part1.dc2.internal-v1.td",
        "*.dc2.internal-v1.td", "exact.dc2.internal.td");
    assertEquals(expected, t.get(name));
  }

  @Test
  void longerWildcardSuffixWins() {
    NameTable<String> t = table("*.td", "*.internal.td");
    assertEquals("*.internal.td", t.get("a.dc2.internal.td"));
    assertEquals("*.td", t.get("a.dc2.other.td"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "web.ingress.consul, web.ingress.*",
    "web.ingress.dc1.consul, web.ingress.dc1.*",
    "WEB.Ingress.DC2.consul, web.ingress.*",
    "web.ingress, ",
    "web.ingress., ",
    "api.example.com, api.example.com",
    "x.api.example.com, *.example.com",
    "api.example.com.evil, api.*",
    "other.host, ",
  })
  void prefixWildcardsComeAfterSuffixWildcardsAndBeforeTheCatchAll(String name, String expected) {
    NameTable<String> t = table("web.ingress.*", "web.ingress.dc1.*", "api.example.com", "*.example.com", "api.*");
    assertEquals(expected, t.get(name));
    NameTable<String> withCatchAll =
        table("web.ingress.*", "web.ingress.dc1.*", "api.example.com", "*.example.com", "api.*", "*");
    assertEquals(expected == null ? "*" : expected, withCatchAll.get(name));
  }

  @Test
  void catchAllMatchesEveryNonEmptyName() {
    NameTable<String> t = table("*");
    assertEquals("*", t.get("anything"));
    assertEquals("*", t.get("a.b.c"));
    assertNull(t.get(""));
    assertNull(t.get("."));
    byte[] bytes = "x.y".getBytes(StandardCharsets.US_ASCII);
    assertEquals("*", t.get(bytes, 0, bytes.length));
    assertEquals(1, t.size());
  }

  @Test
  void prefixWildcardsNeverCoverZeroLabels() {
    NameTable<String> t = table("web.ingress.*");
    assertNull(t.get("web.ingress"));
    assertNull(t.get("web.ingressx.consul"));
    assertEquals("web.ingress.*", t.get("web.ingress.a.b"));
    byte[] bytes = "WEB.ingress.consul".getBytes(StandardCharsets.US_ASCII);
    assertEquals("web.ingress.*", t.get(bytes, 0, bytes.length));
  }

  @Test
  void keepsTheFirstValueForKeysThatDifferOnlyInCase() {
    NameTable.Builder<String> b = NameTable.builder();
    assertTrue(b.putIfAbsent("api.example", "first"));
    assertFalse(b.putIfAbsent("API.example", "second"));
    assertTrue(b.contains("Api.Example"));
    assertEquals("first", b.build().get("api.EXAMPLE"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''           | name: \"\" (expected: a non-empty name)",
        "a.b.         | name: \"a.b.\" (expected: no trailing dot; lookups ignore one)",
        "a..b         | name: \"a..b\" (expected: no empty label)",
        "*.           | name: \"*.\" (expected: no trailing dot; lookups ignore one)",
        "*.a.*.b      | name: \"*.a.*.b\" (expected: '*' only as the whole first or last label, or alone)",
        "a*.b         | name: \"a*.b\" (expected: '*' only as the whole first or last label, or alone)",
        "*.a.*        | name: \"*.a.*\" (expected: '*' only as the whole first or last label, or alone)",
        "a.b*         | name: \"a.b*\" (expected: '*' only as the whole first or last label, or alone)",
        "**           | name: \"**\" (expected: '*' only as the whole first or last label, or alone)",
        ".*           | name: \".*\" (expected: a prefix before '.*')",
        "a..*         | name: \"a..*\" (expected: no empty label)",
      })
  void rejectsMalformedKeysNamingTheRule(String key, String message) {
    NameTable.Builder<String> b = NameTable.builder();
    assertEquals(message, assertThrows(IllegalArgumentException.class, () -> b.putIfAbsent(key, "v")).getMessage());
  }

  @Test
  void buildLeavesTheBuilderReusable() {
    NameTable.Builder<String> b = NameTable.builder();
    b.putIfAbsent("a.b", "1");
    NameTable<String> first = b.build();
    b.putIfAbsent("c.d", "2");
    NameTable<String> second = b.build();
    assertNull(first.get("c.d"));
    assertEquals("2", second.get("c.d"));
    assertEquals(1, first.size());
    assertEquals(2, second.size());
  }

  @Property(tries = 300)
  void agreesWithALowerCasedHashMap(@ForAll("keySets") List<String> keys, @ForAll("probes") List<String> probes) {
    NameTable.Builder<String> b = NameTable.builder();
    Map<String, String> reference = new HashMap<>();
    for (String k : keys) {
      b.putIfAbsent(k, k);
      reference.putIfAbsent(k.toLowerCase(Locale.ROOT), k);
    }
    NameTable<String> t = b.build();
    for (String probe : probes) {
      String expected = reference.get(probe.toLowerCase(Locale.ROOT));
      assertEquals(expected, t.get(probe), probe);
      assertEquals(expected, t.get(probe + "."), probe + ".");
      byte[] bytes = probe.getBytes(StandardCharsets.US_ASCII);
      assertEquals(expected, t.get(bytes, 0, bytes.length), probe);
    }
    for (String k : keys) {
      assertEquals(reference.get(k.toLowerCase(Locale.ROOT)), t.get(k.toUpperCase(Locale.ROOT)));
    }
  }

  @Property(tries = 300)
  void wildcardLookupAgreesWithANaiveReference(
      @ForAll("wildcardSets") List<String> suffixes, @ForAll("probes") List<String> probes) {
    NameTable.Builder<String> b = NameTable.builder();
    for (String s : suffixes) {
      b.putIfAbsent("*." + s, s);
    }
    NameTable<String> t = b.build();
    for (String probe : probes) {
      assertEquals(naiveWildcard(suffixes, probe), t.get(probe), probe);
    }
  }

  @Property(tries = 300)
  void everyKindOfKeyAgreesWithANaiveEnvoyReference(
      @ForAll("mixedKeySets") List<String> keys, @ForAll("probes") List<String> probes) {
    NameTable.Builder<String> b = NameTable.builder();
    for (String k : keys) {
      b.putIfAbsent(k, k);
    }
    NameTable<String> t = b.build();
    for (String probe : probes) {
      String expected = naiveEnvoy(keys, probe);
      assertEquals(expected, t.get(probe), probe);
      byte[] bytes = probe.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
      assertEquals(expected, t.get(bytes, 0, bytes.length), probe);
    }
  }

  /**
   * Envoy's domain order written as plainly as possible: an exact key; else the longest
   * {@code *.suffix} whose suffix ends the name after at least one character; else the longest
   * {@code prefix.*} whose prefix starts it before at least one character; else {@code *}. The first
   * key given wins among keys equal ignoring case.
   */
  static String naiveEnvoy(List<String> keys, String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    String best = null;
    for (String k : keys) {
      if (!k.contains("*") && k.equalsIgnoreCase(name)) {
        return first(keys, k);
      }
    }
    for (String k : keys) {
      if (k.startsWith("*.") && k.length() > 2) {
        String suffix = k.substring(1).toLowerCase(Locale.ROOT);
        if (lower.length() > suffix.length() && lower.endsWith(suffix)
            && (best == null || k.length() > best.length())) {
          best = k;
        }
      }
    }
    if (best != null) {
      return first(keys, best);
    }
    for (String k : keys) {
      if (k.endsWith(".*") && k.length() > 2 && !k.startsWith("*")) {
        String prefix = k.substring(0, k.length() - 1).toLowerCase(Locale.ROOT);
        if (lower.length() > prefix.length() && lower.startsWith(prefix)
            && (best == null || k.length() > best.length())) {
          best = k;
        }
      }
    }
    if (best != null) {
      return first(keys, best);
    }
    return keys.contains("*") ? "*" : null;
  }

  private static String first(List<String> keys, String key) {
    for (String k : keys) {
      if (k.equalsIgnoreCase(key)) {
        return k;
      }
    }
    return key;
  }

  /** Exact semantics of Envoy's wildcard server names: the longest suffix after at least one label. */
  private static String naiveWildcard(List<String> suffixes, String name) {
    String best = null;
    for (String s : suffixes) {
      boolean matches = name.length() > s.length() + 1
          && name.toLowerCase(Locale.ROOT).endsWith("." + s.toLowerCase(Locale.ROOT))
          && name.charAt(0) != '.';
      if (matches && (best == null || s.length() > best.length())) {
        best = s;
      }
    }
    if (best == null) {
      return null;
    }
    for (String s : suffixes) {
      if (s.equalsIgnoreCase(best)) {
        return s;
      }
    }
    return best;
  }

  @Provide
  Arbitrary<List<String>> keySets() {
    return names().list().ofMaxSize(40);
  }

  @Provide
  Arbitrary<List<String>> mixedKeySets() {
    Arbitrary<String> key = Arbitraries.oneOf(
        names(), names().map(n -> "*." + n), names().map(n -> n + ".*"), Arbitraries.just("*"));
    return key.list().ofMaxSize(12);
  }

  @Provide
  Arbitrary<List<String>> wildcardSets() {
    return names().list().ofMaxSize(8);
  }

  @Provide
  Arbitrary<List<String>> probes() {
    return names().list().ofMaxSize(20);
  }

  private static Arbitrary<String> names() {
    Arbitrary<String> label = Arbitraries.strings().withChars("abAB01-").ofMinLength(1).ofMaxLength(3);
    return label.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join(".", l));
  }
}
