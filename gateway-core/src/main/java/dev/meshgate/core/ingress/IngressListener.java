package dev.meshgate.core.ingress;

import dev.meshgate.core.internal.Require;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One port of an ingress gateway, as Consul's {@code IngressListener}, plus one meshgate setting:
 * {@link #sniRouting()}.
 *
 * <p>The protocol is normalized as Consul does: lower-cased, empty meaning {@code tcp}. An HTTP-like
 * listener ({@code http}, {@code http2}, {@code grpc}) routes requests by their Host header among
 * its services. A {@code tcp} listener forwards every connection to its single service; with
 * {@code sniRouting} (not in Consul, which users ask for in consul#11036) it terminates TLS and
 * chooses among several services by the ClientHello's server name, matched against each service's
 * {@code Hosts} (exact or {@code *.suffix}), so Kafka or Postgres clusters can share one port.
 *
 * <p>Immutable and thread-safe.
 *
 * @param port the port
 * @param protocol the normalized protocol, as written when it is not one of the four
 * @param tls listener TLS overriding the gateway's, or empty
 * @param services the services, in order
 * @param sniRouting whether a {@code tcp} listener chooses its service by SNI (meshgate only)
 */
public record IngressListener(
    int port, String protocol, Optional<GatewayTls> tls, List<IngressService> services, boolean sniRouting) {
  /**
   * Normalizes the protocol and copies the services.
   *
   * @param port the port
   * @param protocol the protocol; empty means {@code tcp}, letter case is ignored
   * @param tls listener TLS, or empty
   * @param services the services
   * @param sniRouting whether a {@code tcp} listener chooses its service by SNI
   */
  public IngressListener {
    protocol = protocol.isEmpty() ? "tcp" : protocol.toLowerCase(Locale.ROOT);
    services = List.copyOf(services);
  }

  /**
   * Starts building a listener.
   *
   * @param port the port
   * @return a builder
   */
  public static Builder builder(int port) {
    return new Builder(port);
  }

  /**
   * Builds an {@link IngressListener}. Each setting may be set once; services accumulate in order.
   * {@link #build()} leaves the builder reusable. Not thread-safe.
   */
  public static final class Builder {
    private final int port;
    private String protocol;
    private GatewayTls tls;
    private Boolean sniRouting;
    private final List<IngressService> services = new ArrayList<>();

    private Builder(int port) {
      this.port = port;
    }

    /**
     * Sets the protocol (default: {@code tcp}).
     *
     * @param value {@code tcp}, {@code http}, {@code http2} or {@code grpc}, in any case
     * @return this builder
     */
    public Builder protocol(String value) {
      protocol = Require.once(protocol, value, "protocol");
      return this;
    }

    /**
     * Sets the listener's TLS (default: the gateway's).
     *
     * @param value the TLS settings
     * @return this builder
     */
    public Builder tls(GatewayTls value) {
      tls = Require.once(tls, value, "tls");
      return this;
    }

    /**
     * Turns SNI routing on for a {@code tcp} listener (default: off). meshgate only.
     *
     * @param value whether the service is chosen by the ClientHello's server name
     * @return this builder
     */
    public Builder sniRouting(boolean value) {
      sniRouting = Require.once(sniRouting, value, "sniRouting");
      return this;
    }

    /**
     * Appends services.
     *
     * @param values the services, in order
     * @return this builder
     */
    public Builder services(IngressService... values) {
      services.addAll(List.of(values));
      return this;
    }

    /**
     * Appends a service by name, with its default domains.
     *
     * @param name the service name, or {@code *}
     * @return this builder
     */
    public Builder service(String name) {
      services.add(IngressService.of(name));
      return this;
    }

    /**
     * Builds the listener.
     *
     * @return the listener
     */
    public IngressListener build() {
      return new IngressListener(port, protocol != null ? protocol : "", Optional.ofNullable(tls), services,
          sniRouting != null && sniRouting);
    }
  }
}
