package dev.meshgate.core.intentions;

import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.internal.Problems;
import dev.meshgate.core.internal.Require;
import dev.meshgate.core.internal.regex.Re2;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Finds intentions that are legal but cannot do what their author likely meant: permissions an
 * earlier one always shadows, permissions that change no decision because they act like the
 * default, disagreeing rules at one precedence, and L7 permissions on a service that does not
 * speak HTTP. See {@link LintFinding.Kind} for each.
 *
 * <p>Entries are valid by construction (see {@link ServiceIntentions}); lint looks for what is
 * valid but likely wrong, and never throws for an entry's content. Its judgements are
 * conservative: a permission is called unreachable only when an earlier one provably matches every
 * request it matches.
 *
 * <p>Stateless and thread-safe.
 */
public final class IntentionLint {
  private IntentionLint() {}

  /**
   * Lints entries.
   *
   * @param entries the entries, as written
   * @param samenessGroups the sameness groups the entries may name; undefined ones are skipped
   * @param defaultPolicy the default policy the entries will run under
   * @param protocolOf the resolved protocol of a destination service (from {@code service-defaults}
   *     or {@code proxy-defaults}); may return {@code null} for "unknown", which is not reported
   * @return the findings, entry by entry, in a stable order
   */
  public static List<LintFinding> check(
      Collection<ServiceIntentions> entries, Collection<SamenessGroup> samenessGroups, DefaultPolicy defaultPolicy,
      Function<DestinationService, Protocol> protocolOf) {
    Require.notNull(defaultPolicy, "defaultPolicy");
    Require.notNull(protocolOf, "protocolOf");
    Map<String, SamenessGroup> groups = new HashMap<>();
    for (SamenessGroup g : samenessGroups) {
      groups.putIfAbsent(g.name(), g);
    }
    List<LintFinding> findings = new ArrayList<>();
    Map<String, List<Flat>> bySlot = new LinkedHashMap<>();
    Map<String, Re2.FullMatch> patterns = new HashMap<>();
    for (ServiceIntentions raw : entries) {
      ServiceIntentions entry = raw.normalize();
      String where = ServiceIntentions.KIND + " " + Problems.quote(destination(entry));
      for (int i = 0; i < entry.sources().size(); i++) {
        SourceIntention source = entry.sources().get(i);
        String at = where + " Sources[" + i + "]";
        if (source.hasPermissions()) {
          l7OnNonHttp(findings, entry, at, protocolOf);
          permissions(findings, at, source, defaultPolicy, patterns);
        }
        collect(bySlot, entry, source, at, groups);
      }
    }
    conflicts(findings, bySlot);
    return findings;
  }

  private static void l7OnNonHttp(
      List<LintFinding> findings, ServiceIntentions entry, String at, Function<DestinationService, Protocol> protocolOf) {
    // Validation refuses permissions on wildcard destinations, so the destination is one service.
    Protocol protocol = protocolOf.apply(new DestinationService(entry.name(), entry.namespace(), entry.partition()));
    if (protocol != null && !protocol.isHttpLike()) {
      findings.add(new LintFinding(LintFinding.Kind.L7_ON_NON_HTTP_DESTINATION, at,
          "service " + Problems.quote(EntryValidator.serviceName(entry.name(), entry.namespace(), entry.partition()))
              + " has protocol " + Problems.quote(protocol.wireName())
              + ", which is incompatible with L7 intentions permissions"));
    }
  }

