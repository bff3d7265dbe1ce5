package dev.meshgate.examples.gateway;

import dev.meshgate.consul.api.AnswerException;
import dev.meshgate.consul.api.ConsulAnswers;
import dev.meshgate.consul.api.ConsulCatalog;
import dev.meshgate.consul.api.ConsulClient;
import dev.meshgate.consul.api.Watch;
import dev.meshgate.consul.config.ConfigDirectory;
import dev.meshgate.consul.config.ConfigEntryCodec;
import dev.meshgate.consul.config.ConfigEntryKind;
import dev.meshgate.consul.config.ConfigProblem;
import dev.meshgate.consul.config.Decoded;
import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.CatalogSource;
import dev.meshgate.core.chain.ChainEntries;
import dev.meshgate.core.intentions.DefaultPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The config entries a gateway reads besides its own, followed from a Consul agent: every {@code
 * service-defaults}, {@code proxy-defaults}, {@code service-resolver}, {@code service-router} and
 * {@code service-splitter} entry, each kind by one watch of {@code /v1/config/<kind>}. An answer
 * with an invalid entry is refused as a whole (its watch keeps the previous answer). Its {@link
 * #catalog()} is the instances of a {@link ConsulCatalog} with the defaults and resolvers of these
 * entries, republished when either changes, so that protocols and subsets are Consul's.
 * Thread-safe; closing it stops its watches and the catalog.
 */
final class ConsulConfig implements AutoCloseable {
  private static final List<ConfigEntryKind<?>> KINDS = List.of(ConfigEntryKind.SERVICE_DEFAULTS,
      ConfigEntryKind.PROXY_DEFAULTS, ConfigEntryKind.SERVICE_RESOLVER, ConfigEntryKind.SERVICE_ROUTER,
      ConfigEntryKind.SERVICE_SPLITTER);

  private final ConsulCatalog instances;
  private final DefaultPolicy policy;
  /** Filled while the first watches may already answer: their listeners read it. */
  private final List<Watch<Decoded>> watches = new CopyOnWriteArrayList<>();
  private final List<Runnable> onEntries = new CopyOnWriteArrayList<>();
  private final CatalogSource.Subscription subscription;
  private final SnapshotSource catalog;
  private volatile ConfigDirectory entries;

  /** Follows the entries on the client's agent, and layers them over {@code instances}. */
  ConsulConfig(ConsulClient client, ConsulCatalog instances, DefaultPolicy policy) {
    this.instances = instances;
    this.policy = policy;
    this.entries = combine();
    this.catalog = new SnapshotSource(merge(instances.snapshot()));
    this.subscription = instances.subscribe(snapshot -> publish());
    for (ConfigEntryKind<?> kind : KINDS) {
      watches.add(Watch.builder(client, "/v1/config/" + kind.name(), ConsulConfig::checked)
          .listener((value, index) -> entriesChanged()).start());
    }
  }

  /** Decodes a list of entries, refusing the answer when any entry is invalid. */
  private static Decoded checked(String endpoint, byte[] body) throws AnswerException {
    Decoded decoded = ConsulAnswers.configEntries(endpoint, body);
    List<String> problems = new ArrayList<>();
    for (ConfigProblem p : ConfigEntryCodec.check(decoded).errors()) {
      problems.add(p.toString());
    }
    if (!problems.isEmpty()) {
      throw new AnswerException(endpoint, problems);
    }
    return decoded;
  }

  /** Runs {@code action} after each change of the entries, on the watch's thread. */
  void onChange(Runnable action) {
    onEntries.add(action);
  }

  /** The discovery-chain entries (routers, splitters, resolvers, defaults) as the agent has them now. */
  ChainEntries chains() {
    return entries.chainEntries();
  }

  /** The status of each of these watches and of the catalog's, by endpoint. */
  Map<String, Watch.Status> status() {
    Map<String, Watch.Status> out = new LinkedHashMap<>(instances.status());
    for (Watch<Decoded> w : watches) {
      out.put(w.endpoint(), w.status());
    }
    return out;
  }

  /** Whether every catalog answer delivered so far has reached the gateway (see ConsulCatalog.settled). */
  boolean settled() {
    return instances.settled();
  }

  /** The entry watches (not the catalog's): a failure of theirs is a refused config. */
  List<Watch<?>> entryWatches() {
    return List.copyOf(watches);
  }

  private ConfigDirectory combine() {
    List<Decoded> all = new ArrayList<>();
    for (Watch<Decoded> w : watches) {
      w.latest().ifPresent(all::add);
    }
    return ConfigDirectory.of("consul", ConfigEntryCodec.concat(all), policy);
  }

  private void entriesChanged() {
    entries = combine();
    publish();
    for (Runnable action : onEntries) {
      action.run();
    }
  }

  private CatalogSnapshot merge(CatalogSnapshot base) {
    CatalogSnapshot facts = entries.newCatalog().snapshot();
    CatalogSnapshot.Builder b = base.toBuilder();
    facts.allServiceDefaults().forEach(b::serviceDefaults);
    facts.allProxyDefaults().forEach(b::proxyDefaults);
    facts.allResolvers().forEach(b::resolver);
    return b.build();
  }

  /** Publishes the merge of the latest instances and entries; serialized, so listeners see one order. */
  private synchronized void publish() {
    catalog.publish(merge(instances.snapshot()));
  }

  /** The catalog a gateway is built on: the instances, with the entries' defaults and resolvers. */
  CatalogSource catalog() {
    return catalog;
  }

  @Override
  public void close() {
    watches.forEach(Watch::close);
    subscription.close();
    instances.close();
  }
}
