package dev.meshgate.core.naming;

import java.util.Locale;

/**
 * A SPIFFE trust domain, for Consul {@code <cluster-id>.consul}.
 *
 * <p>Guarantees: non-empty, at most 255 characters, only {@code a-z 0-9 . - _} (the SPIFFE
 * trust-domain alphabet, which has no upper case), no empty labels. Immutable and thread-safe.
 *
 * @param value the trust domain, e.g. {@code 5fcd4b81-a2ca-405a-ac62-0fac602c1949.consul}
 */
public record TrustDomain(String value) {
  /** The longest trust domain accepted, as for a DNS name. */
  public static final int MAX_LENGTH = 255;

  /**
   * Validates the trust domain.
   *
   * @param value the trust domain
   * @throws IllegalArgumentException naming the value and the rule it breaks
   */
  public TrustDomain {
    String problem = problem(value);
    if (problem != null) {
      throw new IllegalArgumentException("trust domain: \"" + value + "\" (expected: " + problem + ")");
    }
  }

  /**
   * Returns the trust domain of a Consul cluster: the CA's cluster id, lower-cased, with the fixed
   * {@code .consul} suffix. The suffix does not follow the agent's DNS {@code domain} setting.
   *
   * @param clusterId the CA configuration's cluster id (a UUID)
   * @return {@code <clusterId lower-cased>.consul}
   * @throws IllegalArgumentException if the result is not a valid trust domain
   */
  public static TrustDomain fromClusterId(String clusterId) {
    return new TrustDomain(clusterId.toLowerCase(Locale.ROOT) + ".consul");
  }

  /**
   * Returns the SPIFFE ID of the signing CA: {@code spiffe://<trust domain>} with no path.
   *
   * @return the signing ID
   */
  public String signingId() {
    return "spiffe://" + value;
  }

  @Override
  public String toString() {
    return value;
  }

  /** Returns why {@code value} is not a trust domain, or {@code null} when it is one. */
  static String problem(String value) {
    if (value.isEmpty()) {
      return "a non-empty name";
    }
    if (value.length() > MAX_LENGTH) {
      return "at most " + MAX_LENGTH + " characters, got " + value.length();
    }
    char previous = '.';
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
      if (!ok) {
        return "only a-z, 0-9, '.', '-' and '_'; found '" + printable(c) + "' at index " + i;
      }
      if (c == '.' && previous == '.') {
        return "no empty label; found one at index " + i;
      }
      previous = c;
    }
    if (previous == '.') {
      return "no empty label; the name ends with '.'";
    }
    return null;
  }

  static String printable(char c) {
    return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format(Locale.ROOT, "\\u%04x", (int) c);
  }
}
