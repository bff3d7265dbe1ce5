package dev.meshgate.sni.netty;

import dev.meshgate.sni.ClientHello;
import dev.meshgate.sni.NotTls;
import dev.meshgate.sni.ParseResult;
import io.netty.channel.Channel;

/**
 * Decides, synchronously, what happens to a connection once its ClientHello is known.
 *
 * <p>Called at most once per connection, on the channel's event loop, so it must not block; use
 * an {@link AsyncDecider} for a decision that waits for I/O. It may change the channel's pipeline,
 * typically to add the handlers that serve the connection: handlers after the sniffing handler
 * receive the {@link SniffEvent.Accepted} event first and then the bytes. If it throws, the
 * connection is closed (fail closed), {@link SniffEvent.Rejected} is fired with the exception in
 * its reason, and the exception is passed on with {@code fireExceptionCaught}.
 */
@FunctionalInterface
public interface Decider {

  /**
   * Decides the fate of one connection.
   *
   * @param channel the connection; nothing has been passed down its pipeline yet
   * @param result a {@link ClientHello}, or a {@link NotTls} when the policy is {@link
   *     NotTlsPolicy#PASS}. The hello reads the connection's received bytes in place: it is valid
   *     until this method returns (and again in the {@link SniffEvent.Accepted} event that
   *     follows); call {@link ClientHello#detach()} to keep it longer
   * @return {@link Decision#forward()} or {@link Decision#close(String)}; never null
   * @throws Exception to fail closed
   */
  @SuppressWarnings("exports") // Netty is optional: only callers of this package need it.
  Decision decide(Channel channel, ParseResult result) throws Exception;
}
