package dev.meshgate.core.chain;

import dev.meshgate.core.internal.Require;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code LoadBalancer} of a {@code service-resolver}: how a caller picks one of a target's
 * healthy endpoints, as Consul configures Envoy. {@code Policy} is one of {@code ""} (Envoy's
 * default, round robin), {@code round_robin}, {@code least_request}, {@code random},
 * {@code ring_hash} or {@code maglev}; the two hash-based policies hash the request by
 * {@code HashPolicies} (a header, a cookie, a query parameter or the source IP, combined in order,
 * a {@code Terminal} policy ending the computation once it produced a hash; no hash at all means a
 * random endpoint). {@link ServiceResolver} validates the combination; this record holds what was
 * written. Immutable and thread-safe.
 *
 * @param policy the policy name as written
 * @param ringHashConfig the {@code ring_hash} ring sizes, if set
 * @param leastRequestConfig the {@code least_request} choice count, if set
 * @param hashPolicies what the hash-based policies hash, in order
 */
public record LoadBalancer(
    String policy,
    Optional<RingHashConfig> ringHashConfig,
    Optional<LeastRequestConfig> leastRequestConfig,
    List<HashPolicy> hashPolicies) {

  /**
   * Copies the hash policies.
   *
   * @param policy the policy name
   * @param ringHashConfig ring sizes, or empty
   * @param leastRequestConfig choice count, or empty
   * @param hashPolicies hash policies
   * @throws NullPointerException if an argument or element is null
   */
  public LoadBalancer {
    Require.notNull(policy, "policy");
    Require.notNull(ringHashConfig, "ringHashConfig");
    Require.notNull(leastRequestConfig, "leastRequestConfig");
    hashPolicies = List.copyOf(hashPolicies);
  }

  /**
   * Returns a load balancer with only a policy.
   *
   * @param policy the policy name, e.g. {@code least_request}
   * @return the load balancer
   */
  public static LoadBalancer of(String policy) {
    return new LoadBalancer(policy, Optional.empty(), Optional.empty(), List.of());
  }

  /**
   * Returns a hash-based load balancer.
   *
   * @param policy {@code ring_hash} or {@code maglev}
   * @param hashPolicies what to hash, in order
   * @return the load balancer
   */
  public static LoadBalancer hashing(String policy, HashPolicy... hashPolicies) {
    return new LoadBalancer(policy, Optional.empty(), Optional.empty(), List.of(hashPolicies));
  }

  /**
   * Tells whether the policy hashes requests ({@code ring_hash} or {@code maglev}), as Consul's
   * {@code IsHashBased}.
   *
   * @return true for the hash-based policies
   */
  public boolean isHashBased() {
    return Policy.RING_HASH.wireName.equals(policy) || Policy.MAGLEV.wireName.equals(policy);
  }

  /**
   * Returns the policy as a constant.
   *
   * @return the policy; {@link Policy#DEFAULT} for {@code ""}
   * @throws IllegalArgumentException if the name is not one of Consul's policies
   */
  public Policy kind() {
    return Policy.parse(policy);
  }

  /** A load-balancing policy, named as Consul and Envoy name it. */
  public enum Policy {
    /** {@code ""}: Envoy's default, round robin. */
    DEFAULT(""),
    /** {@code round_robin}: weighted round robin. */
    ROUND_ROBIN("round_robin"),
    /** {@code least_request}: the fewest active requests of a few random endpoints. */
    LEAST_REQUEST("least_request"),
    /** {@code random}: a uniformly random endpoint. */
    RANDOM("random"),
    /** {@code ring_hash}: consistent hashing on a ring (Ketama). */
    RING_HASH("ring_hash"),
    /** {@code maglev}: consistent hashing with Google's Maglev table. */
    MAGLEV("maglev");

    private final String wireName;

    Policy(String wireName) {
      this.wireName = wireName;
    }

    /**
     * Returns the name as written in config entries.
     *
     * @return e.g. {@code ring_hash}
     */
    public String wireName() {
      return wireName;
    }

    /**
     * Parses a policy name, exactly (case-sensitive) as Consul does.
     *
     * @param value the name
     * @return the policy
     * @throws IllegalArgumentException if the name is not a policy
     */
    public static Policy parse(String value) {
      for (Policy p : values()) {
        if (p.wireName.equals(value)) {
          return p;
        }
      }
      throw new IllegalArgumentException("load balancer policy: \"" + value
          + "\" (expected: \"\", round_robin, least_request, random, ring_hash or maglev)");
    }
  }

  /**
   * The {@code RingHashConfig}: Envoy's ring bounds. 0 means Envoy's default (1,024 minimum,
   * 8,388,608 maximum).
   *
   * @param minimumRingSize the minimum number of ring entries
   * @param maximumRingSize the maximum number of ring entries
   */
  public record RingHashConfig(long minimumRingSize, long maximumRingSize) {}

  /**
   * The {@code LeastRequestConfig}: how many random endpoints are compared. 0 means Envoy's
   * default, 2.
   *
   * @param choiceCount the number of endpoints sampled per pick
   */
  public record LeastRequestConfig(int choiceCount) {}

  /**
   * One {@code HashPolicies} entry: hash a request {@code header}, {@code cookie} or
   * {@code query_parameter} named by {@code FieldValue}, or the source IP.
   *
   * @param field {@code header}, {@code cookie}, {@code query_parameter}, or empty
   * @param fieldValue the header, cookie or parameter name, or empty
   * @param cookieConfig for a cookie, how Envoy would generate it when missing
   * @param sourceIp whether to hash the downstream source address
   * @param terminal whether a hash from this policy ends the computation
   */
  public record HashPolicy(
      String field, String fieldValue, Optional<CookieConfig> cookieConfig, boolean sourceIp, boolean terminal) {
    /**
     * Checks for nulls.
     *
     * @param field the field kind, or empty
     * @param fieldValue the name, or empty
     * @param cookieConfig cookie settings, or empty
     * @param sourceIp hash the source IP
     * @param terminal end the computation on a hash
     * @throws NullPointerException if an argument is null
     */
    public HashPolicy {
      Require.notNull(field, "field");
      Require.notNull(fieldValue, "fieldValue");
      Require.notNull(cookieConfig, "cookieConfig");
    }

    /**
     * Hashes a request header.
     *
     * @param name the header name
     * @return the policy
     */
    public static HashPolicy header(String name) {
      return new HashPolicy("header", name, Optional.empty(), false, false);
    }

    /**
     * Hashes a cookie.
     *
     * @param name the cookie name
     * @return the policy
     */
    public static HashPolicy cookie(String name) {
      return new HashPolicy("cookie", name, Optional.empty(), false, false);
    }

    /**
     * Hashes a query parameter.
     *
     * @param name the parameter name
     * @return the policy
     */
    public static HashPolicy queryParameter(String name) {
      return new HashPolicy("query_parameter", name, Optional.empty(), false, false);
    }

    /**
     * Hashes the source IP.
     *
     * @return the policy
     */
    public static HashPolicy hashSourceIp() {
      return new HashPolicy("", "", Optional.empty(), true, false);
    }

    /**
     * Returns this policy marked {@code Terminal}.
     *
     * @return a copy
     */
    public HashPolicy asTerminal() {
      return new HashPolicy(field, fieldValue, cookieConfig, sourceIp, true);
    }
  }

  /**
   * A {@code CookieConfig}: the cookie Envoy generates when a hashed cookie is missing.
   *
   * @param session whether it is a session cookie (no expiry)
   * @param ttl its lifetime; zero for none
   * @param path its path, or empty
   */
  public record CookieConfig(boolean session, Duration ttl, String path) {
    /**
     * Checks for nulls.
     *
     * @param session session cookie
     * @param ttl the lifetime
     * @param path the path
     * @throws NullPointerException if an argument is null
     */
    public CookieConfig {
      Require.notNull(ttl, "ttl");
      Require.notNull(path, "path");
    }
  }
}
