package dev.meshgate.tls;

import dev.meshgate.core.internal.Require;
import dev.meshgate.core.terminating.TlsMode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Why polling: a file watch (inotify through WatchService) misses what matters most here. A
 * Kubernetes secret mount swaps a "..data" symlink to a new directory; the watched file's own
 * directory entry never changes, and on several platforms WatchService is itself polling with a
 * multi-second delay. Reading the files on every tick through their paths (which follows every
 * symlink, so the new target is read) and comparing a SHA-256 of the bytes catches atomic
 * renames, symlink swaps and in-place rewrites alike, without relying on modification times
 * (coarse on some file systems, preserved by some copy tools). The files are small, so a read per
 * tick costs little.
 *
 * What is polled: every mode its TlsContexts remembers, whether it came from watch() or from a
 * plain contexts.origination(mode) on a connection's path, so that the per-connection call stays
 * current without reading anything itself. One reloader per TlsContexts, so that each change is
 * seen, and reported, once.
 *
 * A change is loaded and checked in full (PEM, key match, chain order, validity) before the
 * mode's context is swapped with one volatile write; a connection picks a context when it starts,
 * so established connections are untouched. A bad change leaves the old context in place and is
 * reported once per distinct content; when the files are fixed, the next tick loads them. The
 * three files are read one after another, so a swap landing between two of them tears the read;
 * a failing load is therefore read again and reported only if the bytes read the same twice.
 *
 * Isolation: only regular files are opened (a FIFO would block open(2) until a writer comes), but
 * a file can still be swapped for one between the check and the open, or sit on a hung network
 * mount. So the files are read on a separate reader thread and the poller waits at most
 * readTimeout for them. A read that does not finish is reported, its reader thread is abandoned
 * to finish on its own (and end), a fresh reader serves the other modes, and that mode is skipped
 * until the stuck read returns: one service's files never stop another's reload, and at most one
 * thread per stuck mode is held.
 *
 * Latency: a change is in use at most one poll interval plus the load time after it lands.
 */

/**
 * Watches the files of one-way and mutual TLS modes and swaps in a new origination context when
 * they change, without a restart.
 *
 * <pre>{@code
 * try (CertificateReloader reloader = CertificateReloader.builder(contexts).pollInterval(Duration.ofSeconds(1)).build()) {
 *   Origination now = contexts.origination(route.tls());  // per new connection: kept current
 *   ReloadingOrigination api = reloader.watch(TlsMode.of(caFile, certFile, keyFile, "api.example.com"));
 *   Origination also = api.current();                      // the same, through a handle
 * }
 * }</pre>
 *
 * <p>Every poll re-reads the files of every mode its {@link TlsContexts} remembers (those asked
 * for through {@link TlsContexts#origination(TlsMode)} and those given to {@link #watch}), replaces
 * the context of a mode whose files changed and pass every check, and retries a mode whose files
 * could not be used. Changed files that fail a check leave the previous context in use and are
 * reported once to the {@link ReloadListener}. Only regular files are read, and a read that does
 * not finish within the read timeout is reported and skipped without delaying the other modes.
 * A {@link TlsContexts} has at most one open reloader.
 *
 * <p>One daemon thread named {@value #THREAD_NAME} polls; files are read on a daemon thread named
 * {@value #READER_THREAD_NAME}. {@link #close()} stops both. Thread-safe.
 */
public final class CertificateReloader implements AutoCloseable {
  /** The name of the polling thread. */
  public static final String THREAD_NAME = "meshgate-tls-reloader";

  /** The name of the thread that reads the files. */
  public static final String READER_THREAD_NAME = "meshgate-tls-reader";

  private static final Logger log = LoggerFactory.getLogger(CertificateReloader.class);

  private final TlsContexts contexts;
  private final ReloadListener listener;
  private final Duration expiryWarning;
  private final Duration readTimeout;
  private final Clock clock;
  private final Function<Path, byte[]> fileReader;
  private final List<ReloadingOrigination> handles = new ArrayList<>(); // guarded by itself
  private final ScheduledExecutorService poller;
  private volatile ExecutorService reader;
  private volatile boolean closed;

