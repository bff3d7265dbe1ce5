package dev.meshgate.core.internal;

/**
 * Checks DNS host names as TLS clients send them in the SNI extension (RFC 6066 section 3): ASCII
 * letters, digits and hyphens in labels of 1-63 characters that neither start nor end with a
 * hyphen, at most 253 characters, no trailing dot, and not an IP address literal. This is what the
 * JDK's {@code SNIHostName} and most TLS stacks accept. Stateless and thread-safe.
 */
public final class Hostnames {
  /** The longest host name, without a trailing dot. */
  public static final int MAX_LENGTH = 253;

  private Hostnames() {}

  /**
   * Returns why {@code name} cannot be sent as an SNI host name, or {@code null} when it can.
   *
   * @param name the candidate
   * @return a short reason such as {@code label 2 starts with '-'}, or null
   */
  public static String sniProblem(String name) {
    if (name.isEmpty()) {
      return "it is empty";
    }
    if (name.length() > MAX_LENGTH) {
      return "it is longer than " + MAX_LENGTH + " characters";
    }
    if (name.endsWith(".")) {
      return "it ends with '.'";
    }
    if (IpLiterals.isIpLiteral(name)) {
      return "it is an IP address, which SNI cannot carry";
    }
    int label = 1;
    int start = 0;
    for (int i = 0; i <= name.length(); i++) {
      if (i == name.length() || name.charAt(i) == '.') {
        int length = i - start;
        if (length == 0) {
          return "label " + label + " is empty";
        }
        if (length > 63) {
          return "label " + label + " is longer than 63 characters";
        }
        if (name.charAt(start) == '-') {
          return "label " + label + " starts with '-'";
        }
        if (name.charAt(i - 1) == '-') {
          return "label " + label + " ends with '-'";
        }
        label++;
        start = i + 1;
        continue;
      }
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
      if (!ok) {
        return "it contains '" + printable(c) + "' at index " + i + " (expected: letters, digits, '-' and '.')";
      }
    }
    return null;
  }

  static String printable(char c) {
    return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format(java.util.Locale.ROOT, "\\u%04x", (int) c);
  }
}
