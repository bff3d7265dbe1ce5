package dev.meshgate.core.chain;

import dev.meshgate.core.catalog.ProxyDefaults;
import dev.meshgate.core.catalog.ServiceDefaults;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.config.MeshGatewayMode;
import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.internal.Problems;
import dev.meshgate.core.naming.SniName;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/*
 * One compilation, a port of Consul's discoverychain compiler (agent/consul/discoverychain/
 * compile.go) step for step, so that the same entries give the same nodes, the same targets and the
 * same first error:
 *
 *   assemble   the router of the chain's own service (only that one), each route's destination
 *              through its splitter (unless the route names a subset) to a resolver; a catch-all
 *              route to the service itself last. Without a router, the service's splitter or
 *              resolver starts the chain. Splitters recurse into other services' splitters unless
 *              a leg names a subset or its own service. Resolvers apply redirects and the default
 *              subset first (detecting redirect loops), then failover, whose targets are resolved
 *              through redirects but get no node of their own.
 *   check      splitter loops, found by walking the graph from the start node;
 *   flatten    splitters that lead to splitters, weights multiplied and rounded to 0.01;
 *   prune      nodes the start node no longer reaches, and targets no resolver retained;
 *   protocol   routers and splitters need an HTTP-like protocol; every service the chain resolves
 *              must have the same protocol (service-defaults, else proxy-defaults, else tcp; an
 *              entry with an empty protocol is tcp and does not fall back).
 *
 * Where Consul iterates a Go map (flattening visits nodes in random order), this visits nodes in
 * the order they were created, so results are deterministic.
 */
final class ChainCompilation {
  private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final String POP_VISIT = "\u0000popvisit";

  private final CompileRequest request;
  private final ChainEntries entries;
  private final Set<EntryKey> reads;
  private final String serviceName;
  private final String namespace;
  private final String partition;
  private final String datacenter;

  private final Map<ServiceName, ServiceResolver> resolvers = new HashMap<>();
  private final Map<String, MutableNode> splitterNodes = new HashMap<>();
  private final Map<String, MutableNode> resolveNodes = new HashMap<>();
  private final Map<String, MutableNode> nodes = new LinkedHashMap<>();
  private final Map<String, MutableTarget> loadedTargets = new LinkedHashMap<>();
  private final Set<String> retainedTargets = new HashSet<>();
  private final boolean disableAdvancedRouting;
  private boolean usesAdvancedRouting;
  private boolean customMeshGateway;
  private boolean customProtocol;
  private boolean customConnectTimeout;
  private Protocol protocol;
  private String startNode;

  private ChainCompilation(CompileRequest request, ChainEntries entries, Set<EntryKey> reads) {
    this.request = request;
    this.entries = entries;
    this.reads = reads;
    this.serviceName = request.service().name();
    this.namespace = request.service().namespace();
    this.partition = request.service().partition();
    this.datacenter = request.datacenter();
    this.disableAdvancedRouting = request.overrideProtocol().map(p -> !p.isHttpLike()).orElse(false);
  }

  /**
   * Compiles a chain, recording in {@code reads} every entry looked up (found or not).
   *
   * @throws ConfigEntryGraphException with Consul's message
   */
  static CompiledDiscoveryChain compile(CompileRequest request, ChainEntries entries, Set<EntryKey> reads) {
    return new ChainCompilation(request, entries, reads).run();
  }

  private CompiledDiscoveryChain run() {
    assembleChain();
    detectCircularReferences();
    flattenAdjacentSplitterNodes();
    removeUnusedNodes();
    loadedTargets.keySet().retainAll(retainedTargets);
    if (protocol == null) {
      protocol = Protocol.TCP; // no resolver was reached; only a splitter loop does that, refused above
    }
    if (!protocol.isHttpLike() && usesAdvancedRouting) {
      throw error(String.format(Locale.ROOT,
          "discovery chain %s uses a protocol %s that does not permit advanced routing or splitting behavior",
          Problems.quote(serviceName), Problems.quote(protocol.wireName())));
    }
    if (request.overrideProtocol().isPresent() && request.overrideProtocol().get() != protocol) {
      protocol = request.overrideProtocol().get();
      customProtocol = true;
    }
    Map<String, ChainNode> frozenNodes = new LinkedHashMap<>();
    for (MutableNode n : nodes.values()) {
      frozenNodes.put(n.mapKey(), n.freeze());
    }
    Map<String, DiscoveryTarget> frozenTargets = new LinkedHashMap<>();
    for (MutableTarget t : loadedTargets.values()) {
      frozenTargets.put(t.id, t.freeze());
    }
    return new CompiledDiscoveryChain(serviceName, namespace, partition, datacenter, customizationHash(),
        isDefaultChain(), protocol, startNode, frozenNodes, frozenTargets);
  }

