package dev.meshgate.core.catalog;

/**
 * What a service instance is, as Consul's service {@code Kind} together with its
 * {@code Connect.Native} flag. Constants are immutable and thread-safe.
 */
public enum ServiceKind {
  /** An ordinary service (Consul kind {@code ""}, not Connect-native). */
  TYPICAL,
  /**
   * A Connect-native service: Consul kind {@code ""} with {@code Connect.Native = true}. It speaks
   * mesh mTLS itself, so it counts as Connect-capable and never as a "real" plaintext instance for a
   * terminating gateway.
   */
  CONNECT_NATIVE,
  /** A sidecar or other Connect proxy (kind {@code connect-proxy}) fronting one service. */
  CONNECT_PROXY,
  /** A mesh gateway (kind {@code mesh-gateway}). */
  MESH_GATEWAY,
  /** A terminating gateway (kind {@code terminating-gateway}). */
  TERMINATING_GATEWAY,
  /** An ingress gateway (kind {@code ingress-gateway}). */
  INGRESS_GATEWAY;

  /**
   * Tells whether Consul counts the instance as "typical" kind when a gateway's wildcard looks for
   * services: {@link #TYPICAL} and {@link #CONNECT_NATIVE}.
   *
   * @return true for the two kinds Consul stores with kind {@code ""}
   */
  public boolean isTypicalKind() {
    return this == TYPICAL || this == CONNECT_NATIVE;
  }

  /**
   * Tells whether the instance is Connect-capable on its own (a proxy or a native service).
   *
   * @return true for {@link #CONNECT_PROXY} and {@link #CONNECT_NATIVE}
   */
  public boolean isConnect() {
    return this == CONNECT_PROXY || this == CONNECT_NATIVE;
  }

  /**
   * Returns Consul's {@code Kind} string.
   *
   * @return e.g. {@code connect-proxy}; {@code ""} for typical and Connect-native services
   */
  public String wireName() {
    return switch (this) {
      case TYPICAL, CONNECT_NATIVE -> "";
      case CONNECT_PROXY -> "connect-proxy";
      case MESH_GATEWAY -> "mesh-gateway";
      case TERMINATING_GATEWAY -> "terminating-gateway";
      case INGRESS_GATEWAY -> "ingress-gateway";
    };
  }
}
