package dev.meshgate.core.intentions;

import dev.meshgate.core.internal.Require;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One (source, destination) rule: a source of a normalized {@code service-intentions} entry,
 * flattened together with its destination, as Consul's {@code ToIntention} does. {@link
 * Decision#intention()} names the intention that governed a decision.
 *
 * <p>A source written with a sameness group becomes one intention per member of the group, with
 * that member's partition or peer in {@link #sourcePartition()} or {@link #sourcePeer()} and the
 * group's name kept in {@link #sourceSamenessGroup()}.
 *
 * <p>Immutable and thread-safe; collections are copied.
 *
 * @param sourceName the source name, or {@code *}
 * @param sourceNamespace the source namespace, or {@code *}
 * @param sourcePartition the source partition; empty for peered sources
 * @param sourcePeer the peer the source lives in; empty for local sources
 * @param sourceSamenessGroup the sameness group this intention was expanded from; empty if none
 * @param destinationName the destination name, or {@code *}
 * @param destinationNamespace the destination namespace, or {@code *}
 * @param destinationPartition the destination partition
 * @param action the L4 action; empty for L7 intentions
 * @param permissions the L7 permissions in order; empty for L4 intentions
 * @param jwt the entry-level JWT requirement
 * @param precedence 1 (lowest) to 9 (highest)
 * @param description the source's description
 * @param meta the entry's meta
 */
public record Intention(
    String sourceName, String sourceNamespace, String sourcePartition, String sourcePeer, String sourceSamenessGroup,
    String destinationName, String destinationNamespace, String destinationPartition, Optional<Action> action,
    List<IntentionPermission> permissions, IntentionJwtRequirement jwt, int precedence, String description,
    Map<String, String> meta) {

  /**
   * Consul's order ({@code IntentionPrecedenceSorter}): precedence, highest first; then the
   * lexicographic order of (source namespace, source name, destination namespace, destination
   * name). meshgate adds source peer, source partition, sameness group and destination partition
   * as last keys so that the order is total. Strings compare by UTF-16 code unit, which is Go's
   * byte order for the ASCII names Consul uses.
   */
  public static final Comparator<Intention> PRECEDENCE_ORDER =
      Comparator.comparingInt(Intention::precedence)
          .reversed()
          .thenComparing(Intention::sourceNamespace)
          .thenComparing(Intention::sourceName)
          .thenComparing(Intention::destinationNamespace)
          .thenComparing(Intention::destinationName)
          .thenComparing(Intention::sourcePeer)
          .thenComparing(Intention::sourcePartition)
          .thenComparing(Intention::sourceSamenessGroup)
          .thenComparing(Intention::destinationPartition);

  /**
   * Copies the collections.
   *
   * @param sourceName the source name, or {@code *}
   * @param sourceNamespace the source namespace, or {@code *}
   * @param sourcePartition the source partition; empty for peered sources
   * @param sourcePeer the peer the source lives in; empty for local sources
   * @param sourceSamenessGroup the sameness group this intention was expanded from; empty if none
   * @param destinationName the destination name, or {@code *}
   * @param destinationNamespace the destination namespace, or {@code *}
   * @param destinationPartition the destination partition
   * @param action the L4 action; empty for L7 intentions
   * @param permissions the L7 permissions in order; empty for L4 intentions
   * @param jwt the entry-level JWT requirement
   * @param precedence 1 (lowest) to 9 (highest)
   * @param description the source's description
   * @param meta the entry's meta
   * @throws NullPointerException if an argument or element is null
   */
  public Intention {
    Require.notNull(sourceName, "sourceName");
    Require.notNull(sourceNamespace, "sourceNamespace");
    Require.notNull(sourcePartition, "sourcePartition");
    Require.notNull(sourcePeer, "sourcePeer");
    Require.notNull(sourceSamenessGroup, "sourceSamenessGroup");
    Require.notNull(destinationName, "destinationName");
    Require.notNull(destinationNamespace, "destinationNamespace");
    Require.notNull(destinationPartition, "destinationPartition");
    Require.notNull(action, "action");
    permissions = List.copyOf(permissions);
    Require.notNull(jwt, "jwt");
    Require.notNull(description, "description");
    meta = Collections.unmodifiableMap(new LinkedHashMap<>(meta));
  }

  /**
   * Tells whether this is an L7 intention.
   *
   * @return true when {@link #permissions()} is not empty
   */
  public boolean hasPermissions() {
    return !permissions.isEmpty();
  }

  /**
   * Tells whether this intention's source covers a caller (Consul's {@code IntentionMatch} with
   * match type source): the peers are equal (empty means local), the partitions are equal for
   * local callers (see {@link SourceIdentity} for peers), and namespace and name are equal or
   * {@code *}.
   *
   * @param source the caller
   * @return true when the source side matches
   */
  public boolean matchesSource(SourceIdentity source) {
    return sourcePeer.equals(source.peer())
        && (!sourcePeer.isEmpty() || Normalization.orDefault(sourcePartition).equals(source.partition()))
        && matches(sourceNamespace, source.namespace())
        && matches(sourceName, source.name());
  }

  /**
   * Tells whether this intention's destination covers a service (Consul's {@code IntentionMatch}
   * with match type destination): the partitions are equal, and namespace and name are equal or
   * {@code *}.
   *
   * @param destination the service called
   * @return true when the destination side matches
   */
  public boolean matchesDestination(DestinationService destination) {
    return Normalization.orDefault(destinationPartition).equals(destination.partition())
        && matches(destinationNamespace, destination.namespace())
        && matches(destinationName, destination.name());
  }

  private static boolean matches(String pattern, String value) {
    return ServiceIntentions.WILDCARD.equals(pattern) || pattern.equals(value);
  }

  /**
   * Renders the source as {@code [peer:][partition/]namespace/name}.
   *
   * @return the source, e.g. {@code peer1:default/web}
   */
  public String source() {
    String s = sourceNamespace + "/" + sourceName;
    if (!sourcePeer.isEmpty()) {
      s = sourcePeer + ":" + s;
    } else if (!Normalization.DEFAULT.equals(sourcePartition) && !sourcePartition.isEmpty()) {
      s = sourcePartition + "/" + s;
    }
    return sourceSamenessGroup.isEmpty() ? s : s + " (sameness group " + sourceSamenessGroup + ")";
  }

  /**
   * Renders the destination as {@code [partition/]namespace/name}.
   *
   * @return the destination, e.g. {@code default/api}
   */
  public String destination() {
    String d = destinationNamespace + "/" + destinationName;
    return Normalization.DEFAULT.equals(destinationPartition) ? d : destinationPartition + "/" + d;
  }

  /**
   * Renders the intention the way Consul's {@code Intention.String} does, without the legacy ID:
   * {@code ALLOW default/web => default/api (Precedence: 9)}; an L7 intention shows {@code L7}.
   */
  @Override
  public String toString() {
    String what = action.map(a -> a.wireName().toUpperCase(Locale.ROOT)).orElse(hasPermissions() ? "L7" : "");
    return what + " " + source() + " => " + destination() + " (Precedence: " + precedence + ")";
  }
}