  private CertificateReloader(Builder builder) {
    this.contexts = builder.contexts;
    this.listener = builder.listener == null ? new ReloadListener() {} : builder.listener;
    this.expiryWarning = builder.expiryWarning == null ? Builder.DEFAULT_EXPIRY_WARNING : builder.expiryWarning;
    this.readTimeout = builder.readTimeout == null ? Builder.DEFAULT_READ_TIMEOUT : builder.readTimeout;
    this.clock = builder.clock == null ? Clock.systemUTC() : builder.clock;
    this.fileReader = builder.fileReader == null ? Pem::read : builder.fileReader;
    Duration interval = builder.pollInterval == null ? Builder.DEFAULT_POLL_INTERVAL : builder.pollInterval;
    contexts.attach(this);
    this.reader = newReader();
    this.poller = Executors.newSingleThreadScheduledExecutor(task -> daemon(task, THREAD_NAME));
    long nanos = interval.toNanos();
    poller.scheduleWithFixedDelay(this::pollAll, nanos, nanos, TimeUnit.NANOSECONDS);
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }

  private static ExecutorService newReader() {
    return Executors.newSingleThreadExecutor(task -> daemon(task, READER_THREAD_NAME));
  }

  /**
   * Starts a builder.
   *
   * @param contexts builds the contexts of the watched modes
   * @return a new builder
   */
  public static Builder builder(TlsContexts contexts) {
    return new Builder(Require.notNull(contexts, "contexts"));
  }

  /**
   * Makes sure a mode's files are usable now, and returns a handle on the mode's context. A mode
   * its {@link TlsContexts} already holds with a usable context is not read again; any other is
   * read now. The mode is polled like every mode of the contexts, and stays remembered by them
   * while the handle is open.
   *
   * @param mode the link's TLS mode; {@link TlsMode.None} is returned as a constant plaintext
   *     origination and not watched
   * @return the handle whose {@link ReloadingOrigination#current()} follows the files
   * @throws TlsMaterialException if the files cannot be used now
   * @throws IllegalArgumentException if the {@code SNI} is not a valid host name
   * @throws IllegalStateException if this reloader is closed
   */
  public ReloadingOrigination watch(TlsMode mode) {
    Require.state(!closed, "the reloader is closed");
    if (mode instanceof TlsMode.None) {
      return new ReloadingOrigination(this, mode, null);
    }
    LoadedMode entry = contexts.pin(mode);
    ReloadingOrigination handle = new ReloadingOrigination(this, mode, entry);
    synchronized (handles) {
      if (closed) {
        contexts.unpin(entry);
        throw new IllegalStateException("the reloader is closed");
      }
      handles.add(handle);
    }
    OriginationContext context = entry.contextOrNull();
    log.info("watching TLS files for {}", context.material());
    if (entry.claimExpiryCheck()) {
      warnIfExpiring(mode, context);
    }
    return handle;
  }

  void unwatch(ReloadingOrigination handle) {
    boolean removed;
    synchronized (handles) {
      removed = handles.remove(handle);
    }
    if (removed) {
      contexts.unpin(handle.entry());
    }
  }

  private void pollAll() {
    for (LoadedMode entry : contexts.liveModes()) {
      if (closed) {
        return;
      }
      try {
        poll(entry);
      } catch (RuntimeException e) {
        // A throwing task would cancel the schedule; nothing may escape.
        log.error("unexpected failure while checking TLS files for {}", entry.mode(), e);
      }
    }
  }

