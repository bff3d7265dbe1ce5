package dev.meshgate.core.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The immutable catalog of one datacenter: the registered nodes and instances, and the indexes the
 * queries of {@link CatalogSnapshot} read.
 *
 * <p>A new index is derived from the previous one by an {@link Editor}, which records the instance
 * keys it touched. Deriving copies the two primary maps (pointer copies) and re-creates only the
 * index groups a touched instance was or is in, merging into the previous sorted lists instead of
 * re-sorting; so one registration in a datacenter of 10,000 services costs a few map copies, not a
 * full rebuild.
 */
final class DatacenterIndex {
  static final Comparator<ServiceInstance> ORDER =
      Comparator.comparing((ServiceInstance i) -> i.node().name(), String.CASE_INSENSITIVE_ORDER)
          .thenComparing(ServiceInstance::id, String.CASE_INSENSITIVE_ORDER);

  final String name;
  final Map<String, Node> nodes;
  final Map<String, ServiceInstance> instances;
  final Map<String, List<ServiceInstance>> byService;
  final Map<String, List<ServiceInstance>> connectByService;
  final Map<String, List<ServiceInstance>> byNode;
  final Map<ServiceKind, List<ServiceInstance>> byKind;
  /** Service names and their keys, both sorted by key. */
  final List<ServiceName> serviceNames;
  private final List<String> serviceKeys;
  final List<Node> nodeList;

