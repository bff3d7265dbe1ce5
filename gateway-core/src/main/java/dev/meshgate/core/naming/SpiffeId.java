package dev.meshgate.core.naming;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A SPIFFE ID in one of the forms Consul issues: a {@link Service} workload, a {@link MeshGateway}
 * or a {@link Server}. These are the URI SANs of mesh certificates, and what intentions match a
 * caller by.
 *
 * <p>Rules applied by every form, in line with the SPIFFE ID specification: the scheme is exactly
 * {@code spiffe://}; the trust domain follows {@link TrustDomain}; path segments are non-empty,
 * are not {@code .} or {@code ..}, and use only {@code A-Z a-z 0-9 . - _}; no query, fragment,
 * port or user info; at most {@value #MAX_LENGTH} characters. Consul's own names satisfy these
 * rules, so nothing it issues is rejected.
 *
 * <p>Values are immutable records and thread-safe.
 */
public sealed interface SpiffeId permits SpiffeId.Service, SpiffeId.MeshGateway, SpiffeId.Server {
  /** The longest SPIFFE ID accepted, as the SPIFFE specification recommends. */
  int MAX_LENGTH = 2048;

  /** The partition and namespace an empty value stands for. */
  String DEFAULT = "default";

  /**
   * Returns the trust domain this ID belongs to.
   *
   * @return the trust domain
   */
  TrustDomain trustDomain();

  /**
   * Returns the ID as a URI string, exactly as Consul renders it.
   *
   * @return e.g. {@code spiffe://<td>/ns/default/dc/dc1/svc/web}
   */
  String uri();

  /**
   * Parses a SPIFFE ID in one of Consul's forms.
   *
   * @param uri the URI, e.g. from a certificate's URI SAN
   * @return the typed ID
   * @throws IllegalArgumentException with a message of the form
   *     {@code spiffe id "<input>": <what was expected>} when the input is not one of the forms
   */
  static SpiffeId parse(String uri) {
    return SpiffeIds.parse(uri);
  }

  /**
   * A service workload: {@code spiffe://<td>/ns/<ns>/dc/<dc>/svc/<service>}, with
   * {@code /ap/<partition>} in front of the path when the partition is not {@code default}.
   *
   * @param trustDomain the trust domain
   * @param partition the admin partition; lower-cased, an empty value becomes {@code default}
   * @param namespace the namespace; an empty value becomes {@code default}
   * @param datacenter the datacenter
   * @param service the service name
   */
  record Service(
      TrustDomain trustDomain, String partition, String namespace, String datacenter, String service)
      implements SpiffeId {
    /**
     * Normalizes the partition and namespace and validates every part.
     *
     * @param trustDomain the trust domain
     * @param partition the admin partition; lower-cased, an empty value becomes {@code default}
     * @param namespace the namespace; an empty value becomes {@code default}
     * @param datacenter the datacenter
     * @param service the service name
     * @throws IllegalArgumentException naming the part that is not a valid path segment
     */
    public Service {
      partition = normalizePartition(partition);
      namespace = namespace.isEmpty() ? DEFAULT : namespace;
      SpiffeIds.requireSegment("partition", partition);
      SpiffeIds.requireSegment("namespace", namespace);
      SpiffeIds.requireSegment("datacenter", datacenter);
      SpiffeIds.requireSegment("service", service);
    }

    /**
     * Returns a service ID in the default partition.
     *
     * @param trustDomain the trust domain
     * @param namespace the namespace; empty means {@code default}
     * @param datacenter the datacenter
     * @param service the service name
     * @return the ID
     */
    public static Service of(TrustDomain trustDomain, String namespace, String datacenter, String service) {
      return new Service(trustDomain, DEFAULT, namespace, datacenter, service);
    }

    @Override
    public String uri() {
      return "spiffe://" + trustDomain.value() + partitionPrefix(partition)
          + "/ns/" + namespace + "/dc/" + datacenter + "/svc/" + service;
    }

    @Override
    public String toString() {
      return uri();
    }
  }

  /**
   * A mesh gateway: {@code spiffe://<td>/gateway/mesh/dc/<dc>}, with {@code /ap/<partition>} in
   * front of the path when the partition is not {@code default}.
   *
   * @param trustDomain the trust domain
   * @param partition the admin partition; lower-cased, an empty value becomes {@code default}
   * @param datacenter the datacenter
   */
  record MeshGateway(TrustDomain trustDomain, String partition, String datacenter) implements SpiffeId {
    /**
     * Normalizes the partition and validates every part.
     *
     * @param trustDomain the trust domain
     * @param partition the admin partition; lower-cased, an empty value becomes {@code default}
     * @param datacenter the datacenter
     * @throws IllegalArgumentException naming the part that is not a valid path segment
     */
    public MeshGateway {
      partition = normalizePartition(partition);
      SpiffeIds.requireSegment("partition", partition);
      SpiffeIds.requireSegment("datacenter", datacenter);
    }

    @Override
    public String uri() {
      return "spiffe://" + trustDomain.value() + partitionPrefix(partition) + "/gateway/mesh/dc/" + datacenter;
    }

    @Override
    public String toString() {
      return uri();
    }
  }

  /**
   * A Consul server agent: {@code spiffe://<td>/agent/server/dc/<dc>}.
   *
   * @param trustDomain the trust domain
   * @param datacenter the datacenter
   */
  record Server(TrustDomain trustDomain, String datacenter) implements SpiffeId {
    /**
     * Validates the datacenter.
     *
     * @param trustDomain the trust domain
     * @param datacenter the datacenter
     * @throws IllegalArgumentException if the datacenter is not a valid path segment
     */
    public Server {
      SpiffeIds.requireSegment("datacenter", datacenter);
    }

    @Override
    public String uri() {
      return "spiffe://" + trustDomain.value() + "/agent/server/dc/" + datacenter;
    }

    @Override
    public String toString() {
      return uri();
    }
  }

  private static String normalizePartition(String partition) {
    return partition.isEmpty() ? DEFAULT : partition.toLowerCase(Locale.ROOT);
  }

  private static String partitionPrefix(String partition) {
    return DEFAULT.equals(partition) ? "" : "/ap/" + partition;
  }
}

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
