package dev.meshgate.consul.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * Edits of a decoded tree that Consul's {@code Normalize} makes to fields core's models do not
 * hold, so that a normalized entry keeps every field it was written with. Stateless.
 */
final class Normalizing {
  private Normalizing() {}

  /** Lower-cases a string field in place, as Consul does with protocols. */
  static void lowerCase(ObjectNode node, String field) {
    JsonNode v = node.get(field);
    if (v != null && v.isTextual()) {
      node.put(field, v.textValue().toLowerCase(Locale.ROOT));
    }
  }

  /** Removes an integer field that is 0 or negative: Consul makes a negative one 0, and 0 is not written. */
  static void negativeToZero(ObjectNode node, String field) {
    JsonNode v = node.get(field);
    if (v != null && v.isNumber() && v.longValue() <= 0) {
      node.remove(field);
    }
  }

  /** Returns a copy of the tree with {@code Kind} removed. */
  static ObjectNode copy(ObjectNode node) {
    ObjectNode c = node.deepCopy();
    c.remove("Kind");
    return c;
  }
}
