package dev.meshgate.consul.api;

import dev.meshgate.consul.config.Checked;
import dev.meshgate.consul.config.ConfigEntryCodec;
import dev.meshgate.consul.config.ConfigEntryKind;
import dev.meshgate.consul.config.ConfigProblem;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.intentions.IntentionSet;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Watches of the endpoints a gateway follows, each decoded by {@link ConsulAnswers}: returned as
 * builders, so that the caller sets the listener and, if it wishes, the timing. Stateless.
 */
public final class ConsulWatches {
  private ConsulWatches() {}

  private static String segment(String name) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException("name: \"\" (expected: a non-empty name)");
    }
    return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * Watches the instances of a service, {@code /v1/health/service/<name>}, with its namespace and
   * partition when not {@code default}.
   *
   * @param client the client
   * @param datacenter the datacenter the client asks, given to nodes that do not name theirs
   * @param service the service
   * @param connect whether to ask for the Connect-capable instances ({@code ?connect})
   * @return a builder of the watch
   */
  public static Watch.Builder<List<ServiceInstance>> healthService(
      ConsulClient client, String datacenter, ServiceName service, boolean connect) {
    Objects.requireNonNull(datacenter, "datacenter");
    Watch.Builder<List<ServiceInstance>> b = Watch.builder(client, "/v1/health/service/" + segment(service.name()),
        (endpoint, body) -> ConsulAnswers.healthService(endpoint, datacenter, body));
    if (connect) {
      b.query("connect", "");
    }
    if (!service.namespace().equals(ServiceName.DEFAULT)) {
      b.query("ns", service.namespace());
    }
    if (!service.partition().equals(ServiceName.DEFAULT)) {
      b.query("partition", service.partition());
    }
    return b;
  }

  /**
   * Watches the instances of a service in another datacenter, {@code
   * /v1/health/service/<name>?dc=<datacenter>}: what a mesh gateway needs of the mesh gateways of
   * the datacenters it routes to.
   *
   * @param client the client
   * @param datacenter the datacenter asked, given to nodes that do not name theirs
   * @param service the service, in the default namespace and partition
   * @return a builder of the watch
   */
  public static Watch.Builder<List<ServiceInstance>> healthServiceIn(
      ConsulClient client, String datacenter, String service) {
    if (datacenter.isEmpty()) {
      throw new IllegalArgumentException("datacenter: \"\" (expected: a datacenter name)");
    }
    return healthService(client, datacenter, ServiceName.of(service), false).query("dc", datacenter);
  }

  /**
   * Watches the names of every service of the client's datacenter, {@code /v1/catalog/services},
   * with their tags.
   *
   * @param client the client
   * @return a builder of the watch
   */
  public static Watch.Builder<Map<String, List<String>>> catalogServices(ConsulClient client) {
    return Watch.builder(client, "/v1/catalog/services", ConsulAnswers::catalogServices);
  }

  /**
   * Watches the names of the known datacenters, {@code /v1/catalog/datacenters}. Consul answers
   * this endpoint at once, without an index, so the watch is {@linkplain Watch.Builder#polled
   * polled}: it asks again after each minimum interval (give it a long one) and publishes a changed
   * list only.
   *
   * @param client the client
   * @return a builder of the watch
   */
  public static Watch.Builder<List<String>> datacenters(ConsulClient client) {
    return Watch.builder(client, "/v1/catalog/datacenters", ConsulAnswers::datacenters).polled();
  }

  /**
   * Watches the services a gateway links, {@code /v1/catalog/gateway-services/<gateway>}.
   *
   * @param client the client
   * @param gateway the gateway's service name
   * @return a builder of the watch
   */
  public static Watch.Builder<List<GatewayService>> gatewayServices(ConsulClient client, String gateway) {
    return Watch.builder(client, "/v1/catalog/gateway-services/" + segment(gateway), ConsulAnswers::gatewayServices);
  }

  /**
   * Watches every {@code service-intentions} entry as one intention set. An answer with an invalid
   * entry is a failure: the watch keeps the previous set (intentions fail closed).
   *
   * @param client the client
   * @return a builder of the watch
   */
  public static Watch.Builder<IntentionSet> intentions(ConsulClient client) {
    return Watch.builder(client, "/v1/config/service-intentions", ConsulAnswers::intentions);
  }

  /**
   * Watches one config entry, {@code /v1/config/<kind>/<name>}, normalized and validated as Consul
   * does on write. An invalid entry, or an answer of another kind or name, is a failure: the watch
   * keeps the previous model. A deleted entry answers 404, also a failure: the previous model stays,
   * and {@link Watch#status()} says so; {@link #configEntryOrAbsent} follows deletions instead.
   *
   * @param <T> the model
   * @param client the client
   * @param kind the kind
   * @param name the entry's name
   * @return a builder of the watch
   */
  public static <T> Watch.Builder<T> configEntry(ConsulClient client, ConfigEntryKind<T> kind, String name) {
    return Watch.builder(client, "/v1/config/" + kind.name() + "/" + segment(name), configEntryDecoder(kind, name));
  }

  private static <T> Watch.Decoder<T> configEntryDecoder(ConfigEntryKind<T> kind, String name) {
    return (endpoint, body) -> {
      Checked checked = ConfigEntryCodec.check(ConsulAnswers.configEntries(endpoint, body));
      List<String> problems = new ArrayList<>();
      for (ConfigProblem p : checked.errors()) {
        problems.add(p.path().isEmpty() ? p.message() : p.path() + ": " + p.message());
      }
      List<T> models = checked.models(kind);
      if (problems.isEmpty() && (models.size() != 1 || !checked.entries().get(0).name().equals(name))) {
        problems.add("expected one " + kind.name() + " entry named " + name);
      }
      if (!problems.isEmpty()) {
        throw new AnswerException(endpoint, problems);
      }
      return models.get(0);
    };
  }

  /**
   * Watches one config entry as {@link #configEntry} does, but follows its deletion too: while the
   * entry does not exist (Consul answers 404), the listener hears {@code Optional.empty()}, so a
   * gateway can remove its entry and stop routing, instead of keeping a deleted entry alive.
   *
   * @param <T> the model
   * @param client the client
   * @param kind the kind
   * @param name the entry's name
   * @return a builder of the watch
   */
  public static <T> Watch.Builder<Optional<T>> configEntryOrAbsent(ConsulClient client, ConfigEntryKind<T> kind,
      String name) {
    Watch.Decoder<T> present = configEntryDecoder(kind, name);
    return Watch.<Optional<T>>builder(client, "/v1/config/" + kind.name() + "/" + segment(name),
        (endpoint, body) -> Optional.of(present.decode(endpoint, body))).notFoundAs(Optional.empty());
  }

  /**
   * Watches the Connect CA's roots, {@code /v1/agent/connect/ca/roots}.
   *
   * @param client the client
   * @return a builder of the watch
   */
  public static Watch.Builder<CaRoots> caRoots(ConsulClient client) {
    return Watch.builder(client, "/v1/agent/connect/ca/roots", ConsulAnswers::caRoots);
  }

  /**
   * Watches a service's leaf certificate, {@code /v1/agent/connect/ca/leaf/<service>}; the agent
   * answers a new one when it rotates the certificate.
   *
   * @param client the client
   * @param service the service
   * @return a builder of the watch
   */
  public static Watch.Builder<LeafCertificate> leaf(ConsulClient client, String service) {
    return Watch.builder(client, "/v1/agent/connect/ca/leaf/" + segment(service), ConsulAnswers::leaf);
  }
}
