package dev.meshgate.sni;

import java.util.Objects;

/**
 * The stream starts a TLS handshake but breaks a rule of the ClientHello or record syntax, or a
 * rule this parser enforces to fail closed (see {@link ClientHelloParser}). A gateway should close
 * the connection. Immutable and thread-safe.
 *
 * @param what the structure at fault, e.g. {@code server_name} or {@code record 2}
 * @param offset the offset of the offending byte in the stream, counted from the first byte given
 *     to the parser (record headers included)
 * @param reason why it is rejected, e.g. {@code more than one host_name entry}
 */
public record Malformed(String what, int offset, String reason) implements ParseResult {
  /**
   * Checks the components.
   *
   * @param what the structure at fault
   * @param offset the offset of the offending byte in the stream
   * @param reason why it is rejected
   * @throws NullPointerException if {@code what} or {@code reason} is null
   * @throws IllegalArgumentException if {@code offset} is negative
   */
  public Malformed {
    Objects.requireNonNull(what, "what");
    Objects.requireNonNull(reason, "reason");
    if (offset < 0) {
      throw new IllegalArgumentException("offset: " + offset + " (expected: >= 0)");
    }
  }

  /**
   * Renders the problem as {@code <what> at offset N: <why>}.
   *
   * @return e.g. {@code server_name at offset 161: more than one host_name entry}
   */
  public String message() {
    return what + " at offset " + offset + ": " + reason;
  }

  /** Returns {@link #message()}. */
  @Override
  public String toString() {
    return message();
  }
}
