package dev.meshgate.core.ingress;

import java.util.Locale;

/**
 * Host names as ingress {@code Hosts} and Host headers carry them. Stateless and thread-safe.
 *
 * <p>Two levels of strictness: {@link #isDomainName} is the miekg/dns rule Consul applies (almost
 * anything, as long as labels fit in 63 bytes and the name in 255), {@link #problem} is meshgate's
 * own: what a Host header or a TLS server name can actually carry.
 */
final class Hosts {
  private Hosts() {}

  /**
   * Consul's {@code dns.IsDomainName}: non-empty; {@code \.} and {@code \DDD} escapes; no two dots
   * in a row; labels under 64 bytes; at most 256 bytes in wire form. A trailing dot is allowed.
   */
  static boolean isDomainName(String s) {
    if (s.isEmpty()) {
      return false;
    }
    String name = isFqdn(s) ? s : s + ".";
    int off = 0;
    int begin = 0;
    boolean wasDot = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '\\') {
        if (i + 3 < name.length() && isDigit(name.charAt(i + 1)) && isDigit(name.charAt(i + 2))
            && isDigit(name.charAt(i + 3))) {
          i += 3;
          begin += 3;
        } else {
          i++;
          begin++;
        }
        wasDot = false;
      } else if (c == '.') {
        if (wasDot) {
          return false;
        }
        wasDot = true;
        int labelLength = i - begin;
        if (labelLength >= 64) {
          return false;
        }
        off += 1 + labelLength;
        if (off > 256) {
          return false;
        }
        begin = i + 1;
      } else {
        wasDot = false;
      }
    }
    return true;
  }

  /** A name ends with an unescaped dot when an even number of backslashes precede the final dot. */
  private static boolean isFqdn(String s) {
    if (!s.endsWith(".")) {
      return false;
    }
    int backslashes = 0;
    for (int i = s.length() - 2; i >= 0 && s.charAt(i) == '\\'; i--) {
      backslashes++;
    }
    return backslashes % 2 == 0;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * Returns why a configured host cannot appear in a Host header or a server name, or null: one
   * optional leading {@code *.}; labels of ASCII letters, digits, {@code -} and {@code _}, 1-63
   * characters; one optional trailing dot; one optional {@code :port} of 1-65535; at most 253
   * characters before the port. The single {@code *} is fine.
   */
  static String problem(String host) {
    if (host.equals("*")) {
      return null;
    }
    int colon = host.lastIndexOf(':');
    int end = colon >= 0 ? colon : host.length();
    if (colon >= 0) {
      int port = 0;
      int digits = host.length() - colon - 1;
      for (int i = colon + 1; i < host.length() && digits <= 5; i++) {
        char c = host.charAt(i);
        port = c >= '0' && c <= '9' ? port * 10 + (c - '0') : -1_000_000;
      }
      if (digits == 0 || digits > 5 || port < 1 || port > 65535) {
        return "the port must be 1-65535";
      }
    }
    int start = host.startsWith("*.") ? 2 : 0;
    if (end > start && host.charAt(end - 1) == '.') {
      end--;
    }
    if (end <= start) {
      return "it has no name";
    }
    if (end - start > 253) {
      return "it is longer than 253 characters";
    }
    int label = start;
    for (int i = start; i <= end; i++) {
      if (i == end || host.charAt(i) == '.') {
        if (i == label) {
          return "it has an empty label";
        }
        if (i - label > 63) {
          return "a label is longer than 63 characters";
        }
        label = i + 1;
        continue;
      }
      char c = host.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!ok) {
        return "it contains " + (c == '*' ? "'*' outside the leftmost label" : "'" + printable(c) + "'");
      }
    }
    return null;
  }

  private static String printable(char c) {
    return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format(Locale.ROOT, "\\u%04x", (int) c);
  }

  /**
   * Returns the key a configured host is matched under: without its {@code :port} and trailing dot
   * (meshgate matches the host part only, whatever port a Host header carries).
   */
  static String matchKey(String host) {
    int end = host.length();
    int colon = host.lastIndexOf(':');
    if (colon >= 0 && host.indexOf(']') < colon) {
      end = colon;
    }
    if (end > 0 && host.charAt(end - 1) == '.' && end > 1) {
      end--;
    }
    return host.substring(0, end);
  }

  /**
   * Returns the end of the host part of a Host header {@code value[from, to)}: before a
   * {@code :port} suffix of digits, or {@code to}. An IPv6 literal in brackets keeps its colons.
   * Allocation-free.
   */
  static int hostEnd(CharSequence value, int from, int to) {
    for (int i = to - 1; i >= from; i--) {
      char c = value.charAt(i);
      if (c == ':') {
        return i;
      }
      if (c < '0' || c > '9') {
        return to;
      }
    }
    return to;
  }
}
