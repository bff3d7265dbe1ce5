package dev.meshgate.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.meshgate.testkit.TestCa;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The open-addressing SNI table agrees with a plain map keyed by lower-cased names. */
class SniTableProperties {
  static final KeyMaterial LEAF = TestMaterial.key(TestCa.named("sni table CA").server("x.example.com"));

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings().withChars("abcXYZ.-0").ofMinLength(1).ofMaxLength(8)
        .filter(s -> !s.startsWith(".") && !s.endsWith(".") && !s.contains(".."));
  }

  @Property(tries = 300)
  void findsExactlyTheStoredNamesIgnoringCase(
      @ForAll Set<@From("names") String> stored, @ForAll List<@From("names") String> queries) {
    Map<String, KeyMaterial> leaves = new HashMap<>();
    Map<String, String> reference = new HashMap<>();
    for (String name : stored) {
      if (reference.putIfAbsent(name.toLowerCase(Locale.ROOT), name) == null) {
        leaves.put(name, LEAF);
      }
    }
    SniTable table = SniTable.of(7, leaves);
    for (String query : queries) {
      String key = query.toLowerCase(Locale.ROOT);
      SniTable.Leaf leaf = table.find(query);
      assertEquals(reference.containsKey(key), leaf != null, query);
      if (leaf != null) {
        assertEquals("7:" + key, leaf.alias());
        assertSame(leaf, table.findAlias(leaf.alias()));
      }
    }
    for (String name : leaves.keySet()) {
      assertEquals("7:" + name.toLowerCase(Locale.ROOT), table.find(name.toUpperCase(Locale.ROOT)).alias());
    }
    assertEquals(leaves.size(), table.serverNames().size());
  }
}
