package dev.meshgate.sni;

/**
 * The stream holds the start of a ClientHello but not all of it: read until it holds at least
 * {@code minimumLength} bytes, counted from the first byte given to the parser, then parse again.
 *
 * <p>The bound is the largest one the length fields seen so far allow, so a caller never reads
 * past the hello to satisfy it, and it never decreases as more bytes of the same stream arrive.
 * It never exceeds {@link ClientHelloParser#maxStreamLength()}. Immutable and thread-safe.
 *
 * @param minimumLength the stream length, in bytes, below which the hello cannot be complete;
 *     always greater than the number of bytes parsed
 */
public record NeedMoreData(int minimumLength) implements ParseResult {
  /**
   * Checks the bound.
   *
   * @param minimumLength the stream length, in bytes, below which the hello cannot be complete
   * @throws IllegalArgumentException if {@code minimumLength} is not positive
   */
  public NeedMoreData {
    if (minimumLength <= 0) {
      throw new IllegalArgumentException(
          "minimumLength: " + minimumLength + " (expected: a positive byte count)");
    }
  }
}