  // ---- entry lookups, each recorded for the incremental compiler ----

  private Optional<ServiceRouter> router(ServiceName sid) {
    reads.add(EntryKey.of(EntryKey.ROUTER, sid));
    return entries.router(sid);
  }

  private Optional<ServiceSplitter> splitter(ServiceName sid) {
    reads.add(EntryKey.of(EntryKey.SPLITTER, sid));
    return entries.splitter(sid);
  }

  private ServiceResolver resolver(ServiceName sid) {
    ServiceResolver r = resolvers.get(sid);
    if (r == null) {
      reads.add(EntryKey.of(EntryKey.RESOLVER, sid));
      r = entries.resolver(sid).orElseGet(() -> ServiceResolver.defaultFor(sid));
      resolvers.put(sid, r);
    }
    return r;
  }

  private Optional<ServiceDefaults> serviceDefaults(ServiceName sid) {
    reads.add(EntryKey.of(EntryKey.SERVICE_DEFAULTS, sid));
    return entries.serviceDefaults(sid);
  }

  private Optional<ProxyDefaults> proxyDefaults(String p) {
    reads.add(EntryKey.proxyDefaults(p));
    return entries.proxyDefaults(p);
  }

  // ---- protocol ----

  private void recordServiceProtocol(ServiceName sid) {
    Optional<ServiceDefaults> sd = serviceDefaults(sid);
    if (sd.isPresent()) {
      recordProtocol(sid, sd.get().configuredProtocol().orElse(Protocol.TCP));
      return;
    }
    Optional<ProxyDefaults> pd = proxyDefaults(sid.partition());
    recordProtocol(sid, pd.flatMap(ProxyDefaults::protocol).orElse(Protocol.TCP));
  }

  private void recordProtocol(ServiceName from, Protocol p) {
    if (protocol == null) {
      protocol = p;
    } else if (protocol != p) {
      throw error(String.format(Locale.ROOT, "discovery chain %s uses inconsistent protocols; service %s has %s which is"
          + " not %s", Problems.quote(serviceName), Problems.quote(from.toString()), Problems.quote(p.wireName()),
          Problems.quote(protocol.wireName())));
    }
  }

  // ---- assembly ----

  private static String serviceIdString(ServiceName sid) {
    return sid.name() + "." + sid.namespace() + "." + sid.partition();
  }

  private static String or(String value, String fallback) {
    return value.isEmpty() ? fallback : value;
  }

  private void recordNode(MutableNode node) {
    if (node.type == NodeType.SPLITTER) {
      splitterNodes.put(node.name, node);
    } else if (node.type == NodeType.RESOLVER) {
      resolveNodes.put(node.target, node);
    }
    nodes.put(node.mapKey(), node);
  }

  private void assembleChain() {
    ServiceName sid = new ServiceName(serviceName, namespace, partition);
    Optional<ServiceRouter> entry = router(sid);
    if (entry.isPresent() && disableAdvancedRouting) {
      entry = Optional.empty();
      customProtocol = true;
    }
    if (entry.isEmpty()) {
      startNode = getSplitterOrResolverNode(newTarget(serviceName, "", "", "", "")).mapKey();
      return;
    }
    ServiceRouter router = entry.get();
    ServiceName routerId = router.service();
    MutableNode routeNode = new MutableNode(NodeType.ROUTER, serviceIdString(routerId));
    usesAdvancedRouting = true;
    recordServiceProtocol(routerId);
    for (ServiceRoute route : router.routes()) {
      RouteDestination dest = route.destination().orElse(null);
      String svc = dest != null ? or(dest.service(), serviceName) : serviceName;
      String ns = dest != null ? or(dest.namespace(), routerId.namespace()) : routerId.namespace();
      String ap = dest != null ? or(dest.partition(), routerId.partition()) : routerId.partition();
      String subset = dest != null ? dest.serviceSubset() : "";
      MutableNode next = subset.isEmpty()
          ? getSplitterOrResolverNode(newTarget(svc, "", ns, ap, ""))
          : getResolverNode(newTarget(svc, subset, ns, ap, ""), false);
      routeNode.routes.add(new ChainNode.DiscoveryRoute(route, next.mapKey()));
    }
    MutableNode defaultNode = getSplitterOrResolverNode(
        newTarget(routerId.name(), "", routerId.namespace(), routerId.partition(), ""));
    routeNode.routes.add(new ChainNode.DiscoveryRoute(defaultServiceRoute(routerId), defaultNode.mapKey()));
    startNode = routeNode.mapKey();
    recordNode(routeNode);
  }

