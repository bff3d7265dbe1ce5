package dev.meshgate.tls;

import dev.meshgate.core.terminating.TlsMode;
import java.util.Arrays;

/*
 * What a TlsContexts remembers about one one-way or mutual TlsMode: the context a new connection
 * uses, or the problem that stops the mode's files from being used. The per-connection read is
 * one volatile read of `context`; everything else is for the CertificateReloader.
 *
 * The reload bookkeeping (digest of the files last seen, the read problem last reported, whether
 * expiry was checked) is touched by the reloader's thread and, when a watch() retries a failed
 * mode, by the caller's thread, so it is guarded by this object's monitor. `pins` (how many open
 * ReloadingOrigination handles keep the mode alive even if the cache forgets it) is guarded by the
 * TlsContexts lock.
 */

/** One TLS mode's current context or load problem, and its reload bookkeeping. Thread-safe. */
final class LoadedMode {
  private final TlsMode mode;
  private volatile OriginationContext context;
  private volatile TlsMaterialException failure;
  /** Set while a reloader's read of the files is in flight; cleared by the reading thread. */
  volatile boolean reading;

  private byte[] seenDigest;
  private String lastReadProblem;
  private boolean expiryChecked;
  int pins;

  private LoadedMode(TlsMode mode) {
    this.mode = mode;
  }

  static LoadedMode loaded(TlsMode mode, OriginationContext context, byte[] digest) {
    LoadedMode loaded = new LoadedMode(mode);
    loaded.context = context;
    loaded.seenDigest = digest;
    return loaded;
  }

  /** A mode whose files could be read but not used: the same bytes are not loaded again. */
  static LoadedMode unusable(TlsMode mode, TlsMaterialException problem, byte[] digest) {
    LoadedMode failed = new LoadedMode(mode);
    failed.failure = problem;
    failed.seenDigest = digest;
    return failed;
  }

  /** A mode whose files could not be read: the same problem is not reported again. */
  static LoadedMode unreadable(TlsMode mode, TlsMaterialException problem) {
    LoadedMode failed = new LoadedMode(mode);
    failed.failure = problem;
    failed.lastReadProblem = problem.getMessage();
    return failed;
  }

  TlsMode mode() {
    return mode;
  }

  /** The context for a new connection, or the remembered problem thrown anew. */
  OriginationContext origination() {
    OriginationContext current = context;
    if (current != null) {
      return current;
    }
    throw failure.rethrown();
  }

  /** The context in use, or {@code null} when the files have never been usable. */
  OriginationContext contextOrNull() {
    return context;
  }

  /** Records that the files became usable (or changed); called with the TlsContexts lock held. */
  void swap(OriginationContext next) {
    context = next;
    failure = null;
  }

  /** Records a newer problem; callers keep the previous context if there is one. */
  void failed(TlsMaterialException problem) {
    if (context == null) {
      failure = problem;
    }
  }

  TlsMaterialException failureOrNull() {
    return failure;
  }

  boolean usable() {
    return context != null;
  }

  synchronized boolean changed(byte[] digest) {
    if (Arrays.equals(seenDigest, digest)) {
      return false;
    }
    seenDigest = digest;
    return true;
  }

  /** Tells whether this read problem differs from the one reported last, remembering it. */
  synchronized boolean firstReportOf(String problem) {
    if (problem.equals(lastReadProblem)) {
      return false;
    }
    lastReadProblem = problem;
    return true;
  }

  synchronized void readSucceeded() {
    lastReadProblem = null;
  }

  /** True once per mode: the caller checks the certificates' expiry. */
  synchronized boolean claimExpiryCheck() {
    if (expiryChecked || context == null) {
      return false;
    }
    expiryChecked = true;
    return true;
  }

  /** Records that the caller checks expiry now, after a reload, so that no later poll does it again. */
  synchronized void expiryCheckedNow() {
    expiryChecked = true;
  }

  @Override
  public String toString() {
    OriginationContext current = context;
    return current != null ? current.toString() : "LoadedMode[" + mode + ", unusable: " + failure.getMessage() + "]";
  }
}
