package dev.meshgate.core.chain;

import dev.meshgate.core.internal.regex.Re2;
import java.util.List;
import java.util.Locale;

/*
 * A route's criteria compiled for matching, as Envoy's RouteMatch that Consul generates
 * (agent/xds/routes.go makeRouteMatchForDiscoveryRoute): one path criterion (exact or regex on the
 * path without query, prefix on the request target), every header criterion, the methods as a
 * header criterion on :method, every query-parameter criterion. A route without criteria is the
 * prefix "/". Matching reads the request in place and allocates nothing, except inside RE2/J for
 * regex criteria.
 */
final class RouteMatcher {
  private static final int PREFIX = 0;
  private static final int EXACT = 1;
  private static final int REGEX = 2;

  private final int pathKind;
  private final String path;
  private final boolean ignoreCase;
  private final Re2.FullMatch pathRegex;
  private final Header[] headers;
  private final String[] methods;
  private final Query[] queries;

  private RouteMatcher(int pathKind, String path, boolean ignoreCase, Re2.FullMatch pathRegex, Header[] headers,
      String[] methods, Query[] queries) {
    this.pathKind = pathKind;
    this.path = path;
    this.ignoreCase = ignoreCase;
    this.pathRegex = pathRegex;
    this.headers = headers;
    this.methods = methods;
    this.queries = queries;
  }

  static RouteMatcher of(ServiceRoute route) {
    if (route.isCatchAll()) {
      return new RouteMatcher(PREFIX, "/", false, null, new Header[0], new String[0], new Query[0]);
    }
    HttpMatch h = route.match().get();
    int kind = PREFIX;
    String p = "/";
    Re2.FullMatch regex = null;
    if (!h.pathExact().isEmpty()) {
      kind = EXACT;
      p = h.pathExact();
    } else if (!h.pathPrefix().isEmpty()) {
      p = h.pathPrefix();
    } else if (!h.pathRegex().isEmpty()) {
      kind = REGEX;
      regex = new Re2.FullMatch(h.pathRegex());
    }
    List<HeaderMatch> hs = h.headers();
    Header[] headers = new Header[hs.size()];
    int n = 0;
    for (HeaderMatch m : hs) {
      Header compiled = Header.of(m);
      if (compiled != null) {
        headers[n++] = compiled;
      }
    }
    List<QueryParamMatch> qs = h.queryParams();
    Query[] queries = new Query[qs.size()];
    int k = 0;
    for (QueryParamMatch q : qs) {
      Query compiled = Query.of(q);
      if (compiled != null) {
        queries[k++] = compiled;
      }
    }
    return new RouteMatcher(kind, p, h.caseInsensitive(), regex, java.util.Arrays.copyOf(headers, n),
        h.methods().toArray(new String[0]), java.util.Arrays.copyOf(queries, k));
  }

