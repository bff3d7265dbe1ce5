package dev.meshgate.sni.netty;

import dev.meshgate.sni.ClientHello;
import dev.meshgate.sni.NotTls;
import dev.meshgate.sni.ParseResult;
import java.time.Duration;
import java.util.Objects;

/**
 * The user event the sniffing handler fires, exactly once per connection that reaches an outcome,
 * to the handlers after it: {@link Accepted} just before the bytes are passed on, {@link Rejected}
 * or {@link TimedOut} just before the channel is closed. A connection that closes, or whose
 * pipeline fails, before an outcome gets no event. Implementations are immutable and thread-safe.
 */
public sealed interface SniffEvent
    permits SniffEvent.Accepted, SniffEvent.Rejected, SniffEvent.TimedOut {

  /**
   * The decider forwarded the connection; its bytes follow this event.
   *
   * @param result the {@link ClientHello}, or the {@link NotTls} result of a plaintext connection
   *     under {@link NotTlsPolicy#PASS}. A hello decided by a synchronous {@link Decider} reads
   *     the connection's received bytes in place and is valid only while this event is handled,
   *     before those bytes go on down the pipeline; call {@link ClientHello#detach()} to keep it.
   *     A hello decided by an {@link AsyncDecider} is already detached
   */
  record Accepted(ParseResult result) implements SniffEvent {
    /**
     * Checks the result.
     *
     * @param result a {@link ClientHello} or {@link NotTls}
     * @throws NullPointerException if {@code result} is null
     * @throws IllegalArgumentException if it is another kind of result
     */
    public Accepted {
      Objects.requireNonNull(result, "result");
      if (!(result instanceof ClientHello) && !(result instanceof NotTls)) {
        throw new IllegalArgumentException(
            "result: " + result + " (expected: a ClientHello or NotTls)");
      }
    }
  }

  /**
   * The connection is being closed: its first bytes are malformed, too large or not TLS (under
   * {@link NotTlsPolicy#CLOSE}), the decider closed it or failed, too many bytes arrived while the
   * decision was pending, or the client shut its output down before the hello was complete.
   *
   * @param result what the parser found: the {@code Malformed}, {@code TooLarge} or {@link NotTls}
   *     result, the {@link ClientHello} the decider rejected (detached: it stays valid), or the
   *     last {@code NeedMoreData}
   * @param reason why, e.g. {@code server_name at offset 161: more than one host_name entry}
   */
  record Rejected(ParseResult result, String reason) implements SniffEvent {
    /**
     * Checks the components.
     *
     * @param result what the parser found
     * @param reason why the connection is closed
     * @throws NullPointerException if an argument is null
     */
    public Rejected {
      Objects.requireNonNull(result, "result");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * No decision was reached within the handshake timeout: the hello did not arrive in time, or
   * an asynchronous decision did not complete. The connection is being closed.
   *
   * @param timeout the configured handshake timeout
   * @param bytesReceived how many bytes the client had sent
   */
  record TimedOut(Duration timeout, int bytesReceived) implements SniffEvent {
    /**
     * Checks the components.
     *
     * @param timeout the configured handshake timeout
     * @param bytesReceived how many bytes the client had sent
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code bytesReceived} is negative
     */
    public TimedOut {
      Objects.requireNonNull(timeout, "timeout");
      if (bytesReceived < 0) {
        throw new IllegalArgumentException(
            "bytesReceived: " + bytesReceived + " (expected: >= 0)");
      }
    }
  }
}
