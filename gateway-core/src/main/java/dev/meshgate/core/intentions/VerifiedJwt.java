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
 * <p>Claims are the decoded JSON payload: values are strings, numbers, booleans, lists, nested maps
 * with string keys, and {@code null} for a JSON {@code null}. Only strings, and strings inside
 * lists, can satisfy a claim verification, as with Envoy's string metadata matcher; so a claim
 * whose value is {@code null}, like a missing claim, satisfies no verification, and a {@code null}
 * inside a list is skipped.
 *
 * <p>Immutable and thread-safe: maps and lists are copied deeply (other values are kept as given,
 * so pass immutable ones), at most {@value #MAX_DEPTH} levels deep. {@link #toString()} shows the
 * issuer and claim names, never claim values, which may be personal data.
 *
 * @param issuer the token's {@code iss} claim
 * @param claims the payload, keyed by claim name; values may be {@code null}
 */
public record VerifiedJwt(String issuer, Map<String, Object> claims) {
  /** The deepest nesting of maps and lists accepted, as JSON decoders commonly limit it. */
  public static final int MAX_DEPTH = 1000;

  /**
   * Copies the claims deeply.
   *
   * @param issuer the token's {@code iss} claim
   * @param claims the payload, keyed by claim name; values may be {@code null}
   * @throws NullPointerException if the issuer, the map or a key is null
   * @throws IllegalArgumentException if a nested map has a key that is not a string, or maps and
   *     lists nest deeper than {@value #MAX_DEPTH} levels (a map that contains itself, say)
   */
  public VerifiedJwt {
    Require.notNull(issuer, "issuer");
    claims = copyMap(Require.notNull(claims, "claims"), 1);
  }

  /**
   * Returns the claim at a path of keys into nested objects.
   *
   * @param path the keys, outermost first
   * @return the value, or {@code null} when the path leads nowhere or to a JSON {@code null}
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

  /** Copies a map that sits {@code depth} levels deep (the payload itself is level 1). */
  private static Map<String, Object> copyMap(Map<?, ?> map, int depth) {
    checkDepth(depth);
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      Object key = Require.notNull(e.getKey(), "claim name");
      Require.field(key instanceof String, "claim name", key, "a string");
      copy.put((String) key, copyValue(e.getValue(), depth + 1));
    }
    return Collections.unmodifiableMap(copy);
  }

  private static Object copyValue(Object value, int depth) {
    if (value instanceof Map<?, ?> map) {
      return copyMap(map, depth);
    }
    if (value instanceof List<?> list) {
      checkDepth(depth);
      List<Object> copy = new ArrayList<>(list.size());
      for (Object element : list) {
        copy.add(copyValue(element, depth + 1));
      }
      return Collections.unmodifiableList(copy);
    }
    return value;
  }

  private static void checkDepth(int depth) {
    Require.argument(depth <= MAX_DEPTH, "claims: maps and lists nested %d levels deep (expected: at most %d)", depth,
        MAX_DEPTH);
  }

  @Override
  public String toString() {
    return "VerifiedJwt[issuer=" + issuer + ", claims=" + claims.keySet() + "]";
  }
}
