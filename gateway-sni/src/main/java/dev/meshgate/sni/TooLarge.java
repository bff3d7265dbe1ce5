package dev.meshgate.sni;

/**
 * The ClientHello declares a handshake message longer than the parser's {@link
 * ClientHelloParser#maxHandshakeLength() limit}. Reported as soon as the declared length is seen,
 * before the bytes arrive, so nothing is buffered for it. A gateway should close the connection.
 * Immutable and thread-safe.
 *
 * @param declaredLength the handshake message length the peer declared, in bytes (the 24-bit
 *     length of the handshake header, or the 15-bit length of an SSLv2 record)
 * @param limit the configured maximum
 */
public record TooLarge(int declaredLength, int limit) implements ParseResult {
  /**
   * Checks that the declared length does exceed the limit.
   *
   * @param declaredLength the declared handshake message length, in bytes
   * @param limit the configured maximum
   * @throws IllegalArgumentException if {@code declaredLength <= limit} or {@code limit <= 0}
   */
  public TooLarge {
    if (limit <= 0 || declaredLength <= limit) {
      throw new IllegalArgumentException(
          "declaredLength: " + declaredLength + " (expected: > limit " + limit + " > 0)");
    }
  }

  /**
   * Renders the problem.
   *
   * @return e.g. {@code ClientHello declares 40334 bytes, more than the limit of 16384}
   */
  public String message() {
    return "ClientHello declares " + declaredLength + " bytes, more than the limit of " + limit;
  }

  /** Returns {@link #message()}. */
  @Override
  public String toString() {
    return message();
  }
}
