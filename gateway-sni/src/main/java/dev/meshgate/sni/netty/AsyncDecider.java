package dev.meshgate.sni.netty;

import dev.meshgate.sni.ClientHello;
import dev.meshgate.sni.NotTls;
import dev.meshgate.sni.ParseResult;
import io.netty.channel.Channel;
import java.util.concurrent.CompletionStage;

/**
 * Decides, possibly later, what happens to a connection once its ClientHello is known: for a
 * decision that waits for I/O, such as a route lookup in a remote catalog.
 *
 * <p>Called at most once per connection, on the channel's event loop. The stage may complete on
 * any thread; the handler continues on the event loop. While it is pending the handler holds back
 * {@code read()} requests (as Netty's {@code SslClientHelloHandler} does) and buffers bytes that
 * still arrive, up to {@link dev.meshgate.sni.ClientHelloParser#maxStreamLength()} of them (more
 * closes the connection); all of them follow the hello downstream, in order. The handshake
 * timeout keeps running: a decision that never completes closes the connection when it expires.
 * A stage that completes exceptionally or with null, or a call that throws, closes the
 * connection (fail closed) as for {@link Decider}.
 */
@FunctionalInterface
public interface AsyncDecider {

  /**
   * Starts deciding the fate of one connection.
   *
   * @param channel the connection; nothing has been passed down its pipeline yet
   * @param result a {@link ClientHello} that stays valid after the connection's buffers are
   *     released, or a {@link NotTls} when the policy is {@link NotTlsPolicy#PASS}
   * @return a stage completed with {@link Decision#forward()} or {@link Decision#close(String)}
   * @throws Exception to fail closed
   */
  @SuppressWarnings("exports") // Netty is optional: only callers of this package need it.
  CompletionStage<Decision> decide(Channel channel, ParseResult result) throws Exception;
}