  private static void permissions(
      List<LintFinding> findings, String at, SourceIntention source, DefaultPolicy policy,
      Map<String, Re2.FullMatch> patterns) {
    List<IntentionPermission> perms = source.permissions();
    for (int j = 0; j < perms.size(); j++) {
      IntentionPermission later = perms.get(j);
      boolean unreachable = false;
      for (int i = 0; i < j && !unreachable; i++) {
        if (PermissionCoverage.covers(perms.get(i), later, patterns)) {
          findings.add(new LintFinding(LintFinding.Kind.UNREACHABLE_PERMISSION, at + ".Permissions[" + j + "]",
              "Permissions[" + i + "] matches every request Permissions[" + j + "] matches, and the first match wins,"
                  + " so Permissions[" + j + "] never applies"));
          unreachable = true;
        }
      }
      if (unreachable || later.action().isEmpty()) {
        continue;
      }
      Action action = later.action().get();
      Action defaultAction = policy.allows() ? Action.ALLOW : Action.DENY;
      if (action == defaultAction && !anyLaterWithOtherAction(perms, j, action)) {
        findings.add(new LintFinding(LintFinding.Kind.PERMISSION_EQUALS_DEFAULT, at + ".Permissions[" + j + "]",
            "Permissions[" + j + "] " + verb(action) + " like the default policy and no later permission "
                + verb(action == Action.ALLOW ? Action.DENY : Action.ALLOW)
                + ", so it changes no decision: when no permission matches, the default applies anyway"));
      }
    }
  }

  private static String verb(Action action) {
    return action == Action.ALLOW ? "allows" : "denies";
  }

  private static boolean anyLaterWithOtherAction(List<IntentionPermission> perms, int j, Action action) {
    for (int k = j + 1; k < perms.size(); k++) {
      if (perms.get(k).action().isPresent() && perms.get(k).action().get() != action) {
        return true;
      }
    }
    return false;
  }

  /** One source, flattened onto its slot key, for the equal-precedence check. */
  private record Flat(String at, String source, String effect) {}

  private static void collect(
      Map<String, List<Flat>> bySlot, ServiceIntentions entry, SourceIntention source, String at,
      Map<String, SamenessGroup> groups) {
    String destinationKey = entry.partition() + '\0' + entry.namespace() + '\0' + entry.name();
    String effect = source.hasPermissions()
        ? "L7 permissions " + source.permissions()
        : source.action().map(Action::wireName).orElse("no action");
    if (source.samenessGroup().isEmpty()) {
      add(bySlot, destinationKey, source.peer(), source.peer().isEmpty() ? source.partition() : "", source, at, effect);
      return;
    }
    SamenessGroup group = groups.get(source.samenessGroup());
    if (group == null) {
      return;
    }
    for (SamenessGroup.Member m : group.members()) {
      add(bySlot, destinationKey, m.peer(), m.partition(), source,
          at + " (sameness group " + Problems.quote(group.name()) + ", " + m + ")", effect);
    }
  }

  private static void add(
      Map<String, List<Flat>> bySlot, String destinationKey, String peer, String partition, SourceIntention source,
      String at, String effect) {
    String rendered = (peer.isEmpty() ? "" : peer + ":")
        + (peer.isEmpty() && !Normalization.DEFAULT.equals(partition) ? partition + "/" : "")
        + source.namespace() + "/" + source.name();
    String key = destinationKey + '\0' + peer + '\0' + partition + '\0' + source.namespace() + '\0' + source.name();
    bySlot.computeIfAbsent(key, k -> new ArrayList<>()).add(new Flat(at, rendered, effect));
  }

  private static void conflicts(List<LintFinding> findings, Map<String, List<Flat>> bySlot) {
    for (List<Flat> same : bySlot.values()) {
      Flat first = same.get(0);
      for (Flat other : same.subList(1, same.size())) {
        if (!Objects.equals(first.effect(), other.effect())) {
          findings.add(new LintFinding(LintFinding.Kind.CONFLICTING_EQUAL_PRECEDENCE, other.at(),
              "source " + other.source() + " (" + other.effect() + ") is also named by " + first.at() + " ("
                  + first.effect() + ") at the same precedence; only one of them can apply"));
        }
      }
    }
  }

  private static String destination(ServiceIntentions entry) {
    String d = entry.namespace() + "/" + entry.name();
    return Normalization.DEFAULT.equals(entry.partition()) ? d : entry.partition() + "/" + d;
  }
}
