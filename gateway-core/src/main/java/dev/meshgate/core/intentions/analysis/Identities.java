package dev.meshgate.core.intentions.analysis;

import dev.meshgate.core.intentions.DestinationService;
import dev.meshgate.core.intentions.Intention;
import dev.meshgate.core.intentions.SourceIdentity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/*
 * The finite partition of callers and destinations.
 *
 * A destination (partition, namespace, name) is covered by the intentions whose destination is
 * (partition, namespace, name), (partition, namespace, *) or (partition, *, *). So two
 * destinations are covered by the same intentions, and are decided alike for every caller and
 * request, when they agree on which of those keys some intention names. That leaves one class per
 * exact destination named, one per (partition, namespace) named with its exact names cut out, one
 * per partition named with its namespaces cut out, and one for every other partition. The same
 * holds for callers, keyed by (peer, partition, namespace, name) against the intentions that cover
 * a destination class. Each class is represented by a concrete member; a member of an "other"
 * class gets a name that no intention mentions.
 */
final class Identities {
  private static final String WILD = "*";
  private static final String DEFAULT = "default";

  private Identities() {}

  /** A class of destinations and a member of it. */
  record DestinationClass(String description, DestinationService member) {}

  /** A class of callers and a member of it. */
  record SourceClass(String description, SourceIdentity member) {}

  static String partitionOf(Intention x) {
    return x.destinationPartition().isEmpty() ? DEFAULT : x.destinationPartition();
  }

  static String sourcePartitionOf(Intention x) {
    return !x.sourcePeer().isEmpty() ? "" : x.sourcePartition().isEmpty() ? DEFAULT : x.sourcePartition();
  }

  /**
   * Returns the member of the destination class (among those {@link #destinations} returns for the
   * same intentions) that a destination belongs to.
   */
  static Function<DestinationService, DestinationService> destinationClassOf(Collection<Intention> intentions) {
    Map<String, Map<String, Set<String>>> named = new TreeMap<>();
    Set<String> everyName = new TreeSet<>();
    destinationNames(intentions, named, everyName);
    String fresh = fresh(everyName);
    return d -> {
      Map<String, Set<String>> namespaces = named.get(d.partition());
      if (namespaces == null) {
        return new DestinationService(fresh, fresh, fresh);
      }
      Set<String> names = namespaces.get(d.namespace());
      if (names == null) {
        return new DestinationService(fresh, fresh, d.partition());
      }
      return names.contains(d.name()) ? d : new DestinationService(fresh, d.namespace(), d.partition());
    };
  }

  private static void destinationNames(
      Collection<Intention> intentions, Map<String, Map<String, Set<String>>> named, Set<String> everyName) {
    for (Intention x : intentions) {
      Map<String, Set<String>> namespaces = named.computeIfAbsent(partitionOf(x), k -> new TreeMap<>());
      everyName.add(partitionOf(x));
      if (!WILD.equals(x.destinationNamespace())) {
        Set<String> names = namespaces.computeIfAbsent(x.destinationNamespace(), k -> new TreeSet<>());
        everyName.add(x.destinationNamespace());
        if (!WILD.equals(x.destinationName())) {
          names.add(x.destinationName());
          everyName.add(x.destinationName());
        }
      }
    }
  }

  /** Every destination class the intentions distinguish, the "any other partition" one last. */
  static List<DestinationClass> destinations(Collection<Intention> intentions) {
    Map<String, Map<String, Set<String>>> named = new TreeMap<>();
    Set<String> everyName = new TreeSet<>();
    destinationNames(intentions, named, everyName);
    String fresh = fresh(everyName);
    List<DestinationClass> out = new ArrayList<>();
    for (Map.Entry<String, Map<String, Set<String>>> p : named.entrySet()) {
      String partition = p.getKey();
      String prefix = DEFAULT.equals(partition) ? "" : partition + "/";
      for (Map.Entry<String, Set<String>> ns : p.getValue().entrySet()) {
        for (String name : ns.getValue()) {
          out.add(new DestinationClass(prefix + ns.getKey() + "/" + name,
              new DestinationService(name, ns.getKey(), partition)));
        }
        out.add(new DestinationClass(prefix + ns.getKey() + "/*" + except(ns.getValue()),
            new DestinationService(fresh, ns.getKey(), partition)));
      }
      out.add(new DestinationClass(prefix + "*/*" + except(p.getValue().keySet()),
          new DestinationService(fresh, fresh, partition)));
    }
    out.add(new DestinationClass(
        named.isEmpty() ? "any destination" : "any destination in a partition other than " + String.join(", ",
            named.keySet()),
        new DestinationService(fresh, fresh, fresh)));
    return out;
  }

