package dev.meshgate.consul.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshgate.consul.internal.json.GoDuration;
import dev.meshgate.consul.internal.json.Json;
import dev.meshgate.consul.internal.json.Out;
import dev.meshgate.core.chain.ChainNode;
import dev.meshgate.core.chain.CompiledDiscoveryChain;
import dev.meshgate.core.chain.DiscoveryTarget;
import dev.meshgate.core.chain.ServiceRoute;
import dev.meshgate.core.config.MeshGatewayMode;
import java.time.Duration;
import java.util.Map;

/**
 * Consul's discovery-chain endpoint ({@code /v1/discovery-chain/<service>}) in JSON: writes a
 * compiled chain as the object the endpoint returns under {@code Chain}, and reads the endpoint's
 * {@code OverrideConnectTimeout} as it does ({@link #parseDuration}).
 *
 * <p>A chain is written with PascalCase keys in the order of Consul's structs
 * ({@code ServiceName}, {@code Namespace}, {@code Partition}, {@code Datacenter},
 * {@code CustomizationHash}, {@code Default}, {@code Protocol}, {@code StartNode}, {@code Nodes},
 * {@code Targets}), nodes and targets in key order, fields at Go's zero value left out as Consul's
 * {@code omitempty} leaves them out.
 *
 * <p>Durations are written as Consul's marshallers write them: a route's request and idle timeouts
 * and the connect timeouts of resolver nodes and targets in Go's syntax ({@code "5s"}, {@code "1m30s"}), a resolver node's
 * {@code RequestTimeout} and a cookie's {@code TTL} as integer nanoseconds. Route and split
 * definitions are written as in the config entries they come from, a split leg's effective weight
 * next to its definition. Stateless and thread-safe.
 */
public final class DiscoveryChainJson {
  /**
   * The order in which Go writes a route destination: its {@code MarshalJSON} puts the two
   * timeouts, rewritten as duration strings, before the fields of the struct itself. Config entries
   * are written in the documentation's order instead (see {@link ServiceRouterCodec}).
   */
  private static final String[] DESTINATION_ORDER = {
      "RequestTimeout", "IdleTimeout", "Service", "ServiceSubset", "Namespace", "Partition", "PrefixRewrite",
      "NumRetries", "RetryOnConnectFailure", "RetryOn", "RetryOnStatusCodes", "RequestHeaders", "ResponseHeaders"};

  private DiscoveryChainJson() {}

  /**
   * Writes a chain as compact JSON, as Consul's API writes it without {@code ?pretty}.
   *
   * @param chain the compiled chain
   * @return the JSON object, on one line
   */
  public static String encode(CompiledDiscoveryChain chain) {
    return Json.compact(tree(chain));
  }

  /**
   * Writes a chain as JSON indented by two spaces, one field a line, with a final newline, as
   * Consul's API writes it with {@code ?pretty}.
   *
   * @param chain the compiled chain
   * @return the JSON object, indented
   */
  public static String encodePretty(CompiledDiscoveryChain chain) {
    return Json.pretty(tree(chain));
  }

  /**
   * Reads a duration as Consul's discovery-chain endpoint reads {@code OverrideConnectTimeout}: in
   * the syntax of Go's {@code time.ParseDuration} ({@code "7s"}, {@code "1m30s"}, {@code "1.5h"},
   * {@code "300ms"}; units {@code ns}, {@code us}, {@code µs}, {@code ms}, {@code s}, {@code m},
   * {@code h}).
   *
   * @param text the duration
   * @return the duration, possibly negative
   * @throws IllegalArgumentException if the text is not a Go duration, with Go's message ({@code
   *     time: invalid duration "x"})
   */
  public static Duration parseDuration(String text) {
    return Duration.ofNanos(GoDuration.parse(text));
  }

