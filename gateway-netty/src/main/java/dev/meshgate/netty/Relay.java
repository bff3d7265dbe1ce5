package dev.meshgate.netty;

import dev.meshgate.core.catalog.Endpoint;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Relays the bytes of a client connection to an endpoint and back, unchanged: what a gateway does
 * once it knows where a connection goes. Configure one relay, share it, and add {@link
 * #newHandler(List)} to a client channel's pipeline once the endpoints are known (typically from a
 * {@code ClientHelloSniffer}'s decider); the handler receives every byte that reaches it from then
 * on, including the ones handed over by the handlers before it.
 *
 * <h2>What the handler does</h2>
 *
 * <ol>
 *   <li><b>Failover.</b> It stops reading from the client and connects to the endpoints in the
 *       order given (a route's healthy endpoints come first); a connection that fails or does not
 *       complete within {@link #connectTimeout()} moves to the next. The endpoint that accepts is
 *       reported to the {@link #observer()}; when none does, the client is closed ({@link
 *       CloseReason#NO_ENDPOINT}). A host-name endpoint is resolved by the bootstrap's resolver.
 *   <li><b>Backpressure.</b> Both channels get the {@link #writeBufferHighWaterMark() high} and
 *       {@link #writeBufferLowWaterMark() low} water marks. When one side is not writable (its
 *       peer reads slower than the other side sends), the relay stops reading from the other side
 *       until it is writable again, so what it buffers for one direction stays below the high
 *       water mark plus one read (Netty's reads are at most 64 KiB by default), whatever the
 *       peers do.
 *   <li><b>Half-close.</b> End of input on one side (a TCP FIN) becomes, once everything read
 *       before it is written, a shutdown of the output on the other side; when both directions are
 *       finished both channels are closed. A close or an error on either side closes both.
 *   <li><b>Idle timeout.</b> A connection on which nothing is read or written in either direction
 *       for {@link #idleTimeout()} is closed ({@link CloseReason#IDLE_TIMEOUT}).
 * </ol>
 *
 * <p>The relay never copies a byte: each buffer read from one side is written as it is to the
 * other, which releases it. The endpoint's channel runs on the client channel's event loop, so a
 * connection is served by one thread. Once per connection the observer gets a {@link
 * ConnectionSummary}.
 *
 * <p>A relay is immutable and thread-safe; each handler belongs to one channel.
 */
public final class Relay {
  /** Default {@link #connectTimeout()}: 5 seconds, Consul's default {@code connect_timeout}. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** Default {@link #idleTimeout()}: 1 hour, Envoy's default for a TCP proxy. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofHours(1);
  /** Default {@link #writeBufferHighWaterMark()}: 64 KiB. */
  public static final int DEFAULT_HIGH_WATER_MARK = 64 * 1024;
  /** Default {@link #writeBufferLowWaterMark()}: 32 KiB. */
  public static final int DEFAULT_LOW_WATER_MARK = 32 * 1024;
  /** Largest {@link #writeBufferHighWaterMark()} a builder accepts: 16 MiB. */
  public static final int MAX_HIGH_WATER_MARK = 16 * 1024 * 1024;

  private final Duration connectTimeout;
  private final Duration idleTimeout;
  private final long idleTimeoutNanos;
  private final WriteBufferWaterMark waterMark;
  private final Class<? extends SocketChannel> channelType;
  private final GatewayObserver observer;
  private final Bootstrap template;

  private Relay(Builder b) {
    this.connectTimeout = b.connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : b.connectTimeout;
    this.idleTimeout = b.idleTimeout == null ? DEFAULT_IDLE_TIMEOUT : b.idleTimeout;
    this.idleTimeoutNanos = idleTimeout.toNanos();
    this.waterMark = b.high == 0 ? new WriteBufferWaterMark(DEFAULT_LOW_WATER_MARK, DEFAULT_HIGH_WATER_MARK)
        : new WriteBufferWaterMark(b.low, b.high);
    this.channelType = b.channelType == null ? NioSocketChannel.class : b.channelType;
    this.observer = b.observer == null ? GatewayObserver.noop() : b.observer;
    this.template = new Bootstrap().channel(channelType)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
        .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark);
  }

  /**
   * Returns a relay with every setting at its default.
   *
   * @return a new relay
   */
  public static Relay defaults() {
    return builder().build();
  }

  /**
   * Starts configuring a relay.
   *
   * @return a new builder with nothing set
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a handler that relays one client channel to the first of {@code endpoints} that
   * accepts a connection. Add it to an active channel (or one about to become active); it starts
   * connecting when both hold.
   *
   * @param endpoints where to connect, in the order to try; may be empty (the client is then
   *     closed with {@link CloseReason#NO_ENDPOINT})
   * @return a handler that must not be shared between channels
   * @throws NullPointerException if {@code endpoints} or one of them is null
   */
  public ChannelHandler newHandler(List<Endpoint> endpoints) {
    return new RelayHandler(this, List.copyOf(endpoints), null);
  }

  /** As {@link #newHandler(List)}, with handlers added to each endpoint channel's pipeline. */
  ChannelHandler newHandler(List<Endpoint> endpoints, BackendSetup setup) {
    return new RelayHandler(this, List.copyOf(endpoints), Objects.requireNonNull(setup, "setup"));
  }

  /**
   * Returns how long a connection to one endpoint may take before the next is tried.
   *
   * @return a positive duration
   */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /**
   * Returns how long a relayed connection may go without a byte in either direction.
   *
   * @return a positive duration
   */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /**
   * Returns the number of bytes queued for one side above which the relay stops reading from the
   * other side.
   *
   * @return the high water mark in bytes
   */
  public int writeBufferHighWaterMark() {
    return waterMark.high();
  }

  /**
   * Returns the number of queued bytes below which a side that stopped being read is read again.
   *
   * @return the low water mark in bytes
   */
  public int writeBufferLowWaterMark() {
    return waterMark.low();
  }

  /**
   * Returns the observer the handlers report to.
   *
   * @return the observer; {@link GatewayObserver#noop()} unless one was set
   */
  public GatewayObserver observer() {
    return observer;
  }

  /** Returns the settings, e.g. {@code Relay{connectTimeout=PT5S, ...}}. */
  @Override
  public String toString() {
    return "Relay{connectTimeout=" + connectTimeout + ", idleTimeout=" + idleTimeout
        + ", writeBufferWaterMark=" + waterMark.low() + ".." + waterMark.high()
        + ", channelType=" + channelType.getSimpleName() + "}";
  }

  long idleTimeoutNanos() {
    return idleTimeoutNanos;
  }

  Bootstrap template() {
    return template;
  }

  WriteBufferWaterMark waterMark() {
    return waterMark;
  }

  /** Adds an endpoint channel's own handlers (such as TLS origination) before the relay's. */
  @FunctionalInterface
  interface BackendSetup {
    void setUp(io.netty.channel.Channel backend, Endpoint endpoint);
  }

  /**
   * Configures a {@link Relay}. Each setting may be set once; unset settings take their defaults.
   * {@link #build()} leaves the builder unchanged. Not thread-safe.
   */
  public static final class Builder {
    private Duration connectTimeout;
    private Duration idleTimeout;
    private int low;
    private int high;
    private Class<? extends SocketChannel> channelType;
    private GatewayObserver observer;

    private Builder() {}

    /**
     * Sets how long a connection to one endpoint may take before the next is tried.
     *
     * @param timeout 1 ms to 1 hour; default {@link #DEFAULT_CONNECT_TIMEOUT}
     * @return this builder
     * @throws IllegalStateException if it was already set
     * @throws IllegalArgumentException if {@code timeout} is out of range
     * @throws NullPointerException if {@code timeout} is null
     */
    public Builder connectTimeout(Duration timeout) {
      requireState(connectTimeout == null, "connectTimeout was already set to %s", connectTimeout);
      this.connectTimeout = checkTimeout("connectTimeout", timeout);
      return this;
    }

    /**
     * Sets how long a relayed connection may go without a byte in either direction before it is
     * closed. There is no "no timeout".
     *
     * @param timeout 1 ms to 1 day; default {@link #DEFAULT_IDLE_TIMEOUT}
     * @return this builder
     * @throws IllegalStateException if it was already set
     * @throws IllegalArgumentException if {@code timeout} is out of range
     * @throws NullPointerException if {@code timeout} is null
     */
    public Builder idleTimeout(Duration timeout) {
      requireState(idleTimeout == null, "idleTimeout was already set to %s", idleTimeout);
      Objects.requireNonNull(timeout, "timeout");
      requireArgument(timeout.compareTo(Duration.ofMillis(1)) >= 0 && timeout.compareTo(Duration.ofDays(1)) <= 0,
          "idleTimeout: %s (expected: PT0.001S..PT24H)", timeout);
      this.idleTimeout = timeout;
      return this;
    }

    /**
     * Sets the write buffer water marks of both channels, which bound what the relay buffers.
     *
     * @param lowBytes the low water mark, 1 to {@code highBytes}; default {@link
     *     #DEFAULT_LOW_WATER_MARK}
     * @param highBytes the high water mark, up to {@link #MAX_HIGH_WATER_MARK}; default {@link
     *     #DEFAULT_HIGH_WATER_MARK}
     * @return this builder
     * @throws IllegalStateException if they were already set
     * @throws IllegalArgumentException if a mark is out of range
     */
    public Builder writeBufferWaterMark(int lowBytes, int highBytes) {
      requireState(high == 0, "writeBufferWaterMark was already set to %s..%s", low, high);
      requireArgument(highBytes >= 1 && highBytes <= MAX_HIGH_WATER_MARK,
          "writeBufferWaterMark.high: %s (expected: 1..%s)", highBytes, MAX_HIGH_WATER_MARK);
      requireArgument(lowBytes >= 1 && lowBytes <= highBytes,
          "writeBufferWaterMark.low: %s (expected: 1..%s, the high mark)", lowBytes, highBytes);
      this.low = lowBytes;
      this.high = highBytes;
      return this;
    }

    /**
     * Sets the channel class of the connections to endpoints; it must match the transport of the
     * client channels' event loops (an epoll loop needs the epoll channel).
     *
     * @param type the channel class; default {@link NioSocketChannel}
     * @return this builder
     * @throws IllegalStateException if it was already set
     * @throws NullPointerException if {@code type} is null
     */
    public Builder channelType(Class<? extends SocketChannel> type) {
      requireState(channelType == null, "channelType was already set to %s", channelType);
      this.channelType = Objects.requireNonNull(type, "type");
      return this;
    }

    /**
     * Sets the observer the handlers report each connection to.
     *
     * @param observer the observer; default {@link GatewayObserver#noop()}
     * @return this builder
     * @throws IllegalStateException if it was already set
     * @throws NullPointerException if {@code observer} is null
     */
    public Builder observer(GatewayObserver observer) {
      requireState(this.observer == null, "observer was already set to %s", this.observer);
      this.observer = Objects.requireNonNull(observer, "observer");
      return this;
    }

    /**
     * Builds a relay with the settings made so far.
     *
     * @return a new, immutable relay
     */
    public Relay build() {
      return new Relay(this);
    }

    private static Duration checkTimeout(String name, Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      requireArgument(timeout.compareTo(Duration.ofMillis(1)) >= 0 && timeout.compareTo(Duration.ofHours(1)) <= 0,
          "%s: %s (expected: PT0.001S..PT1H)", name, timeout);
      return timeout;
    }

    private static void requireArgument(boolean valid, String format, Object... args) {
      if (!valid) {
        throw new IllegalArgumentException(String.format(Locale.ROOT, format, args));
      }
    }

    private static void requireState(boolean valid, String format, Object... args) {
      if (!valid) {
        throw new IllegalStateException(String.format(Locale.ROOT, format, args));
      }
    }
  }
}
