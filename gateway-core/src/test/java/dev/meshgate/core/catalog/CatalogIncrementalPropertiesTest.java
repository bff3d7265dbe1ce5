package dev.meshgate.core.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Snapshots derive from each other incrementally; after any sequence of changes, every query must
 * answer exactly what a plain model of the registered state answers.
 */
class CatalogIncrementalPropertiesTest {
  sealed interface Op permits Register, Deregister, MoveNode, DropNode {}

  record Register(String node, String service, String id, ServiceKind kind) implements Op {}

  record Deregister(String node, String id) implements Op {}

  record MoveNode(String node, String address) implements Op {}

  record DropNode(String node) implements Op {}

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<String> nodes = Arbitraries.of("n1", "N2", "n3");
    Arbitrary<String> services = Arbitraries.of("web", "Web", "db", "api");
    Arbitrary<String> ids = Arbitraries.of("a", "b", "C", "d");
    Arbitrary<Op> register = Combinators.combine(nodes, services, ids,
            Arbitraries.of(ServiceKind.TYPICAL, ServiceKind.CONNECT_NATIVE, ServiceKind.CONNECT_PROXY,
                ServiceKind.MESH_GATEWAY))
        .as(Register::new);
    Arbitrary<Op> deregister = Combinators.combine(nodes, ids).as(Deregister::new);
    Arbitrary<Op> move = Combinators.combine(nodes, Arbitraries.of("10.0.0.1", "10.0.0.2")).as(MoveNode::new);
    Arbitrary<Op> drop = nodes.map(DropNode::new);
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, register), net.jqwik.api.Tuple.of(2, deregister),
            net.jqwik.api.Tuple.of(1, move), net.jqwik.api.Tuple.of(1, drop))
        .list().ofMaxSize(30);
  }

  @Property(tries = 500)
  void incrementalSnapshotsAnswerLikeAPlainModel(
      @ForAll("ops") List<Op> ops, @ForAll("batching") List<Integer> buildAfter) {
    Map<String, Node> nodes = new TreeMap<>();
    Map<String, ServiceInstance> instances = new LinkedHashMap<>();
    CatalogSnapshot snapshot = CatalogSnapshot.empty();
    CatalogSnapshot.Builder builder = snapshot.toBuilder();
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      if (op instanceof Register r) {
        Node node = nodes.getOrDefault(r.node().toLowerCase(Locale.ROOT), Node.external(r.node(), "dc1", "10.0.0.9"));
        ServiceInstance.Builder b = ServiceInstance.builder(node, r.service()).id(r.id());
        if (r.kind() == ServiceKind.CONNECT_PROXY) {
          b.connectProxyFor("web");
        } else {
          b.kind(r.kind());
        }
        ServiceInstance instance = b.build();
        nodes.put(r.node().toLowerCase(Locale.ROOT), node);
        instances.put(key(r.node(), r.id()), instance);
        builder.register(instance);
      } else if (op instanceof Deregister d) {
        instances.remove(key(d.node(), d.id()));
        builder.deregister("dc1", "", d.node(), d.id());
      } else if (op instanceof MoveNode m) {
        Node moved = Node.external(m.node(), "dc1", m.address());
        nodes.put(m.node().toLowerCase(Locale.ROOT), moved);
        instances.replaceAll((k, v) -> v.node().name().equalsIgnoreCase(m.node()) ? v.withNode(moved) : v);
        builder.registerNode(moved);
      } else if (op instanceof DropNode d) {
        nodes.remove(d.node().toLowerCase(Locale.ROOT));
        instances.values().removeIf(v -> v.node().name().equalsIgnoreCase(d.node()));
        builder.deregisterNode("dc1", "", d.node());
      }
      if (buildAfter.contains(i % 5)) {
        snapshot = builder.build();
        builder = snapshot.toBuilder();
      }
    }
    snapshot = builder.build();

    Comparator<ServiceInstance> order = Comparator
        .comparing((ServiceInstance x) -> x.node().name(), String.CASE_INSENSITIVE_ORDER)
        .thenComparing(ServiceInstance::id, String.CASE_INSENSITIVE_ORDER);
    List<ServiceInstance> all = new ArrayList<>(instances.values());
    all.sort(order);
    for (String service : List.of("web", "db", "api")) {
      ServiceName name = ServiceName.of(service);
      assertEquals(all.stream().filter(x -> x.service().equalsIgnoreCase(service)).toList(),
          snapshot.instances("dc1", name), service);
      assertEquals(all.stream().filter(x -> (x.kind() == ServiceKind.CONNECT_PROXY
                  && x.proxyDestination().equalsIgnoreCase(service))
              || (x.kind() == ServiceKind.CONNECT_NATIVE && x.service().equalsIgnoreCase(service))).toList(),
          snapshot.connectCapable("dc1", name, false), service);
    }
    for (ServiceKind kind : ServiceKind.values()) {
      assertEquals(all.stream().filter(x -> x.kind() == kind).toList(), snapshot.instancesOfKind("dc1", kind));
    }
    for (String node : List.of("n1", "n2", "n3")) {
      assertEquals(all.stream().filter(x -> x.node().name().equalsIgnoreCase(node)).toList(),
          snapshot.instancesOnNode("dc1", "", node), node);
    }
    assertEquals(List.copyOf(nodes.values()), snapshot.nodes("dc1"));
    List<String> expectedServices = all.stream().map(x -> x.service().toLowerCase(Locale.ROOT)).distinct().sorted()
        .toList();
    assertEquals(expectedServices,
        snapshot.services("dc1").stream().map(s -> s.name().toLowerCase(Locale.ROOT)).toList());
  }

  @Provide
  Arbitrary<List<Integer>> batching() {
    return Arbitraries.integers().between(0, 4).list().ofMaxSize(5);
  }

  private static String key(String node, String id) {
    return (node + "/" + id).toLowerCase(Locale.ROOT);
  }
}
