package dev.meshgate.core.chain;

import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.internal.Problems;
import dev.meshgate.core.internal.Require;
import dev.meshgate.core.internal.regex.Re2;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A {@code service-router} config entry: the ordered L7 routes of one service. The first route
 * that matches a request wins; a request no route matches goes to the service itself (the chain
 * compiler appends that catch-all route). Only the router of the service a chain is compiled for is
 * consulted: routes to other services go to their splitters or resolvers, not their routers.
 * Routers need an HTTP-like protocol ({@code http}, {@code http2}, {@code grpc}); the compiler
 * checks that, since it depends on other entries.
 *
 * <p>{@link Builder#build()} normalizes as Consul does on write (methods upper-cased) and validates
 * with Consul's messages, every problem at once. Immutable and thread-safe.
 */
public final class ServiceRouter {
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT", "OPTIONS", "TRACE");
  private static final Set<String> RETRY_CONDITIONS = Set.of("5xx", "gateway-error", "reset", "connect-failure",
      "envoy-ratelimited", "retriable-4xx", "refused-stream", "cancelled", "deadline-exceeded", "internal",
      "resource-exhausted", "unavailable");

  private final ServiceName service;
  private final List<ServiceRoute> routes;
  private final Map<String, String> meta;

  private ServiceRouter(ServiceName service, List<ServiceRoute> routes, Map<String, String> meta) {
    this.service = service;
    this.routes = routes;
    this.meta = meta;
  }

  /**
   * Starts building the router of a service.
   *
   * @param service the service the entry is named after (its namespace and partition are the
   *     entry's)
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
   * Returns the routes, in the order they are tried.
   *
   * @return an immutable list, without the compiler's catch-all
   */
  public List<ServiceRoute> routes() {
    return routes;
  }

  /**
   * Returns the entry's {@code Meta}.
   *
   * @return an immutable map in key order
   */
  public Map<String, String> meta() {
    return meta;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ServiceRouter other && service.equals(other.service) && routes.equals(other.routes)
        && meta.equals(other.meta);
  }

  @Override
  public int hashCode() {
    return Objects.hash(service, routes, meta);
  }

  @Override
  public String toString() {
    return "ServiceRouter[" + service + ", " + Problems.count(routes.size(), "route") + "]";
  }

  /**
   * Builds a {@link ServiceRouter}. Routes accumulate in order; {@link #meta} may be set once.
   * {@link #build()} leaves the builder reusable. Not thread-safe.
   */
  public static final class Builder {
    private final ServiceName service;
    private final List<ServiceRoute> routes = new ArrayList<>();
    private Map<String, String> meta;

    private Builder(ServiceName service) {
      this.service = Require.notNull(service, "service");
    }

    /**
     * Appends routes.
     *
     * @param values the routes, in order
     * @return this builder
     */
    public Builder route(ServiceRoute... values) {
      routes.addAll(List.of(values));
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
     * Normalizes and validates the router.
     *
     * @return the router
     * @throws dev.meshgate.core.config.InvalidConfigEntryException with every problem, Consul's
     *     first, e.g. {@code Route[0] PathExact doesn't start with '/': "x"},
     *     {@code Route[1] should only contain at most one of PathExact, PathPrefix, or PathRegex},
     *     {@code Route[0] Header[0] should only contain one of Present, Exact, Prefix, Suffix, or Regex},
     *     {@code Route[0] Methods contains an invalid method "FOO"},
     *     {@code Route[0] cannot make use of PrefixRewrite without configuring either PathExact or PathPrefix};
     *     beyond Consul, a regex RE2 cannot compile and a negative {@code NumRetries} or status code
     */
    public ServiceRouter build() {
      Problems problems = new Problems("service-router", service.name());
      if (service.name().isEmpty()) {
        problems.add("Name is required");
      }
      Map<String, String> m = new TreeMap<>(meta != null ? meta : Map.of());
      problems.checkMeta(m);
      List<ServiceRoute> normalized = new ArrayList<>(routes.size());
      for (int i = 0; i < routes.size(); i++) {
        ServiceRoute route = normalize(routes.get(i));
        normalized.add(route);
        validate(i, route, problems);
      }
      problems.throwIfAny();
      return new ServiceRouter(service, List.copyOf(normalized), java.util.Collections.unmodifiableMap(m));
    }

    private static ServiceRoute normalize(ServiceRoute route) {
      if (route.match().isEmpty() || route.match().get().methods().isEmpty()) {
        return route;
      }
      HttpMatch h = route.match().get();
      List<String> upper = new ArrayList<>(h.methods().size());
      for (String method : h.methods()) {
        upper.add(method.toUpperCase(Locale.ROOT));
      }
      return new ServiceRoute(Optional.of(new HttpMatch(h.pathExact(), h.pathPrefix(), h.pathRegex(),
          h.caseInsensitive(), h.headers(), h.queryParams(), upper)), route.destination());
    }

    private static void validate(int i, ServiceRoute route, Problems problems) {
      boolean eligibleForPrefixRewrite = false;
      if (route.match().isPresent()) {
        HttpMatch h = route.match().get();
        int pathParts = 0;
        if (!h.pathExact().isEmpty()) {
          eligibleForPrefixRewrite = true;
          pathParts++;
          if (!h.pathExact().startsWith("/")) {
            problems.addf("Route[%d] PathExact doesn't start with '/': %s", i, Problems.quote(h.pathExact()));
          }
        }
        if (!h.pathPrefix().isEmpty()) {
          eligibleForPrefixRewrite = true;
          pathParts++;
          if (!h.pathPrefix().startsWith("/")) {
            problems.addf("Route[%d] PathPrefix doesn't start with '/': %s", i, Problems.quote(h.pathPrefix()));
          }
        }
        if (!h.pathRegex().isEmpty()) {
          pathParts++;
          regex(problems, "Route[" + i + "] PathRegex", h.pathRegex());
        }
        if (pathParts > 1) {
          problems.addf("Route[%d] should only contain at most one of PathExact, PathPrefix, or PathRegex", i);
        }
        for (int j = 0; j < h.headers().size(); j++) {
          HeaderMatch hdr = h.headers().get(j);
          if (hdr.name().isEmpty()) {
            problems.addf("Route[%d] Header[%d] missing required Name field", i, j);
          }
          int parts = (hdr.present() ? 1 : 0) + (hdr.exact().isEmpty() ? 0 : 1) + (hdr.regex().isEmpty() ? 0 : 1)
              + (hdr.prefix().isEmpty() ? 0 : 1) + (hdr.suffix().isEmpty() ? 0 : 1);
          if (parts != 1) {
            problems.addf(
                "Route[%d] Header[%d] should only contain one of Present, Exact, Prefix, Suffix, or Regex", i, j);
          }
          if (!hdr.regex().isEmpty()) {
            regex(problems, "Route[" + i + "] Header[" + j + "] Regex", hdr.regex());
          }
        }
        for (int j = 0; j < h.queryParams().size(); j++) {
          QueryParamMatch qm = h.queryParams().get(j);
          if (qm.name().isEmpty()) {
            problems.addf("Route[%d] QueryParam[%d] missing required Name field", i, j);
          }
          int parts = (qm.present() ? 1 : 0) + (qm.exact().isEmpty() ? 0 : 1) + (qm.regex().isEmpty() ? 0 : 1);
          if (parts != 1) {
            problems.addf("Route[%d] QueryParam[%d] should only contain one of Present, Exact, or Regex", i, j);
          }
          if (!qm.regex().isEmpty()) {
            regex(problems, "Route[" + i + "] QueryParam[" + j + "] Regex", qm.regex());
          }
        }
        Set<String> found = new HashSet<>();
        for (String method : h.methods()) {
          if (!METHODS.contains(method)) {
            problems.addf("Route[%d] Methods contains an invalid method %s", i, Problems.quote(method));
          }
          if (!found.add(method)) {
            problems.addf("Route[%d] Methods contains %s more than once", i, Problems.quote(method));
          }
        }
      }
      if (route.destination().isPresent()) {
        RouteDestination d = route.destination().get();
        if (!d.prefixRewrite().isEmpty() && !eligibleForPrefixRewrite) {
          problems.addf(
              "Route[%d] cannot make use of PrefixRewrite without configuring either PathExact or PathPrefix", i);
        }
        for (String condition : d.retryOn()) {
          if (!RETRY_CONDITIONS.contains(condition)) {
            problems.addf("Route[%d] contains an invalid retry condition: %s", i, Problems.quote(condition));
          }
        }
        if (d.numRetries() < 0) {
          problems.addf("Route[%d] NumRetries %d must be >= 0", i, d.numRetries());
        }
        for (int code : d.retryOnStatusCodes()) {
          if (code < 0) {
            problems.addf("Route[%d] RetryOnStatusCodes contains %d, which is not a status code", i, code);
          }
        }
        if (!GoDuration.fits(d.requestTimeout()) || !GoDuration.fits(d.idleTimeout())) {
          problems.addf("Route[%d] RequestTimeout and IdleTimeout must fit in 64-bit nanoseconds", i);
        }
      }
    }

    private static void regex(Problems problems, String field, String regex) {
      String why = Re2.problem(regex);
      if (why != null) {
        problems.addf("%s %s is not a valid RE2 regular expression: %s", field, Problems.quote(regex), why);
      }
    }
  }
}