  private void poll(LoadedMode entry) {
    TlsMode mode = entry.mode();
    if (entry.claimExpiryCheck()) {
      // A mode first loaded on a connection's path, seen here for the first time.
      warnIfExpiring(mode, entry.contextOrNull());
    }
    if (entry.reading) {
      return; // a read that overran its timeout has not returned yet; it was reported then
    }
    OriginationMaterial.Files files = read(entry);
    if (files == null) {
      return;
    }
    entry.readSucceeded();
    byte[] digest = files.digest();
    if (!entry.changed(digest)) {
      return;
    }
    OriginationMaterial material;
    try {
      material = contexts.load(files, digest);
    } catch (TlsMaterialException e) {
      // The files are read one after another, so a rotation landing mid-read gives a certificate
      // of one version with the key of another. Such a torn read is not a bad change: read again,
      // and report only content that reads the same twice.
      OriginationMaterial.Files again = read(entry);
      if (again == null || !Arrays.equals(again.digest(), digest)) {
        return; // still changing (or unreadable, reported by read): the next tick looks again
      }
      // The digest is remembered, so the same bad content is not loaded (or reported) again.
      entry.failed(e);
      reject(mode, e);
      return;
    }
    OriginationContext context = contexts.reloaded(entry, material);
    log.info("reloaded TLS files for {}", context.material());
    notify(() -> listener.onReloaded(mode, context));
    entry.expiryCheckedNow();
    warnIfExpiring(mode, context);
  }