  private static ObjectNode tree(CompiledDiscoveryChain c) {
    ObjectNode nodes = Json.nodes().objectNode();
    for (Map.Entry<String, ChainNode> e : c.nodes().entrySet()) {
      nodes.set(e.getKey(), node(e.getValue()).node());
    }
    ObjectNode targets = Json.nodes().objectNode();
    for (Map.Entry<String, DiscoveryTarget> e : c.targets().entrySet()) {
      targets.set(e.getKey(), target(e.getValue()).node());
    }
    return Out.object()
        .always("ServiceName", Json.nodes().textNode(c.serviceName()))
        .always("Namespace", Json.nodes().textNode(c.namespace()))
        .always("Partition", Json.nodes().textNode(c.partition()))
        .always("Datacenter", Json.nodes().textNode(c.datacenter()))
        .str("CustomizationHash", c.customizationHash())
        .bool("Default", c.isDefault())
        .str("Protocol", c.protocol().wireName())
        .str("StartNode", c.startNode())
        .always("Nodes", nodes)
        .always("Targets", targets)
        .node();
  }

  private static Out node(ChainNode n) {
    Out o = Out.object()
        .always("Type", Json.nodes().textNode(n.type()))
        .always("Name", Json.nodes().textNode(n.name()));
    if (n instanceof ChainNode.Router r) {
      return o.list("Routes", r.routes(), route -> Out.object()
          .always("Definition", route(route.definition()))
          .str("NextNode", route.nextNode()));
    }
    if (n instanceof ChainNode.Splitter s) {
      return o.list("Splits", s.splits(), DiscoveryChainJson::split)
          .pointer("LoadBalancer", s.loadBalancer().map(ServiceResolverCodec::loadBalancer));
    }
    ChainNode.Resolver r = (ChainNode.Resolver) n;
    Out resolver = ChainCodecs.duration(Out.object(), "ConnectTimeout", r.connectTimeout())
        .bool("Default", r.isDefault())
        .integer("RequestTimeout", r.requestTimeout().toNanos())
        .str("Target", r.target())
        .object("Failover", r.failover().map(f -> Out.object()
            .strings("Targets", f.targets())
            .object("Policy", Out.object().str("Mode", f.policyMode()))).orElse(null));
    return o.always("Resolver", resolver.node())
        .pointer("LoadBalancer", r.loadBalancer().map(ServiceResolverCodec::loadBalancer));
  }

  private static Out split(ChainNode.DiscoverySplit leg) {
    Out o = Out.object().always("Definition", ServiceSplitterCodec.split(leg.definition()).node());
    if (leg.weight() != 0) {
      o.always("Weight", ChainCodecs.weight(leg.weight()));
    }
    return o.str("NextNode", leg.nextNode());
  }

  private static ObjectNode route(ServiceRoute r) {
    Out o = Out.object().pointer("Match", r.match().map(ServiceRouterCodec::matchHttp));
    r.destination().ifPresent(d -> {
      ObjectNode written = ServiceRouterCodec.destination(d).node();
      ObjectNode reordered = Json.nodes().objectNode();
      for (String field : DESTINATION_ORDER) {
        if (written.has(field)) {
          reordered.set(field, written.get(field));
        }
      }
      o.always("Destination", reordered);
    });
    return o.node();
  }

  private static Out target(DiscoveryTarget t) {
    String mode = t.meshGatewayMode() == MeshGatewayMode.DEFAULT ? "" : t.meshGatewayMode().wireName();
    return ChainCodecs.duration(Out.object(), "ConnectTimeout", t.connectTimeout())
        .str("ID", t.id())
        .str("Service", t.service())
        .str("ServiceSubset", t.serviceSubset())
        .str("Namespace", t.namespace())
        .str("Partition", t.partition())
        .str("Datacenter", t.datacenter())
        .always("MeshGateway", Out.object().str("Mode", mode).node())
        .always("Subset", Out.object()
            .str("Filter", t.subset().filter().source())
            .bool("OnlyPassing", t.subset().onlyPassing()).node())
        .always("TransparentProxy", Json.nodes().objectNode())
        .bool("External", t.external())
        .str("SNI", t.sni())
        .str("Name", t.name());
  }
}
