package dev.meshgate.sni.netty;

import dev.meshgate.sni.ClientHello;
import dev.meshgate.sni.ClientHelloParser;
import dev.meshgate.sni.Malformed;
import dev.meshgate.sni.NeedMoreData;
import dev.meshgate.sni.NotTls;
import dev.meshgate.sni.TooLarge;
import io.netty.channel.ChannelHandler;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Sniffs the TLS ClientHello at the start of a connection, lets a {@link Decider} route or refuse
 * the connection by it, then gets out of the way: a mesh gateway never decrypts. Configure one
 * sniffer, share it, and put {@link #newHandler()} first in each new channel's pipeline:
 *
 * <pre>{@code
 * ClientHelloSniffer sniffer = ClientHelloSniffer.builder()
 *     .decider((channel, result) -> result instanceof ClientHello hello && routes.has(hello)
 *         ? Decision.forward() : Decision.close("no route"))
 *     .build();
 * // in ChannelInitializer.initChannel(ch):
 * ch.pipeline().addLast(sniffer.newHandler(), new ProxyHandler());
 * }</pre>
 *
 * <h2>What the handler does</h2>
 *
 * <ol>
 *   <li>It buffers the inbound bytes and parses them with {@link #parser()} as they arrive, again
 *       only once the {@link NeedMoreData#minimumLength() minimum} the last parse asked for is
 *       there (so a client sending one byte at a time costs a handful of parses, not one per
 *       byte). It never holds more than {@link ClientHelloParser#maxStreamLength()} bytes of the
 *       hello and grows its buffer from bytes received, never from a length the peer declared.
 *       When one read holds the whole hello it copies nothing to the heap: a heap buffer is
 *       parsed in place, a direct one through a per-thread scratch array, and the buffer is
 *       passed on untouched. The {@link ClientHello} a synchronous decider and the {@link
 *       SniffEvent.Accepted} event get reads those bytes: valid during the call and the event,
 *       {@link ClientHello#detach()} to keep it. An asynchronous decider and {@link
 *       SniffEvent.Rejected} get a detached hello.
 *   <li>On a {@link ClientHello} (or a {@link NotTls} start under {@link NotTlsPolicy#PASS}) it
 *       calls the decider. On {@link Decision#forward()} it fires {@link SniffEvent.Accepted},
 *       removes itself from the pipeline and passes every byte received, unchanged and in order,
 *       to the next handler, in one or more {@code ByteBuf} messages: bytes after the hello in
 *       the same read, and reads that arrived while an asynchronous decision was pending,
 *       included.
 *   <li>On {@link Malformed}, {@link TooLarge}, {@link NotTls} under {@link NotTlsPolicy#CLOSE},
 *       or a {@link Decision.Close}, it releases what it holds, fires {@link SniffEvent.Rejected}
 *       with the reason, logs the reason at DEBUG and closes the channel (fail closed).
 *   <li>If no decision is reached within {@link #handshakeTimeout()} of the channel becoming
 *       active, it fires {@link SniffEvent.TimedOut} and closes the channel.
 *   <li>If the channel closes or an exception reaches it before the decision, it releases
 *       everything it holds; an exception also closes the channel and is passed on.
 *   <li>If the handler is removed from the pipeline before the decision, it fires no event and
 *       passes every byte it holds, unchanged and in order, to the next handler, as a decoder
 *       hands on what it has accumulated: the next handler reads the stream from its first byte.
 * </ol>
 *
 * <p>A message that is not a {@code ByteBuf} (such as a decoded PROXY protocol header) passes
 * straight through while no byte has been received; after that it waits behind the bytes, and if
 * it arrives in the middle of the hello the connection fails closed. With auto-read off, the
 * handler issues the reads it needs until the hello is complete.
 *
 * <h2>Threading and logging</h2>
 *
 * A sniffer is immutable and thread-safe; each handler belongs to one channel and runs on its
 * event loop, where the decider and every event are called too. The handler logs through Netty's
 * {@code InternalLoggerFactory} (which uses SLF4J when it is present), so this module needs no
 * logging dependency: rejections and timeouts at DEBUG, nothing per byte.
 */
public final class ClientHelloSniffer {

  /** Default {@link #handshakeTimeout()}: 10 seconds. */
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
  /** Longest {@link #handshakeTimeout()} a builder accepts: 1 hour. */
  public static final Duration MAX_HANDSHAKE_TIMEOUT = Duration.ofHours(1);

  private static final Decider FORWARD_ALL = (channel, result) -> Decision.forward();

  private final ClientHelloParser parser;
  private final Duration handshakeTimeout;
  private final long handshakeTimeoutNanos;
  private final NotTlsPolicy notTlsPolicy;
  private final Decider decider;
  private final AsyncDecider asyncDecider;

  private ClientHelloSniffer(ClientHelloParser parser, Duration handshakeTimeout,
      NotTlsPolicy notTlsPolicy, Decider decider, AsyncDecider asyncDecider) {
    this.parser = parser;
    this.handshakeTimeout = handshakeTimeout;
    this.handshakeTimeoutNanos = handshakeTimeout.toNanos();
    this.notTlsPolicy = notTlsPolicy;
    this.decider = decider;
    this.asyncDecider = asyncDecider;
  }

  /**
   * Starts configuring a sniffer.
   *
   * @return a new builder with nothing set
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a new handler for one channel. Add it before the handlers that serve the connection;
   * it removes itself once the connection is forwarded.
   *
   * @return a handler that must not be shared between channels
   */
  @SuppressWarnings("exports") // Netty is optional: only callers of this package need it.
  public ChannelHandler newHandler() {
    return new SniffingHandler(this);
  }

  /**
   * Returns the parser, whose limits bound what the handler buffers.
   *
   * @return the parser
   */
  public ClientHelloParser parser() {
    return parser;
  }

  /**
   * Returns how long a connection may take, from becoming active, to send its ClientHello and
   * have it decided.
   *
   * @return a positive duration
   */
  public Duration handshakeTimeout() {
    return handshakeTimeout;
  }

  /**
   * Returns what happens to a connection that does not start with TLS.
   *
   * @return the policy
   */
  public NotTlsPolicy notTlsPolicy() {
    return notTlsPolicy;
  }

  /** Returns the settings, e.g. {@code ClientHelloSniffer{handshakeTimeout=PT10S, ...}}. */
  @Override
  public String toString() {
    return "ClientHelloSniffer{handshakeTimeout=" + handshakeTimeout
        + ", notTlsPolicy=" + notTlsPolicy
        + ", decider=" + (asyncDecider != null ? "asynchronous" : "synchronous")
        + ", parser=" + parser + "}";
  }

  long handshakeTimeoutNanos() {
    return handshakeTimeoutNanos;
  }

  /** The synchronous decider, or null when an asynchronous one is configured. */
  Decider decider() {
    return decider;
  }

  /** The asynchronous decider, or null. */
  AsyncDecider asyncDecider() {
    return asyncDecider;
  }

  /**
   * Configures a {@link ClientHelloSniffer}. Each setting may be set once; unset settings take
   * their defaults, and without a decider every connection is forwarded (the events still tell
   * what was sniffed). {@link #build()} leaves the builder unchanged, so it can build again. Not
   * thread-safe.
   */
  public static final class Builder {
    private ClientHelloParser parser;
    private Duration handshakeTimeout;
    private NotTlsPolicy notTlsPolicy;
    private Decider decider;
    private AsyncDecider asyncDecider;

    private Builder() {}

    /**
     * Sets the parser, and with it the limits on what a handler buffers.
     *
     * @param parser the parser; default {@link ClientHelloParser#defaults()}
     * @return this builder
     * @throws IllegalStateException if it was already set
     * @throws NullPointerException if {@code parser} is null
     */
    public Builder parser(ClientHelloParser parser) {
      requireState(this.parser == null, "parser was already set to %s", this.parser);
      this.parser = Objects.requireNonNull(parser, "parser");
      return this;
    }

    /**
     * Sets how long a connection may take, from becoming active, to send its ClientHello and have
     * it decided; when it expires the connection is closed. There is no "no timeout".
     *
     * @param timeout 1 ms to {@link #MAX_HANDSHAKE_TIMEOUT}; default {@link
     *     #DEFAULT_HANDSHAKE_TIMEOUT}
     * @return this builder
     * @throws IllegalStateException if it was already set
     * @throws IllegalArgumentException if {@code timeout} is out of range
     * @throws NullPointerException if {@code timeout} is null
     */
    public Builder handshakeTimeout(Duration timeout) {
      requireState(handshakeTimeout == null,
          "handshakeTimeout was already set to %s", handshakeTimeout);
      Objects.requireNonNull(timeout, "timeout");
      requireArgument(timeout.compareTo(Duration.ofMillis(1)) >= 0
              && timeout.compareTo(MAX_HANDSHAKE_TIMEOUT) <= 0,
          "handshakeTimeout: %s (expected: PT0.001S..%s)", timeout, MAX_HANDSHAKE_TIMEOUT);
      this.handshakeTimeout = timeout;
      return this;
    }

    /**
     * Sets what happens to a connection whose first bytes are not TLS.
     *
     * @param policy the policy; default {@link NotTlsPolicy#CLOSE}
     * @return this builder
     * @throws IllegalStateException if it was already set
     * @throws NullPointerException if {@code policy} is null
     */
    public Builder notTls(NotTlsPolicy policy) {
      requireState(notTlsPolicy == null, "notTls was already set to %s", notTlsPolicy);
      this.notTlsPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Sets a synchronous decider. At most one decider, synchronous or not, may be set.
     *
     * @param decider called once per connection on its event loop
     * @return this builder
     * @throws IllegalStateException if a decider was already set
     * @throws NullPointerException if {@code decider} is null
     */
    public Builder decider(Decider decider) {
      requireNoDecider();
      this.decider = Objects.requireNonNull(decider, "decider");
      return this;
    }

    /**
     * Sets an asynchronous decider. At most one decider, synchronous or not, may be set.
     *
     * @param decider called once per connection on its event loop
     * @return this builder
     * @throws IllegalStateException if a decider was already set
     * @throws NullPointerException if {@code decider} is null
     */
    public Builder asyncDecider(AsyncDecider decider) {
      requireNoDecider();
      this.asyncDecider = Objects.requireNonNull(decider, "decider");
      return this;
    }

    /**
     * Builds a sniffer with the settings made so far.
     *
     * @return a new, immutable sniffer
     */
    public ClientHelloSniffer build() {
      Decider sync = decider == null && asyncDecider == null ? FORWARD_ALL : decider;
      return new ClientHelloSniffer(
          parser == null ? ClientHelloParser.defaults() : parser,
          handshakeTimeout == null ? DEFAULT_HANDSHAKE_TIMEOUT : handshakeTimeout,
          notTlsPolicy == null ? NotTlsPolicy.CLOSE : notTlsPolicy,
          sync, asyncDecider);
    }

    private void requireNoDecider() {
      requireState(decider == null && asyncDecider == null, "%s decider was already set",
          decider != null ? "a synchronous" : "an asynchronous");
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