  /** Reads a mode's files on the reader thread, waiting at most the read timeout; null if not read. */
  private OriginationMaterial.Files read(LoadedMode entry) {
    TlsMode mode = entry.mode();
    AtomicReference<Path> reading = new AtomicReference<>();
    Future<OriginationMaterial.Files> read;
    entry.reading = true;
    try {
      read = reader.submit(() -> {
        try {
          return OriginationMaterial.Files.read(mode, file -> {
            reading.set(file);
            return fileReader.apply(file);
          });
        } finally {
          entry.reading = false;
        }
      });
    } catch (RejectedExecutionException e) {
      entry.reading = false; // closing
      return null;
    }
    try {
      return read.get(readTimeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      abandonReader();
      Path file = reading.get();
      readProblem(entry, new TlsMaterialException(file == null ? String.valueOf(mode) : file.toString(),
          TlsMaterialException.Reason.UNREADABLE,
          "reading the file did not finish within " + readTimeout + " (expected: a regular file that can be read)"));
      return null;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TlsMaterialException problem) {
        readProblem(entry, problem);
        return null;
      }
      throw new IllegalStateException("reading the TLS files of " + mode + " failed", e.getCause());
    } catch (InterruptedException e) {
      read.cancel(true);
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Leaves the stuck reader to finish its read and end; later reads go to a fresh thread. */
  private void abandonReader() {
    ExecutorService stuck = reader;
    reader = newReader();
    stuck.shutdown();
  }

  private void readProblem(LoadedMode entry, TlsMaterialException problem) {
    entry.failed(problem);
    // A file that stays unreadable is reported once, not on every tick.
    if (entry.firstReportOf(problem.getMessage())) {
      reject(entry.mode(), problem);
    }
  }

  private void reject(TlsMode mode, TlsMaterialException problem) {
    log.warn("rejected changed TLS files, keeping the previous context: {}", problem.getMessage());
    notify(() -> listener.onRejected(mode, problem));
  }

  private void warnIfExpiring(TlsMode mode, OriginationContext context) {
    OriginationMaterial material = context.material();
    List<ExpiryWarning> warnings = new ArrayList<>(material.trust().expiringWithin(expiryWarning, clock.instant()));
    material.keyMaterial().ifPresent(key -> warnings.addAll(key.expiringWithin(expiryWarning, clock.instant())));
    if (!warnings.isEmpty()) {
      for (ExpiryWarning warning : warnings) {
        log.warn("{}", warning.message());
      }
      List<ExpiryWarning> copy = List.copyOf(warnings);
      notify(() -> listener.onExpiringSoon(mode, copy));
    }
  }

  private static void notify(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      log.error("a ReloadListener threw; ignored", e);
    }
  }

  /**
   * Stops polling, waiting up to ten seconds for a poll in progress, and releases the watched
   * modes; the handles keep serving their last context. A read blocked in the file system is
   * left to its daemon thread. Another reloader may then be built on the same contexts.
   * Idempotent.
   */
  @Override
  public void close() {
    List<ReloadingOrigination> released;
    synchronized (handles) {
      closed = true;
      released = List.copyOf(handles);
      handles.clear();
    }
    poller.shutdownNow();
    try {
      if (!poller.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("the TLS reloader thread did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    reader.shutdownNow();
    for (ReloadingOrigination handle : released) {
      contexts.unpin(handle.entry());
    }
    contexts.detach(this);
  }

  /**
   * Settings of a {@link CertificateReloader}. Each setter may be called once; {@link #build()}
   * leaves the builder unchanged. Not thread-safe.
   */
  public static final class Builder {
    static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    static final Duration DEFAULT_EXPIRY_WARNING = Duration.ofDays(7);
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration MIN_POLL_INTERVAL = Duration.ofMillis(10);
    private static final Duration MAX_POLL_INTERVAL = Duration.ofHours(1);
    private static final Duration MIN_READ_TIMEOUT = Duration.ofMillis(10);
    private static final Duration MAX_READ_TIMEOUT = Duration.ofMinutes(1);

    private final TlsContexts contexts;
    private Duration pollInterval;
    private Duration expiryWarning;
    private Duration readTimeout;
    private ReloadListener listener;
    private Clock clock;
    private Function<Path, byte[]> fileReader;

    private Builder(TlsContexts contexts) {
      this.contexts = contexts;
    }

    /**
     * Sets how often the files are read: the bound on reload latency (1 s by default).
     *
     * @param pollInterval between 10 ms and 1 h
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws IllegalArgumentException if out of range
     */
    public Builder pollInterval(Duration pollInterval) {
      Require.state(this.pollInterval == null, "poll interval was already set to %s", this.pollInterval);
      Require.argument(pollInterval.compareTo(MIN_POLL_INTERVAL) >= 0 && pollInterval.compareTo(MAX_POLL_INTERVAL) <= 0,
          "pollInterval: %s (expected: between %s and %s)", pollInterval, MIN_POLL_INTERVAL, MAX_POLL_INTERVAL);
      this.pollInterval = pollInterval;
      return this;
    }

    /**
     * Sets how long the poller waits for one mode's files to be read (5 s by default). A read that
     * takes longer (a file on a hung mount, or swapped for a FIFO after it was checked) is
     * reported, and the other modes are polled meanwhile; that mode is polled again once the read
     * returns.
     *
     * @param readTimeout between 10 ms and 1 min
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws IllegalArgumentException if out of range
     */
    public Builder readTimeout(Duration readTimeout) {
      Require.state(this.readTimeout == null, "read timeout was already set to %s", this.readTimeout);
      Require.argument(readTimeout.compareTo(MIN_READ_TIMEOUT) >= 0 && readTimeout.compareTo(MAX_READ_TIMEOUT) <= 0,
          "readTimeout: %s (expected: between %s and %s)", readTimeout, MIN_READ_TIMEOUT, MAX_READ_TIMEOUT);
      this.readTimeout = readTimeout;
      return this;
    }

    /** Replaces how a file is read, so that tests can make a read hang; {@code Pem.read} by default. */
    Builder fileReader(Function<Path, byte[]> fileReader) {
      this.fileReader = Require.once(this.fileReader, fileReader, "fileReader");
      return this;
    }

    /**
     * Sets how far ahead certificate expiry is warned about (7 days by default).
     *
     * @param horizon zero or more
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws IllegalArgumentException if negative
     */
    public Builder expiryWarning(Duration horizon) {
      Require.state(this.expiryWarning == null, "expiry warning was already set to %s", this.expiryWarning);
      Require.argument(!horizon.isNegative(), "expiryWarning: %s (expected: >= 0)", horizon);
      this.expiryWarning = horizon;
      return this;
    }

    /**
     * Sets the listener told of reloads, rejections and coming expiry (SLF4J logging happens
     * either way).
     *
     * @param listener the listener
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder listener(ReloadListener listener) {
      this.listener = Require.once(this.listener, listener, "listener");
      return this;
    }

    /**
     * Sets the clock expiry warnings are computed from (the system UTC clock by default).
     *
     * @param clock the clock
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder clock(Clock clock) {
      this.clock = Require.once(this.clock, clock, "clock");
      return this;
    }

    /**
     * Builds the reloader and starts its polling thread.
     *
     * @return a new reloader polling the modes its contexts remember
     * @throws IllegalStateException if the contexts already have an open reloader
     */
    public CertificateReloader build() {
      return new CertificateReloader(this);
    }
  }
}
