package dev.meshgate.tls;

import dev.meshgate.core.internal.NameTable;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/*
 * The SNI -> leaf table is read on every handshake. The name lookup is core's NameTable, the
 * case-insensitive, allocation-free table every gateway routes by; names are stored lower-cased
 * with Locale.ROOT. Server names are ASCII on the wire (the JDK gives us the A-label form), so
 * folding A-Z is the whole case rule. Names are exact: a mesh leaf belongs to one service's SNI,
 * so '*' is refused rather than read as a wildcard.
 *
 * A table is immutable; updates build a new one and swap it in. Each leaf's alias carries the
 * table's generation, so the alias the JDK obtained from chooseEngineServerAlias still resolves
 * when it asks for the chain and key right after, even if a swap happened in between.
 */

/** An immutable map from server name (case-insensitive) to leaf material. */
final class SniTable {
  /** One served leaf, with what the key manager hands the JDK for it precomputed. */
  record Leaf(String alias, String keyAlgorithm, X509Certificate[] chain, KeyMaterial material) {}

  private final long generation;
  private final NameTable<Leaf> byName;
  private final Map<String, Leaf> byAlias;
  private final List<String> serverNames;

  private SniTable(long generation, NameTable<Leaf> byName, Map<String, Leaf> byAlias, List<String> names) {
    this.generation = generation;
    this.byName = byName;
    this.byAlias = byAlias;
    this.serverNames = names;
  }

  static SniTable of(long generation, Map<String, KeyMaterial> leavesByServerName) {
    List<String> sorted = new ArrayList<>(leavesByServerName.keySet());
    sorted.sort(null);
    NameTable.Builder<Leaf> names = NameTable.builder(sorted.size());
    Map<String, Leaf> byAlias = new HashMap<>();
    Map<String, String> spelled = new HashMap<>();
    List<String> lowerCased = new ArrayList<>(sorted.size());
    for (String serverName : sorted) {
      requireServerName(serverName);
      String name = serverName.toLowerCase(Locale.ROOT);
      String earlier = spelled.putIfAbsent(name, serverName);
      if (earlier != null) {
        throw new IllegalArgumentException("leaves: \"" + serverName + "\" (expected: server names that differ"
            + " ignoring case; \"" + name + "\" is already there)");
      }
      KeyMaterial material = leavesByServerName.get(serverName);
      Leaf leaf = new Leaf(generation + ":" + name, material.privateKey().getAlgorithm(),
          material.chain().toArray(new X509Certificate[0]), material);
      names.putIfAbsent(name, leaf);
      byAlias.put(leaf.alias(), leaf);
      lowerCased.add(name);
    }
    lowerCased.sort(null);
    return new SniTable(generation, names.build(), Map.copyOf(byAlias), List.copyOf(lowerCased));
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
        if (c == '*') {
          problem = "an exact server name, without '*'";
          break;
        }
      }
    }
    if (problem != null) {
      throw new IllegalArgumentException("leaves: \"" + name + "\" (expected: " + problem + ")");
    }
  }

  /** Returns the leaf for {@code serverName} (compared ignoring case), or null. Allocates nothing. */
  Leaf find(String serverName) {
    return byName.get(serverName);
  }

  /** Returns the leaf an alias of this table names, or null. */
  Leaf findAlias(String alias) {
    return byAlias.get(alias);
  }

  long generation() {
    return generation;
  }

  List<String> serverNames() {
    return serverNames;
  }
}
