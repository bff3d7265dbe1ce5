package dev.meshgate.core.intentions;

import dev.meshgate.core.internal.Problems;
import dev.meshgate.core.internal.regex.Regexes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/*
 * Consul's ServiceIntentionsConfigEntry.validate, in its order and with its texts, except that it
 * goes on after the first problem so that every problem is reported. Consul stops at the first, so
 * the first message here is Consul's. Checks Consul skips come after all of Consul's, so that they
 * can never take the first place from one of Consul's messages. Legacy (pre-1.9) intention writes
 * are not modelled: the types here have no legacy fields to misuse.
 *
 * Two entry points: validate runs when a ServiceIntentions is constructed and needs nothing but
 * the entry; references runs when an IntentionSet is built and checks the names an entry refers
 * to (JWT providers, sameness groups) against what the set declares.
 */
final class EntryValidator {
  /** The methods Consul accepts (isValidHTTPMethod). */
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT", "OPTIONS", "TRACE");

  private static final int DESCRIPTION_MAX_BYTES = Problems.META_VALUE_MAX_LENGTH;

  /** What reference checks need to know beyond the entry: the names it may refer to. */
  record Context(Set<String> jwtProviders, Set<String> samenessGroups) {}

  private final String name;
  private final String namespace;
  private final String partition;
  private final List<SourceIntention> sources;
  private final IntentionJwtRequirement jwt;
  private final Problems problems;
  private final List<String> extra = new ArrayList<>();

  private EntryValidator(
      String name, String namespace, String partition, List<SourceIntention> sources, IntentionJwtRequirement jwt) {
    this.name = name;
    this.namespace = namespace;
    this.partition = partition;
    this.sources = sources;
    this.jwt = jwt;
    this.problems = new Problems(ServiceIntentions.KIND, name);
  }

  /**
   * Validates the parts of an entry, normalized (see {@link Normalization#sources}): the
   * namespace and partition defaulted, the sources normalized and sorted.
   *
   * @return the problems found, Consul's first
   */
  static Problems validate(
      String name, String namespace, String partition, List<SourceIntention> sources, IntentionJwtRequirement jwt,
      Map<String, String> meta) {
    EntryValidator v = new EntryValidator(name, namespace, partition, sources, jwt);
    v.consulChecks(meta);
    v.extraChecks();
    for (String message : v.extra) {
      v.problems.add(message);
    }
    return v.problems;
  }

  /**
   * Checks that every JWT provider and sameness group a normalized entry names is declared.
   *
   * @return the problems found, in source order
   */
  static Problems references(ServiceIntentions entry, Context context) {
    EntryValidator v =
        new EntryValidator(entry.name(), entry.namespace(), entry.partition(), entry.sources(), entry.jwt());
    v.referenceChecks(context);
    for (String message : v.extra) {
      v.problems.add(message);
    }
    return v.problems;
  }

