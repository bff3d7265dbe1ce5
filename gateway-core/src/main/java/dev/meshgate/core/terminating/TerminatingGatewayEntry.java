package dev.meshgate.core.terminating;

import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.internal.Hostnames;
import dev.meshgate.core.internal.Problems;
import dev.meshgate.core.internal.SetOnce;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@code terminating-gateway} config entry: the services a gateway named {@code Name} fronts and
 * how it originates connections to them. The name must equal the gateway's service name.
 *
 * <p>Config entries are global: every datacenter sees the same entry, while each datacenter
 * resolves it against its own catalog. To give gateways in different datacenters different link
 * sets, register them under different names (for example {@code tgw-dc1} and {@code tgw-dc2}),
 * each with its own entry.
 *
 * <p>Construction normalizes (empty namespace and partition become {@code default}, links inherit
 * the entry's) and validates. Invalid entries never exist: construction throws
 * {@link dev.meshgate.core.config.InvalidConfigEntryException} with every problem at once, Consul's
 * checks first in Consul's order and with Consul's texts:
 *
 * <ol>
 *   <li>{@code Name is required} (Consul's API layer; Consul's wording for other kinds);
 *   <li>the {@code Meta} limits;
 *   <li>per service, in order: {@code Service name cannot be blank.};
 *       {@code Wildcard namespace is not supported for terminating gateway services};
 *       {@code service "<id>": partition "<p>" does not match the config entry's partition "<q>"}
 *       (Enterprise's inner-meta check; Consul CE has none);
 *       {@code Service "<id>" was specified more than once within a namespace} (names compare
 *       ignoring case, as the catalog does; Consul compares them exactly);
 *       {@code Service "<name>" must have a CertFile, CAFile, and KeyFile specified for TLS origination}.
 * </ol>
 *
 * <p>{@code <id>} is the service name in the default namespace and partition (Consul CE's text),
 * else {@code <partition>/<namespace>/<name>}. Then come the checks Consul does not make, after
 * Consul's so that the first error is still the one Consul would give. They are errors, not
 * warnings, because the gateway could not act on the value:
 *
 * <ul>
 *   <li>{@code SNI} must be a host name a TLS client can send (letters, digits, hyphens, labels of
 *       1-63 characters, at most 253 characters, not an IP address):
 *       {@code Service "<name>" SNI "<sni>" is not a valid host name: <why>};
 *   <li>file paths may not be blank, start or end with white space, or contain control
 *       characters: {@code Service "<name>" CAFile "<path>" is not a usable path: <why>};
 *   <li>a subset with its own settings needs a valid subset name and a valid file combination:
 *       {@code Service "<name>" subset "<s>" must have a CertFile, CAFile, and KeyFile specified for
 *       TLS origination}.
 * </ul>
 *
 * Whether the files exist and hold PEM is checked where they are read, on the gateway host, not
 * here: config entries are global and are validated wherever they are written. Relative paths are
 * only warned about. Non-fatal findings are {@link #warnings()}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the gateway's service name
 * @param namespace the entry's namespace
 * @param partition the entry's admin partition
 * @param services the linked services, in the order written
 * @param meta the entry's {@code Meta}
 */
public record TerminatingGatewayEntry(
    String name, String namespace, String partition, List<LinkedService> services, Map<String, String> meta) {
  /** The config entry kind. */
  public static final String KIND = "terminating-gateway";

  private static final Pattern SUBSET_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");

  /**
   * Normalizes and validates the entry.
   *
   * @param name the gateway's service name
   * @param namespace the entry's namespace; empty means {@code default}
   * @param partition the entry's admin partition; empty means {@code default}
   * @param services the linked services
   * @param meta the entry's meta
   * @throws dev.meshgate.core.config.InvalidConfigEntryException with every problem found
   */
  public TerminatingGatewayEntry {
    namespace = namespace.isEmpty() ? ServiceName.DEFAULT : namespace;
    partition = partition.isEmpty() ? ServiceName.DEFAULT : partition;
    List<LinkedService> normalized = new ArrayList<>(services.size());
    for (LinkedService s : services) {
      normalized.add(s.inherit(namespace, partition));
    }
    services = List.copyOf(normalized);
    meta = Map.copyOf(meta);
    Problems problems = new Problems(KIND, name);
    validateLikeConsul(name, partition, services, meta, problems);
    validateBeyondConsul(services, problems);
    problems.throwIfAny();
  }

  /**
   * Starts building an entry.
   *
   * @param name the gateway's service name
   * @return a builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Returns the gateway's service name with the entry's namespace and partition.
   *
   * @return the gateway service
   */
  public ServiceName gateway() {
    return new ServiceName(name, namespace, partition);
  }

  /**
   * Returns the non-fatal findings, Consul's first: for each service with a TLS file but no
   * {@code SNI}, {@code TLS is configured but SNI is not set for service "<name>". Enabling SNI is
   * strongly recommended when using TLS.}; then meshgate's: the same for a subset's own settings,
   * an {@code SNI} that is ignored because TLS is off, and relative file paths.
   *
   * @return the warnings, in service order; empty when there is nothing to say
   */
  public List<String> warnings() {
    List<String> out = new ArrayList<>();
    for (LinkedService s : services) {
      if (s.tls().hasAnyFile() && s.tls().sni().isEmpty()) {
        out.add(String.format(Locale.ROOT,
            "TLS is configured but SNI is not set for service %s. Enabling SNI is strongly recommended when using TLS.",
            Problems.quote(s.name())));
      }
    }
    for (LinkedService s : services) {
      String svc = Problems.quote(s.name());
      s.subsetTls().forEach((subset, tls) -> {
        if (tls.hasAnyFile() && tls.sni().isEmpty()) {
          out.add(String.format(Locale.ROOT,
              "TLS is configured but SNI is not set for service %s subset %s. Enabling SNI is strongly recommended"
                  + " when using TLS.", svc, Problems.quote(subset)));
        }
      });
      if (!s.tls().sni().isEmpty() && s.tls().caFile().isEmpty()) {
        out.add(String.format(Locale.ROOT,
            "SNI is set but TLS is not configured for service %s: without a CAFile the gateway connects in"
                + " plaintext and the SNI is not used.", svc));
      }
      addRelativePathWarnings(svc, "", s.tls(), out);
      s.subsetTls().forEach((subset, tls) -> addRelativePathWarnings(svc, " subset " + Problems.quote(subset), tls, out));
    }
    return List.copyOf(out);
  }

  private static void addRelativePathWarnings(String svc, String where, TlsSettings tls, List<String> out) {
    String[][] files = {{"CAFile", tls.caFile()}, {"CertFile", tls.certFile()}, {"KeyFile", tls.keyFile()}};
    for (String[] f : files) {
      if (!f[1].isEmpty() && !isAbsolute(f[1])) {
        out.add(String.format(Locale.ROOT,
            "Service %s%s %s %s is a relative path: it resolves against the gateway process's working directory.",
            svc, where, f[0], Problems.quote(f[1])));
      }
    }
  }

  private static boolean isAbsolute(String path) {
    return path.startsWith("/") || path.startsWith("\\") || (path.length() > 2 && path.charAt(1) == ':');
  }

  private static void validateLikeConsul(
      String name, String partition, List<LinkedService> services, Map<String, String> meta, Problems problems) {
    if (name.isEmpty()) {
      problems.add("Name is required");
    }
    problems.checkMeta(meta);
    Set<String> seen = new HashSet<>();
    for (LinkedService s : services) {
      if (s.name().isEmpty()) {
        problems.add("Service name cannot be blank.");
        continue;
      }
      if (LinkedService.WILDCARD.equals(s.namespace())) {
        problems.add("Wildcard namespace is not supported for terminating gateway services");
        continue;
      }
      String id = Problems.quote(s.serviceName().toString());
      if (!s.partition().equalsIgnoreCase(partition)) {
        problems.addf("service %s: partition %s does not match the config entry's partition %s",
            id, Problems.quote(s.partition()), Problems.quote(partition));
      }
      if (!seen.add(s.serviceName().toString().toLowerCase(Locale.ROOT))) {
        problems.addf("Service %s was specified more than once within a namespace", id);
      }
      if (!s.tls().isComplete()) {
        problems.addf("Service %s must have a CertFile, CAFile, and KeyFile specified for TLS origination",
            Problems.quote(s.name()));
      }
    }
  }

  /** The checks Consul does not make; see the class documentation. */
  private static void validateBeyondConsul(List<LinkedService> services, Problems problems) {
    for (LinkedService s : services) {
      if (s.name().isEmpty() || LinkedService.WILDCARD.equals(s.namespace())) {
        continue;
      }
      String svc = Problems.quote(s.name());
      checkSettings(svc, "", s.tls(), problems);
      s.subsetTls().forEach((subset, tls) -> {
        String where = " subset " + Problems.quote(subset);
        if (!SUBSET_NAME.matcher(subset).matches() || subset.length() > 63) {
          problems.addf("Service %s%s is not a valid subset name: must be 63 characters or fewer, begin or end with"
              + " lower case alphanumeric characters, and contain lower case alphanumeric characters or '-' in"
              + " between", svc, where);
        }
        if (!tls.isComplete()) {
          problems.addf("Service %s%s must have a CertFile, CAFile, and KeyFile specified for TLS origination",
              svc, where);
        }
        checkSettings(svc, where, tls, problems);
      });
    }
  }

  private static void checkSettings(String svc, String where, TlsSettings tls, Problems problems) {
    String[][] files = {{"CAFile", tls.caFile()}, {"CertFile", tls.certFile()}, {"KeyFile", tls.keyFile()}};
    for (String[] f : files) {
      String problem = pathProblem(f[1]);
      if (problem != null) {
        problems.addf("Service %s%s %s %s is not a usable path: %s", svc, where, f[0], Problems.quote(f[1]), problem);
      }
    }
    if (!tls.sni().isEmpty()) {
      String problem = Hostnames.sniProblem(tls.sni());
      if (problem != null) {
        problems.addf("Service %s%s SNI %s is not a valid host name: %s", svc, where, Problems.quote(tls.sni()),
            problem);
      }
    }
  }

  private static String pathProblem(String path) {
    if (path.isEmpty()) {
      return null;
    }
    if (path.isBlank()) {
      return "it is blank";
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return "it contains a control character at index " + i;
      }
    }
    if (!path.equals(path.strip())) {
      return "it starts or ends with white space";
    }
    return null;
  }

  /**
   * Builds a {@link TerminatingGatewayEntry}. Each setting may be set once; services accumulate in
   * order. {@link #build()} validates and leaves the builder reusable. Not thread-safe.
   */
  public static final class Builder {
    private final SetOnce setOnce = new SetOnce();
    private final String name;
    private String namespace;
    private String partition;
    private final List<LinkedService> services = new ArrayList<>();
    private Map<String, String> meta;

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Sets the entry's namespace (default: {@code default}).
     *
     * @param value the namespace
     * @return this builder
     */
    public Builder namespace(String value) {
      setOnce.check("namespace", namespace);
      namespace = value;
      return this;
    }

    /**
     * Sets the entry's admin partition (default: {@code default}).
     *
     * @param value the partition
     * @return this builder
     */
    public Builder partition(String value) {
      setOnce.check("partition", partition);
      partition = value;
      return this;
    }

    /**
     * Appends linked services.
     *
     * @param links the links, in order
     * @return this builder
     */
    public Builder services(LinkedService... links) {
      services.addAll(List.of(links));
      return this;
    }

    /**
     * Appends a plaintext link by name.
     *
     * @param serviceName the service name, or {@code *}
     * @return this builder
     */
    public Builder service(String serviceName) {
      services.add(LinkedService.of(serviceName));
      return this;
    }

    /**
     * Sets the entry's {@code Meta} (default: none).
     *
     * @param values the meta
     * @return this builder
     */
    public Builder meta(Map<String, String> values) {
      setOnce.check("meta", meta);
      meta = new LinkedHashMap<>(values);
      return this;
    }

    /**
     * Normalizes, validates and builds the entry.
     *
     * @return the entry
     * @throws dev.meshgate.core.config.InvalidConfigEntryException with every problem found
     */
    public TerminatingGatewayEntry build() {
      return new TerminatingGatewayEntry(
          name, namespace != null ? namespace : "", partition != null ? partition : "", services,
          meta != null ? meta : Map.of());
    }
  }
}
