package dev.meshgate.core.terminating;

import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.internal.Problems;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The ACL rules a terminating gateway's token needs, from its config entry and the catalog of its
 * datacenter, as Consul's documentation lists them: {@code service:write} on the gateway itself and
 * on every service it forwards traffic for (on every service of the namespace, as
 * {@code service_prefix ""}, for a {@code *} link), {@code node:read} on the nodes those services
 * run on, and {@code agent:read} on the gateway's own node when the agent's gRPC port is not the
 * default 8502 (so that {@code consul connect envoy} can discover it).
 *
 * <p>Node rules reflect the catalog at the time of the call: re-render when linked services move to
 * other nodes. Newer Consul documentation also suggests {@code service:read} and {@code node:read}
 * on everything for discovery; add them to the policy if your Consul version asks for them.
 *
 * <p>Immutable and thread-safe; rules are in rendering order.
 *
 * @param rules the rules
 */
public record AclRequirements(List<Rule> rules) {
  /** The agent gRPC port {@code consul connect envoy} assumes. */
  public static final int DEFAULT_GRPC_PORT = 8502;

  /**
   * Copies the rules.
   *
   * @param rules the rules
   */
  public AclRequirements {
    rules = List.copyOf(rules);
  }

  /**
   * One rule of an ACL policy.
   *
   * @param resource {@code service}, {@code service_prefix}, {@code node} or {@code agent}
   * @param segment the name (or prefix) the rule applies to
   * @param policy {@code read} or {@code write}
   * @param partition the admin partition the rule is scoped to
   * @param namespace the namespace (service rules), or empty (node and agent rules)
   */
  public record Rule(String resource, String segment, String policy, String partition, String namespace) {}

  /**
   * Computes the rules of a gateway.
   *
   * @param entry the gateway's config entry
   * @param catalog the catalog
   * @param datacenter the gateway's datacenter
   * @param gatewayNode the node the gateway's agent runs on
   * @param grpcPort the agent's gRPC port
   * @return the requirements
   */
  public static AclRequirements of(
      TerminatingGatewayEntry entry, CatalogSnapshot catalog, String datacenter, String gatewayNode, int grpcPort) {
    List<Rule> rules = new ArrayList<>();
    ServiceName gateway = entry.gateway();
    rules.add(new Rule("service", gateway.name(), "write", gateway.partition(), gateway.namespace()));
    for (LinkedService link : entry.services()) {
      rules.add(link.isWildcard()
          ? new Rule("service_prefix", "", "write", link.partition(), link.namespace())
          : new Rule("service", link.name(), "write", link.partition(), link.namespace()));
    }
    Map<String, Rule> nodes = new TreeMap<>();
    for (GatewayService row : Linker.routable(Linker.rows(entry, catalog, datacenter))) {
      for (ServiceInstance i : catalog.instances(datacenter, row.service())) {
        String key = (i.node().partition() + '/' + i.node().name()).toLowerCase(Locale.ROOT);
        nodes.putIfAbsent(key, new Rule("node", i.node().name(), "read", i.node().partition(), ""));
      }
    }
    rules.addAll(nodes.values());
    if (grpcPort != DEFAULT_GRPC_PORT) {
      rules.add(new Rule("agent", gatewayNode, "read", gateway.partition(), ""));
    }
    return new AclRequirements(rules);
  }

  /**
   * Renders the rules as a Consul ACL policy in HCL. Rules outside the default namespace are
   * wrapped in {@code namespace} blocks and rules outside the default partition in
   * {@code partition} blocks (Consul Enterprise syntax); in the default namespace of the default
   * partition, the policy is plain Consul CE syntax.
   *
   * @return the policy text, ending with a newline
   */
  public String toHcl() {
    Map<String, Map<String, List<Rule>>> byPartition = new TreeMap<>((a, b) -> rank(a).compareTo(rank(b)));
    for (Rule r : rules) {
      byPartition.computeIfAbsent(r.partition(), p -> new TreeMap<>((a, b) -> rank(a).compareTo(rank(b))))
          .computeIfAbsent(r.namespace(), n -> new ArrayList<>())
          .add(r);
    }
    StringBuilder out = new StringBuilder();
    byPartition.forEach((partition, byNamespace) -> {
      boolean inPartition = !ServiceName.DEFAULT.equals(partition);
      String indent = inPartition ? "  " : "";
      if (inPartition) {
        out.append("partition ").append(Problems.quote(partition)).append(" {\n");
      }
      Map<String, List<Rule>> ordered = new LinkedHashMap<>(byNamespace);
      ordered.forEach((namespace, list) -> {
        boolean inNamespace = !namespace.isEmpty() && (inPartition || !ServiceName.DEFAULT.equals(namespace));
        String inner = inNamespace ? indent + "  " : indent;
        if (inNamespace) {
          out.append(indent).append("namespace ").append(Problems.quote(namespace)).append(" {\n");
        }
        for (Rule r : list) {
          out.append(inner).append(r.resource()).append(' ').append(Problems.quote(r.segment())).append(" {\n")
              .append(inner).append("  policy = ").append(Problems.quote(r.policy())).append('\n')
              .append(inner).append("}\n");
        }
        if (inNamespace) {
          out.append(indent).append("}\n");
        }
      });
      if (inPartition) {
        out.append("}\n");
      }
    });
    return out.toString();
  }

  /** Orders "default" first, then "" (node and agent rules), then other names. */
  private static String rank(String name) {
    if (ServiceName.DEFAULT.equals(name)) {
      return "0";
    }
    return name.isEmpty() ? "1" : "2" + name;
  }
}
