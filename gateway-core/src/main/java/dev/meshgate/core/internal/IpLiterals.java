package dev.meshgate.core.internal;

/**
 * Tells IP address literals from host names without any name resolution (unlike
 * {@link java.net.InetAddress#getByName}, which would query DNS for a host name).
 *
 * <p>Accepts what Go's {@code net.ParseIP} accepts, which is what Consul uses to decide whether an
 * endpoint needs DNS: dotted-quad IPv4 with decimal octets 0-255 and no leading zeros, and IPv6 in
 * RFC 4291 text form (with {@code ::} compression and an optional trailing dotted-quad), without
 * brackets or zone. Stateless and thread-safe.
 */
public final class IpLiterals {
  private IpLiterals() {}

  /**
   * Tells whether {@code s} is an IPv4 or IPv6 literal.
   *
   * @param s the address as registered
   * @return true for an IP literal, false for anything else (a host name, or garbage)
   */
  public static boolean isIpLiteral(String s) {
    return isIpv4(s, 0, s.length()) || isIpv6(s);
  }

  static boolean isIpv4(String s, int from, int to) {
    int octets = 0;
    int i = from;
    while (octets < 4) {
      int start = i;
      int value = 0;
      while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 3) {
        value = value * 10 + (s.charAt(i) - '0');
        i++;
      }
      int digits = i - start;
      if (digits == 0 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
        return false;
      }
      octets++;
      if (octets < 4) {
        if (i >= to || s.charAt(i) != '.') {
          return false;
        }
        i++;
      }
    }
    return i == to;
  }

  private static boolean isIpv6(String s) {
    int n = s.length();
    if (n < 2 || s.indexOf(':') < 0) {
      return false;
    }
    int groups = 0;
    boolean compressed = false;
    int i = 0;
    if (s.startsWith("::")) {
      compressed = true;
      i = 2;
      if (i == n) {
        return true;
      }
    } else if (s.charAt(0) == ':') {
      return false;
    }
    while (i < n) {
      int start = i;
      while (i < n && Character.digit(s.charAt(i), 16) >= 0 && i - start < 4) {
        i++;
      }
      if (i < n && s.charAt(i) == '.') {
        // A trailing dotted quad counts as two groups.
        if (!isIpv4(s, start, n)) {
          return false;
        }
        groups += 2;
        i = n;
        break;
      }
      if (i == start) {
        return false;
      }
      groups++;
      if (i == n) {
        break;
      }
      if (s.charAt(i) != ':') {
        return false;
      }
      i++;
      if (i < n && s.charAt(i) == ':') {
        if (compressed) {
          return false;
        }
        compressed = true;
        i++;
        if (i == n) {
          break;
        }
      } else if (i == n) {
        return false;
      }
    }
    return compressed ? groups < 8 : groups == 8;
  }
}
