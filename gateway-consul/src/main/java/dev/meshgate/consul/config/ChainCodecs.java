package dev.meshgate.consul.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshgate.consul.internal.json.Doc;
import dev.meshgate.consul.internal.json.GoDuration;
import dev.meshgate.consul.internal.json.Json;
import dev.meshgate.consul.internal.json.Out;
import dev.meshgate.core.chain.HttpHeaderModifiers;
import java.time.Duration;

/**
 * What the three discovery-chain codecs share: header modifiers, durations in Go's syntax and
 * split weights, read from and written to Consul's API JSON. Stateless.
 */
final class ChainCodecs {
  private ChainCodecs() {}

  /** Reads an {@code HTTPHeaderModifiers} object; absent means no change. */
  static HttpHeaderModifiers headers(Doc d, String field) {
    return d.object(field)
        .map(h -> new HttpHeaderModifiers(h.stringMap("Add"), h.stringMap("Set"), h.strings("Remove")))
        .orElse(HttpHeaderModifiers.NONE);
  }

  /** Writes header modifiers; no change writes nothing. */
  static Out headers(HttpHeaderModifiers h) {
    return Out.object().map("Add", h.add()).map("Set", h.set()).strings("Remove", h.remove());
  }

  /** Writes a duration in Go's syntax ({@code "1m30s"}) unless it is zero, as Consul omits it. */
  static Out duration(Out o, String field, Duration d) {
    return d.isZero() ? o : o.str(field, GoDuration.format(d.toNanos()));
  }

  /** Writes a float32 as Go writes it: an integral value as an integer, others in shortest form. */
  static JsonNode weight(float w) {
    return w == Math.rint(w) ? Json.nodes().numberNode((long) w) : Json.nodes().numberNode(w);
  }
}
