package dev.meshgate.consul.config;

import dev.meshgate.core.catalog.Catalog;
import dev.meshgate.core.catalog.ExportedServices;
import dev.meshgate.core.catalog.MeshConfig;
import dev.meshgate.core.catalog.ProxyDefaults;
import dev.meshgate.core.catalog.ServiceDefaults;
import dev.meshgate.core.chain.ChainEntries;
import dev.meshgate.core.chain.ServiceResolver;
import dev.meshgate.core.chain.ServiceRouter;
import dev.meshgate.core.chain.ServiceSplitter;
import dev.meshgate.core.config.InvalidConfigEntryException;
import dev.meshgate.core.intentions.Decision;
import dev.meshgate.core.intentions.DefaultPolicy;
import dev.meshgate.core.intentions.DestinationService;
import dev.meshgate.core.intentions.HttpRequest;
import dev.meshgate.core.intentions.IntentionSet;
import dev.meshgate.core.intentions.ServiceIntentions;
import dev.meshgate.core.intentions.SourceIdentity;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory of Consul config entries loaded into what a gateway needs: every {@code *.json} file
 * directly in the directory, in file-name order, each holding one entry or an array of entries.
 *
 * <p>Loading decodes, normalizes and validates every entry ({@link ConfigEntryCodec}), then builds
 * an {@link IntentionSet} from the {@code service-intentions} entries, with the {@code
 * jwt-provider} entries declared as the providers they may name; the rules across entries (one
 * entry per destination, every named provider declared) are checked there and reported at the
 * entry concerned. All problems of all files come back together in {@link #errors()}, each with
 * its file and index.
 *
 * <p>Intentions fail closed: when any {@code service-intentions} or {@code jwt-provider} entry is
 * invalid, there is no intention set ({@link #intentions()} throws, {@link #hasIntentions()} is
 * false), because leaving one entry out could let through traffic it denies.
 *
 * <p>Immutable and thread-safe.
 */
public final class ConfigDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigDirectory.class);

  private final String origin;
  private final Checked checked;
  private final List<ConfigProblem> errors;
  private final IntentionSet intentions;
  private final DefaultPolicy defaultPolicy;

  private ConfigDirectory(String origin, Checked checked, List<ConfigProblem> errors, IntentionSet intentions,
      DefaultPolicy defaultPolicy) {
    this.origin = origin;
    this.checked = checked;
    this.errors = List.copyOf(errors);
    this.intentions = intentions;
    this.defaultPolicy = defaultPolicy;
  }

  /**
   * Loads a directory.
   *
   * @param directory the directory of {@code *.json} files
   * @param defaultPolicy what intentions decide when no intention matches (Consul's {@code
   *     default_intention_policy}, or its ACL default policy)
   * @return the loaded entries, intentions and every problem
   * @throws IOException if the directory cannot be listed (a file that cannot be read is a problem
   *     in {@link #errors()} instead)
   */
  public static ConfigDirectory load(Path directory, DefaultPolicy defaultPolicy) throws IOException {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(defaultPolicy, "defaultPolicy");
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*.json")) {
      for (Path p : stream) {
        if (Files.isRegularFile(p)) {
          files.add(p);
        }
      }
    }
    files.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
    List<Decoded> decoded = new ArrayList<>();
    for (Path file : files) {
      try {
        decoded.add(ConfigEntryCodec.decode(file));
      } catch (IOException e) {
        decoded.add(new Decoded(List.of(file.getFileName().toString()), List.of(), List.of(new ConfigProblem(
            file.getFileName().toString(), OptionalInt.empty(), "", "cannot be read: " + e.getMessage()))));
      }
    }
    ConfigDirectory loaded = of(directory.toString(), ConfigEntryCodec.concat(decoded), defaultPolicy);
    LOG.info("loaded {} config entries from {} files in {}: {} errors, {} warnings",
        loaded.entries().size(), files.size(), directory, loaded.errors().size(), loaded.warnings().size());
    return loaded;
  }

  /**
   * Builds the result from entries decoded elsewhere (for example from Consul's API).
   *
   * @param origin where the entries came from (a directory, a Consul address), for messages
   * @param decoded the decoded entries and their decode problems
   * @param defaultPolicy what intentions decide when no intention matches
   * @return the checked entries, intentions and every problem
   */
  public static ConfigDirectory of(String origin, Decoded decoded, DefaultPolicy defaultPolicy) {
    Checked checked = ConfigEntryCodec.check(decoded);
    List<ConfigProblem> errors = new ArrayList<>(checked.errors());
    List<JwtProvider> providerEntries = new ArrayList<>();
    boolean intentionErrors = false;
    for (ConfigProblem p : checked.errors()) {
      intentionErrors |= isIntentionSource(decoded, p);
    }
    IntentionSet.Builder b = IntentionSet.builder();
    List<ValidEntry<?>> intentionEntries = new ArrayList<>();
    Set<String> providers = new HashSet<>();
    for (ValidEntry<?> v : checked.valid()) {
      if (v.kind() == ConfigEntryKind.JWT_PROVIDER) {
        JwtProvider p = (JwtProvider) v.model();
        if (!providers.add(p.name())) {
          errors.add(problem(v.entry(), "jwt-provider " + quote(p.name()) + " is defined by another entry"));
          intentionErrors = true;
          continue;
        }
        b.jwtProvider(p.name(), p.issuer());
        providerEntries.add(p);
      } else if (v.kind() == ConfigEntryKind.SERVICE_INTENTIONS) {
        intentionEntries.add(v);
        b.add((ServiceIntentions) v.model());
      }
    }
    // Each entry alone first, with every provider declared, so that its problems land on it; then
    // all together for the rules across entries (one entry per destination).
    for (ValidEntry<?> v : intentionEntries) {
      try {
        declared(providerEntries).add((ServiceIntentions) v.model()).build();
      } catch (InvalidConfigEntryException e) {
        intentionErrors = true;
        for (String message : e.errors()) {
          errors.add(problem(v.entry(), message));
        }
      }
    }
    IntentionSet set = null;
    if (!intentionErrors) {
      try {
        set = b.build();
      } catch (InvalidConfigEntryException e) {
        intentionErrors = true;
        List<InvalidConfigEntryException> all = new ArrayList<>();
        all.add(e);
        for (Throwable t : e.getSuppressed()) {
          if (t instanceof InvalidConfigEntryException ie) {
            all.add(ie);
          }
        }
        // Alone every entry was valid, so what fails now is a later entry for a destination an
        // earlier one already has: the n-th failure of a name is the (n+1)-th entry of that name.
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        for (InvalidConfigEntryException ie : all) {
          int n = seen.merge(ie.name(), 1, Integer::sum);
          ConfigEntry at = nth(intentionEntries, ie.name(), n);
          for (String message : ie.errors()) {
            errors.add(at == null ? new ConfigProblem("", OptionalInt.empty(), "", message) : problem(at, message));
          }
        }
      }
    }
    errors = ConfigEntryCodec.inInputOrder(decoded.sources(), errors);
    return new ConfigDirectory(origin, checked, errors, intentionErrors ? null : set, defaultPolicy);
  }

  private static boolean isIntentionSource(Decoded decoded, ConfigProblem p) {
    for (ConfigEntry e : decoded.entries()) {
      if (e.source().equals(p.source()) && e.index().equals(p.index())) {
        return e.kind() == ConfigEntryKind.SERVICE_INTENTIONS || e.kind() == ConfigEntryKind.JWT_PROVIDER;
      }
    }
    // A problem of an entry that did not decode: its kind is unknown, so intentions fail closed.
    return true;
  }

  private static IntentionSet.Builder declared(List<JwtProvider> providers) {
    IntentionSet.Builder b = IntentionSet.builder();
    for (JwtProvider p : providers) {
      b.jwtProvider(p.name(), p.issuer());
    }
    return b;
  }

  private static ConfigEntry nth(List<ValidEntry<?>> entries, String name, int n) {
    int found = 0;
    ConfigEntry last = null;
    for (ValidEntry<?> v : entries) {
      if (((ServiceIntentions) v.model()).name().equals(name)) {
        last = v.entry();
        if (found++ == n) {
          return last;
        }
      }
    }
    return last;
  }

  private static ConfigProblem problem(ConfigEntry at, String message) {
    return new ConfigProblem(at.source(), at.index(), "", message);
  }

  private static String quote(String s) {
    return dev.meshgate.consul.internal.json.TreeDecoder.quote(s);
  }

  /**
   * Tells whether every entry was valid.
   *
   * @return true when there is no error
   */
  public boolean ok() {
    return errors.isEmpty();
  }

  /**
   * Returns every error of every file: decode errors, validation errors, and the rules across
   * intentions entries.
   *
   * @return the errors, in file order
   */
  public List<ConfigProblem> errors() {
    return errors;
  }

  /**
   * Returns every warning of the valid entries.
   *
   * @return the warnings, in file order
   */
  public List<ConfigProblem> warnings() {
    return checked.warnings();
  }

  /**
   * Returns the valid entries, normalized as Consul stores them.
   *
   * @return the entries, in file order
   */
  public List<ConfigEntry> entries() {
    return checked.entries();
  }

  /**
   * Returns the models of the valid entries of one kind.
   *
   * @param <T> the model type
   * @param kind the kind
   * @return the models, in file order
   */
  public <T> List<T> models(ConfigEntryKind<T> kind) {
    return checked.models(kind);
  }

  /**
   * Tells whether the intentions could be built: no {@code service-intentions} or {@code
   * jwt-provider} entry (nor any entry whose kind could not be read) had a problem.
   *
   * @return true when {@link #intentions()} returns
   */
  public boolean hasIntentions() {
    return intentions != null;
  }

  /**
   * Returns the intention set built from every {@code service-intentions} entry.
   *
   * @return the set
   * @throws IllegalStateException when an intentions-related entry was invalid (see {@link
   *     #errors()}): intentions fail closed
   */
  public IntentionSet intentions() {
    if (intentions == null) {
      throw new IllegalStateException("intentions of " + origin + " were not built: "
          + count(errors.size(), "error", "errors") + ", the first: " + errors.get(0));
    }
    return intentions;
  }

  /**
   * Returns the default policy the directory was loaded with.
   *
   * @return the policy
   */
  public DefaultPolicy defaultPolicy() {
    return defaultPolicy;
  }

  /**
   * Decides an L4 request with the intentions and the default policy.
   *
   * @param source the caller
   * @param destination the service called
   * @return the explained decision
   * @throws IllegalStateException when the intentions were not built
   */
  public Decision decide(SourceIdentity source, DestinationService destination) {
    return intentions().decide(source, destination, defaultPolicy);
  }

  /**
   * Decides an HTTP request with the intentions and the default policy.
   *
   * @param source the caller
   * @param destination the service called
   * @param request the HTTP attributes
   * @return the explained decision
   * @throws IllegalStateException when the intentions were not built
   */
  public Decision decide(SourceIdentity source, DestinationService destination, HttpRequest request) {
    return intentions().decide(source, destination, request, defaultPolicy);
  }

  /**
   * Returns a new catalog with the valid {@code service-defaults}, {@code proxy-defaults}, {@code
   * mesh}, {@code exported-services} and {@code service-resolver} entries applied (a resolver as
   * its subsets and default subset), ready for the host to register nodes and
   * instances in. Each call returns a new catalog.
   *
   * @return the catalog
   */
  public Catalog newCatalog() {
    Catalog catalog = new Catalog();
    for (ServiceDefaults sd : models(ConfigEntryKind.SERVICE_DEFAULTS)) {
      catalog.setServiceDefaults(sd);
    }
    for (ProxyDefaults pd : models(ConfigEntryKind.PROXY_DEFAULTS)) {
      catalog.setProxyDefaults(pd);
    }
    for (MeshConfig mc : models(ConfigEntryKind.MESH)) {
      catalog.setMeshConfig(mc);
    }
    for (ExportedServices es : models(ConfigEntryKind.EXPORTED_SERVICES)) {
      catalog.setExportedServices(es);
    }
    for (ServiceResolver r : models(ConfigEntryKind.SERVICE_RESOLVER)) {
      catalog.setResolver(catalogResolver(r));
    }
    return catalog;
  }

  /**
   * The catalog's view of a discovery-chain resolver: its subsets and default subset, so that the
   * mesh and terminating gateways, which read subsets from the catalog, see the subsets the chain
   * sees. The chain's resolver validated the same rules, so the conversion cannot fail.
   */
  static dev.meshgate.core.catalog.ServiceResolver catalogResolver(ServiceResolver chain) {
    dev.meshgate.core.catalog.ServiceResolver.Builder b =
        dev.meshgate.core.catalog.ServiceResolver.builder(chain.service());
    if (!chain.defaultSubset().isEmpty()) {
      b.defaultSubset(chain.defaultSubset());
    }
    chain.subsets().forEach((name, subset) -> b.subset(name, subset.filter().source(), subset.onlyPassing()));
    return b.build();
  }

  /**
   * Returns the discovery-chain entries of the valid entries: every {@code service-router}, {@code
   * service-splitter} and {@code service-resolver}, with the {@code service-defaults} and {@code
   * proxy-defaults} the chain resolves protocols with. Two valid entries of one kind for one
   * service (or two {@code proxy-defaults} of one partition): the later file wins, as a later
   * {@code consul config write} does. Each call builds them anew.
   *
   * @return the entries, for {@link dev.meshgate.core.chain.ChainCompiler}
   */
  public ChainEntries chainEntries() {
    ChainEntries.Builder b = ChainEntries.builder();
    for (ServiceRouter r : models(ConfigEntryKind.SERVICE_ROUTER)) {
      b.router(r);
    }
    for (ServiceSplitter s : models(ConfigEntryKind.SERVICE_SPLITTER)) {
      b.splitter(s);
    }
    for (ServiceResolver r : models(ConfigEntryKind.SERVICE_RESOLVER)) {
      b.resolver(r);
    }
    for (ServiceDefaults sd : models(ConfigEntryKind.SERVICE_DEFAULTS)) {
      b.serviceDefaults(sd);
    }
    for (ProxyDefaults pd : models(ConfigEntryKind.PROXY_DEFAULTS)) {
      b.proxyDefaults(pd);
    }
    return b.build();
  }

  /**
   * Returns the entry of one kind and name, if a valid one was loaded.
   *
   * @param kind the kind
   * @param name the entry's name
   * @return the first valid entry of that kind and name
   */
  public Optional<ConfigEntry> entry(ConfigEntryKind<?> kind, String name) {
    for (ConfigEntry e : entries()) {
      if (e.kind() == kind && e.name().equals(name)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "ConfigDirectory[" + origin + ", " + count(entries().size(), "entry", "entries") + ", "
        + count(errors.size(), "error", "errors") + "]";
  }

  private static String count(int n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }
}
