package dev.meshgate.examples.gateway;

/**
 * One running gateway of one kind: what the admin endpoint shows of its routes, and closing it.
 * Where its config comes from is {@link FromDirectory}'s or a Consul follower's business.
 */
interface Kind extends AutoCloseable {
  /** The current routes, as the admin endpoint's {@code /routes} shows them (a JSON tree). */
  Object routes();

  @Override
  void close();

  /**
   * A gateway built from the first good read of its config directory. It takes each later good
   * read as a whole or refuses it, keeping the previous one serving.
   */
  interface FromDirectory extends Kind {
    /**
     * Applies a read that had no problems.
     *
     * @throws Exception if the gateway refuses it; what served before serves on
     */
    void apply(GatewayConfig config) throws Exception;
  }
}
