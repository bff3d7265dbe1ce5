package dev.meshgate.core.intentions;

import dev.meshgate.core.internal.regex.Re2;
import java.util.Map;

/** A compiled {@link IntentionPermission}: every present condition must hold. */
final class CompiledPermission {
  private static final int ANY_PATH = 0;
  private static final int EXACT = 1;
  private static final int PREFIX = 2;
  private static final int REGEX = 3;

  final Action action;
  private final int pathKind;
  private final String path;
  private final Re2.FullMatch pathRegex;
  private final String[] methods;
  private final HeaderCondition[] headers;
  private final JwtCondition jwt;

  CompiledPermission(IntentionPermission p, Map<String, Re2.FullMatch> patterns, Map<String, String> issuers) {
    action = p.action().orElseThrow();
    IntentionHttpPermission http = p.http().orElseThrow();
    if (!http.pathExact().isEmpty()) {
      pathKind = EXACT;
      path = http.pathExact();
    } else if (!http.pathPrefix().isEmpty()) {
      pathKind = PREFIX;
      path = http.pathPrefix();
    } else if (!http.pathRegex().isEmpty()) {
      pathKind = REGEX;
      path = http.pathRegex();
    } else {
      pathKind = ANY_PATH;
      path = "";
    }
    pathRegex = pathKind == REGEX ? patterns.computeIfAbsent(path, Re2.FullMatch::new) : null;
    methods = http.methods().isEmpty() ? null : http.methods().toArray(new String[0]);
    headers = new HeaderCondition[http.header().size()];
    for (int i = 0; i < headers.length; i++) {
      headers[i] = new HeaderCondition(http.header().get(i), patterns);
    }
    jwt = JwtCondition.compile(p.jwt(), issuers);
  }

  /**
   * Tells whether the request satisfies every condition. Allocation-free except for RE2/J's
   * matcher when a regex condition is reached; a regex match takes time linear in the value.
   */
  boolean matches(HttpRequest request) {
    switch (pathKind) {
      case EXACT -> {
        if (!request.path().equals(path)) {
          return false;
        }
      }
      case PREFIX -> {
        if (!request.path().startsWith(path)) {
          return false;
        }
      }
      case REGEX -> {
        if (!pathRegex.matches(request.path())) {
          return false;
        }
      }
      default -> {
        // no path condition
      }
    }
    if (methods != null && !oneOf(request.method())) {
      return false;
    }
    Map<String, String> h = request.headers();
    for (HeaderCondition header : headers) {
      if (!header.matches(h)) {
        return false;
      }
    }
    return jwt == null || jwt.satisfiedBy(request.jwt());
  }

  private boolean oneOf(String method) {
    for (String m : methods) {
      if (m.equals(method)) {
        return true;
      }
    }
    return false;
  }
}
