package dev.meshgate.core.upstream;

import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.Endpoint;
import dev.meshgate.core.catalog.ServiceDefaults;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.catalog.ServiceKind;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.catalog.ServiceResolver;
import dev.meshgate.core.config.InvalidConfigEntryException;
import dev.meshgate.core.config.MeshGatewayMode;
import dev.meshgate.core.internal.Problems;
import dev.meshgate.core.internal.Require;
import dev.meshgate.core.naming.SniName;
import dev.meshgate.core.naming.SpiffeId;
import dev.meshgate.core.naming.TrustDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The caller's side of mesh gateways: for an upstream, what to dial and with which SNI, as Consul's
 * xDS generator fills an upstream cluster ({@code makeLoadAssignmentEndpointGroup}).
 *
 * <pre>
 * gateway side = remote -&gt; (target datacenter, target partition)
 *                local  -&gt; (caller datacenter, caller partition)
 *                none, "" -&gt; none
 * if no side, or the target is in the caller's datacenter and partition:
 *     dial the target's Connect-capable instances (WAN addresses when they are elsewhere)
 * else:
 *     dial the side's mesh gateways (WAN addresses when they are elsewhere), all carrying one
 *     health: healthy when any instance of the target is
 * </pre>
 *
 * Stateless and thread-safe.
 */
public final class MeshUpstreams {
  private MeshUpstreams() {}

  /**
   * Decides how a caller reaches an upstream.
   *
   * @param catalog the catalogs of the caller's and the target's datacenters, and the config-entry
   *     facts
   * @param trustDomain the mesh trust domain
   * @param caller who dials
   * @param upstream what it dials
   * @return the SNI, identity, mode and endpoints
   * @throws InvalidConfigEntryException with Consul's text when the target has an
   *     {@code ExternalSNI} and its {@code service-resolver} defines subsets (or the upstream asks
   *     for one): {@code service "<name>" has an external SNI set; cannot define subsets for
   *     external services}
   * @throws IllegalArgumentException if the upstream names a subset the resolver does not define,
   *     or a name cannot be rendered as an SNI
   */
  public static Dial dial(CatalogSnapshot catalog, TrustDomain trustDomain, Caller caller, Upstream upstream) {
    ServiceName target = upstream.destination();
    String targetDc = upstream.datacenter().isEmpty() ? caller.datacenter() : upstream.datacenter();
    Optional<ServiceDefaults> defaults = catalog.serviceDefaults(target);
    String externalSni = defaults.map(ServiceDefaults::externalSni).orElse("");
    Optional<ServiceResolver> resolver = catalog.resolver(target);
    boolean external = !externalSni.isEmpty();
    if (external && (!upstream.subset().isEmpty() || resolver.map(r -> !r.subsets().isEmpty()).orElse(false))) {
      throw new InvalidConfigEntryException("service-resolver", target.name(), List.of(
          "service " + Problems.quote(target.name()) + " has an external SNI set; cannot define subsets for external"
              + " services"));
    }
    String subsetName = !upstream.subset().isEmpty() ? upstream.subset()
        : resolver.map(ServiceResolver::defaultSubset).orElse("");
    ServiceResolver.Subset subset = ServiceResolver.Subset.ALL;
    if (!subsetName.isEmpty()) {
      subset = resolver.map(r -> r.subsets().get(subsetName)).orElse(null);
      Require.field(subset != null, "upstream subset", subsetName, "a subset of service-resolver "
          + Problems.quote(target.toString()) + ": " + resolver.map(r -> r.subsets().keySet().toString()).orElse("[]"));
    }

    MeshGatewayMode mode = MeshGatewayModes.forTarget(
        MeshGatewayModes.override(caller.proxyMode(), upstream.mode()), catalog, target);
    String sni = external ? externalSni
        : SniName.service(target.name(), subsetName, target.namespace(), target.partition(), targetDc, trustDomain)
            .value();
    SpiffeId.Service identity =
        new SpiffeId.Service(trustDomain, target.partition(), target.namespace(), targetDc, target.name());
    List<Endpoint> real = Endpoint.healthyFirst(
        catalog.connectCapable(targetDc, target, false), subset, caller.datacenter(), caller.partition());

    boolean targetIsLocal = targetDc.equalsIgnoreCase(caller.datacenter())
        && target.partition().equalsIgnoreCase(caller.partition());
    if (targetIsLocal || mode == MeshGatewayMode.NONE || mode == MeshGatewayMode.DEFAULT) {
      return new Dial(sni, identity, mode, Dial.Via.DIRECT, external, real);
    }
    boolean local = mode == MeshGatewayMode.LOCAL;
    String gatewayDc = local ? caller.datacenter() : targetDc;
    String gatewayPartition = local ? caller.partition() : target.partition();
    boolean anyHealthy = !real.isEmpty() && real.get(0).healthy();
    List<Endpoint> gateways = new ArrayList<>();
    for (ServiceInstance gateway : catalog.instancesOfKind(gatewayDc, ServiceKind.MESH_GATEWAY)) {
      if (gateway.node().partition().equalsIgnoreCase(gatewayPartition)) {
        boolean wan = !Endpoint.isLocal(gateway.node(), caller.datacenter(), caller.partition());
        gateways.add(Endpoint.of(gateway, wan, false).withHealthy(anyHealthy));
      }
    }
    return new Dial(sni, identity, mode, local ? Dial.Via.LOCAL_GATEWAYS : Dial.Via.REMOTE_GATEWAYS, external,
        gateways);
  }
}
