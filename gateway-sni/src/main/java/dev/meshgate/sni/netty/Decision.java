package dev.meshgate.sni.netty;

import java.util.Objects;

/**
 * What a {@link Decider} makes of a connection once its ClientHello (or, under {@link
 * NotTlsPolicy#PASS}, its plaintext start) is known: {@link Forward forward} the bytes unchanged to
 * the rest of the pipeline, or {@link Close close} the connection. Implementations are immutable
 * and thread-safe.
 */
public sealed interface Decision permits Decision.Forward, Decision.Close {

  /**
   * Returns the decision to pass every byte received, unchanged and in order, to the handlers
   * after the sniffing handler.
   *
   * @return a shared instance
   */
  static Decision forward() {
    return Forward.INSTANCE;
  }

  /**
   * Returns the decision to close the connection without passing anything on.
   *
   * @param reason why, for the {@link SniffEvent.Rejected} event and the DEBUG log, e.g. {@code
   *     no route for api.example.com}
   * @return the decision
   * @throws NullPointerException if {@code reason} is null
   */
  static Decision close(String reason) {
    return new Close(reason);
  }

  /** Pass the bytes on. Use {@link Decision#forward()}; all instances are equal. */
  record Forward() implements Decision {
    static final Forward INSTANCE = new Forward();
  }

  /**
   * Close the connection.
   *
   * @param reason why the connection is closed
   */
  record Close(String reason) implements Decision {
    /**
     * Checks the reason.
     *
     * @param reason why the connection is closed
     * @throws NullPointerException if {@code reason} is null
     */
    public Close {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