  static ServiceRoute defaultServiceRoute(ServiceName service) {
    return ServiceRoute.of(HttpMatch.pathPrefix("/"), RouteDestination.builder().service(service.name())
        .namespace(service.namespace()).partition(service.partition()).build());
  }

  private MutableTarget newTarget(String service, String subset, String ns, String ap, String dc) {
    String targetNs = or(ns, namespace);
    String targetAp = or(ap, partition);
    String targetDc = or(dc, datacenter);
    String id = DiscoveryTarget.id(service, subset, targetNs, targetAp, targetDc);
    MutableTarget prev = loadedTargets.get(id);
    if (prev != null) {
      return prev;
    }
    String sni;
    try {
      sni = SniName.service(service, subset, targetNs, targetAp, targetDc, request.trustDomain()).value();
    } catch (IllegalArgumentException e) {
      throw error("target " + Problems.quote(id) + " has no SNI name: " + e.getMessage());
    }
    MutableTarget t = new MutableTarget(id, service, subset, targetNs, targetAp, targetDc, sni);
    loadedTargets.put(id, t);
    return t;
  }

  private MutableTarget rewriteTarget(MutableTarget t, String service, String subset, String ns, String ap,
      String dc) {
    String mService = t.service;
    String mSubset = t.subset;
    if (!service.isEmpty() && !service.equals(mService)) {
      mService = service;
      mSubset = "";
    }
    if (!subset.isEmpty()) {
      mSubset = subset;
    }
    return newTarget(mService, mSubset, or(ns, t.namespace), or(ap, t.partition), or(dc, t.datacenter));
  }

  private MutableNode getSplitterOrResolverNode(MutableTarget target) {
    MutableNode next = getSplitterNode(target.serviceName());
    return next != null ? next : getResolverNode(target, false);
  }

  private MutableNode getSplitterNode(ServiceName sid) {
    String name = serviceIdString(sid);
    MutableNode prev = splitterNodes.get(name);
    if (prev != null) {
      return prev;
    }
    Optional<ServiceSplitter> entry = splitter(sid);
    if (entry.isPresent() && disableAdvancedRouting) {
      entry = Optional.empty();
      customProtocol = true;
    }
    if (entry.isEmpty()) {
      return null;
    }
    MutableNode splitNode = new MutableNode(NodeType.SPLITTER, name);
    // Recorded before recursing, so that a loop below finds this node instead of recursing forever.
    recordNode(splitNode);
    boolean hasLoadBalancer = false;
    for (ServiceSplit split : entry.get().splits()) {
      MutableSplit compiled = new MutableSplit(split, split.weight());
      splitNode.splits.add(compiled);
      ServiceName splitId = new ServiceName(or(split.service(), sid.name()), or(split.namespace(), sid.namespace()),
          or(split.partition(), sid.partition()));
      if (!splitId.equals(sid) && split.serviceSubset().isEmpty()) {
        MutableNode next = getSplitterNode(splitId);
        if (next != null) {
          compiled.nextNode = next.mapKey();
          continue;
        }
      }
      MutableNode node = getResolverNode(newTarget(splitId.name(), split.serviceSubset(), splitId.namespace(),
          splitId.partition(), ""), false);
      compiled.nextNode = node.mapKey();
      if (!hasLoadBalancer && node.loadBalancer != null && node.loadBalancer.isHashBased()) {
        splitNode.loadBalancer = node.loadBalancer;
        hasLoadBalancer = true;
      }
    }
    usesAdvancedRouting = true;
    return splitNode;
  }

