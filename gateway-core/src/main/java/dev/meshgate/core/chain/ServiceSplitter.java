package dev.meshgate.core.chain;

import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.internal.Problems;
import dev.meshgate.core.internal.Require;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A {@code service-splitter} config entry: how the requests for one service are shared between
 * legs by weight. Splitters are followed recursively (a leg to another service with a splitter of
 * its own is flattened into this one, weights multiplied), need an HTTP-like protocol, and must not
 * form loops; the compiler checks those rules, since they depend on other entries.
 *
 * <p>{@link Builder#build()} normalizes as Consul does on write (each weight rounded to 0.01) and
 * validates with Consul's messages, every problem at once. Immutable and thread-safe.
 */
public final class ServiceSplitter {
  /** Weights are counted in 0.01 % units: 100 % is this many. */
  static final int MAX_SCALED_WEIGHT = 100 * 100;

  private final ServiceName service;
  private final List<ServiceSplit> splits;
  private final Map<String, String> meta;

  private ServiceSplitter(ServiceName service, List<ServiceSplit> splits, Map<String, String> meta) {
    this.service = service;
    this.splits = splits;
    this.meta = meta;
  }

  /**
   * Starts building the splitter of a service.
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
   * Returns the legs, in order, their weights rounded to 0.01.
   *
   * @return an immutable, non-empty list whose weights sum to 100
   */
  public List<ServiceSplit> splits() {
    return splits;
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
   * Rounds a weight to 0.01 as Consul's {@code NormalizeServiceSplitWeight} (in 32-bit floating
   * point, as Consul's {@code float32}).
   */
  static float normalizeWeight(float weight) {
    return scaleWeight(weight) / 100.0f;
  }

  /** Returns a weight in 0.01 % units, rounded half away from zero, as Consul's {@code scaleWeight}. */
  static int scaleWeight(float weight) {
    double v = weight * 100.0f;
    return (int) (v < 0 ? -Math.floor(-v + 0.5) : Math.floor(v + 0.5));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ServiceSplitter other && service.equals(other.service) && splits.equals(other.splits)
        && meta.equals(other.meta);
  }

  @Override
  public int hashCode() {
    return Objects.hash(service, splits, meta);
  }

  @Override
  public String toString() {
    return "ServiceSplitter[" + service + ", " + splits.size() + " splits]";
  }

  /**
   * Builds a {@link ServiceSplitter}. Legs accumulate in order; {@link #meta} may be set once.
   * {@link #build()} leaves the builder reusable. Not thread-safe.
   */
  public static final class Builder {
    private final ServiceName service;
    private final List<ServiceSplit> splits = new ArrayList<>();
    private Map<String, String> meta;

    private Builder(ServiceName service) {
      this.service = Require.notNull(service, "service");
    }

    /**
     * Appends legs.
     *
     * @param values the legs, in order
     * @return this builder
     */
    public Builder split(ServiceSplit... values) {
      splits.addAll(List.of(values));
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
     * Normalizes and validates the splitter.
     *
     * @return the splitter
     * @throws dev.meshgate.core.config.InvalidConfigEntryException with every problem, Consul's
     *     first: {@code Name is required}, {@code no splits configured},
     *     {@code split destination occurs more than once: service="a", subset="", namespace="", partition=""},
     *     {@code the sum of all split weights must be 100, not 90.000000}; beyond Consul, a weight
     *     outside 0..100
     */
    public ServiceSplitter build() {
      Problems problems = new Problems("service-splitter", service.name());
      if (service.name().isEmpty()) {
        problems.add("Name is required");
      }
      if (splits.isEmpty()) {
        problems.add("no splits configured");
      }
      Map<String, String> m = new TreeMap<>(meta != null ? meta : Map.of());
      problems.checkMeta(m);
      List<ServiceSplit> normalized = new ArrayList<>(splits.size());
      for (ServiceSplit split : splits) {
        normalized.add(split.withWeight(normalizeWeight(split.weight())));
      }
      // Consul keys legs by the whole struct minus the weight; its header modifiers are pointers, so
      // two legs that both carry modifiers never count as the same destination.
      Set<List<String>> found = new HashSet<>();
      for (ServiceSplit split : normalized) {
        String svc = split.service().isEmpty() ? service.name() : split.service();
        boolean plain = split.requestHeaders().isEmpty() && split.responseHeaders().isEmpty();
        if (plain && !found.add(List.of(svc, split.serviceSubset(), split.namespace(), split.partition()))) {
          problems.addf("split destination occurs more than once: service=%s, subset=%s, namespace=%s, partition=%s",
              Problems.quote(svc), Problems.quote(split.serviceSubset()), Problems.quote(split.namespace()),
              Problems.quote(split.partition()));
        }
      }
      int sum = 0;
      for (ServiceSplit split : normalized) {
        sum += scaleWeight(split.weight());
      }
      if (!splits.isEmpty() && sum != MAX_SCALED_WEIGHT) {
        problems.addf("the sum of all split weights must be 100, not %s",
            String.format(Locale.ROOT, "%f", (double) ((float) sum / 100)));
      }
      for (int i = 0; i < normalized.size(); i++) {
        float w = normalized.get(i).weight();
        if (!(w >= 0 && w <= 100)) {
          problems.addf("Splits[%d] Weight %s must be between 0 and 100", i, Float.toString(w));
        }
      }
      problems.throwIfAny();
      return new ServiceSplitter(service, List.copyOf(normalized), Collections.unmodifiableMap(m));
    }
  }
}
