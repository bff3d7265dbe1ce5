package dev.meshgate.core.chain;

import java.util.List;
import java.util.Locale;

/*
 * Envoy's HashPolicyImpl::generateHash over Consul's hash policies: each policy that finds its
 * value contributes XXH64(value); the running hash is rotated left by one before each new value is
 * XORed in (so duplicate policies do not cancel), and a Terminal policy that produced a hash ends the
 * computation. No hash at all means a random endpoint. Reads the request in place; allocation-free
 * for ASCII values.
 */
final class RequestHasher {
  static final RequestHasher NONE = new RequestHasher(List.of());

  private static final int SOURCE_IP = 0;
  private static final int HEADER = 1;
  private static final int COOKIE = 2;
  private static final int QUERY = 3;

  private final int[] kinds;
  private final String[] names;
  private final boolean[] terminal;

  RequestHasher(List<LoadBalancer.HashPolicy> policies) {
    int n = policies.size();
    kinds = new int[n];
    names = new String[n];
    terminal = new boolean[n];
    for (int i = 0; i < n; i++) {
      LoadBalancer.HashPolicy p = policies.get(i);
      terminal[i] = p.terminal();
      if (p.sourceIp()) {
        kinds[i] = SOURCE_IP;
        names[i] = "";
      } else if ("header".equals(p.field())) {
        kinds[i] = HEADER;
        names[i] = p.fieldValue().toLowerCase(Locale.ROOT);
      } else if ("cookie".equals(p.field())) {
        kinds[i] = COOKIE;
        names[i] = p.fieldValue();
      } else {
        kinds[i] = QUERY;
        names[i] = p.fieldValue();
      }
    }
  }

  /** Returns the request's hash, or {@code random} when no policy found its value. */
  long hash(ChainRequest request, long random) {
    long hash = 0;
    boolean has = false;
    for (int i = 0; i < kinds.length; i++) {
      long h = 0;
      boolean got = false;
      switch (kinds[i]) {
        case SOURCE_IP: {
          String address = request.sourceAddress();
          if (!address.isEmpty()) {
            h = XxHash64.utf8(address, 0);
            got = true;
          }
          break;
        }
        case HEADER: {
          CharSequence v = request.header(names[i]);
          if (v != null) {
            h = XxHash64.utf8(v, 0);
            got = true;
          }
          break;
        }
        case COOKIE: {
          CharSequence cookies = request.header("cookie");
          if (cookies != null) {
            long found = cookie(cookies, names[i]);
            if (found >= 0) {
              int start = (int) (found >>> 32);
              int end = (int) found;
              h = XxHash64.utf8(cookies, start, end, 0);
              got = true;
            }
          }
          break;
        }
        default: {
          CharSequence query = request.query();
          long found = queryValue(query, names[i]);
          if (found >= 0) {
            h = XxHash64.utf8(query, (int) (found >>> 32), (int) found, 0);
            got = true;
          }
        }
      }
      if (got) {
        hash = has ? Long.rotateLeft(hash, 1) ^ h : h;
        has = true;
      }
      if (terminal[i] && has) {
        break;
      }
    }
    return has ? hash : random;
  }

  /**
   * Finds a cookie's value in a {@code Cookie} header ({@code a=1; b="2"}), quotes removed, as
   * Envoy's {@code parseCookieValue}; returns {@code start << 32 | end}, or -1.
   */
  static long cookie(CharSequence header, String name) {
    int n = header.length();
    int i = 0;
    while (i < n) {
      while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == ';')) {
        i++;
      }
      int end = i;
      while (end < n && header.charAt(end) != ';') {
        end++;
      }
      int eq = i;
      while (eq < end && header.charAt(eq) != '=') {
        eq++;
      }
      if (eq < end && RouteMatcher.regionEquals(header, i, eq, name)) {
        int vs = eq + 1;
        int ve = end;
        while (ve > vs && header.charAt(ve - 1) == ' ') {
          ve--;
        }
        if (ve - vs >= 2 && header.charAt(vs) == '"' && header.charAt(ve - 1) == '"') {
          vs++;
          ve--;
        }
        return (long) vs << 32 | ve;
      }
      i = end + 1;
    }
    return -1;
  }

  /** Finds the first value of a query parameter; returns {@code start << 32 | end}, or -1. */
  static long queryValue(CharSequence query, String name) {
    int n = query.length();
    int start = 0;
    while (start < n) {
      int end = start;
      while (end < n && query.charAt(end) != '&') {
        end++;
      }
      int eq = start;
      while (eq < end && query.charAt(eq) != '=') {
        eq++;
      }
      if (RouteMatcher.regionEquals(query, start, eq, name)) {
        int vs = eq < end ? eq + 1 : end;
        return (long) vs << 32 | end;
      }
      start = end + 1;
    }
    return -1;
  }
}
