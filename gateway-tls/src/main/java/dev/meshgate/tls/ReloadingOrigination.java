package dev.meshgate.tls;

import dev.meshgate.core.terminating.TlsMode;

/**
 * The origination of one watched {@link TlsMode}, kept current by a {@link CertificateReloader}.
 * Read {@link #current()} when a connection starts; it is one volatile read. While the handle is
 * open, its {@link TlsContexts} keeps the mode remembered, so {@code contexts.origination(mode)}
 * returns the same context.
 *
 * <p>Thread-safe. {@link #close()} stops watching; the last context stays available.
 */
public final class ReloadingOrigination implements AutoCloseable {
  private final CertificateReloader reloader;
  private final TlsMode mode;
  private final LoadedMode entry;

  /** {@code entry} is {@code null} for plaintext, which is not watched. */
  ReloadingOrigination(CertificateReloader reloader, TlsMode mode, LoadedMode entry) {
    this.reloader = reloader;
    this.mode = mode;
    this.entry = entry;
  }

  /**
   * Returns the origination to use for a new connection.
   *
   * @return plaintext, or the context of the newest files that passed every check
   */
  public Origination current() {
    return entry == null ? Origination.Plaintext.INSTANCE : entry.origination();
  }

  /**
   * Returns the watched mode.
   *
   * @return the mode
   */
  public TlsMode mode() {
    return mode;
  }

  LoadedMode entry() {
    return entry;
  }

  /** Stops watching the files. Idempotent. */
  @Override
  public void close() {
    if (entry != null) {
      reloader.unwatch(this);
    }
  }

  @Override
  public String toString() {
    return "ReloadingOrigination[" + current() + "]";
  }
}
