package dev.meshgate.tls;

import dev.meshgate.core.terminating.TlsMode;
import java.util.Arrays;

/**
 * The origination of one watched {@link TlsMode}, kept current by a {@link CertificateReloader}.
 * Read {@link #current()} when a connection starts; it is one volatile read.
 *
 * <p>Thread-safe. {@link #close()} stops watching; the last context stays available.
 */
public final class ReloadingOrigination implements AutoCloseable {
  private final CertificateReloader reloader;
  private final TlsMode mode;
  private volatile Origination current;
  // Touched only by the reloader's thread after construction.
  private byte[] seenDigest;
  private String lastReadProblem;

  ReloadingOrigination(CertificateReloader reloader, TlsMode mode, Origination current, byte[] digest) {
    this.reloader = reloader;
    this.mode = mode;
    this.current = current;
    this.seenDigest = digest;
  }

  /**
   * Returns the origination to use for a new connection.
   *
   * @return plaintext, or the context of the newest files that passed every check
   */
  public Origination current() {
    return current;
  }

  /**
   * Returns the watched mode.
   *
   * @return the mode
   */
  public TlsMode mode() {
    return mode;
  }

  boolean changed(byte[] digest) {
    if (Arrays.equals(seenDigest, digest)) {
      return false;
    }
    seenDigest = digest;
    return true;
  }

  /** Tells whether this read problem differs from the one of the previous tick, remembering it. */
  boolean firstReportOf(String problem) {
    if (problem.equals(lastReadProblem)) {
      return false;
    }
    lastReadProblem = problem;
    return true;
  }

  void readSucceeded() {
    lastReadProblem = null;
  }

  void swap(Origination origination) {
    current = origination;
  }

  /** Stops watching the files. Idempotent. */
  @Override
  public void close() {
    reloader.unwatch(this);
  }

  @Override
  public String toString() {
    return "ReloadingOrigination[" + current + "]";
  }
}
