package dev.meshgate.core.intentions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/*
 * The evaluator's index. Consul's precedence has exactly nine slots: the destination is exact
 * (ns/name), namespace-wide (ns/*) or global (namespace and name both "*"), and so is the source;
 * precedence 9 is (exact, exact), 8 (exact destination, ns/* source) ... 1 (global, global). For
 * one request each slot holds at most one intention: a destination key has one entry, an entry
 * names each source key once, and the caller fixes the source key at each exactness. So "find the
 * governing intention" is "probe nine slots in precedence order and stop at the first hit": cost
 * independent of how many intentions exist.
 *
 * All nine slot kinds share one open-addressing table (linear probing, load factor at most 1/2).
 * A key is (slot kind, destination partition, namespace, name, source peer, source partition,
 * namespace, name), with "*" in the wildcard positions and an empty source partition for peered
 * sources (a peered caller's partition is not matched). A probe hashes the request's own strings,
 * whose hash codes String caches, so it builds no key object and allocates nothing. One flat table
 * rather than nested maps keeps a probe to a few memory loads, and the nine probes do not depend on
 * each other, so a large set costs cache misses a nested structure would pay in sequence.
 *
 * Filled once by IntentionSet.Builder and never changed after; IntentionSet publishes it through a
 * final field.
 */
final class IntentionIndex {
  private static final int FIELDS = 7;
  /** A slot in {@link #table}: the intention, then its seven key strings, side by side (32 bytes). */
  private static final int STRIDE = 8;
  private static final String WILD = ServiceIntentions.WILDCARD;
  private static final int WILD_HASH = WILD.hashCode();

  /** Per slot, the key's hash; 0 marks an empty slot (a computed 0 is stored as 1). */
  private int[] hashes = new int[16];
  private Object[] table = new Object[16 * STRIDE];
  private int size;
  /** Bit k is set when some intention sits in slot kind k; probes skip the empty kinds. */
  private int kinds;
  private final List<CompiledIntention> all = new ArrayList<>();
  /** One instance per distinct key string, so a large set stores each name once. */
  private final Map<String, String> strings = new HashMap<>();

  /**
   * Adds an intention to its slot.
   *
   * @return false, leaving the index unchanged, when the slot is taken
   */
  boolean add(CompiledIntention ci) {
    Intention x = ci.intention;
    int kind = 3 * destinationLevel(x) + sourceLevel(x);
    String sourcePartition = x.sourcePeer().isEmpty() ? Normalization.orDefault(x.sourcePartition()) : "";
    String[] key = {
      x.destinationPartition(), x.destinationNamespace(), x.destinationName(), x.sourcePeer(), sourcePartition,
      x.sourceNamespace(), x.sourceName()
    };
    for (int f = 0; f < FIELDS; f++) {
      key[f] = strings.computeIfAbsent(key[f], s -> s);
    }
    int hash = hash(kind, key[0].hashCode(), key[1].hashCode(), key[2].hashCode(), key[3].hashCode(),
        key[4].hashCode(), key[5].hashCode(), key[6].hashCode());
    if (find(hash, key[0], key[1], key[2], key[3], key[4], key[5], key[6]) >= 0) {
      return false;
    }
    if (2 * (size + 1) > hashes.length) {
      grow();
    }
    insert(hash, key, ci);
    kinds |= 1 << kind;
    all.add(ci);
    return true;
  }

  private static int destinationLevel(Intention x) {
    return WILD.equals(x.destinationNamespace()) ? 2 : WILD.equals(x.destinationName()) ? 1 : 0;
  }

  private static int sourceLevel(Intention x) {
    return WILD.equals(x.sourceNamespace()) ? 2 : WILD.equals(x.sourceName()) ? 1 : 0;
  }

  private void insert(int hash, String[] key, CompiledIntention ci) {
    int mask = hashes.length - 1;
    int i = hash & mask;
    while (hashes[i] != 0) {
      i = (i + 1) & mask;
    }
    hashes[i] = hash;
    table[i * STRIDE] = ci;
    System.arraycopy(key, 0, table, i * STRIDE + 1, FIELDS);
    size++;
  }