  private MutableNode getResolverNode(MutableTarget start, boolean recursedForFailover) {
    MutableTarget target = start;
    Set<String> redirectHistory = new HashSet<>();
    List<String> redirectOrder = new ArrayList<>();
    ServiceResolver resolver;
    ServiceName targetId;
    while (true) {
      MutableNode prev = resolveNodes.get(target.id);
      if (prev != null) {
        return prev;
      }
      targetId = target.serviceName();
      recordServiceProtocol(targetId);
      resolver = resolver(targetId);
      if (redirectHistory.contains(target.id)) {
        redirectOrder.add(target.id);
        throw error("detected circular resolver redirect: [" + String.join(" -> ", redirectOrder) + "]");
      }
      redirectHistory.add(target.id);
      redirectOrder.add(target.id);
      if (resolver.redirect().isPresent()) {
        ServiceResolver.Redirect r = resolver.redirect().get();
        MutableTarget redirected = rewriteTarget(target, r.service(), r.serviceSubset(), r.namespace(), r.partition(),
            r.datacenter());
        if (!redirected.id.equals(target.id)) {
          target = redirected;
          continue;
        }
      }
      if (target.subset.isEmpty() && !resolver.defaultSubset().isEmpty()) {
        target = rewriteTarget(target, "", resolver.defaultSubset(), "", "", "");
        continue;
      }
      if (!resolver.subsetExists(target.subset)) {
        throw error(String.format(Locale.ROOT, "service %s does not have a subset named %s",
            Problems.quote(target.service), Problems.quote(target.subset)));
      }
      break;
    }

    Duration connectTimeout = resolver.connectTimeout();
    if (connectTimeout.compareTo(Duration.ofNanos(1)) < 0) {
      connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    }
    Duration override = request.overrideConnectTimeout();
    if (!override.isNegative() && !override.isZero() && !connectTimeout.equals(override)) {
      connectTimeout = override;
      customConnectTimeout = true;
    }
    target.connectTimeout = connectTimeout;

    MutableNode node = new MutableNode(NodeType.RESOLVER, target.id);
    node.isDefault = resolver.isDefault();
    node.target = target.id;
    node.connectTimeout = connectTimeout;
    node.requestTimeout = resolver.requestTimeout();
    node.loadBalancer = resolver.loadBalancer().orElse(null);

    ServiceResolver.Subset subset = resolver.subsets().get(target.subset);
    target.subsetDefinition = subset != null ? subset : ServiceResolver.Subset.ALL;

    Optional<ServiceDefaults> sd = serviceDefaults(targetId);
    if (sd.isPresent() && !sd.get().externalSni().isEmpty()) {
      target.sni = sd.get().externalSni();
      target.external = true;
    }
    if (target.external) {
      String quoted = Problems.quote(target.service);
      if (resolver.redirect().isPresent()) {
        throw error("service " + quoted + " has an external SNI set; cannot define redirects for external services");
      }
      if (!resolver.subsets().isEmpty()) {
        throw error("service " + quoted + " has an external SNI set; cannot define subsets for external services");
      }
      if (!resolver.failover().isEmpty()) {
        throw error("service " + quoted + " has an external SNI set; cannot define failover for external services");
      }
      target.meshGatewayMode = MeshGatewayMode.DEFAULT;
    } else {
      MeshGatewayMode mode = sd.map(ServiceDefaults::meshGatewayMode).orElse(MeshGatewayMode.DEFAULT);
      Optional<ProxyDefaults> pd = proxyDefaults(targetId.partition());
      if (pd.isPresent() && mode == MeshGatewayMode.DEFAULT) {
        mode = pd.get().meshGatewayMode();
      }
      MeshGatewayMode overrideMode = request.overrideMeshGateway();
      if (overrideMode != MeshGatewayMode.DEFAULT && mode != overrideMode) {
        mode = overrideMode;
        customMeshGateway = true;
      }
      target.meshGatewayMode = mode;
    }
    retainedTargets.add(target.id);
    if (recursedForFailover) {
      return node;
    }
    recordNode(node);

    if (!resolver.failover().isEmpty()) {
      ServiceResolver.Failover f = resolver.failover().get(target.subset);
      if (f == null) {
        f = resolver.failover().get("*");
      }
      if (f == null) {
        return node;
      }
      List<MutableTarget> failoverTargets = new ArrayList<>();
      if (!f.datacenters().isEmpty()) {
        for (String dc : f.datacenters()) {
          addFailover(failoverTargets, target,
              rewriteTarget(target, f.service(), f.serviceSubset(), f.namespace(), "", dc));
        }
      } else if (!f.targets().isEmpty()) {
        for (ServiceResolver.FailoverTarget t : f.targets()) {
          addFailover(failoverTargets, target,
              rewriteTarget(target, t.service(), t.serviceSubset(), t.namespace(), t.partition(), t.datacenter()));
        }
      } else {
        addFailover(failoverTargets, target, rewriteTarget(target, f.service(), f.serviceSubset(), f.namespace(), "",
            ""));
      }
      if (!failoverTargets.isEmpty()) {
        List<String> ids = new ArrayList<>();
        for (MutableTarget ft : failoverTargets) {
          ids.add(getResolverNode(ft, true).target);
        }
        node.failover = new ChainNode.DiscoveryFailover(ids, f.policyMode());
      }
    }
    return node;
  }

