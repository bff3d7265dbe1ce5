package dev.meshgate.consul.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the codec over random JSON: shaped after every kind's schema, or junk, or random
 * bytes.
 */
class ConfigEntryCodecProperties {
  @Provide
  Arbitrary<String> trees() {
    return Arbitraries.randomValue(random -> {
      RandomTrees trees = new RandomTrees(random);
      List<ConfigEntryKind<?>> kinds = ConfigEntryKind.all();
      int n = 1 + random.nextInt(3);
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      for (int i = 0; i < n; i++) {
        int r = random.nextInt(12);
        array.add(r == 0 ? trees.junk(0) : trees.entry(kinds.get(random.nextInt(kinds.size()))));
      }
      JsonNode root = n == 1 && random.nextBoolean() ? array.get(0) : array;
      return root.toString();
    });
  }

  @Property(tries = 2000)
  void anyTreeGivesEntriesOrLocatedProblemsNeverAnException(@ForAll("trees") String json) {
    Decoded decoded = ConfigEntryCodec.decode("f.json", json);
    Checked checked = ConfigEntryCodec.check(decoded);
    for (ConfigProblem p : checked.errors()) {
      assertFalse(p.message().isEmpty());
      assertFalse(p.message().startsWith("meshgate could not read this entry"), p.toString());
    }
    assertTrue(checked.valid().size() <= decoded.entries().size());
  }

  @Property(tries = 2000)
  void decodingTheEncodingOfDecodedEntriesGivesThemBackAndEncodingIsStable(@ForAll("trees") String json) {
    Decoded decoded = ConfigEntryCodec.decode("f.json", json);
    String encoded = ConfigEntryCodec.encode(decoded.entries());
    Decoded again = ConfigEntryCodec.decode("again.json", encoded);
    assertEquals(List.of(), again.errors());
    assertEquals(ConfigEntryCodec.encode(decoded.entries()), ConfigEntryCodec.encode(again.entries()));
    assertEquals(decoded.entries(), again.entries(), json);
  }

  @Property(tries = 2000)
  void normalizingANormalizedEntryChangesNothing(@ForAll("trees") String json) {
    Checked checked = ConfigEntryCodec.check(ConfigEntryCodec.decode("f.json", json));
    String encoded = ConfigEntryCodec.encode(checked.entries());
    Checked again = ConfigEntryCodec.check(ConfigEntryCodec.decode("again.json", encoded));
    assertEquals(List.of(), again.errors());
    assertEquals(checked.entries(), again.entries());
    for (int i = 0; i < checked.valid().size(); i++) {
      assertEquals(checked.valid().get(i).model(), again.valid().get(i).model());
    }
  }

  @Property(tries = 1000)
  void randomBytesGiveProblemsNeverAnException(@ForAll byte[] bytes) {
    Decoded decoded = ConfigEntryCodec.decode("f.json", bytes);
    ConfigEntryCodec.check(decoded);
  }

  @Property(tries = 300)
  void deeplyNestedInputIsRefusedWithAProblem(@ForAll("depths") int depth) {
    String json = "[".repeat(depth) + "]".repeat(depth);
    Decoded d = ConfigEntryCodec.decode("f.json", json.getBytes(StandardCharsets.UTF_8));
    if (depth > 64) {
      assertFalse(d.ok());
    }
  }

  @Provide
  Arbitrary<Integer> depths() {
    return Arbitraries.integers().between(1, 5000);
  }

  /**
   * A fixed-seed check that the shaped generator reaches valid entries, so that the properties
   * above exercise normalization and not only rejection. Valid intentions need too many rules at
   * once to arise by chance; {@link ConfigModelProperties} generates them.
   */
  @Property(tries = 1)
  void theShapedGeneratorReachesValidEntriesOfEveryKindButIntentions() {
    Random random = new Random(7);
    RandomTrees trees = new RandomTrees(random);
    for (ConfigEntryKind<?> kind : ConfigEntryKind.all()) {
      if (kind == ConfigEntryKind.SERVICE_INTENTIONS) {
        continue;
      }
      int valid = 0;
      for (int i = 0; i < 3000 && valid == 0; i++) {
        valid += ConfigEntryCodec.check(ConfigEntryCodec.decode("f", trees.entry(kind).toString())).valid().size();
      }
      assertTrue(valid > 0, kind.name());
    }
  }
}
