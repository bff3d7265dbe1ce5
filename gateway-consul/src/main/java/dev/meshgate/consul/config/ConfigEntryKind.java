package dev.meshgate.consul.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshgate.core.catalog.ExportedServices;
import dev.meshgate.core.catalog.MeshConfig;
import dev.meshgate.core.catalog.ProxyDefaults;
import dev.meshgate.core.catalog.ServiceDefaults;
import dev.meshgate.core.chain.ServiceResolver;
import dev.meshgate.core.chain.ServiceRouter;
import dev.meshgate.core.chain.ServiceSplitter;
import dev.meshgate.core.ingress.IngressGatewayEntry;
import dev.meshgate.core.intentions.ServiceIntentions;
import dev.meshgate.core.terminating.TerminatingGatewayEntry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A kind of Consul config entry that meshgate reads, and the model it maps entries onto: {@code
 * service-intentions} onto {@link ServiceIntentions}, {@code terminating-gateway} onto {@link
 * TerminatingGatewayEntry}, and so on. The constants are the registry: {@link #all()} lists them,
 * {@link #byName(String)} finds one by Consul's spelling.
 *
 * <p>Not read: the kinds meshgate does not model (API gateway, sameness groups, ...); entries of
 * those kinds are reported as errors.
 *
 * <p>Immutable and thread-safe.
 *
 * @param <T> the model type
 */
public final class ConfigEntryKind<T> {
  /** {@code service-intentions}, onto {@link ServiceIntentions} (normalized). */
  public static final ConfigEntryKind<ServiceIntentions> SERVICE_INTENTIONS =
      new ConfigEntryKind<>(new ServiceIntentionsCodec());

  /** {@code terminating-gateway}, onto {@link TerminatingGatewayEntry}. */
  public static final ConfigEntryKind<TerminatingGatewayEntry> TERMINATING_GATEWAY =
      new ConfigEntryKind<>(new TerminatingGatewayCodec());

  /** {@code ingress-gateway}, onto {@link IngressGatewayEntry}. */
  public static final ConfigEntryKind<IngressGatewayEntry> INGRESS_GATEWAY =
      new ConfigEntryKind<>(new IngressGatewayCodec());

  /** {@code service-defaults}, onto the facts of {@link ServiceDefaults}. */
  public static final ConfigEntryKind<ServiceDefaults> SERVICE_DEFAULTS =
      new ConfigEntryKind<>(new ServiceDefaultsCodec());

  /** {@code proxy-defaults}, onto the facts of {@link ProxyDefaults}. */
  public static final ConfigEntryKind<ProxyDefaults> PROXY_DEFAULTS =
      new ConfigEntryKind<>(new ProxyDefaultsCodec());

  /** {@code mesh}, onto the facts of {@link MeshConfig}. */
  public static final ConfigEntryKind<MeshConfig> MESH = new ConfigEntryKind<>(new MeshCodec());

  /** {@code exported-services}, onto the facts of {@link ExportedServices}. */
  public static final ConfigEntryKind<ExportedServices> EXPORTED_SERVICES =
      new ConfigEntryKind<>(new ExportedServicesCodec());

  /** {@code jwt-provider}, onto {@link JwtProvider}. */
  public static final ConfigEntryKind<JwtProvider> JWT_PROVIDER =
      new ConfigEntryKind<>(new JwtProviderCodec());

  /** {@code service-router}, onto the discovery chain's {@link ServiceRouter}. */
  public static final ConfigEntryKind<ServiceRouter> SERVICE_ROUTER =
      new ConfigEntryKind<>(new ServiceRouterCodec());

  /** {@code service-splitter}, onto the discovery chain's {@link ServiceSplitter}. */
  public static final ConfigEntryKind<ServiceSplitter> SERVICE_SPLITTER =
      new ConfigEntryKind<>(new ServiceSplitterCodec());

  /**
   * {@code service-resolver}, onto the discovery chain's {@link ServiceResolver} (the catalog's
   * smaller resolver is derived from it by {@link ConfigDirectory}).
   */
  public static final ConfigEntryKind<ServiceResolver> SERVICE_RESOLVER =
      new ConfigEntryKind<>(new ServiceResolverCodec());

  private static final Map<String, ConfigEntryKind<?>> BY_NAME = index(
      SERVICE_INTENTIONS, TERMINATING_GATEWAY, INGRESS_GATEWAY, SERVICE_DEFAULTS, PROXY_DEFAULTS, MESH,
      EXPORTED_SERVICES, JWT_PROVIDER, SERVICE_ROUTER, SERVICE_SPLITTER, SERVICE_RESOLVER);

  private final KindCodec<T> codec;

  private ConfigEntryKind(KindCodec<T> codec) {
    this.codec = codec;
  }

  private static Map<String, ConfigEntryKind<?>> index(ConfigEntryKind<?>... kinds) {
    Map<String, ConfigEntryKind<?>> m = new LinkedHashMap<>();
    for (ConfigEntryKind<?> k : kinds) {
      m.put(k.name(), k);
    }
    return m;
  }

  /**
   * Returns every kind meshgate reads, in a fixed order.
   *
   * @return the kinds
   */
  public static List<ConfigEntryKind<?>> all() {
    return List.copyOf(BY_NAME.values());
  }

  /**
   * Finds a kind by Consul's spelling, exactly (Consul does not fold case here).
   *
   * @param name e.g. {@code ingress-gateway}
   * @return the kind, or empty
   */
  public static Optional<ConfigEntryKind<?>> byName(String name) {
    return Optional.ofNullable(BY_NAME.get(Objects.requireNonNull(name, "name")));
  }

  /**
   * Returns the kind as Consul spells it.
   *
   * @return e.g. {@code service-intentions}
   */
  public String name() {
    return codec.kind();
  }

  /**
   * Returns the type entries of this kind map onto.
   *
   * @return the model class
   */
  public Class<T> modelType() {
    return codec.type();
  }

  /**
   * Writes a model as an entry of this kind, in Consul's API JSON as Consul stores it after a write:
   * a model that core normalizes (intentions, gateways) is normalized first.
   *
   * @param model the model
   * @return the entry; its source is empty
   */
  public ConfigEntry entry(T model) {
    ObjectNode json = codec.toJson(Objects.requireNonNull(model, "model"));
    return new ConfigEntry(this, json, "", OptionalInt.empty());
  }

  KindCodec<T> codec() {
    return codec;
  }

  @Override
  public String toString() {
    return name();
  }
}
