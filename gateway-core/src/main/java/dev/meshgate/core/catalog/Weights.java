package dev.meshgate.core.catalog;

/**
 * The load-balancing weights of a service instance, as Consul's {@code Weights}: one used while the
 * instance passes its checks, one while a check warns. Consul's defaults are 1 and 1. Values are
 * kept as registered; how they become endpoint weights (clamped to 1..128, a weight below 1 marks
 * the endpoint unhealthy) is up to the gateway that uses them. Immutable and thread-safe.
 *
 * @param passing the weight while every check passes
 * @param warning the weight while a check warns
 */
public record Weights(int passing, int warning) {
  /** Consul's default weights: 1 and 1. */
  public static final Weights DEFAULT = new Weights(1, 1);
}
