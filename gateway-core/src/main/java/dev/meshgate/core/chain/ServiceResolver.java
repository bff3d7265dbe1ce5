package dev.meshgate.core.chain;

import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.catalog.SubsetFilter;
import dev.meshgate.core.internal.Problems;
import dev.meshgate.core.internal.Require;
import dev.meshgate.core.internal.SetOnce;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A {@code service-resolver} config entry: which instances of a service satisfy a request, as the
 * last hop of the discovery chain.
 *
 * <ul>
 *   <li>{@code Subsets}: named groups of instances chosen by a {@link SubsetFilter} (the catalog's
 *       filter language) and {@code OnlyPassing}; {@code DefaultSubset} is the one used when a
 *       request names none.
 *   <li>{@code Redirect}: resolve another service, subset, namespace, partition or datacenter
 *       instead; the redirected service's own resolver then applies.
 *   <li>{@code Failover}: per subset (or {@code *} for any), the ordered alternatives used when the
 *       primary has no healthy instance: another service, subset or namespace, a list of
 *       datacenters, or a list of targets.
 *   <li>{@code ConnectTimeout} (5 s when unset), {@code RequestTimeout}, {@code LoadBalancer}.
 * </ul>
 *
 * <p>{@link Builder#build()} validates with Consul's messages, in Consul's order, every problem at
 * once. Subsets and failover sections iterate in key order. Consul Enterprise namespaces and
 * partitions are modelled (Community Edition would refuse them). Immutable and thread-safe.
 */
public final class ServiceResolver {
  private static final Pattern SUBSET_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
  private static final Set<String> FAILOVER_POLICIES = Set.of("", "default", "order-by-locality");
  private static final Set<String> HASH_FIELDS = Set.of("header", "cookie", "query_parameter");
  /** Envoy's upper bound for {@code maximum_ring_size}. */
  static final long ENVOY_MAX_RING_SIZE = 8L * 1024 * 1024;

  private final ServiceName service;
  private final String defaultSubset;
  private final Map<String, Subset> subsets;
  private final Optional<Redirect> redirect;
  private final Map<String, Failover> failover;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final Optional<LoadBalancer> loadBalancer;
  private final Map<String, String> meta;

  private ServiceResolver(Builder b, Map<String, Subset> subsets, Map<String, String> meta) {
    this.service = b.service;
    this.defaultSubset = b.defaultSubset != null ? b.defaultSubset : "";
    this.subsets = subsets;
    this.redirect = Optional.ofNullable(b.redirect);
    this.failover = Collections.unmodifiableMap(new TreeMap<>(b.failover));
    this.connectTimeout = b.connectTimeout != null ? b.connectTimeout : Duration.ZERO;
    this.requestTimeout = b.requestTimeout != null ? b.requestTimeout : Duration.ZERO;
    this.loadBalancer = Optional.ofNullable(b.loadBalancer);
    this.meta = meta;
  }

  /**
   * Starts building the resolver of a service.
   *
   * @param service the service the entry is named after
   * @return a builder
   */
  public static Builder builder(ServiceName service) {
    return new Builder(service);
  }

  /**
   * Returns the default resolver Consul materializes for a service without an entry.
   *
   * @param service the service
   * @return a resolver with nothing set
   */
  static ServiceResolver defaultFor(ServiceName service) {
    return new Builder(service).build();
  }

  /**
   * Returns the service the entry is named after.
   *
   * @return the service
   */
  public ServiceName service() {
    return service;
  }

  /**
   * Returns the {@code DefaultSubset}.
   *
   * @return the subset used when none is named, or empty for all instances
   */
  public String defaultSubset() {
    return defaultSubset;
  }

  /**
   * Returns the subsets by name.
   *
   * @return an immutable map in name order
   */
  public Map<String, Subset> subsets() {
    return subsets;
  }

  /**
   * Returns the {@code Redirect}, if any.
   *
   * @return the redirect, or empty
   */
  public Optional<Redirect> redirect() {
    return redirect;
  }

  /**
   * Returns the failover sections by subset name ({@code *} for any subset).
   *
   * @return an immutable map in key order
   */
  public Map<String, Failover> failover() {
    return failover;
  }

  /**
   * Returns the {@code ConnectTimeout} as written.
   *
   * @return the timeout; {@link Duration#ZERO} when unset (the compiler then uses 5 s)
   */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /**
   * Returns the {@code RequestTimeout} as written.
   *
   * @return the timeout; {@link Duration#ZERO} when unset
   */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /**
   * Returns the {@code LoadBalancer}, if any.
   *
   * @return the load balancer, or empty
   */
  public Optional<LoadBalancer> loadBalancer() {
    return loadBalancer;
  }

  /**
   * Returns the entry's {@code Meta}.
   *
   * @return an immutable map in key order
   */
  public Map<String, String> meta() {
    return meta;
  }

  /**
   * Tells whether a subset is defined; the empty name (all instances) always is, as Consul's
   * {@code SubsetExists}.
   *
   * @param name the subset name
   * @return true when {@code name} is empty or a defined subset
   */
  public boolean subsetExists(String name) {
    return name.isEmpty() || subsets.containsKey(name);
  }

  /**
   * Tells whether the entry changes nothing, as Consul's {@code IsDefault}: no default subset,
   * subsets, redirect, failover, timeouts or load balancer ({@code Meta} does not count).
   *
   * @return true for an entry equivalent to having none
   */
  public boolean isDefault() {
    return defaultSubset.isEmpty() && subsets.isEmpty() && redirect.isEmpty() && failover.isEmpty()
        && connectTimeout.isZero() && requestTimeout.isZero() && loadBalancer.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ServiceResolver other
        && service.equals(other.service)
        && defaultSubset.equals(other.defaultSubset)
        && subsets.equals(other.subsets)
        && redirect.equals(other.redirect)
        && failover.equals(other.failover)
        && connectTimeout.equals(other.connectTimeout)
        && requestTimeout.equals(other.requestTimeout)
        && loadBalancer.equals(other.loadBalancer)
        && meta.equals(other.meta);
  }

  @Override
  public int hashCode() {
    return Objects.hash(service, defaultSubset, subsets, redirect, failover, connectTimeout, requestTimeout,
        loadBalancer, meta);
  }

  @Override
  public String toString() {
    return "ServiceResolver[" + service + (defaultSubset.isEmpty() ? "" : ", defaultSubset=" + defaultSubset)
        + (subsets.isEmpty() ? "" : ", subsets=" + subsets.keySet())
        + redirect.map(r -> ", redirect=" + r).orElse("")
        + (failover.isEmpty() ? "" : ", failover=" + failover.keySet()) + "]";
  }

  /**
   * One subset: the instances its filter selects; with {@code onlyPassing}, an instance whose
   * checks warn counts as unhealthy.
   *
   * @param filter which instances belong to the subset
   * @param onlyPassing Consul's {@code OnlyPassing}
   */
  public record Subset(SubsetFilter filter, boolean onlyPassing) {
    /** Every instance, healthy unless critical: a target without a subset. */
    public static final Subset ALL = new Subset(SubsetFilter.ALL, false);

    /**
     * Checks for nulls.
     *
     * @param filter the filter
     * @param onlyPassing only passing instances are healthy
     * @throws NullPointerException if the filter is null
     */
    public Subset {
      Require.notNull(filter, "filter");
    }
  }

  /**
   * A {@code Redirect}: resolve something else instead. Empty strings mean "unchanged". A redirect
   * to another service drops the requested subset.
   *
   * @param service the service, or empty
   * @param serviceSubset the subset, or empty
   * @param namespace the namespace, or empty
   * @param partition the admin partition, or empty
   * @param datacenter the datacenter, or empty
   */
  public record Redirect(String service, String serviceSubset, String namespace, String partition,
      String datacenter) {
    /**
     * Checks for nulls.
     *
     * @param service the service, or empty
     * @param serviceSubset the subset, or empty
     * @param namespace the namespace, or empty
     * @param partition the partition, or empty
     * @param datacenter the datacenter, or empty
     * @throws NullPointerException if an argument is null
     */
    public Redirect {
      Require.notNull(service, "service");
      Require.notNull(serviceSubset, "serviceSubset");
      Require.notNull(namespace, "namespace");
      Require.notNull(partition, "partition");
      Require.notNull(datacenter, "datacenter");
    }

    /**
     * Redirects to another service.
     *
     * @param service the service
     * @return the redirect
     */
    public static Redirect toService(String service) {
      return new Redirect(service, "", "", "", "");
    }

    /**
     * Redirects to a subset of another service.
     *
     * @param service the service
     * @param subset the subset
     * @return the redirect
     */
    public static Redirect toSubset(String service, String subset) {
      return new Redirect(service, subset, "", "", "");
    }

    /**
     * Redirects to the same service in another datacenter.
     *
     * @param datacenter the datacenter
     * @return the redirect
     */
    public static Redirect toDatacenter(String datacenter) {
      return new Redirect("", "", "", "", datacenter);
    }

    boolean isEmpty() {
      return service.isEmpty() && serviceSubset.isEmpty() && namespace.isEmpty() && partition.isEmpty()
          && datacenter.isEmpty();
    }
  }

  /**
   * A {@code Failover} section: where to go when the primary target has no healthy instance.
   * Exactly one form: {@code Service} / {@code ServiceSubset} / {@code Namespace} (one alternative),
   * {@code Datacenters} (the same alternative in each datacenter, in order), or {@code Targets}.
   *
   * @param service the alternative service, or empty
   * @param serviceSubset the alternative subset, or empty
   * @param namespace the alternative namespace, or empty
   * @param datacenters the datacenters to try, in order
   * @param targets the targets to try, in order
   * @param policyMode {@code Policy.Mode}: empty, {@code default} or {@code order-by-locality}
   */
  public record Failover(String service, String serviceSubset, String namespace, List<String> datacenters,
      List<FailoverTarget> targets, String policyMode) {
    /**
     * Copies the lists.
     *
     * @param service the service, or empty
     * @param serviceSubset the subset, or empty
     * @param namespace the namespace, or empty
     * @param datacenters the datacenters
     * @param targets the targets
     * @param policyMode the policy mode, or empty
     * @throws NullPointerException if an argument or element is null
     */
    public Failover {
      Require.notNull(service, "service");
      Require.notNull(serviceSubset, "serviceSubset");
      Require.notNull(namespace, "namespace");
      datacenters = List.copyOf(datacenters);
      targets = List.copyOf(targets);
      Require.notNull(policyMode, "policyMode");
    }

    /**
     * Fails over to another service.
     *
     * @param service the service
     * @return the section
     */
    public static Failover toService(String service) {
      return new Failover(service, "", "", List.of(), List.of(), "");
    }

    /**
     * Fails over to a subset of the same service.
     *
     * @param subset the subset
     * @return the section
     */
    public static Failover toSubset(String subset) {
      return new Failover("", subset, "", List.of(), List.of(), "");
    }

    /**
     * Fails over to the same service in other datacenters, in order.
     *
     * @param datacenters the datacenters
     * @return the section
     */
    public static Failover toDatacenters(String... datacenters) {
      return new Failover("", "", "", List.of(datacenters), List.of(), "");
    }

    /**
     * Fails over to targets, in order.
     *
     * @param targets the targets
     * @return the section
     */
    public static Failover toTargets(FailoverTarget... targets) {
      return new Failover("", "", "", List.of(), List.of(targets), "");
    }

    boolean isEmpty() {
      return service.isEmpty() && serviceSubset.isEmpty() && namespace.isEmpty() && datacenters.isEmpty()
          && targets.isEmpty();
    }
  }

  /**
   * One failover target. Empty strings mean "as the primary".
   *
   * @param service the service, or empty
   * @param serviceSubset the subset, or empty
   * @param namespace the namespace, or empty
   * @param partition the admin partition, or empty
   * @param datacenter the datacenter, or empty
   */
  public record FailoverTarget(String service, String serviceSubset, String namespace, String partition,
      String datacenter) {
    /**
     * Checks for nulls.
     *
     * @param service the service, or empty
     * @param serviceSubset the subset, or empty
     * @param namespace the namespace, or empty
     * @param partition the partition, or empty
     * @param datacenter the datacenter, or empty
     * @throws NullPointerException if an argument is null
     */
    public FailoverTarget {
      Require.notNull(service, "service");
      Require.notNull(serviceSubset, "serviceSubset");
      Require.notNull(namespace, "namespace");
      Require.notNull(partition, "partition");
      Require.notNull(datacenter, "datacenter");
    }

    /**
     * A target in another datacenter.
     *
     * @param datacenter the datacenter
     * @return the target
     */
    public static FailoverTarget inDatacenter(String datacenter) {
      return new FailoverTarget("", "", "", "", datacenter);
    }

    /**
     * A target service.
     *
     * @param service the service
     * @return the target
     */
    public static FailoverTarget service(String service) {
      return new FailoverTarget(service, "", "", "", "");
    }
  }

  /**
   * Builds a {@link ServiceResolver}. Each setting may be set once (subsets and failover sections
   * once per key). {@link #build()} validates and leaves the builder reusable. Not thread-safe.
   */
  public static final class Builder {
    private final SetOnce setOnce = new SetOnce();
    private final ServiceName service;
    private String defaultSubset;
    private final Map<String, String> filters = new LinkedHashMap<>();
    private final Map<String, Boolean> onlyPassing = new LinkedHashMap<>();
    private Redirect redirect;
    private final Map<String, Failover> failover = new LinkedHashMap<>();
    private Duration connectTimeout;
    private Duration requestTimeout;
    private LoadBalancer loadBalancer;
    private Map<String, String> meta;

    private Builder(ServiceName service) {
      this.service = Require.notNull(service, "service");
    }

    /**
     * Sets the {@code DefaultSubset} (default: none).
     *
     * @param value the subset name
     * @return this builder
     */
    public Builder defaultSubset(String value) {
      defaultSubset = Require.once(defaultSubset, value, "defaultSubset");
      return this;
    }

    /**
     * Adds a subset.
     *
     * @param name the subset name, a lower-case DNS label
     * @param filter the filter text (see {@link SubsetFilter}); blank for every instance
     * @param passingOnly Consul's {@code OnlyPassing}
     * @return this builder
     */
    public Builder subset(String name, String filter, boolean passingOnly) {
      setOnce.check("subset " + Problems.quote(name), filters.get(name));
      filters.put(name, Require.notNull(filter, "filter"));
      onlyPassing.put(name, passingOnly);
      return this;
    }

    /**
     * Sets the {@code Redirect} (default: none).
     *
     * @param value the redirect
     * @return this builder
     */
    public Builder redirect(Redirect value) {
      redirect = Require.once(redirect, value, "redirect");
      return this;
    }

    /**
     * Adds a {@code Failover} section.
     *
     * @param subset the subset it applies to, or {@code *} for any
     * @param value the section
     * @return this builder
     */
    public Builder failover(String subset, Failover value) {
      setOnce.check("failover " + Problems.quote(subset), failover.get(subset));
      failover.put(subset, Require.notNull(value, "failover"));
      return this;
    }

    /**
     * Sets the {@code ConnectTimeout} (default: unset, which means 5 s).
     *
     * @param value the timeout
     * @return this builder
     */
    public Builder connectTimeout(Duration value) {
      connectTimeout = Require.once(connectTimeout, value, "connectTimeout");
      return this;
    }

    /**
     * Sets the {@code RequestTimeout} (default: unset).
     *
     * @param value the timeout
     * @return this builder
     */
    public Builder requestTimeout(Duration value) {
      requestTimeout = Require.once(requestTimeout, value, "requestTimeout");
      return this;
    }

    /**
     * Sets the {@code LoadBalancer} (default: none).
     *
     * @param value the load balancer
     * @return this builder
     */
    public Builder loadBalancer(LoadBalancer value) {
      loadBalancer = Require.once(loadBalancer, value, "loadBalancer");
      return this;
    }

    /**
     * Sets the entry's {@code Meta} (default: none).
     *
     * @param values the meta
     * @return this builder
     */
    public Builder meta(Map<String, String> values) {
      meta = Require.once(meta, Map.copyOf(values), "meta");
      return this;
    }

    /**
     * Validates and builds the resolver.
     *
     * @return the resolver
     * @throws dev.meshgate.core.config.InvalidConfigEntryException with every problem, Consul's
     *     first, e.g. {@code Subset "v.1" is invalid: ...}, {@code DefaultSubset "v3" is not a valid subset},
     *     {@code Redirect and Failover cannot both be set}, {@code Redirect is empty},
     *     {@code Bad Failover["*"]: one of Service, ServiceSubset, Namespace, Targets, or Datacenters is required},
     *     {@code Bad ConnectTimeout '-1s', must be >= 0},
     *     {@code Bad LoadBalancer policy: "fast" is not supported}; beyond Consul, ring sizes and
     *     choice counts Envoy would refuse
     */
    public ServiceResolver build() {
      Problems problems = new Problems("service-resolver", service.name());
      if (service.name().isEmpty()) {
        problems.add("Name is required");
      }
      Map<String, String> m = new TreeMap<>(meta != null ? meta : Map.of());
      problems.checkMeta(m);
      Map<String, Subset> subsets = subsets(problems);
      String dflt = defaultSubset != null ? defaultSubset : "";
      if (!dflt.isEmpty() && !filters.containsKey(dflt)) {
        problems.addf("DefaultSubset %s is not a valid subset", Problems.quote(dflt));
      }
      boolean inDefaultPartition = ServiceName.DEFAULT.equals(service.partition());
      if (redirect != null) {
        checkRedirect(problems, inDefaultPartition);
      }
      for (Map.Entry<String, Failover> e : new TreeMap<>(failover).entrySet()) {
        checkFailover(problems, e.getKey(), e.getValue(), inDefaultPartition);
      }
      if (connectTimeout != null && connectTimeout.isNegative()) {
        problems.addf("Bad ConnectTimeout '%s', must be >= 0", GoDuration.format(connectTimeout));
      }
      if (requestTimeout != null && requestTimeout.isNegative()) {
        problems.addf("Bad RequestTimeout '%s', must be >= 0", GoDuration.format(requestTimeout));
      }
      if ((connectTimeout != null && !GoDuration.fits(connectTimeout))
          || (requestTimeout != null && !GoDuration.fits(requestTimeout))) {
        problems.add("ConnectTimeout and RequestTimeout must fit in 64-bit nanoseconds");
      }
      if (loadBalancer != null) {
        checkLoadBalancer(problems, loadBalancer);
      }
      problems.throwIfAny();
      return new ServiceResolver(this, Collections.unmodifiableMap(subsets), Collections.unmodifiableMap(m));
    }

    private Map<String, Subset> subsets(Problems problems) {
      Map<String, Subset> out = new TreeMap<>();
      for (Map.Entry<String, String> e : new TreeMap<>(filters).entrySet()) {
        String name = e.getKey();
        if (name.isEmpty()) {
          problems.add("Subset defined with empty name");
          continue;
        }
        if (name.length() > 63) {
          problems.addf("Subset %s is invalid: must be non-empty and 63 characters or fewer", Problems.quote(name));
        } else if (!SUBSET_NAME.matcher(name).matches()) {
          problems.addf(
              "Subset %s is invalid: must be 63 characters or fewer, begin or end with lower case alphanumeric"
                  + " characters, and contain lower case alphanumeric characters or '-' in between",
              Problems.quote(name));
        }
        try {
          out.put(name, new Subset(SubsetFilter.parse(e.getValue()), onlyPassing.get(name)));
        } catch (IllegalArgumentException bad) {
          problems.addf("Filter for subset %s is not a valid expression: %s", Problems.quote(name), bad.getMessage());
        }
      }
      return out;
    }

    private boolean isSubset(String name) {
      return filters.containsKey(name);
    }

    private void checkRedirect(Problems problems, boolean inDefaultPartition) {
      Redirect r = redirect;
      if (!inDefaultPartition && !r.datacenter().isEmpty()) {
        problems.add("Cross-datacenter redirect is only supported in the default partition");
      }
      String partition = r.partition().isEmpty() ? ServiceName.DEFAULT : r.partition();
      if (!partition.equals(service.partition()) && !r.datacenter().isEmpty()) {
        problems.add("Cross-datacenter and cross-partition redirect is not supported");
      }
      if (!failover.isEmpty()) {
        problems.add("Redirect and Failover cannot both be set");
      }
      if (r.isEmpty()) {
        problems.add("Redirect is empty");
      }
      if (r.service().isEmpty()) {
        if (!r.serviceSubset().isEmpty()) {
          problems.add("Redirect.ServiceSubset defined without Redirect.Service");
        } else if (!r.namespace().isEmpty()) {
          problems.add("Redirect.Namespace defined without Redirect.Service");
        } else if (!r.partition().isEmpty()) {
          problems.add("Redirect.Partition defined without Redirect.Service");
        }
      } else if (!r.serviceSubset().isEmpty() && r.service().equals(service.name()) && !isSubset(r.serviceSubset())) {
        problems.addf("Redirect.ServiceSubset %s is not a valid subset of %s", Problems.quote(r.serviceSubset()),
            Problems.quote(service.name()));
      }
    }

    private void checkFailover(Problems problems, String subset, Failover f, boolean inDefaultPartition) {
      if (!inDefaultPartition && !f.datacenters().isEmpty()) {
        problems.add("Cross-datacenter failover is only supported in the default partition");
      }
      String prefix = "Bad Failover[" + Problems.quote(subset) + "]: ";
      if (!"*".equals(subset) && !isSubset(subset)) {
        problems.add(prefix + "not a valid subset subset");
      }
      if (f.isEmpty()) {
        problems.add(prefix + "one of Service, ServiceSubset, Namespace, Targets, or Datacenters is required");
      }
      if (!FAILOVER_POLICIES.contains(f.policyMode())) {
        problems.add(prefix + "Policy must be one of '', 'default', or 'order-by-locality'");
      }
      if (!f.serviceSubset().isEmpty() && (f.service().isEmpty() || f.service().equals(service.name()))
          && !isSubset(f.serviceSubset())) {
        // Consul names f.Service here, which is empty when the section does not set one.
        problems.add(prefix + "ServiceSubset " + Problems.quote(f.serviceSubset()) + " is not a valid subset of "
            + Problems.quote(f.service()));
      }
      if (!f.datacenters().isEmpty() && !f.targets().isEmpty()) {
        problems.add(prefix + "Targets cannot be set with Datacenters");
      }
      if (!f.serviceSubset().isEmpty() && !f.targets().isEmpty()) {
        problems.add(prefix + "Targets cannot be set with ServiceSubset");
      }
      if (!f.service().isEmpty() && !f.targets().isEmpty()) {
        problems.add(prefix + "Targets cannot be set with Service");
      }
      for (int i = 0; i < f.targets().size(); i++) {
        FailoverTarget t = f.targets().get(i);
        String at = "Bad Failover[" + Problems.quote(subset) + "].Targets[" + i + "]: ";
        if (!t.partition().isEmpty() && !t.datacenter().isEmpty()) {
          problems.add(at + "Partition cannot be set with Datacenter");
        } else if (!t.serviceSubset().isEmpty() && (t.service().isEmpty() || t.service().equals(service.name()))
            && !isSubset(t.serviceSubset())) {
          problems.add(at + "ServiceSubset " + Problems.quote(t.serviceSubset()) + " is not a valid subset of "
              + Problems.quote(service.name()));
        }
      }
      for (String dc : f.datacenters()) {
        if (dc.isEmpty()) {
          problems.add("Bad Failover[" + Problems.quote(subset) + "].Datacenters: found empty datacenter");
          break;
        }
      }
    }

    private static void checkLoadBalancer(Problems problems, LoadBalancer lb) {
      String policy = lb.policy();
      boolean known = true;
      try {
        LoadBalancer.Policy.parse(policy);
      } catch (IllegalArgumentException e) {
        known = false;
        problems.addf("Bad LoadBalancer policy: %s is not supported", Problems.quote(policy));
      }
      if (!LoadBalancer.Policy.RING_HASH.wireName().equals(policy) && lb.ringHashConfig().isPresent()) {
        problems.addf("Bad LoadBalancer configuration. RingHashConfig specified for incompatible load balancing"
            + " policy %s", Problems.quote(policy));
      }
      if (!LoadBalancer.Policy.LEAST_REQUEST.wireName().equals(policy) && lb.leastRequestConfig().isPresent()) {
        problems.addf("Bad LoadBalancer configuration. LeastRequestConfig specified for incompatible load balancing"
            + " policy %s", Problems.quote(policy));
      }
      if (!lb.isHashBased() && !lb.hashPolicies().isEmpty()) {
        problems.addf("Bad LoadBalancer configuration: HashPolicies specified for non-hash-based Policy: %s",
            Problems.quote(policy));
      }
      for (int i = 0; i < lb.hashPolicies().size(); i++) {
        LoadBalancer.HashPolicy hp = lb.hashPolicies().get(i);
        String at = "Bad LoadBalancer HashPolicy[" + i + "]: ";
        if (!hp.field().isEmpty() && !HASH_FIELDS.contains(hp.field())) {
          problems.add(at + Problems.quote(hp.field()) + " is not a supported field");
        }
        if (hp.sourceIp() && !hp.field().isEmpty()) {
          problems.add(at + "A single hash policy cannot hash both a source address and a " + Problems.quote(hp.field()));
        }
        if (hp.sourceIp() && !hp.fieldValue().isEmpty()) {
          problems.add(at + "A FieldValue cannot be specified when hashing SourceIP");
        }
        if (!hp.field().isEmpty() && hp.fieldValue().isEmpty()) {
          problems.add(at + "Field " + Problems.quote(hp.field()) + " was specified without a FieldValue");
        }
        if (!hp.fieldValue().isEmpty() && hp.field().isEmpty()) {
          problems.add(at + "FieldValue requires a Field to apply to");
        }
        if (hp.cookieConfig().isPresent()) {
          LoadBalancer.CookieConfig cc = hp.cookieConfig().get();
          if (!"cookie".equals(hp.field())) {
            problems.add(at + "cookie_config provided for " + Problems.quote(hp.field()));
          }
          if (cc.session() && !cc.ttl().isZero()) {
            problems.add(at + "a session cookie cannot have an associated TTL");
          }
        }
      }
      if (known && lb.ringHashConfig().isPresent()) {
        LoadBalancer.RingHashConfig rh = lb.ringHashConfig().get();
        if (rh.minimumRingSize() < 0 || rh.maximumRingSize() < 0) {
          problems.add("Bad LoadBalancer RingHashConfig: ring sizes must be >= 0");
        } else if (rh.maximumRingSize() > ENVOY_MAX_RING_SIZE || rh.minimumRingSize() > ENVOY_MAX_RING_SIZE) {
          problems.addf("Bad LoadBalancer RingHashConfig: ring sizes above Envoy's limit %d", ENVOY_MAX_RING_SIZE);
        } else if (rh.maximumRingSize() != 0 && rh.minimumRingSize() > rh.maximumRingSize()) {
          problems.addf("Bad LoadBalancer RingHashConfig: MinimumRingSize %d > MaximumRingSize %d",
              rh.minimumRingSize(), rh.maximumRingSize());
        }
      }
      if (known && lb.leastRequestConfig().isPresent()) {
        int choices = lb.leastRequestConfig().get().choiceCount();
        if (choices != 0 && choices < 2) {
          problems.addf("Bad LoadBalancer LeastRequestConfig: ChoiceCount %d is below Envoy's minimum 2", choices);
        }
      }
    }
  }
}
