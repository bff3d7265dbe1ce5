package dev.meshgate.core.naming;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parsing and segment rules behind {@link SpiffeId}. */
final class SpiffeIds {
  private static final String SCHEME = "spiffe://";
  private static final String FORMS =
      "[/ap/<partition>]/ns/<ns>/dc/<dc>/svc/<service>, [/ap/<partition>]/gateway/mesh/dc/<dc>"
          + " or /agent/server/dc/<dc>";

  private SpiffeIds() {}

  static void requireSegment(String what, String value) {
    String problem = segmentProblem(value);
    if (problem != null) {
      throw new IllegalArgumentException(what + ": \"" + value + "\" (expected: " + problem + ")");
    }
  }

  /** Returns why {@code s} is not a SPIFFE path segment, or {@code null} when it is one. */
  static String segmentProblem(String s) {
    if (s.isEmpty()) {
      return "a non-empty path segment";
    }
    if (s.equals(".") || s.equals("..")) {
      return "a path segment other than '.' and '..'";
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '-' || c == '_';
      if (!ok) {
        return "only A-Z, a-z, 0-9, '.', '-' and '_'; found '" + TrustDomain.printable(c) + "' at index " + i;
      }
    }
    return null;
  }

  static SpiffeId parse(String uri) {
    if (uri.length() > SpiffeId.MAX_LENGTH) {
      throw reject(uri, "at most " + SpiffeId.MAX_LENGTH + " characters, got " + uri.length());
    }
    if (!uri.startsWith(SCHEME)) {
      throw reject(uri, "the scheme spiffe://");
    }
    int pathStart = uri.indexOf('/', SCHEME.length());
    String host = pathStart < 0 ? uri.substring(SCHEME.length()) : uri.substring(SCHEME.length(), pathStart);
    String tdProblem = TrustDomain.problem(host);
    if (tdProblem != null) {
      throw reject(uri, "a trust domain of " + tdProblem);
    }
    TrustDomain td = new TrustDomain(host);
    if (pathStart < 0) {
      throw reject(uri, "a path of the form " + FORMS);
    }
    List<String> segments = new ArrayList<>();
    int start = pathStart + 1;
    while (true) {
      int slash = uri.indexOf('/', start);
      String segment = slash < 0 ? uri.substring(start) : uri.substring(start, slash);
      String problem = segmentProblem(segment);
      if (problem != null) {
        throw reject(uri, "path segment " + (segments.size() + 1) + " to be " + problem);
      }
      segments.add(segment);
      if (slash < 0) {
        break;
      }
      start = slash + 1;
    }

    String partition = SpiffeId.DEFAULT;
    int i = 0;
    if (segments.size() >= 2 && segments.get(0).equals("ap")) {
      partition = segments.get(1);
      i = 2;
    }
    int n = segments.size() - i;
    if (n == 6 && is(segments, i, "ns", 0) && is(segments, i, "dc", 2) && is(segments, i, "svc", 4)) {
      return new SpiffeId.Service(td, partition, segments.get(i + 1), segments.get(i + 3), segments.get(i + 5));
    }
    if (n == 4 && is(segments, i, "gateway", 0) && is(segments, i, "mesh", 1) && is(segments, i, "dc", 2)) {
      return new SpiffeId.MeshGateway(td, partition, segments.get(i + 3));
    }
    if (i == 0 && n == 4 && is(segments, 0, "agent", 0) && is(segments, 0, "server", 1) && is(segments, 0, "dc", 2)) {
      return new SpiffeId.Server(td, segments.get(3));
    }
    throw reject(uri, "a path of the form " + FORMS);
  }

  private static boolean is(List<String> segments, int base, String literal, int index) {
    return segments.get(base + index).equals(literal);
  }

  private static IllegalArgumentException reject(String input, String expected) {
    return new IllegalArgumentException("spiffe id " + quoteBounded(input) + ": expected " + expected);
  }

  /** Quotes peer-supplied text for an error message: escaped, and cut after 256 characters. */
  static String quoteBounded(String input) {
    String shown = input.length() > 256 ? input.substring(0, 256) : input;
    StringBuilder out = new StringBuilder(shown.length() + 8).append('"');
    for (int i = 0; i < shown.length(); i++) {
      char c = shown.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c >= 0x7f) {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
    if (shown.length() < input.length()) {
      out.append("...(").append(input.length()).append(" chars)");
    }
    return out.toString();
  }
}
