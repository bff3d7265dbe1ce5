package dev.meshgate.consul.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties over valid models of every kind, built with core's builders. */
class ConfigModelProperties {
  @Provide
  Arbitrary<ModelSamples.Sample<?>> models() {
    return Arbitraries.randomValue(random -> new ModelSamples(random).any());
  }

  @Property(tries = 3000)
  void decodingTheEncodingOfAModelGivesTheModelBack(@ForAll("models") ModelSamples.Sample<?> sample) {
    String encoded = ConfigEntryCodec.encode(sample.entry());
    Checked checked = ConfigEntryCodec.check(ConfigEntryCodec.decode("f.json", encoded));
    assertEquals(List.of(), checked.errors(), encoded);
    assertEquals(List.of(sample.model()), checked.models(sample.kind()), encoded);
  }

  @Property(tries = 3000)
  void encodingIsStable(@ForAll("models") ModelSamples.Sample<?> sample) {
    String encoded = ConfigEntryCodec.encode(sample.entry());
    Decoded decoded = ConfigEntryCodec.decode("f.json", encoded);
    assertEquals(encoded, ConfigEntryCodec.encode(decoded.entries().get(0)));
    Checked checked = ConfigEntryCodec.check(decoded);
    assertEquals(encoded, ConfigEntryCodec.encode(checked.entries().get(0)));
  }
}
