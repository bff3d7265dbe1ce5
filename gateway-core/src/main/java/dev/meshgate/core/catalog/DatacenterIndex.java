package dev.meshgate.core.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The immutable catalog of one datacenter: the registered nodes and instances, and the indexes the
 * queries of {@link CatalogSnapshot} read. Built once per change of the datacenter.
 */
final class DatacenterIndex {
  private static final Comparator<ServiceInstance> ORDER =
      Comparator.comparing((ServiceInstance i) -> i.node().name(), String.CASE_INSENSITIVE_ORDER)
          .thenComparing(ServiceInstance::id, String.CASE_INSENSITIVE_ORDER);

  static final DatacenterIndex EMPTY = new DatacenterIndex("", Map.of(), Map.of());

  final String name;
  final Map<String, Node> nodes;
  final Map<String, ServiceInstance> instances;
  final Map<String, List<ServiceInstance>> byService;
  final Map<String, List<ServiceInstance>> connectByService;
  final Map<String, List<ServiceInstance>> byNode;
  final Map<ServiceKind, List<ServiceInstance>> byKind;
  final List<ServiceName> serviceNames;
  final List<Node> nodeList;

  DatacenterIndex(String name, Map<String, Node> nodes, Map<String, ServiceInstance> instances) {
    this.name = name;
    this.nodes = Collections.unmodifiableMap(new HashMap<>(nodes));
    Map<String, ServiceInstance> bound = new HashMap<>(instances.size() * 2);
    Map<String, List<ServiceInstance>> services = new HashMap<>();
    Map<String, List<ServiceInstance>> connect = new HashMap<>();
    Map<String, List<ServiceInstance>> onNode = new HashMap<>();
    Map<ServiceKind, List<ServiceInstance>> kinds = new EnumMap<>(ServiceKind.class);
    Map<String, ServiceName> names = new TreeMap<>();
    for (Map.Entry<String, ServiceInstance> e : instances.entrySet()) {
      ServiceInstance instance = e.getValue();
      Node current = this.nodes.get(instance.node().key());
      if (current != null && current != instance.node()) {
        instance = instance.withNode(current);
      }
      bound.put(e.getKey(), instance);
      String serviceKey = instance.serviceName().key();
      services.computeIfAbsent(serviceKey, k -> new ArrayList<>()).add(instance);
      names.putIfAbsent(serviceKey, instance.serviceName());
      if (instance.kind() == ServiceKind.CONNECT_PROXY) {
        connect.computeIfAbsent(instance.proxiedService().key(), k -> new ArrayList<>()).add(instance);
      } else if (instance.kind() == ServiceKind.CONNECT_NATIVE) {
        connect.computeIfAbsent(serviceKey, k -> new ArrayList<>()).add(instance);
      }
      onNode.computeIfAbsent(instance.node().key(), k -> new ArrayList<>()).add(instance);
      kinds.computeIfAbsent(instance.kind(), k -> new ArrayList<>()).add(instance);
    }
    this.instances = Collections.unmodifiableMap(bound);
    this.byService = sorted(services);
    this.connectByService = sorted(connect);
    this.byNode = sorted(onNode);
    Map<ServiceKind, List<ServiceInstance>> k = new EnumMap<>(ServiceKind.class);
    kinds.forEach((kind, list) -> k.put(kind, sortedCopy(list)));
    this.byKind = Collections.unmodifiableMap(k);
    this.serviceNames = List.copyOf(names.values());
    List<Node> nodeList = new ArrayList<>(this.nodes.values());
    nodeList.sort(Comparator.comparing(n -> n.key()));
    this.nodeList = List.copyOf(nodeList);
  }

  private static Map<String, List<ServiceInstance>> sorted(Map<String, List<ServiceInstance>> groups) {
    Map<String, List<ServiceInstance>> out = new HashMap<>(groups.size() * 2);
    groups.forEach((key, list) -> out.put(key, sortedCopy(list)));
    return Collections.unmodifiableMap(out);
  }

  private static List<ServiceInstance> sortedCopy(List<ServiceInstance> list) {
    list.sort(ORDER);
    return List.copyOf(list);
  }
}