  boolean matches(ChainRequest request) {
    CharSequence requestPath = request.path();
    switch (pathKind) {
      case EXACT:
        if (!equal(requestPath, path, ignoreCase)) {
          return false;
        }
        break;
      case REGEX:
        if (!pathRegex.matches(requestPath)) {
          return false;
        }
        break;
      default:
        if (!targetStartsWith(requestPath, request.query(), path, ignoreCase)) {
          return false;
        }
    }
    for (Header h : headers) {
      if (!h.matches(request.header(h.name))) {
        return false;
      }
    }
    if (methods.length > 0 && !isOneOf(request.method(), methods)) {
      return false;
    }
    if (queries.length > 0) {
      CharSequence query = request.query();
      for (Query q : queries) {
        if (!q.matches(query)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean isOneOf(String method, String[] methods) {
    for (String m : methods) {
      if (m.equals(method)) {
        return true;
      }
    }
    return false;
  }

  /** Envoy's prefix matches the :path header, query string included. */
  private static boolean targetStartsWith(CharSequence path, CharSequence query, String prefix, boolean ignoreCase) {
    int pathLength = path.length();
    int targetLength = query.length() == 0 ? pathLength : pathLength + 1 + query.length();
    if (targetLength < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      char c = i < pathLength ? path.charAt(i) : i == pathLength ? '?' : query.charAt(i - pathLength - 1);
      if (!same(c, prefix.charAt(i), ignoreCase)) {
        return false;
      }
    }
    return true;
  }

  static boolean equal(CharSequence a, String b, boolean ignoreCase) {
    if (a.length() != b.length()) {
      return false;
    }
    for (int i = 0; i < b.length(); i++) {
      if (!same(a.charAt(i), b.charAt(i), ignoreCase)) {
        return false;
      }
    }
    return true;
  }

  private static boolean same(char a, char b, boolean ignoreCase) {
    if (a == b) {
      return true;
    }
    return ignoreCase && a < 0x80 && b < 0x80 && lower(a) == lower(b);
  }

  private static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
  }

  static boolean regionEquals(CharSequence s, int start, int end, String value) {
    if (end - start != value.length()) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      if (s.charAt(start + i) != value.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Envoy's HeaderMatcher. A missing header matches only an inverted presence criterion (Envoy
   * 1.20+ semantics); otherwise the criterion's result is inverted by {@code Invert}.
   */
  private static final class Header {
    private static final int PRESENT = 0;
    private static final int H_EXACT = 1;
    private static final int H_PREFIX = 2;
    private static final int H_SUFFIX = 3;
    private static final int H_REGEX = 4;

    final String name;
    final int kind;
    final String value;
    final Re2.FullMatch regex;
    final boolean invert;

    private Header(String name, int kind, String value, Re2.FullMatch regex, boolean invert) {
      this.name = name;
      this.kind = kind;
      this.value = value;
      this.regex = regex;
      this.invert = invert;
    }

    /** Compiles a criterion in Consul's order of precedence; null for none (Consul skips those). */
    static Header of(HeaderMatch m) {
      String name = m.name().toLowerCase(Locale.ROOT);
      if (!m.exact().isEmpty()) {
        return new Header(name, H_EXACT, m.exact(), null, m.invert());
      } else if (!m.regex().isEmpty()) {
        return new Header(name, H_REGEX, "", new Re2.FullMatch(m.regex()), m.invert());
      } else if (!m.prefix().isEmpty()) {
        return new Header(name, H_PREFIX, m.prefix(), null, m.invert());
      } else if (!m.suffix().isEmpty()) {
        return new Header(name, H_SUFFIX, m.suffix(), null, m.invert());
      } else if (m.present()) {
        return new Header(name, PRESENT, "", null, m.invert());
      }
      return null;
    }

    boolean matches(CharSequence v) {
      if (v == null) {
        return invert && kind == PRESENT;
      }
      boolean match;
      switch (kind) {
        case H_EXACT:
          match = equal(v, value, false);
          break;
        case H_PREFIX:
          match = v.length() >= value.length() && regionEquals(v, 0, value.length(), value);
          break;
        case H_SUFFIX:
          match = v.length() >= value.length() && regionEquals(v, v.length() - value.length(), v.length(), value);
          break;
        case H_REGEX:
          match = regex.matches(v);
          break;
        default:
          match = true;
      }
      return match != invert;
    }
  }

  /** Envoy's QueryParameterMatcher: the first parameter of the name, its value as written. */
  private static final class Query {
    final String name;
    final boolean present;
    final String exact;
    final Re2.FullMatch regex;

    private Query(String name, boolean present, String exact, Re2.FullMatch regex) {
      this.name = name;
      this.present = present;
      this.exact = exact;
      this.regex = regex;
    }

    static Query of(QueryParamMatch q) {
      if (!q.exact().isEmpty()) {
        return new Query(q.name(), false, q.exact(), null);
      } else if (!q.regex().isEmpty()) {
        return new Query(q.name(), false, "", new Re2.FullMatch(q.regex()));
      } else if (q.present()) {
        return new Query(q.name(), true, "", null);
      }
      return null;
    }

    boolean matches(CharSequence query) {
      int n = query.length();
      int start = 0;
      while (start <= n && n > 0) {
        int end = indexOf(query, '&', start, n);
        int eq = indexOf(query, '=', start, end);
        if (regionEquals(query, start, eq, name)) {
          int valueStart = eq < end ? eq + 1 : end;
          if (present) {
            return true;
          }
          if (regex != null) {
            return regex.matches(query.subSequence(valueStart, end));
          }
          return regionEquals(query, valueStart, end, exact);
        }
        start = end + 1;
      }
      return false;
    }

    private static int indexOf(CharSequence s, char c, int from, int to) {
      for (int i = from; i < to; i++) {
        if (s.charAt(i) == c) {
          return i;
        }
      }
      return to;
    }
  }
}
