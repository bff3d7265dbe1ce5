package dev.meshgate.tls;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/*
 * The SNI -> leaf table is read on every handshake, so it is an open-addressing table over plain
 * arrays: the lookup hashes the requested name case-insensitively in place and compares with
 * regionMatches(ignoreCase), so it allocates nothing (no lower-cased copy, no boxing, no iterator).
 * Names are stored lower-cased with Locale.ROOT. Server names are ASCII on the wire (the JDK
 * gives us the A-label form), so folding A-Z is the whole case rule.
 *
 * A table is immutable; updates build a new one and swap it in. Each entry's alias carries the
 * table's generation, so the alias the JDK obtained from chooseEngineServerAlias still resolves
 * when it asks for the chain and key right after, even if a swap happened in between.
 */

/** An immutable map from server name (case-insensitive) to leaf material. */
final class SniTable {
  private final long generation;
  private final String[] names;
  private final String[] aliases;
  private final String[] keyAlgorithms;
  private final X509Certificate[][] chains;
  private final KeyMaterial[] leaves;
  private final int mask;
  private final Map<String, Integer> slotsByAlias = new HashMap<>();

  private SniTable(long generation, int capacity) {
    this.generation = generation;
    this.names = new String[capacity];
    this.aliases = new String[capacity];
    this.keyAlgorithms = new String[capacity];
    this.chains = new X509Certificate[capacity][];
    this.leaves = new KeyMaterial[capacity];
    this.mask = capacity - 1;
  }

  static SniTable of(long generation, Map<String, KeyMaterial> leavesByServerName) {
    int capacity = Integer.highestOneBit(Math.max(4, leavesByServerName.size() * 2 - 1)) << 1;
    SniTable table = new SniTable(generation, capacity);
    List<String> sorted = new ArrayList<>(leavesByServerName.keySet());
    sorted.sort(null);
    for (String serverName : sorted) {
      requireServerName(serverName);
      String name = serverName.toLowerCase(Locale.ROOT);
      int slot = table.slot(name);
      if (table.names[slot] != null) {
        throw new IllegalArgumentException("leaves: \"" + serverName + "\" (expected: server names that differ"
            + " ignoring case; \"" + table.names[slot] + "\" is already there)");
      }
      KeyMaterial leaf = leavesByServerName.get(serverName);
      table.names[slot] = name;
      table.aliases[slot] = generation + ":" + name;
      table.slotsByAlias.put(table.aliases[slot], slot);
      table.keyAlgorithms[slot] = leaf.privateKey().getAlgorithm();
      table.chains[slot] = leaf.chain().toArray(new X509Certificate[0]);
      table.leaves[slot] = leaf;
    }
    return table;
  }

  private static void requireServerName(String name) {
    String problem = null;
    if (name.isEmpty()) {
      problem = "a non-empty server name";
    } else if (name.endsWith(".") || name.startsWith(".") || name.contains("..")) {
      problem = "a server name without empty labels or a trailing dot";
    } else {
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        if (c <= 0x20 || c >= 0x7f) {
          problem = "printable ASCII (an A-label for international names)";
          break;
        }
      }
    }
    if (problem != null) {
      throw new IllegalArgumentException("leaves: \"" + name + "\" (expected: " + problem + ")");
    }
  }

  /** The slot holding {@code name} (compared ignoring case), or the empty slot where it belongs. */
  private int slot(String name) {
    int i = hash(name) & mask;
    while (names[i] != null && !sameName(names[i], name)) {
      i = (i + 1) & mask;
    }
    return i;
  }

  /** Returns the slot of {@code serverName}, or -1. Allocates nothing. */
  int find(String serverName) {
    int i = slot(serverName);
    return names[i] == null ? -1 : i;
  }

  /** Returns the slot an alias of this table names, or -1. */
  int findAlias(String alias) {
    Integer slot = slotsByAlias.get(alias);
    return slot == null ? -1 : slot;
  }

  private static boolean sameName(String stored, String name) {
    // Clients almost always send lower case already: the intrinsic equals settles those.
    return stored.equals(name)
        || (stored.length() == name.length() && stored.regionMatches(true, 0, name, 0, name.length()));
  }

  private static int hash(String name) {
    int h = 0;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      h = 31 * h + (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    }
    return h ^ (h >>> 16);
  }

  String alias(int slot) {
    return aliases[slot];
  }

  String keyAlgorithm(int slot) {
    return keyAlgorithms[slot];
  }

  X509Certificate[] chain(int slot) {
    return chains[slot];
  }

  KeyMaterial leaf(int slot) {
    return leaves[slot];
  }

  long generation() {
    return generation;
  }

  List<String> serverNames() {
    List<String> out = new ArrayList<>();
    for (String name : names) {
      if (name != null) {
        out.add(name);
      }
    }
    out.sort(null);
    return List.copyOf(out);
  }
}
