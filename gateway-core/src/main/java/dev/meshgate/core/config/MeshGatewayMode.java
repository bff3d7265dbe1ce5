package dev.meshgate.core.config;

import dev.meshgate.core.internal.text.GoText;

/**
 * How a caller reaches a service in another datacenter or admin partition, as Consul's
 * {@code MeshGateway.Mode}: directly, or through a mesh gateway on its own side or on the target's.
 * {@link #DEFAULT} defers to the next configuration layer; see the {@code mesh} package for how the
 * layers combine. Constants are immutable and thread-safe.
 */
public enum MeshGatewayMode {
  /** {@code ""}: not set at this layer; the next layer decides. */
  DEFAULT(""),
  /** {@code none}: dial the target's instances directly. */
  NONE("none"),
  /** {@code local}: go through a mesh gateway in the caller's datacenter or partition. */
  LOCAL("local"),
  /** {@code remote}: go through a mesh gateway in the target's datacenter or partition. */
  REMOTE("remote");

  private final String wireName;

  MeshGatewayMode(String wireName) {
    this.wireName = wireName;
  }

  /**
   * Returns the value as written in Consul's configuration.
   *
   * @return {@code ""}, {@code none}, {@code local} or {@code remote}
   */
  public String wireName() {
    return wireName;
  }

  /**
   * Parses a mode exactly as Consul's {@code ValidateMeshGatewayMode} does: case-sensitive, empty
   * is {@link #DEFAULT}.
   *
   * @param value the mode as written
   * @return the mode
   * @throws IllegalArgumentException with Consul's text {@code Invalid Mesh Gateway Mode: "<v>"}
   *     for any other value
   */
  public static MeshGatewayMode parse(String value) {
    for (MeshGatewayMode mode : values()) {
      if (mode.wireName.equals(value)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("Invalid Mesh Gateway Mode: " + GoText.quote(value));
  }

  /**
   * Returns the mode of a higher layer laid over this one, as Consul's {@code OverlayWith}: the
   * overlay wins unless it is {@link #DEFAULT}.
   *
   * @param overlay the higher layer's mode
   * @return {@code overlay}, or this mode when the overlay is {@link #DEFAULT}
   */
  public MeshGatewayMode overlayWith(MeshGatewayMode overlay) {
    return overlay == DEFAULT ? this : overlay;
  }

  @Override
  public String toString() {
    return wireName.isEmpty() ? "default" : wireName;
  }
}
