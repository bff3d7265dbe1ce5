package dev.meshgate.core.chain;

import dev.meshgate.core.catalog.Endpoint;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A request's way through a discovery chain to one target with healthy endpoints: the route,
 * split leg and failover step that led there, and everything the proxy applies on the way.
 *
 * <ul>
 *   <li>{@link #target()} and its {@link #endpoints()}; {@link #failoverOrder()} lists every target
 *       of the resolver in failover order (the primary first) with its endpoints;
 *       {@link #choose} picks one healthy endpoint of the target by the resolver's load balancer.
 *   <li>Header changes in the order the proxy applies them ({@link #requestHeaders()},
 *       {@link #responseHeaders()}: the split leg's, then the route's), the path rewrite, the
 *       request and idle timeouts and the retry policy of the route, the target's connect
 *       timeout.
 * </ul>
 *
 * <p>Instances are built when a chain is bound, one per route, leg and failover step, so routing a
 * request returns an existing instance. Immutable and thread-safe ({@link #choose} may advance a
 * round-robin counter).
 */
public final class ChainRoute implements ChainDecision {
  private final Explanation explanation;
  private final int routeIndex;
  private final int splitIndex;
  private final int failoverStep;
  private final TargetEndpoints target;
  private final List<TargetEndpoints> failoverOrder;
  private final List<HttpHeaderModifiers> requestHeaders;
  private final List<HttpHeaderModifiers> responseHeaders;
  private final String matchedPath;
  private final String prefixRewrite;
  private final Optional<Duration> requestTimeout;
  private final Optional<Duration> idleTimeout;
  private final Optional<RetryPolicy> retryPolicy;
  private final Optional<LoadBalancer> loadBalancer;
  private final EndpointPicker picker;
  private final RequestHasher hasher;

  ChainRoute(Explanation explanation, int routeIndex, int splitIndex, int failoverStep, TargetEndpoints target,
      List<TargetEndpoints> failoverOrder, List<HttpHeaderModifiers> requestHeaders,
      List<HttpHeaderModifiers> responseHeaders, String matchedPath, String prefixRewrite,
      Optional<Duration> requestTimeout, Optional<Duration> idleTimeout, Optional<RetryPolicy> retryPolicy,
      Optional<LoadBalancer> loadBalancer, EndpointPicker picker, RequestHasher hasher) {
    this.explanation = explanation;
    this.routeIndex = routeIndex;
    this.splitIndex = splitIndex;
    this.failoverStep = failoverStep;
    this.target = target;
    this.failoverOrder = List.copyOf(failoverOrder);
    this.requestHeaders = List.copyOf(requestHeaders);
    this.responseHeaders = List.copyOf(responseHeaders);
    this.matchedPath = matchedPath;
    this.prefixRewrite = prefixRewrite;
    this.requestTimeout = requestTimeout;
    this.idleTimeout = idleTimeout;
    this.retryPolicy = retryPolicy;
    this.loadBalancer = loadBalancer;
    this.picker = picker;
    this.hasher = hasher;
  }

  @Override
  public Explanation explanation() {
    return explanation;
  }

  /**
   * Returns the index of the route that matched in the chain's router node (the compiler's
   * catch-all is the last).
   *
   * @return the route index, or -1 when the chain has no router
   */
  public int routeIndex() {
    return routeIndex;
  }

  /**
   * Returns the index of the leg in the (flattened) splitter node.
   *
   * @return the leg index, or -1 when the route leads to no splitter
   */
  public int splitIndex() {
    return splitIndex;
  }

  /**
   * Returns the position of the target in the failover order.
   *
   * @return 0 for the primary target, k for the k-th failover target
   */
  public int failoverStep() {
    return failoverStep;
  }

  /**
   * Returns the target serving the request.
   *
   * @return the target
   */
  public DiscoveryTarget target() {
    return target.target();
  }

  /**
   * Returns the target's endpoints, healthy first (at least one is healthy).
   *
   * @return the endpoints
   */
  public List<Endpoint> endpoints() {
    return target.endpoints();
  }

  /**
   * Returns every target of the resolver, the primary first, with its endpoints.
   *
   * @return the failover order
   */
  public List<TargetEndpoints> failoverOrder() {
    return failoverOrder;
  }

  /**
   * Returns the request header changes, in the order the proxy applies them (a later
   * {@code Set} of the same header wins).
   *
   * @return the split leg's and the route's modifiers, empty ones left out
   */
  public List<HttpHeaderModifiers> requestHeaders() {
    return requestHeaders;
  }

  /**
   * Returns the response header changes, in the order the proxy applies them.
   *
   * @return the split leg's and the route's modifiers, empty ones left out
   */
  public List<HttpHeaderModifiers> responseHeaders() {
    return responseHeaders;
  }

  /**
   * Returns the route's {@code PrefixRewrite}.
   *
   * @return what replaces the matched prefix, or empty for no rewrite
   */
  public String prefixRewrite() {
    return prefixRewrite;
  }

  /**
   * Returns the path to forward: with a {@code PrefixRewrite}, the matched {@code PathPrefix} (or
   * the whole {@code PathExact} path) replaced by it, as Envoy's {@code prefix_rewrite}.
   *
   * @param path the request path, without the query string
   * @return the path to send upstream
   */
  public String rewritePath(CharSequence path) {
    if (prefixRewrite.isEmpty() || path.length() < matchedPath.length()) {
      return path.toString();
    }
    return prefixRewrite + path.subSequence(matchedPath.length(), path.length());
  }

  /**
   * Returns the request timeout: the route's {@code RequestTimeout}, or the resolver's when the
   * chain starts at a resolver.
   *
   * @return the timeout; {@link Duration#ZERO} when disabled; empty for the proxy's default (15 s
   *     in Envoy)
   */
  public Optional<Duration> requestTimeout() {
    return requestTimeout;
  }

  /**
   * Returns the route's idle timeout.
   *
   * @return the timeout; {@link Duration#ZERO} when disabled; empty for the proxy's default
   */
  public Optional<Duration> idleTimeout() {
    return idleTimeout;
  }

  /**
   * Returns the route's retry policy.
   *
   * @return the policy, or empty when the route configures no retries
   */
  public Optional<RetryPolicy> retryPolicy() {
    return retryPolicy;
  }

  /**
   * Returns the target's connect timeout.
   *
   * @return the timeout
   */
  public Duration connectTimeout() {
    return target.target().connectTimeout();
  }

  /**
   * Returns the resolver's load balancer, which {@link #choose} applies.
   *
   * @return the load balancer; empty for Envoy's default (round robin)
   */
  public Optional<LoadBalancer> loadBalancer() {
    return loadBalancer;
  }

  /**
   * Picks one healthy endpoint of the target by the resolver's load-balancing policy: round robin
   * (weighted), random, least request (power of two choices by default), or, for ring hash and
   * Maglev, the endpoint of the request's hash (the hash policies of the route's next node: the
   * splitter's for a split, else the resolver's; random when no policy finds its value).
   * Allocation-free for ASCII hash values.
   *
   * @param request the request, for hash policies
   * @param random a uniformly random value (random and least-request policies, hash fallback)
   * @param active the in-flight counts, for least request; {@link ActiveRequests#NONE} otherwise
   * @return one of the healthy {@link #endpoints()}
   */
  public Endpoint choose(ChainRequest request, long random, ActiveRequests active) {
    long r = EndpointPicker.mix(random ^ 0x5DEECE66DL);
    long hash = picker.hashes() ? hasher.hash(request, r) : 0;
    return picker.endpoints[picker.pick(hash, r, active)];
  }

  /** Returns the hash the hash-based policies would use, for tests: {@code random} when none. */
  long requestHash(ChainRequest request, long random) {
    return hasher.hash(request, random);
  }

  @Override
  public String toString() {
    return "ChainRoute[" + target.target().id() + ": " + explanation + "]";
  }
}
