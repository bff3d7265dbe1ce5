package dev.meshgate.core.chain;

import dev.meshgate.core.internal.Require;

/**
 * Why a request was routed as it was, one sentence per stage of the chain: which route matched and
 * on what, which leg of a split took it, and which target of the failover order serves it. Stages
 * the chain does not have are empty. Precomputed when a chain is bound, so reading it costs
 * nothing. Immutable and thread-safe.
 *
 * @param route the router stage, e.g. {@code route 0 of router:web.default.default matched: PathPrefix "/admin"}
 * @param split the splitter stage, e.g. {@code leg 1 of splitter:web.default.default (10 %) to resolver:...}; empty
 *     without a splitter
 * @param failover the resolver stage, e.g. {@code target web.default.default.dc1 (2 of 2 endpoints healthy)}
 */
public record Explanation(String route, String split, String failover) {
  /**
   * Checks for nulls.
   *
   * @param route the router stage
   * @param split the splitter stage, or empty
   * @param failover the resolver stage
   */
  public Explanation {
    Require.notNull(route, "route");
    Require.notNull(split, "split");
    Require.notNull(failover, "failover");
  }

  /**
   * Returns the stages joined with {@code "; "}, empty ones left out.
   *
   * @return the explanation as one line
   */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(route);
    if (!split.isEmpty()) {
      out.append("; ").append(split);
    }
    if (!failover.isEmpty()) {
      out.append("; ").append(failover);
    }
    return out.toString();
  }
}
