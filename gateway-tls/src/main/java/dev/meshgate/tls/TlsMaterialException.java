package dev.meshgate.tls;

/**
 * The one exception for TLS material that cannot be used: a CA bundle, certificate chain or private
 * key that is missing, unreadable, malformed, locked with another password, mismatched, out of
 * order or outside its validity period.
 *
 * <p>The message has the form {@code <source>: <problem>}, where the source is the file path (or
 * the label given for in-memory PEM) and the problem says what was expected. Messages describe the
 * PEM objects (their type and position), never their bytes, and never contain a password.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class TlsMaterialException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What is wrong with the material, for callers that react differently to each kind. */
  public enum Reason {
    /**
     * The file does not exist, is not a regular file (a directory, FIFO, socket or device), cannot
     * be read, or its read did not finish in time.
     */
    UNREADABLE,
    /** The file is larger than {@link #MAX_PEM_BYTES}. */
    TOO_LARGE,
    /** The text holds no {@code -----BEGIN ...-----} block. */
    NO_PEM_BLOCK,
    /** A PEM block is truncated, has bad base64, or its content is not the structure its type names. */
    MALFORMED,
    /** A PEM block has a type other than the one expected here (e.g. a key where a certificate belongs). */
    WRONG_BLOCK_TYPE,
    /** The private key is of a kind this library does not load (e.g. DSA or OpenSSH format). */
    UNSUPPORTED_KEY,
    /** The private key is encrypted and no password was supplied. */
    PASSWORD_REQUIRED,
    /** The private key is encrypted and the supplied password does not decrypt it. */
    WRONG_PASSWORD,
    /** The private key does not belong to the first certificate of the chain. */
    KEY_MISMATCH,
    /** A certificate of the chain is not issued by the certificate that follows it. */
    CHAIN_OUT_OF_ORDER,
    /** A CA file holds no certificate marked as a certificate authority. */
    NO_CA_CERTIFICATE,
    /** A certificate's validity period has ended. */
    EXPIRED,
    /** A certificate's validity period has not started yet. */
    NOT_YET_VALID
  }

  /** The largest PEM file read, in bytes: far above any real chain or CA bundle, and bounded. */
  public static final int MAX_PEM_BYTES = 1 << 20;

  private final String source;
  private final Reason reason;

  /**
   * Creates the exception.
   *
   * @param source the file path, or the label of in-memory PEM
   * @param reason what is wrong
   * @param problem the problem in words, without secrets
   * @param cause the underlying exception, or {@code null}
   */
  TlsMaterialException(String source, Reason reason, String problem, Throwable cause) {
    super(source + ": " + problem, cause);
    this.source = source;
    this.reason = reason;
  }

  TlsMaterialException(String source, Reason reason, String problem) {
    this(source, reason, problem, null);
  }

  /**
   * A new exception with this one's source, reason and message, caused by this one: what a
   * remembered problem is thrown as again, so that each throw has its own stack trace.
   */
  TlsMaterialException rethrown() {
    return new TlsMaterialException(source, reason, getMessage().substring(source.length() + 2), this);
  }

  /**
   * Returns where the material came from.
   *
   * @return the file path as given, or the label of in-memory PEM
   */
  public String source() {
    return source;
  }

  /**
   * Returns what is wrong.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }
}
