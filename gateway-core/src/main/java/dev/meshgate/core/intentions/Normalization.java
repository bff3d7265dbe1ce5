package dev.meshgate.core.intentions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Consul's {@code ServiceIntentionsConfigEntry.normalize}, written as a pure function. */
final class Normalization {
  static final String DEFAULT = "default";

  private Normalization() {}

  static ServiceIntentions normalize(ServiceIntentions entry) {
    String destinationNamespace = orDefault(entry.namespace());
    String destinationPartition = orDefault(entry.partition());
    return new ServiceIntentions(entry.name(), destinationNamespace, destinationPartition,
        sources(entry.name(), destinationNamespace, destinationPartition, entry.sources()), entry.jwt(), entry.meta());
  }

  /**
   * Normalizes the sources of an entry whose namespace and partition are already defaulted, and
   * sorts them by precedence.
   */
  static List<SourceIntention> sources(
      String destinationName, String destinationNamespace, String destinationPartition,
      List<SourceIntention> written) {
    List<SourceIntention> sources = new ArrayList<>(written.size());
    for (SourceIntention source : written) {
      sources.add(normalizeSource(source, destinationName, destinationNamespace, destinationPartition));
    }
    // List.sort is stable: equal precedences keep the order they were written in, as Go's
    // sort.SliceStable does in Consul.
    sources.sort(Comparator.comparingInt(SourceIntention::precedence).reversed());
    return sources;
  }

  static SourceIntention normalizeSource(
      SourceIntention source, String destinationName, String destinationNamespace, String destinationPartition) {
    String namespace = source.namespace();
    String partition = source.partition();
    if (!source.peer().isEmpty() || !source.samenessGroup().isEmpty()) {
      // Peer and sameness group exclude a partition, so only the namespace is defaulted.
      namespace = orDefault(namespace);
    } else {
      if (namespace.isEmpty() && !ServiceIntentions.WILDCARD.equals(destinationNamespace)) {
        namespace = destinationNamespace;
      }
      if (partition.isEmpty() && !ServiceIntentions.WILDCARD.equals(destinationPartition)) {
        partition = destinationPartition;
      }
      namespace = orDefault(namespace);
      partition = orDefault(partition);
    }
    List<IntentionPermission> permissions = new ArrayList<>(source.permissions().size());
    for (IntentionPermission permission : source.permissions()) {
      permissions.add(upperCaseMethods(permission));
    }
    int precedence = precedence(destinationNamespace, destinationName, namespace, source.name());
    return new SourceIntention(
        source.name(), namespace, partition, source.peer(), source.samenessGroup(), source.action(), permissions,
        precedence, source.type().isEmpty() ? SourceIntention.TYPE_CONSUL : source.type(), source.description());
  }

  /*
   * Precedence (Consul's computeIntentionPrecedence). Count the exact parts of a (namespace, name)
   * pair: "*" namespace = 0 (only the pair ("*", "*") can have it), exact namespace with "*" name = 1, both exact
   * = 2. The destination's count picks a band of three (9..7, 6..4, 3..1) and the source's count
   * the position within it, so any exact destination outranks any wildcard one, whatever the
   * source: "*" -> api (8) beats web -> * (6). Partition, peer and sameness group do not count.
   */
  static int precedence(String destinationNamespace, String destinationName, String sourceNamespace, String sourceName) {
    int max =
        switch (countExact(destinationNamespace, destinationName)) {
          case 2 -> 9;
          case 1 -> 6;
          default -> 3;
        };
    return max - (2 - countExact(sourceNamespace, sourceName));
  }

  static int countExact(String namespace, String name) {
    if (ServiceIntentions.WILDCARD.equals(namespace)) {
      return 0;
    }
    return ServiceIntentions.WILDCARD.equals(name) ? 1 : 2;
  }

  private static IntentionPermission upperCaseMethods(IntentionPermission permission) {
    if (permission.http().isEmpty() || permission.http().get().methods().isEmpty()) {
      return permission;
    }
    IntentionHttpPermission http = permission.http().get();
    List<String> methods = new ArrayList<>(http.methods().size());
    for (String method : http.methods()) {
      methods.add(toUpperLikeGo(method));
    }
    return new IntentionPermission(
        permission.action(),
        Optional.of(
            new IntentionHttpPermission(http.pathExact(), http.pathPrefix(), http.pathRegex(), http.header(), methods)),
        permission.jwt());
  }

  /**
   * Upper-cases code point by code point with the simple Unicode mapping, as Go's {@code
   * strings.ToUpper} does; {@link String#toUpperCase} would expand {@code ß} to {@code SS} and so
   * quote a different method in the error message than Consul.
   */
  static String toUpperLikeGo(String s) {
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints().forEach(cp -> out.appendCodePoint(Character.toUpperCase(cp)));
    return out.toString();
  }

  static String orDefault(String value) {
    return value.isEmpty() ? DEFAULT : value;
  }
}