  private void grow() {
    int[] oldHashes = hashes;
    Object[] oldTable = table;
    hashes = new int[oldHashes.length * 2];
    table = new Object[hashes.length * STRIDE];
    size = 0;
    String[] key = new String[FIELDS];
    for (int i = 0; i < oldHashes.length; i++) {
      if (oldHashes[i] != 0) {
        System.arraycopy(oldTable, i * STRIDE + 1, key, 0, FIELDS);
        insert(oldHashes[i], key, (CompiledIntention) oldTable[i * STRIDE]);
      }
    }
  }

  /*
   * The slot kind is not stored: wildcards sit in the key, and no request string equals "*", so
   * keys of different kinds never compare equal. It is mixed into the hash to spread the kinds.
   */
  private static int hash(int kind, int dp, int dn, int dname, int peer, int sp, int sn, int s) {
    int h = kind;
    h = 31 * h + dp;
    h = 31 * h + dn;
    h = 31 * h + dname;
    h = 31 * h + peer;
    h = 31 * h + sp;
    h = 31 * h + sn;
    h = 31 * h + s;
    h ^= h >>> 16;
    return h == 0 ? 1 : h;
  }

  /** Returns the index in {@link #table} of the key's slot, or -1. */
  private int find(int hash, String dp, String dn, String dname, String peer, String sp, String sn, String s) {
    int mask = hashes.length - 1;
    Object[] t = table;
    for (int i = hash & mask; hashes[i] != 0; i = (i + 1) & mask) {
      int k = i * STRIDE;
      if (hashes[i] == hash && same(t[k + 7], s) && same(t[k + 3], dname) && same(t[k + 6], sn)
          && same(t[k + 2], dn) && same(t[k + 5], sp) && same(t[k + 4], peer) && same(t[k + 1], dp)) {
        return k;
      }
    }
    return -1;
  }

  private static boolean same(Object stored, String probe) {
    return stored == probe || probe.equals(stored);
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
      SourceIdentity source, DestinationService destination, HttpRequest request, DefaultPolicy policy, boolean fallThrough) {
    String peer = source.peer();
    String sourcePartition = peer.isEmpty() ? source.partition() : "";
    // String caches its hash code, so these are field reads after the first request.
    int hdp = destination.partition().hashCode();
    int hdn = destination.namespace().hashCode();
    int hdname = destination.name().hashCode();
    int hpeer = peer.hashCode();
    int hsp = sourcePartition.hashCode();
    int hsn = source.namespace().hashCode();
    int hsname = source.name().hashCode();
    Decision passed = null;
    for (int slot = 0; slot < 9; slot++) {
      if ((kinds & (1 << slot)) == 0) {
        continue;
      }
      int d = slot / 3;
      int s = slot % 3;
      int hash = hash(slot, hdp, d == 2 ? WILD_HASH : hdn, d == 0 ? hdname : WILD_HASH, hpeer, hsp,
          s == 2 ? WILD_HASH : hsn, s == 0 ? hsname : WILD_HASH);
      int at = find(hash, destination.partition(), d == 2 ? WILD : destination.namespace(),
          d == 0 ? destination.name() : WILD, peer, sourcePartition, s == 2 ? WILD : source.namespace(),
          s == 0 ? source.name() : WILD);
      if (at < 0) {
        continue;
      }
      CompiledIntention ci = (CompiledIntention) table[at];
      Decision decision = request == null ? ci.decideL4() : ci.decideHttp(request, policy);
      if (!fallThrough || !decision.reason().isDefault()) {
        return decision;
      }
      if (passed == null) {
        passed = decision;
      }
    }
    return passed;
  }

  /** Returns every intention whose destination covers {@code destination}, unsorted. */
  List<Intention> covering(DestinationService destination) {
    List<Intention> out = new ArrayList<>();
    for (CompiledIntention ci : all) {
      if (ci.intention.matchesDestination(destination)) {
        out.add(ci.intention);
      }
    }
    return out;
  }

  /** Returns every intention, unsorted. */
  List<Intention> all() {
    List<Intention> out = new ArrayList<>(all.size());
    for (CompiledIntention ci : all) {
      out.add(ci.intention);
    }
    return out;
  }
}
