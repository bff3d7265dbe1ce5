package dev.meshgate.core.catalog;

import dev.meshgate.core.config.MeshGatewayMode;
import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.internal.Require;
import java.util.Objects;
import java.util.Optional;

/**
 * The facts of a partition's {@code proxy-defaults} config entry (Consul names it {@code global})
 * that gateways resolve services with: the default protocol ({@code Config["protocol"]}) of services
 * whose {@code service-defaults} set none, and the default {@code MeshGateway} mode.
 *
 * <p>Immutable and thread-safe; {@link #equals} compares every field.
 */
public final class ProxyDefaults {
  /** The only name Consul accepts for a {@code proxy-defaults} entry. */
  public static final String NAME = "global";

  private final String partition;
  private final Optional<Protocol> protocol;
  private final MeshGatewayMode meshGatewayMode;

  private ProxyDefaults(Builder b) {
    this.partition = b.partition != null && !b.partition.isEmpty() ? b.partition : ServiceName.DEFAULT;
    this.protocol = Optional.ofNullable(b.protocol);
    this.meshGatewayMode = b.meshGatewayMode != null ? b.meshGatewayMode : MeshGatewayMode.DEFAULT;
  }

  /**
   * Starts building the entry of the default partition.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the admin partition the entry applies to.
   *
   * @return the partition, {@code default} when none was given
   */
  public String partition() {
    return partition;
  }

  /**
   * Returns the default protocol, if the entry sets one.
   *
   * @return the protocol, or empty
   */
  public Optional<Protocol> protocol() {
    return protocol;
  }

  /**
   * Returns the default {@code MeshGateway.Mode} of the partition.
   *
   * @return the mode; {@link MeshGatewayMode#DEFAULT} when unset
   */
  public MeshGatewayMode meshGatewayMode() {
    return meshGatewayMode;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProxyDefaults other
        && partition.equals(other.partition)
        && protocol.equals(other.protocol)
        && meshGatewayMode == other.meshGatewayMode;
  }

  @Override
  public int hashCode() {
    return Objects.hash(partition, protocol, meshGatewayMode);
  }

  @Override
  public String toString() {
    return "ProxyDefaults[partition=" + partition + protocol.map(p -> ", protocol=" + p).orElse("")
        + ", meshGateway=" + meshGatewayMode + "]";
  }

  /**
   * Builds {@link ProxyDefaults}. Each setting may be set once; {@link #build()} leaves the builder
   * reusable. Not thread-safe.
   */
  public static final class Builder {
    private String partition;
    private Protocol protocol;
    private MeshGatewayMode meshGatewayMode;

    private Builder() {}

    /**
     * Sets the admin partition (default: {@code default}).
     *
     * @param value the partition
     * @return this builder
     */
    public Builder partition(String value) {
      partition = Require.once(partition, value, "partition");
      return this;
    }

    /**
     * Sets the default protocol (default: none, which means tcp).
     *
     * @param value the protocol
     * @return this builder
     */
    public Builder protocol(Protocol value) {
      protocol = Require.once(protocol, value, "protocol");
      return this;
    }

    /**
     * Sets the default {@code MeshGateway.Mode} (default: {@link MeshGatewayMode#DEFAULT}).
     *
     * @param value the mode
     * @return this builder
     */
    public Builder meshGatewayMode(MeshGatewayMode value) {
      meshGatewayMode = Require.once(meshGatewayMode, value, "meshGatewayMode");
      return this;
    }

    /**
     * Builds the entry.
     *
     * @return the entry
     */
    public ProxyDefaults build() {
      return new ProxyDefaults(this);
    }
  }
}