  private void consulChecks(Map<String, String> meta) {
    if (name.isEmpty()) {
      problems.add("Name is required");
    }
    wildcards("", name, namespace, partition, "", "");
    jwtNames(jwt);
    problems.checkMeta(meta);
    if (sources.isEmpty()) {
      problems.add("At least one source is required");
    }
    boolean destinationIsWild = ServiceIntentions.WILDCARD.equals(name) || ServiceIntentions.WILDCARD.equals(namespace);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < sources.size(); i++) {
      SourceIntention src = sources.get(i);
      String at = "Sources[" + i + "]";
      if (src.name().isEmpty()) {
        problems.add(at + ".Name is required");
      }
      wildcards(at + ".", src.name(), src.namespace(), src.partition(), src.peer(), src.samenessGroup());
      if (!src.peer().isEmpty() && !src.partition().isEmpty()) {
        problems.add(at + ".Peer: cannot set Peer and Partition at the same time.");
      }
      if (!src.samenessGroup().isEmpty() && !src.partition().isEmpty()) {
        problems.add(at + ".SamenessGroup: cannot set SamenessGroup and Partition at the same time");
      }
      if (!src.samenessGroup().isEmpty() && !src.peer().isEmpty()) {
        problems.add(at + ".SamenessGroup: cannot set SamenessGroup and Peer at the same time");
      }
      if (Problems.goLength(src.description()) > DESCRIPTION_MAX_BYTES) {
        problems.add(at + ".Description exceeds maximum length " + DESCRIPTION_MAX_BYTES);
      }
      if (src.permissions().isEmpty() && src.action().isEmpty()) {
        problems.add(at + ".Action must be set to 'allow' or 'deny'");
      }
      if (!src.permissions().isEmpty() && src.action().isPresent()) {
        problems.add(at + ".Action must be omitted if Permissions are specified");
      }
      if (destinationIsWild && !src.permissions().isEmpty()) {
        problems.add(at + ".Permissions cannot be specified on intentions with wildcarded destinations");
      }
      if (!SourceIntention.TYPE_CONSUL.equals(src.type())) {
        problems.add(at + ".Type must be set to 'consul'");
      }
      for (int j = 0; j < src.permissions().size(); j++) {
        permission(at + ".Permissions[" + j + "]", src.permissions().get(j));
      }
      duplicate(at, src, seen);
    }
  }

  private void permission(String at, IntentionPermission perm) {
    if (perm.action().isEmpty()) {
      problems.add(at + ".Action must be set to 'allow' or 'deny'");
    }
    String http = at + ".HTTP";
    if (perm.http().isEmpty()) {
      problems.add(http + " is required");
    } else {
      IntentionHttpPermission h = perm.http().get();
      int pathParts = 0;
      if (!h.pathExact().isEmpty()) {
        pathParts++;
        if (!h.pathExact().startsWith("/")) {
          problems.add(http + ".PathExact doesn't start with '/': " + Problems.quote(h.pathExact()));
        }
      }
      if (!h.pathPrefix().isEmpty()) {
        pathParts++;
        if (!h.pathPrefix().startsWith("/")) {
          problems.add(http + ".PathPrefix doesn't start with '/': " + Problems.quote(h.pathPrefix()));
        }
      }
      if (!h.pathRegex().isEmpty()) {
        pathParts++;
      }
      if (pathParts > 1) {
        problems.add(http + " should only contain at most one of PathExact, PathPrefix, or PathRegex");
      }
      int parts = pathParts;
      for (int k = 0; k < h.header().size(); k++) {
        IntentionHttpHeaderPermission hdr = h.header().get(k);
        if (hdr.name().isEmpty()) {
          problems.add(http + ".Header[" + k + "] missing required Name field");
        }
        if (matcherCount(hdr) != 1) {
          problems.add(
              http + ".Header[" + k + "] should only contain one of Present, Exact, Prefix, Suffix, or Regex");
        }
        parts++;
      }
      if (!h.methods().isEmpty()) {
        Set<String> found = new HashSet<>();
        for (String m : h.methods()) {
          if (!METHODS.contains(m)) {
            problems.add(http + ".Methods contains an invalid method " + Problems.quote(m));
          } else if (!found.add(m)) {
            problems.add(http + ".Methods contains " + Problems.quote(m) + " more than once");
          }
        }
        parts++;
      }
      if (parts == 0) {
        problems.add(http + " should not be empty");
      }
    }
    jwtNames(perm.jwt());
  }

  static int matcherCount(IntentionHttpHeaderPermission hdr) {
    int n = hdr.present() ? 1 : 0;
    n += hdr.exact().isEmpty() ? 0 : 1;
    n += hdr.regex().isEmpty() ? 0 : 1;
    n += hdr.prefix().isEmpty() ? 0 : 1;
    n += hdr.suffix().isEmpty() ? 0 : 1;
    return n;
  }

  private void jwtNames(IntentionJwtRequirement jwt) {
    for (IntentionJwtProvider provider : jwt.providers()) {
      if (provider.name().isEmpty()) {
        problems.add("JWT provider name is required");
      }
    }
  }

  /** Consul's validateIntentionWildcards; reports each broken rule, not only the first. */
  private void wildcards(
      String at, String name, String namespace, String partition, String peer, String samenessGroup) {
    String wild = ServiceIntentions.WILDCARD;
    if (!wild.equals(namespace) && namespace.contains(wild)) {
      problems.add(at + "Namespace: wildcard character '*' cannot be used with partial values");
    }
    if (!wild.equals(name)) {
      if (name.contains(wild)) {
        problems.add(at + "Name: wildcard character '*' cannot be used with partial values");
      }
      if (wild.equals(namespace)) {
        problems.add(at + "Name: exact value cannot follow wildcard namespace");
      }
    }
    if (partition.contains(wild)) {
      problems.add(at + "Partition: cannot use wildcard '*' in partition");
    }
    if (peer.contains(wild)) {
      problems.add(at + "Peer: cannot use wildcard '*' in peer");
    }
    if (samenessGroup.contains(wild)) {
      problems.add(at + "SamenessGroup: cannot use wildcard '*' in sameness group");
    }
  }

  private void duplicate(String at, SourceIntention src, Set<String> seen) {
    // The key is (service name with namespace and partition, peer, sameness group); NUL cannot
    // occur in a name Consul accepts, so it separates the parts unambiguously.
    String key = src.partition() + '\0' + src.namespace() + '\0' + src.name() + '\0' + src.peer() + '\0'
        + src.samenessGroup();
    if (seen.add(key)) {
      return;
    }
    String sn = Problems.quote(serviceName(src.name(), src.namespace(), src.partition()));
    if (!src.peer().isEmpty()) {
      problems.add(at + " defines peer(" + Problems.quote(src.peer()) + ") " + sn + " more than once");
    } else if (!src.samenessGroup().isEmpty()) {
      problems.add(
          at + " defines sameness-group(" + Problems.quote(src.samenessGroup()) + ") " + sn + " more than once");
    } else {
      problems.add(at + " defines " + sn + " more than once");
    }
  }

  /**
   * Renders a service name as Consul does in messages: the bare name in the default namespace and
   * partition (Consul CE's rendering), otherwise {@code namespace/name} or {@code
   * partition/namespace/name}.
   */
  static String serviceName(String name, String namespace, String partition) {
    boolean defaultPartition = partition.isEmpty() || Normalization.DEFAULT.equals(partition);
    boolean defaultNamespace = namespace.isEmpty() || Normalization.DEFAULT.equals(namespace);
    if (defaultPartition && defaultNamespace) {
      return name;
    }
    String ns = namespace.isEmpty() ? Normalization.DEFAULT : namespace;
    return defaultPartition ? ns + "/" + name : partition + "/" + ns + "/" + name;
  }

  private void extraChecks() {
    jwtExtras("JWT", jwt);
    for (int i = 0; i < sources.size(); i++) {
      SourceIntention src = sources.get(i);
      String at = "Sources[" + i + "]";
      for (int j = 0; j < src.permissions().size(); j++) {
        IntentionPermission perm = src.permissions().get(j);
        String p = at + ".Permissions[" + j + "]";
        if (perm.http().isPresent()) {
          httpExtras(p + ".HTTP", perm.http().get());
        }
        jwtExtras(p + ".JWT", perm.jwt());
      }
    }
  }

  private void referenceChecks(Context context) {
    jwtReferences("JWT", jwt, context);
    for (int i = 0; i < sources.size(); i++) {
      SourceIntention src = sources.get(i);
      String at = "Sources[" + i + "]";
      if (!src.samenessGroup().isEmpty() && !context.samenessGroups().contains(src.samenessGroup())) {
        extra.add(at + ".SamenessGroup: sameness group " + Problems.quote(src.samenessGroup()) + " is not defined");
      }
      for (int j = 0; j < src.permissions().size(); j++) {
        jwtReferences(at + ".Permissions[" + j + "].JWT", src.permissions().get(j).jwt(), context);
      }
    }
  }

  private void jwtReferences(String at, IntentionJwtRequirement requirement, Context context) {
    for (int p = 0; p < requirement.providers().size(); p++) {
      String provider = requirement.providers().get(p).name();
      if (!context.jwtProviders().contains(provider)) {
        extra.add(at + ".Providers[" + p + "]: provider specified in intention does not exist. Provider name: "
            + provider);
      }
    }
  }

  private void httpExtras(String at, IntentionHttpPermission http) {
    regex(at + ".PathRegex", http.pathRegex());
    for (int k = 0; k < http.header().size(); k++) {
      IntentionHttpHeaderPermission hdr = http.header().get(k);
      String h = at + ".Header[" + k + "]";
      if (!hdr.name().isEmpty() && !isHeaderName(hdr.name())) {
        extra.add(h + ".Name " + Problems.quote(hdr.name()) + " is not a valid HTTP header name");
      }
      regex(h + ".Regex", hdr.regex());
    }
  }

  private void regex(String at, String regex) {
    if (regex.isEmpty()) {
      return;
    }
    String problem = Regexes.problem(regex);
    if (problem != null) {
      extra.add(at + " " + Problems.quote(regex) + " " + problem);
    }
  }

  private void jwtExtras(String at, IntentionJwtRequirement requirement) {
    for (int p = 0; p < requirement.providers().size(); p++) {
      IntentionJwtProvider provider = requirement.providers().get(p);
      String pa = at + ".Providers[" + p + "]";
      for (int c = 0; c < provider.verifyClaims().size(); c++) {
        if (provider.verifyClaims().get(c).path().isEmpty()) {
          extra.add(pa + ".VerifyClaims[" + c + "].Path is required");
        }
      }
    }
  }

  /** An RFC 9110 token, optionally after a ':' for HTTP/2 pseudo-headers. */
  static boolean isHeaderName(String name) {
    int start = name.charAt(0) == ':' ? 1 : 0;
    if (start == name.length()) {
      return false;
    }
    for (int i = start; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean token = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!token) {
        return false;
      }
    }
    return true;
  }
}
