package dev.meshgate.core.intentions;

import dev.meshgate.core.internal.Require;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JWT whose signature, expiry and audience the host proxy has already verified (as Envoy's
 * {@code jwt_authn} filter does before RBAC runs): its issuer and its payload claims. meshgate never
 * sees or checks the token itself.
 *
 * <p>Claims are the decoded JSON payload: values are strings, numbers, booleans, lists and nested
 * maps. Only strings, and strings inside lists, can satisfy a claim verification, as with Envoy's
 * string metadata matcher.
 *
 * <p>Immutable and thread-safe: maps and lists are copied deeply. {@link #toString()} shows the
 * issuer and claim names, never claim values, which may be personal data.
 *
 * @param issuer the token's {@code iss} claim
 * @param claims the payload, keyed by claim name
 */
public record VerifiedJwt(String issuer, Map<String, Object> claims) {
  /**
   * Copies the claims deeply.
   *
   * @param issuer the token's {@code iss} claim
   * @param claims the payload, keyed by claim name
   * @throws NullPointerException if the issuer, the map, a key or a value is null
   */
  public VerifiedJwt {
    Require.notNull(issuer, "issuer");
    claims = copyMap(claims);
  }

  /**
   * Returns the claim at a path of keys into nested objects.
   *
   * @param path the keys, outermost first
   * @return the value, or {@code null} when the path leads nowhere
   */
  Object claim(List<String> path) {
    Object current = claims;
    for (int i = 0; i < path.size(); i++) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(path.get(i));
    }
    return path.isEmpty() ? null : current;
  }

  private static Map<String, Object> copyMap(Map<String, ?> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(Require.notNull(k, "claim name"), copyValue(v)));
    return Collections.unmodifiableMap(copy);
  }

  @SuppressWarnings("unchecked")
  private static Object copyValue(Object value) {
    Require.notNull(value, "claim value");
    if (value instanceof Map<?, ?> map) {
      return copyMap((Map<String, ?>) map);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (Object element : list) {
        copy.add(copyValue(element));
      }
      return Collections.unmodifiableList(copy);
    }
    return value;
  }

  @Override
  public String toString() {
    return "VerifiedJwt[issuer=" + issuer + ", claims=" + claims.keySet() + "]";
  }
}
