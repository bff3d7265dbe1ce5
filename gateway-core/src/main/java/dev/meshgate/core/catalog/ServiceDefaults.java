package dev.meshgate.core.catalog;

import dev.meshgate.core.config.MeshGatewayMode;
import dev.meshgate.core.config.Protocol;
import dev.meshgate.core.internal.Require;
import dev.meshgate.core.internal.SetOnce;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The facts of a {@code service-defaults} config entry that gateways resolve a service with: its
 * protocol, its {@code Destination} (an address outside the mesh reached through a terminating
 * gateway), its {@code ExternalSNI} and its {@code MeshGateway} mode. More fields can be added
 * without breaking callers, which is why this is a class with a builder rather than a record.
 *
 * <p>Immutable and thread-safe; {@link #equals} compares every field.
 */
public final class ServiceDefaults {
  private final ServiceName service;
  private final Optional<Protocol> protocol;
  private final Optional<Destination> destination;
  private final String externalSni;
  private final MeshGatewayMode meshGatewayMode;

  private ServiceDefaults(Builder b) {
    this.service = b.service;
    this.protocol = Optional.ofNullable(b.protocol);
    this.destination = Optional.ofNullable(b.destination);
    this.externalSni = b.externalSni != null ? b.externalSni : "";
    this.meshGatewayMode = b.meshGatewayMode != null ? b.meshGatewayMode : MeshGatewayMode.DEFAULT;
  }

  /**
   * Starts building the defaults of a service.
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
   * Returns the protocol ({@code Protocol}); {@link Protocol#TCP} when unset. Where a
   * {@code proxy-defaults} protocol should apply to services that set none, use
   * {@link CatalogSnapshot#protocol(ServiceName)}.
   *
   * @return the protocol
   */
  public Protocol protocol() {
    return protocol.orElse(Protocol.TCP);
  }

  /**
   * Returns the protocol if the entry sets one.
   *
   * @return the protocol as written, or empty
   */
  public Optional<Protocol> configuredProtocol() {
    return protocol;
  }

  /**
   * Returns the {@code MeshGateway.Mode}: how callers reach this service in another datacenter or
   * partition, unless a caller's own configuration says otherwise.
   *
   * @return the mode; {@link MeshGatewayMode#DEFAULT} when unset
   */
  public MeshGatewayMode meshGatewayMode() {
    return meshGatewayMode;
  }

  /**
   * Returns the {@code Destination}, if any.
   *
   * @return the destination of a service outside the mesh, or empty
   */
  public Optional<Destination> destination() {
    return destination;
  }

  /**
   * Returns the {@code ExternalSNI}, or empty when unset.
   *
   * @return the SNI that replaces the service's own SNI for callers, or empty
   */
  public String externalSni() {
    return externalSni;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ServiceDefaults other
        && service.equals(other.service)
        && protocol.equals(other.protocol)
        && destination.equals(other.destination)
        && externalSni.equals(other.externalSni)
        && meshGatewayMode == other.meshGatewayMode;
  }

  @Override
  public int hashCode() {
    return Objects.hash(service, protocol, destination, externalSni, meshGatewayMode);
  }

  @Override
  public String toString() {
    return "ServiceDefaults[" + service + ", protocol=" + protocol()
        + destination.map(d -> ", destination=" + d).orElse("")
        + (externalSni.isEmpty() ? "" : ", externalSni=" + externalSni)
        + (meshGatewayMode == MeshGatewayMode.DEFAULT ? "" : ", meshGateway=" + meshGatewayMode) + "]";
  }

  /**
   * A {@code service-defaults} {@code Destination}: the addresses (IP literals or host names) and
   * the port a terminating gateway forwards the service's traffic to.
   *
   * @param addresses the addresses, at least one, none empty
   * @param port the port, 1..65535
   */
  public record Destination(List<String> addresses, int port) {
    /**
     * Validates the destination and copies the addresses.
     *
     * @param addresses the addresses, at least one, none empty
     * @param port the port, 1..65535
     * @throws IllegalArgumentException if there is no address, an empty one, or the port is out of
     *     range
     */
    public Destination {
      addresses = List.copyOf(addresses);
      Require.argument(!addresses.isEmpty(), "Destination.Addresses: [] (expected: at least one address)");
      Require.argument(!addresses.contains(""), "Destination.Addresses: %s (expected: no empty address)", addresses);
      Require.argument(port >= 1 && port <= 65535, "Destination.Port: %d (expected: 1-65535)", port);
    }
  }

  /**
   * Builds {@link ServiceDefaults}. Each setting may be set once; {@link #build()} leaves the
   * builder reusable. Not thread-safe.
   */
  public static final class Builder {
    private final SetOnce setOnce = new SetOnce();
    private final ServiceName service;
    private Protocol protocol;
    private Destination destination;
    private String externalSni;
    private MeshGatewayMode meshGatewayMode;

    private Builder(ServiceName service) {
      this.service = service;
    }

    /**
     * Sets the protocol (default: {@link Protocol#TCP}).
     *
     * @param value the protocol
     * @return this builder
     */
    public Builder protocol(Protocol value) {
      setOnce.check("protocol", protocol);
      protocol = value;
      return this;
    }

    /**
     * Sets the {@code Destination} (default: none).
     *
     * @param value the destination
     * @return this builder
     */
    public Builder destination(Destination value) {
      setOnce.check("destination", destination);
      destination = value;
      return this;
    }

    /**
     * Sets the {@code ExternalSNI} (default: none).
     *
     * @param value the SNI callers use instead of the service's own
     * @return this builder
     */
    public Builder externalSni(String value) {
      setOnce.check("externalSni", externalSni);
      externalSni = value;
      return this;
    }

    /**
     * Sets the {@code MeshGateway.Mode} (default: {@link MeshGatewayMode#DEFAULT}).
     *
     * @param value the mode
     * @return this builder
     */
    public Builder meshGatewayMode(MeshGatewayMode value) {
      setOnce.check("meshGatewayMode", meshGatewayMode);
      meshGatewayMode = value;
      return this;
    }

    /**
     * Builds the defaults.
     *
     * @return the defaults
     */
    public ServiceDefaults build() {
      return new ServiceDefaults(this);
    }
  }
}
