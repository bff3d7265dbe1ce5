package dev.meshgate.core.catalog;

import dev.meshgate.core.internal.Problems;
import dev.meshgate.core.internal.SetOnce;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The subsets of a {@code service-resolver} config entry: named groups of a service's instances
 * chosen by a {@link SubsetFilter}, each reachable through its own SNI
 * ({@code <subset>.<svc>.<ns>.<dc>.internal.<td>}), and the {@code DefaultSubset} that the
 * service's plain SNI uses. Redirects, failover and load balancing are not modelled (yet).
 *
 * <p>{@link Builder#build()} validates with Consul's messages, in Consul's order, and reports every
 * problem at once. Subsets iterate in name order. Immutable and thread-safe.
 */
public final class ServiceResolver {
  private static final Pattern SUBSET_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");

  private final ServiceName service;
  private final String defaultSubset;
  private final Map<String, Subset> subsets;

  private ServiceResolver(ServiceName service, String defaultSubset, Map<String, Subset> subsets) {
    this.service = service;
    this.defaultSubset = defaultSubset;
    this.subsets = subsets;
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
   * Returns the service the entry is named after.
   *
   * @return the service
   */
  public ServiceName service() {
    return service;
  }

  /**
   * Returns the {@code DefaultSubset}, or empty when unset.
   *
   * @return the subset the service's plain SNI routes to, or empty for all instances
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

  @Override
  public boolean equals(Object o) {
    return o instanceof ServiceResolver other
        && service.equals(other.service)
        && defaultSubset.equals(other.defaultSubset)
        && subsets.equals(other.subsets);
  }

  @Override
  public int hashCode() {
    return Objects.hash(service, defaultSubset, subsets);
  }

  @Override
  public String toString() {
    return "ServiceResolver[" + service + ", defaultSubset=" + defaultSubset + ", subsets=" + subsets + "]";
  }

  /**
   * One subset.
   *
   * @param filter which instances belong to the subset
   * @param onlyPassing whether an instance with a warning check counts as unhealthy
   */
  public record Subset(SubsetFilter filter, boolean onlyPassing) {
    /** Every instance, healthy unless critical: what a service without a resolver uses. */
    public static final Subset ALL = new Subset(SubsetFilter.ALL, false);
  }

  /**
   * Builds a {@link ServiceResolver}. {@link #build()} validates and leaves the builder reusable.
   * Not thread-safe.
   */
  public static final class Builder {
    private final SetOnce setOnce = new SetOnce();
    private final ServiceName service;
    private String defaultSubset;
    private final Map<String, String> filters = new LinkedHashMap<>();
    private final Map<String, Boolean> onlyPassing = new LinkedHashMap<>();

    private Builder(ServiceName service) {
      this.service = service;
    }

    /**
     * Sets the {@code DefaultSubset} (default: none).
     *
     * @param value the subset name
     * @return this builder
     */
    public Builder defaultSubset(String value) {
      setOnce.check("defaultSubset", defaultSubset);
      defaultSubset = value;
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
      filters.put(name, filter);
      onlyPassing.put(name, passingOnly);
      return this;
    }

    /**
     * Validates and builds the resolver.
     *
     * @return the resolver
     * @throws dev.meshgate.core.config.InvalidConfigEntryException with every problem, Consul's
     *     first: {@code Name is required}, {@code Subset defined with empty name},
     *     {@code Subset "<n>" is invalid: <why>},
     *     {@code Filter for subset "<n>" is not a valid expression: <why>},
     *     {@code DefaultSubset "<n>" is not a valid subset}
     */
    public ServiceResolver build() {
      Problems problems = new Problems("service-resolver", service.name());
      if (service.name().isEmpty()) {
        problems.add("Name is required");
      }
      Map<String, Subset> subsets = new TreeMap<>();
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
          subsets.put(name, new Subset(SubsetFilter.parse(e.getValue()), onlyPassing.get(name)));
        } catch (IllegalArgumentException bad) {
          problems.addf("Filter for subset %s is not a valid expression: %s", Problems.quote(name), bad.getMessage());
        }
      }
      String dflt = defaultSubset != null ? defaultSubset : "";
      if (!dflt.isEmpty() && !filters.containsKey(dflt)) {
        problems.addf("DefaultSubset %s is not a valid subset", Problems.quote(dflt));
      }
      problems.throwIfAny();
      return new ServiceResolver(service, dflt, Collections.unmodifiableMap(subsets));
    }
  }
}
