package dev.meshgate.examples.gateway;

import dev.meshgate.core.catalog.Endpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builders of the admin endpoint's JSON trees (maps and lists that Jackson renders). */
final class Json {
  private Json() {}

  static Map<String, Object> object(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  static List<Object> endpoints(List<Endpoint> endpoints) {
    List<Object> out = new ArrayList<>();
    for (Endpoint e : endpoints) {
      out.add(object("address", e.address() + ":" + e.port(), "healthy", e.healthy(), "weight", e.weight()));
    }
    return out;
  }
}