  private static void addFailover(List<MutableTarget> out, MutableTarget primary, MutableTarget candidate) {
    if (!candidate.id.equals(primary.id)) {
      out.add(candidate);
    }
  }

  // ---- graph passes ----

  private void detectCircularReferences() {
    ArrayDeque<String> todo = new ArrayDeque<>();
    Set<String> visited = new HashSet<>();
    List<String> visitChain = new ArrayList<>();
    todo.push(startNode);
    while (!todo.isEmpty()) {
      String current = todo.pop();
      if (POP_VISIT.equals(current)) {
        if (!visitChain.isEmpty()) {
          visited.remove(visitChain.remove(visitChain.size() - 1));
        }
        continue;
      }
      visitChain.add(current);
      if (visited.contains(current)) {
        throw error("detected circular reference: [" + String.join(" -> ", visitChain) + "]");
      }
      visited.add(current);
      todo.push(POP_VISIT);
      MutableNode node = nodes.get(current);
      if (node.type == NodeType.ROUTER) {
        for (ChainNode.DiscoveryRoute route : node.routes) {
          todo.push(route.nextNode());
        }
      } else if (node.type == NodeType.SPLITTER) {
        for (MutableSplit split : node.splits) {
          todo.push(split.nextNode);
        }
      }
    }
  }

  private void flattenAdjacentSplitterNodes() {
    boolean anyChanged = true;
    while (anyChanged) {
      anyChanged = false;
      for (MutableNode node : nodes.values()) {
        if (node.type != NodeType.SPLITTER) {
          continue;
        }
        List<MutableSplit> fixed = new ArrayList<>(node.splits.size());
        boolean changed = false;
        for (MutableSplit split : node.splits) {
          MutableNode next = nodes.get(split.nextNode);
          if (next.type != NodeType.SPLITTER) {
            fixed.add(split);
            continue;
          }
          changed = true;
          for (MutableSplit inner : next.splits) {
            float effective = split.weight * inner.weight / 100;
            MutableSplit merged = new MutableSplit(mergeParent(inner.definition, split.definition),
                ServiceSplitter.normalizeWeight(effective));
            merged.nextNode = inner.nextNode;
            fixed.add(merged);
          }
        }
        if (changed) {
          node.splits.clear();
          node.splits.addAll(fixed);
          anyChanged = true;
        }
      }
    }
  }

  /**
   * Consul's {@code ServiceSplit.MergeParent}: the child leg keeps its own settings; request
   * headers merge with the child winning (the request passes the parent first), response headers
   * with the parent winning (the response passes it last).
   */
  static ServiceSplit mergeParent(ServiceSplit child, ServiceSplit parent) {
    return new ServiceSplit(child.weight(), child.service(), child.serviceSubset(), child.namespace(),
        child.partition(), HttpHeaderModifiers.merge(parent.requestHeaders(), child.requestHeaders()),
        HttpHeaderModifiers.merge(child.responseHeaders(), parent.responseHeaders()));
  }

