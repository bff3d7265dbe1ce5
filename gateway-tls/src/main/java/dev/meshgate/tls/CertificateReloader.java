package dev.meshgate.tls;

import dev.meshgate.core.terminating.TlsMode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 * A change is loaded and checked in full (PEM, key match, chain order, validity) before the
 * context is swapped with one volatile write; a connection picks a context when it starts, so
 * established connections are untouched. A bad change leaves the old context in place and is
 * reported once per distinct content; when the files are fixed, the next tick loads them.
 *
 * Latency: a change is in use at most one poll interval plus the load time after it lands.
 */

/**
 * Watches the files of one-way and mutual TLS modes and swaps in a new origination context when
 * they change: Consul needs a restart for this (hashicorp/consul#8198), meshgate does not.
 *
 * <pre>{@code
 * try (CertificateReloader reloader = CertificateReloader.builder(contexts).pollInterval(Duration.ofSeconds(1)).build()) {
 *   ReloadingOrigination api = reloader.watch(TlsMode.of(caFile, certFile, keyFile, "api.example.com"));
 *   Origination now = api.current();  // read per new connection
 * }
 * }</pre>
 *
 * <p>One daemon thread named {@value #THREAD_NAME} polls every watched mode; {@link #close()} stops
 * it and waits for it to end. Thread-safe.
 */
public final class CertificateReloader implements AutoCloseable {
  /** The name of the polling thread. */
  public static final String THREAD_NAME = "meshgate-tls-reloader";

  private static final Logger log = LoggerFactory.getLogger(CertificateReloader.class);

  private final TlsContexts contexts;
  private final ReloadListener listener;
  private final Duration expiryWarning;
  private final Clock clock;
  private final List<ReloadingOrigination> watched = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService poller;

  private CertificateReloader(Builder builder) {
    this.contexts = builder.contexts;
    this.listener = builder.listener == null ? new ReloadListener() {} : builder.listener;
    this.expiryWarning = builder.expiryWarning == null ? Builder.DEFAULT_EXPIRY_WARNING : builder.expiryWarning;
    this.clock = builder.clock == null ? Clock.systemUTC() : builder.clock;
    Duration interval = builder.pollInterval == null ? Builder.DEFAULT_POLL_INTERVAL : builder.pollInterval;
    this.poller = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, THREAD_NAME);
      thread.setDaemon(true);
      return thread;
    });
    long nanos = interval.toNanos();
    poller.scheduleWithFixedDelay(this::pollAll, nanos, nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Starts a builder.
   *
   * @param contexts builds the contexts of the watched modes
   * @return a new builder
   */
  public static Builder builder(TlsContexts contexts) {
    return new Builder(Objects.requireNonNull(contexts, "contexts"));
  }

  /**
   * Loads a mode's files now and watches them from then on.
   *
   * @param mode the link's TLS mode; {@link TlsMode.None} is returned as a constant plaintext
   *     origination and not watched
   * @return the handle whose {@link ReloadingOrigination#current()} follows the files
   * @throws TlsMaterialException if the files cannot be used now
   * @throws IllegalArgumentException if the {@code SNI} is not a valid host name
   * @throws IllegalStateException if this reloader is closed
   */
  public ReloadingOrigination watch(TlsMode mode) {
    Require.state(!poller.isShutdown(), "the reloader is closed");
    if (mode instanceof TlsMode.None) {
      return new ReloadingOrigination(this, mode, Origination.Plaintext.INSTANCE, null);
    }
    OriginationMaterial.Files files = OriginationMaterial.Files.read(mode);
    byte[] digest = files.digest();
    OriginationContext context = contexts.origination(contexts.load(files, digest));
    warnIfExpiring(mode, context);
    ReloadingOrigination handle = new ReloadingOrigination(this, mode, context, digest);
    watched.add(handle);
    log.info("watching TLS files for {}", context.material());
    return handle;
  }

  void unwatch(ReloadingOrigination handle) {
    watched.remove(handle);
  }

  private void pollAll() {
    for (ReloadingOrigination handle : watched) {
      try {
        poll(handle);
      } catch (RuntimeException e) {
        // A throwing task would cancel the schedule; nothing may escape.
        log.error("unexpected failure while checking TLS files for {}", handle.mode(), e);
      }
    }
  }

  private void poll(ReloadingOrigination handle) {
    TlsMode mode = handle.mode();
    OriginationMaterial.Files files;
    try {
      files = OriginationMaterial.Files.read(mode);
    } catch (TlsMaterialException e) {
      // A file that stays unreadable is reported once, not on every tick.
      if (handle.firstReportOf(e.getMessage())) {
        reject(mode, e);
      }
      return;
    }
    handle.readSucceeded();
    byte[] digest = files.digest();
    if (!handle.changed(digest)) {
      return;
    }
    OriginationContext context;
    try {
      context = contexts.origination(contexts.load(files, digest));
    } catch (TlsMaterialException e) {
      // The digest is remembered, so the same bad content is not loaded (or reported) again.
      reject(mode, e);
      return;
    }
    handle.swap(context);
    log.info("reloaded TLS files for {}", context.material());
    notify(() -> listener.onReloaded(mode, context));
    warnIfExpiring(mode, context);
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
   * Stops watching and ends the polling thread, waiting up to ten seconds for a poll in progress.
   * The handles keep serving their last context. Idempotent.
   */
  @Override
  public void close() {
    poller.shutdownNow();
    watched.clear();
    try {
      if (!poller.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("the TLS reloader thread did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Settings of a {@link CertificateReloader}. Each setter may be called once; {@link #build()}
   * leaves the builder unchanged. Not thread-safe.
   */
  public static final class Builder {
    static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    static final Duration DEFAULT_EXPIRY_WARNING = Duration.ofDays(7);
    private static final Duration MIN_POLL_INTERVAL = Duration.ofMillis(10);
    private static final Duration MAX_POLL_INTERVAL = Duration.ofHours(1);

    private final TlsContexts contexts;
    private Duration pollInterval;
    private Duration expiryWarning;
    private ReloadListener listener;
    private Clock clock;

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
      Require.state(this.listener == null, "listener was already set to %s", this.listener);
      this.listener = Objects.requireNonNull(listener, "listener");
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
      Require.state(this.clock == null, "clock was already set to %s", this.clock);
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the reloader and starts its polling thread.
     *
     * @return a new reloader watching nothing yet
     */
    public CertificateReloader build() {
      return new CertificateReloader(this);
    }
  }
}