  static DatacenterIndex empty(String name) {
    return new DatacenterIndex(name, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), List.of(), List.of(),
        List.of());
  }

  private DatacenterIndex(
      String name,
      Map<String, Node> nodes,
      Map<String, ServiceInstance> instances,
      Map<String, List<ServiceInstance>> byService,
      Map<String, List<ServiceInstance>> connectByService,
      Map<String, List<ServiceInstance>> byNode,
      Map<ServiceKind, List<ServiceInstance>> byKind,
      List<ServiceName> serviceNames,
      List<String> serviceKeys,
      List<Node> nodeList) {
    this.name = name;
    this.nodes = nodes;
    this.instances = instances;
    this.byService = byService;
    this.connectByService = connectByService;
    this.byNode = byNode;
    this.byKind = byKind;
    this.serviceNames = serviceNames;
    this.serviceKeys = serviceKeys;
    this.nodeList = nodeList;
  }

  Editor edit() {
    return new Editor(this);
  }

  private static String connectKey(ServiceInstance i) {
    return switch (i.kind()) {
      case CONNECT_PROXY -> i.proxiedService().key();
      case CONNECT_NATIVE -> i.serviceName().key();
      default -> null;
    };
  }

  /**
   * Changes a datacenter: copy-on-first-write of the primary maps, and a record of which instances
   * changed. Not thread-safe.
   */
  static final class Editor {
    private DatacenterIndex base;
    private Map<String, Node> nodes;
    private Map<String, ServiceInstance> instances;
    private boolean owned;
    private boolean nodesChanged;
    private final Set<String> touched = new HashSet<>();

    private Editor(DatacenterIndex base) {
      this.base = base;
      this.nodes = base.nodes;
      this.instances = base.instances;
    }

    Node node(String key) {
      return nodes.get(key);
    }

    /** Stores a node and re-binds the instances on it when its record changed. */
    void putNode(Node node) {
      own();
      Node earlier = nodes.put(node.key(), node);
      nodesChanged = true;
      if (earlier != null && !earlier.equals(node)) {
        String key = node.key();
        List<ServiceInstance> onNode = new ArrayList<>();
        for (ServiceInstance i : instances.values()) {
          if (i.node().key().equals(key)) {
            onNode.add(i);
          }
        }
        for (ServiceInstance i : onNode) {
          put(i.withNode(node));
        }
      }
    }

    void put(ServiceInstance instance) {
      own();
      String key = instance.key();
      instances.put(key, instance);
      touched.add(key);
    }

    boolean remove(String instanceKey) {
      if (!instances.containsKey(instanceKey)) {
        return false;
      }
      own();
      instances.remove(instanceKey);
      touched.add(instanceKey);
      return true;
    }

    boolean removeNode(String nodeKey) {
      if (!nodes.containsKey(nodeKey)) {
        return false;
      }
      own();
      nodes.remove(nodeKey);
      nodesChanged = true;
      List<String> gone = new ArrayList<>();
      for (Map.Entry<String, ServiceInstance> e : instances.entrySet()) {
        if (e.getValue().node().key().equals(nodeKey)) {
          gone.add(e.getKey());
        }
      }
      for (String key : gone) {
        remove(key);
      }
      return true;
    }

    boolean changed() {
      return nodesChanged || !touched.isEmpty();
    }

    private void own() {
      if (!owned) {
        nodes = new HashMap<>(nodes);
        instances = new HashMap<>(instances);
        owned = true;
      }
    }

    /** Derives the next index; the editor then continues from it. */
    DatacenterIndex build() {
      if (!changed()) {
        return base;
      }
      Set<ServiceInstance> removed = Collections.newSetFromMap(new IdentityHashMap<>());
      List<ServiceInstance> added = new ArrayList<>();
      for (String key : touched) {
        ServiceInstance old = base.instances.get(key);
        ServiceInstance now = instances.get(key);
        if (old == now) {
          continue;
        }
        if (old != null) {
          removed.add(old);
        }
        if (now != null) {
          added.add(now);
        }
      }
      Map<String, List<ServiceInstance>> byService = regroup(base.byService, removed, added, i -> i.serviceName().key());
      Map<String, List<ServiceInstance>> connect = regroup(base.connectByService, removed, added,
          DatacenterIndex::connectKey);
      Map<String, List<ServiceInstance>> byNode = regroup(base.byNode, removed, added, i -> i.node().key());
      Map<ServiceKind, List<ServiceInstance>> byKind = new EnumMap<>(ServiceKind.class);
      byKind.putAll(regroup(base.byKind, removed, added, ServiceInstance::kind));

      List<ServiceName> names = base.serviceNames;
      List<String> keys = base.serviceKeys;
      Set<String> serviceKeysTouched = new HashSet<>();
      for (ServiceInstance i : removed) {
        serviceKeysTouched.add(i.serviceName().key());
      }
      for (ServiceInstance i : added) {
        serviceKeysTouched.add(i.serviceName().key());
      }
      if (!serviceKeysTouched.isEmpty()) {
        List<ServiceName> newNames = new ArrayList<>(names.size() + serviceKeysTouched.size());
        List<String> newKeys = new ArrayList<>(keys.size() + serviceKeysTouched.size());
        for (int i = 0; i < keys.size(); i++) {
          if (!serviceKeysTouched.contains(keys.get(i))) {
            newNames.add(names.get(i));
            newKeys.add(keys.get(i));
          }
        }
        for (String key : serviceKeysTouched) {
          List<ServiceInstance> group = byService.get(key);
          if (group != null) {
            int at = Collections.binarySearch(newKeys, key);
            int insert = at >= 0 ? at : -at - 1;
            newKeys.add(insert, key);
            newNames.add(insert, group.get(0).serviceName());
          }
        }
        names = Collections.unmodifiableList(newNames);
        keys = Collections.unmodifiableList(newKeys);
      }

      List<Node> nodeList = base.nodeList;
      if (nodesChanged) {
        List<Node> sorted = new ArrayList<>(nodes.values());
        sorted.sort(Comparator.comparing(Node::key));
        nodeList = List.copyOf(sorted);
      }
      DatacenterIndex next = new DatacenterIndex(
          base.name,
          Collections.unmodifiableMap(nodes),
          Collections.unmodifiableMap(instances),
          byService,
          connect,
          byNode,
          Collections.unmodifiableMap(byKind),
          names,
          keys,
          nodeList);
      base = next;
      owned = false;
      nodesChanged = false;
      touched.clear();
      return next;
    }

    /**
     * Re-creates the groups that lost or gained an instance: the previous sorted list without the
     * removed instances, merged with the (sorted) added ones. Other groups are shared.
     */
    private static <K> Map<K, List<ServiceInstance>> regroup(
        Map<K, List<ServiceInstance>> previous,
        Set<ServiceInstance> removed,
        List<ServiceInstance> added,
        Function<ServiceInstance, K> groupOf) {
      Map<K, List<ServiceInstance>> additions = new HashMap<>();
      Set<K> affected = new HashSet<>();
      for (ServiceInstance i : removed) {
        K k = groupOf.apply(i);
        if (k != null) {
          affected.add(k);
        }
      }
      for (ServiceInstance i : added) {
        K k = groupOf.apply(i);
        if (k != null) {
          affected.add(k);
          additions.computeIfAbsent(k, x -> new ArrayList<>()).add(i);
        }
      }
      if (affected.isEmpty()) {
        return previous;
      }
      Map<K, List<ServiceInstance>> next = new HashMap<>(previous);
      for (K k : affected) {
        List<ServiceInstance> group = merge(
            previous.getOrDefault(k, List.of()), removed, additions.getOrDefault(k, List.of()));
        if (group.isEmpty()) {
          next.remove(k);
        } else {
          next.put(k, group);
        }
      }
      return Collections.unmodifiableMap(next);
    }

    private static List<ServiceInstance> merge(
        List<ServiceInstance> kept, Set<ServiceInstance> removed, List<ServiceInstance> additions) {
      List<ServiceInstance> out = new ArrayList<>(kept.size() + additions.size());
      for (ServiceInstance i : kept) {
        if (!removed.contains(i)) {
          out.add(i);
        }
      }
      for (ServiceInstance i : additions) {
        int at = Collections.binarySearch(out, i, ORDER);
        out.add(at >= 0 ? at : -at - 1, i);
      }
      return List.copyOf(out);
    }
  }
}
