package dev.meshgate.core.intentions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/*
 * The evaluator's index. Consul's precedence has exactly nine slots: the destination is exact
 * (ns/name), namespace-wide (ns/*) or global (namespace and name both "*"), and so is the source;
 * precedence 9 is (exact, exact), 8 (exact destination, ns/* source) ... 1 (global, global). For
 * one request each slot
 * holds at most one intention: a destination key has one entry, an entry names each source key
 * once, and a source key at a given exactness is fully determined by the caller. So "find the
 * governing intention" is "probe nine slots in precedence order and stop at the first hit", and
 * each probe is a few hash lookups: cost independent of how many intentions exist.
 *
 * The maps are nested and keyed by the plain strings of the request (partition, namespace, name,
 * peer), so a lookup builds no composite key and allocates nothing. They are filled once by
 * IntentionSet.Builder and never changed after; IntentionSet publishes them through a final field.
 */
final class IntentionIndex {
  private final Map<String, PartitionRules> byPartition = new HashMap<>();
  private int size;

  /** Rules whose destination lies in one partition. */
  static final class PartitionRules {
    final Map<String, NamespaceRules> byNamespace = new HashMap<>();
    DestinationRules anyNamespace;
  }

  /** Rules whose destination lies in one namespace. */
  static final class NamespaceRules {
    final Map<String, DestinationRules> byName = new HashMap<>();
    DestinationRules anyName;
  }

  /** The intentions of one destination key (one config entry), indexed by source. */
  static final class DestinationRules {
    final Map<String, SourceRules> localByPartition = new HashMap<>();
    final Map<String, SourceRules> peeredByPeer = new HashMap<>();
    final List<CompiledIntention> all = new ArrayList<>();
  }

  /** Sources from one local partition or one peer. */
  static final class SourceRules {
    final Map<String, SourceNamespaceRules> byNamespace = new HashMap<>();
    CompiledIntention anyNamespace;
  }

  /** Sources from one namespace. */
  static final class SourceNamespaceRules {
    final Map<String, CompiledIntention> byName = new HashMap<>();
    CompiledIntention anyName;
  }

  /**
   * Adds an intention to its slot.
   *
   * @return false, leaving the index unchanged, when the slot is taken
   */
  boolean add(CompiledIntention ci) {
    Intention x = ci.intention;
    DestinationRules d = destination(x);
    SourceRules s = x.sourcePeer().isEmpty()
        ? d.localByPartition.computeIfAbsent(Normalization.orDefault(x.sourcePartition()), k -> new SourceRules())
        : d.peeredByPeer.computeIfAbsent(x.sourcePeer(), k -> new SourceRules());
    if (ServiceIntentions.WILDCARD.equals(x.sourceNamespace())) {
      if (s.anyNamespace != null) {
        return false;
      }
      s.anyNamespace = ci;
    } else {
      SourceNamespaceRules n = s.byNamespace.computeIfAbsent(x.sourceNamespace(), k -> new SourceNamespaceRules());
      if (ServiceIntentions.WILDCARD.equals(x.sourceName())) {
        if (n.anyName != null) {
          return false;
        }
        n.anyName = ci;
      } else if (n.byName.putIfAbsent(x.sourceName(), ci) != null) {
        return false;
      }
    }
    d.all.add(ci);
    size++;
    return true;
  }

  private DestinationRules destination(Intention x) {
    PartitionRules p = byPartition.computeIfAbsent(x.destinationPartition(), k -> new PartitionRules());
    if (ServiceIntentions.WILDCARD.equals(x.destinationNamespace())) {
      if (p.anyNamespace == null) {
        p.anyNamespace = new DestinationRules();
      }
      return p.anyNamespace;
    }
    NamespaceRules n = p.byNamespace.computeIfAbsent(x.destinationNamespace(), k -> new NamespaceRules());
    if (ServiceIntentions.WILDCARD.equals(x.destinationName())) {
      if (n.anyName == null) {
        n.anyName = new DestinationRules();
      }
      return n.anyName;
    }
    return n.byName.computeIfAbsent(x.destinationName(), k -> new DestinationRules());
  }

  int size() {
    return size;
  }

  /**
   * Finds the governing decision: probes the nine slots in precedence order. Without fall-through
   * the first intention found decides. With fall-through, an intention that hands over to the
   * default (no permission matched, JWT requirement unmet) passes to the next slot, and if every
   * one passes, the first hand-over is the answer.
   *
   * @param request the HTTP attributes, or {@code null} for an L4 request
   * @return the decision, or {@code null} when no intention covers the pair
   */
  Decision decide(
      SourceIdentity source, ServiceName destination, HttpRequest request, DefaultPolicy policy, boolean fallThrough) {
    PartitionRules p = byPartition.get(destination.partition());
    if (p == null) {
      return null;
    }
    NamespaceRules n = p.byNamespace.get(destination.namespace());
    Decision passed = null;
    for (int level = 0; level < 3; level++) {
      DestinationRules d =
          level == 0 ? (n == null ? null : n.byName.get(destination.name()))
              : level == 1 ? (n == null ? null : n.anyName) : p.anyNamespace;
      if (d == null) {
        continue;
      }
      SourceRules s = source.peer().isEmpty()
          ? d.localByPartition.get(source.partition())
          : d.peeredByPeer.get(source.peer());
      if (s == null) {
        continue;
      }
      SourceNamespaceRules sn = s.byNamespace.get(source.namespace());
      for (int kind = 0; kind < 3; kind++) {
        CompiledIntention ci =
            kind == 0 ? (sn == null ? null : sn.byName.get(source.name()))
                : kind == 1 ? (sn == null ? null : sn.anyName) : s.anyNamespace;
        if (ci == null) {
          continue;
        }
        Decision decision = request == null ? ci.decideL4() : ci.decideHttp(request, policy);
        if (!fallThrough || !decision.reason().isDefault()) {
          return decision;
        }
        if (passed == null) {
          passed = decision;
        }
      }
    }
    return passed;
  }

  /** Returns every intention whose destination covers {@code destination}, unsorted. */
  List<Intention> covering(ServiceName destination) {
    List<Intention> out = new ArrayList<>();
    PartitionRules p = byPartition.get(destination.partition());
    if (p == null) {
      return out;
    }
    NamespaceRules n = p.byNamespace.get(destination.namespace());
    if (n != null) {
      addAll(out, n.byName.get(destination.name()));
      addAll(out, n.anyName);
    }
    addAll(out, p.anyNamespace);
    return out;
  }

  /** Returns every intention, unsorted. */
  List<Intention> all() {
    List<Intention> out = new ArrayList<>(size);
    for (PartitionRules p : byPartition.values()) {
      for (NamespaceRules n : p.byNamespace.values()) {
        n.byName.values().forEach(d -> addAll(out, d));
        addAll(out, n.anyName);
      }
      addAll(out, p.anyNamespace);
    }
    return out;
  }

  private static void addAll(List<Intention> out, DestinationRules d) {
    if (d != null) {
      for (CompiledIntention ci : d.all) {
        out.add(ci.intention);
      }
    }
  }
}