  private void removeUnusedNodes() {
    Set<String> visited = new HashSet<>();
    ArrayDeque<String> todo = new ArrayDeque<>();
    todo.add(startNode);
    while (!todo.isEmpty()) {
      String next = todo.poll();
      if (!visited.add(next)) {
        continue;
      }
      MutableNode node = nodes.get(next);
      if (node.type == NodeType.ROUTER) {
        for (ChainNode.DiscoveryRoute route : node.routes) {
          todo.add(route.nextNode());
        }
      } else if (node.type == NodeType.SPLITTER) {
        for (MutableSplit split : node.splits) {
          todo.add(split.nextNode);
        }
      }
    }
    nodes.keySet().retainAll(visited);
  }

  private boolean isDefaultChain() {
    MutableNode node = nodes.get(startNode);
    if (node.type != NodeType.RESOLVER || !node.isDefault) {
      return false;
    }
    MutableTarget target = loadedTargets.get(node.target);
    return target.service.equals(serviceName) && target.namespace.equals(namespace)
        && target.partition.equals(partition);
  }

  private String customizationHash() {
    if (!customMeshGateway && !customProtocol && !customConnectTimeout) {
      return "";
    }
    String canonical = (customMeshGateway ? request.overrideMeshGateway().wireName() : "") + "|"
        + (customProtocol ? request.overrideProtocol().map(Protocol::wireName).orElse("") : "") + "|"
        + (customConnectTimeout ? request.overrideConnectTimeout().toNanos() : 0);
    long h = 0xcbf29ce484222325L;
    for (byte b : canonical.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return String.format(Locale.ROOT, "%016x", h).substring(0, 8);
  }

  private ConfigEntryGraphException error(String message) {
    return new ConfigEntryGraphException(serviceName, message);
  }

  // ---- mutable intermediates ----

  private enum NodeType {
    ROUTER("router"), SPLITTER("splitter"), RESOLVER("resolver");

    final String wireName;

    NodeType(String wireName) {
      this.wireName = wireName;
    }
  }

  private static final class MutableNode {
    final NodeType type;
    final String name;
    final List<ChainNode.DiscoveryRoute> routes = new ArrayList<>();
    final List<MutableSplit> splits = new ArrayList<>();
    boolean isDefault;
    String target;
    Duration connectTimeout;
    Duration requestTimeout;
    ChainNode.DiscoveryFailover failover;
    LoadBalancer loadBalancer;

    MutableNode(NodeType type, String name) {
      this.type = type;
      this.name = name;
    }

    String mapKey() {
      return type.wireName + ":" + name;
    }

    ChainNode freeze() {
      switch (type) {
        case ROUTER:
          return new ChainNode.Router(name, routes);
        case SPLITTER:
          List<ChainNode.DiscoverySplit> legs = new ArrayList<>(splits.size());
          for (MutableSplit s : splits) {
            legs.add(new ChainNode.DiscoverySplit(s.definition, s.weight, s.nextNode));
          }
          return new ChainNode.Splitter(name, legs, Optional.ofNullable(loadBalancer));
        default:
          return new ChainNode.Resolver(name, isDefault, connectTimeout, requestTimeout, target,
              Optional.ofNullable(failover), Optional.ofNullable(loadBalancer));
      }
    }
  }

  private static final class MutableSplit {
    final ServiceSplit definition;
    final float weight;
    String nextNode;

    MutableSplit(ServiceSplit definition, float weight) {
      this.definition = definition;
      this.weight = weight;
    }
  }

  private static final class MutableTarget {
    final String id;
    final String service;
    final String subset;
    final String namespace;
    final String partition;
    final String datacenter;
    final String name;
    String sni;
    Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    ServiceResolver.Subset subsetDefinition = ServiceResolver.Subset.ALL;
    boolean external;
    MeshGatewayMode meshGatewayMode = MeshGatewayMode.DEFAULT;

    MutableTarget(String id, String service, String subset, String namespace, String partition, String datacenter,
        String sni) {
      this.id = id;
      this.service = service;
      this.subset = subset;
      this.namespace = namespace;
      this.partition = partition;
      this.datacenter = datacenter;
      this.sni = sni;
      this.name = sni;
    }

    ServiceName serviceName() {
      return new ServiceName(service, namespace, partition);
    }

    DiscoveryTarget freeze() {
      return new DiscoveryTarget(id, service, subset, namespace, partition, datacenter, meshGatewayMode,
          subsetDefinition, connectTimeout, external, sni, name);
    }
  }
}