  /**
   * Returns the member of the caller class (among those {@link #sources} returns for the same
   * intentions) that a caller belongs to.
   */
  static Function<SourceIdentity, SourceIdentity> sourceClassOf(Collection<Intention> intentions) {
    Map<String, Map<String, Set<String>>> named = new TreeMap<>();
    Set<String> everyName = new TreeSet<>();
    sourceNames(intentions, named, new HashMap<>(), everyName);
    String fresh = fresh(everyName);
    return s -> {
      Map<String, Set<String>> namespaces = named.get(s.peer() + "\u0000" + s.partition());
      if (namespaces == null) {
        return new SourceIdentity(fresh, fresh, fresh, "");
      }
      Set<String> names = namespaces.get(s.namespace());
      if (names == null) {
        return new SourceIdentity(fresh, fresh, s.partition(), s.peer());
      }
      return names.contains(s.name()) ? s : new SourceIdentity(fresh, s.namespace(), s.partition(), s.peer());
    };
  }

  /** Fills (peer, partition) -> namespace -> exact names, and every name mentioned. */
  private static void sourceNames(Collection<Intention> intentions, Map<String, Map<String, Set<String>>> named,
      Map<String, String[]> keys, Set<String> everyName) {
    for (Intention x : intentions) {
      String peer = x.sourcePeer();
      String partition = sourcePartitionOf(x);
      String key = peer + "\u0000" + partition;
      keys.putIfAbsent(key, new String[] {peer, partition});
      everyName.add(peer);
      everyName.add(partition);
      Map<String, Set<String>> namespaces = named.computeIfAbsent(key, k -> new TreeMap<>());
      if (!WILD.equals(x.sourceNamespace())) {
        Set<String> names = namespaces.computeIfAbsent(x.sourceNamespace(), k -> new TreeSet<>());
        everyName.add(x.sourceNamespace());
        if (!WILD.equals(x.sourceName())) {
          names.add(x.sourceName());
          everyName.add(x.sourceName());
        }
      }
    }
  }

  /** Every caller class the intentions distinguish, the "any other caller" one last. */
  static List<SourceClass> sources(Collection<Intention> intentions) {
    Map<String, Map<String, Set<String>>> named = new TreeMap<>();
    Map<String, String[]> keys = new HashMap<>();
    Set<String> everyName = new TreeSet<>();
    sourceNames(intentions, named, keys, everyName);
    String fresh = fresh(everyName);
    List<SourceClass> out = new ArrayList<>();
    List<String> where = new ArrayList<>();
    for (Map.Entry<String, Map<String, Set<String>>> e : named.entrySet()) {
      String peer = keys.get(e.getKey())[0];
      String partition = keys.get(e.getKey())[1];
      String prefix = peer.isEmpty() ? partition + "/" : "peer " + peer + ":";
      where.add(peer.isEmpty() ? "partition " + partition : "peer " + peer);
      for (Map.Entry<String, Set<String>> ns : e.getValue().entrySet()) {
        for (String name : ns.getValue()) {
          out.add(new SourceClass(prefix + ns.getKey() + "/" + name, new SourceIdentity(name, ns.getKey(), partition,
              peer)));
        }
        out.add(new SourceClass(prefix + ns.getKey() + "/*" + except(ns.getValue()),
            new SourceIdentity(fresh, ns.getKey(), partition, peer)));
      }
      out.add(new SourceClass(prefix + "*/*" + except(e.getValue().keySet()),
          new SourceIdentity(fresh, fresh, partition, peer)));
    }
    out.add(new SourceClass(where.isEmpty() ? "any caller" : "any caller not from " + String.join(", ", where),
        new SourceIdentity(fresh, fresh, fresh, "")));
    return out;
  }

  private static String except(Collection<String> names) {
    return names.isEmpty() ? "" : " except " + String.join(", ", names);
  }

  /** A service, namespace, partition and peer name no intention mentions. */
  static String fresh(Set<String> taken) {
    String name = "other";
    for (int n = 1; taken.contains(name); n++) {
      name = "other-" + n;
    }
    return name;
  }

  /** Groups intentions by destination key, keeping their order. */
  static Map<String, List<Intention>> byDestination(List<Intention> intentions) {
    Map<String, List<Intention>> out = new LinkedHashMap<>();
    for (Intention x : intentions) {
      out.computeIfAbsent(key(partitionOf(x), x.destinationNamespace(), x.destinationName()), k -> new ArrayList<>())
          .add(x);
    }
    return out;
  }

  static String key(String partition, String namespace, String name) {
    return partition + "\u0000" + namespace + "\u0000" + name;
  }

  /** The intentions of a grouping that cover a destination, in precedence order. */
  static List<Intention> covering(Map<String, List<Intention>> byDestination, DestinationService d) {
    List<Intention> out = new ArrayList<>();
    out.addAll(byDestination.getOrDefault(key(d.partition(), d.namespace(), d.name()), List.of()));
    out.addAll(byDestination.getOrDefault(key(d.partition(), d.namespace(), WILD), List.of()));
    out.addAll(byDestination.getOrDefault(key(d.partition(), WILD, WILD), List.of()));
    out.sort(Intention.PRECEDENCE_ORDER);
    return out;
  }

  /** The intentions of a list that cover a caller, in the list's order. */
  static List<Intention> matching(List<Intention> covering, SourceIdentity s) {
    List<Intention> out = new ArrayList<>();
    for (Intention x : covering) {
      if (x.matchesSource(s)) {
        out.add(x);
      }
    }
    return out;
  }
}
