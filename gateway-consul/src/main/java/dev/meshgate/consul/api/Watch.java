package dev.meshgate.consul.api;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one Consul endpoint with blocking queries on a thread of its own, and hands each new
 * decoded value to a listener.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>the listener is called on the watch's thread, one value at a time, with indexes
 *       increasing; only after Consul's index goes backwards (a restored snapshot) does the watch
 *       restart from index 0, and the value it then publishes is the state as it is now (a
 *       {@linkplain Builder#polled polled} watch publishes each changed answer instead, whatever its
 *       index);
 *   <li>a failing request (an HTTP error such as 500, 429 or 403, a reset or timed-out connection,
 *       an answer that does not decode) publishes nothing: the last good value stays, and {@link
 *       #status()} tells since when it is the last good one and what failed;
 *   <li>requests start at least the minimum interval apart whatever the agent answers, and failures
 *       back off exponentially with jitter up to a cap, so a misbehaving agent never causes a busy
 *       loop;
 *   <li>an ACL refusal (HTTP 403) is logged once, at WARN, naming the endpoint, until the watch
 *       succeeds again; other failures are logged at WARN on the first of a streak.
 * </ul>
 *
 * <p>A listener that throws does not stop the watch (the failure is logged). Thread-safe: {@link
 * #latest()}, {@link #status()} and {@link #close()} may be called from any thread.
 *
 * @param <T> the decoded value
 */
public final class Watch<T> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Watch.class);

  /**
   * Decodes one answer; throws {@link AnswerException} when the answer is not what the endpoint
   * documents.
   *
   * @param <T> the value
   */
  @FunctionalInterface
  public interface Decoder<T> {
    /**
     * Decodes an answer.
     *
     * @param endpoint the endpoint, for messages
     * @param body the answer's body
     * @return the value
     * @throws AnswerException if the answer does not decode
     */
    T decode(String endpoint, byte[] body) throws AnswerException;
  }

  /**
   * Receives each new value.
   *
   * @param <T> the value
   */
  @FunctionalInterface
  public interface Listener<T> {
    /**
     * Called with a new value, on the watch's thread.
     *
     * @param value the decoded value
     * @param index its {@code X-Consul-Index}
     */
    void onValue(T value, long index);
  }

  /**
   * What a watch knows about its health, at one moment. Immutable.
   *
   * @param index the index of the last published value whose listener call has returned, or 0
   *     before the first
   * @param lastSuccess when the last request succeeded, or empty before the first
   * @param lastError the last failure's message (never a token), or empty when the last request
   *     succeeded
   * @param consecutiveFailures how many requests in a row failed
   * @param requests how many requests were started
   */
  public record Status(
      long index, Optional<Instant> lastSuccess, Optional<String> lastError, int consecutiveFailures, long requests) {
    /**
     * Checks for nulls.
     *
     * @param index the index
     * @param lastSuccess the time of the last success
     * @param lastError the last error
     * @param consecutiveFailures the failures in a row
     * @param requests the requests started
     */
    public Status {
      Objects.requireNonNull(lastSuccess, "lastSuccess");
      Objects.requireNonNull(lastError, "lastError");
    }

    /**
     * Returns how stale the last good value may be: the time since the last success.
     *
     * @param now the current time
     * @return the time since the last success; empty before the first
     */
    public Optional<Duration> staleness(Instant now) {
      return lastSuccess.map(t -> Duration.between(t, now));
    }
  }

  private final ConsulClient client;
  private final String endpoint;
  private final Map<String, String> query;
  private final Decoder<T> decoder;
  private final Listener<T> listener;
  /** Whether HTTP 404 is a value (the thing is absent) rather than a failure, and which value. */
  private final boolean notFoundIsValue;
  private final T notFound;
  /** Whether the endpoint does not block (no index): each answer is asked afresh and compared. */
  private final boolean polled;
  private final Duration wait;
  private final long minIntervalNanos;
  private final long baseBackoffNanos;
  private final long maxBackoffNanos;
  private final Clock clock;
  private final Thread thread;
  private final AtomicLong requests = new AtomicLong();

  private volatile boolean closed;
  private volatile T latest;
  private volatile Status status = new Status(0, Optional.empty(), Optional.empty(), 0, 0);

  private Watch(Builder<T> b) {
    this.client = b.client;
    this.endpoint = b.endpoint;
    this.query = Map.copyOf(b.query);
    this.decoder = b.decoder;
    this.listener = b.listener;
    this.notFoundIsValue = b.notFoundSet;
    this.notFound = b.notFound;
    this.polled = b.polled;
    this.wait = b.wait;
    this.minIntervalNanos = b.minInterval.toNanos();
    this.baseBackoffNanos = b.baseBackoff.toNanos();
    this.maxBackoffNanos = b.maxBackoff.toNanos();
    this.clock = b.clock;
    this.thread = new Thread(this::run, "meshgate-consul-watch " + endpoint);
    this.thread.setDaemon(true);
  }

  /**
   * Starts a builder.
   *
   * @param <T> the decoded value
   * @param client the client asking the agent
   * @param endpoint the path, e.g. {@code /v1/health/service/web}
   * @param decoder decodes each answer, e.g. {@code ConsulAnswers::gatewayServices}
   * @return a builder
   */
  public static <T> Builder<T> builder(ConsulClient client, String endpoint, Decoder<T> decoder) {
    return new Builder<>(client, endpoint, decoder);
  }

  /**
   * Returns the endpoint followed.
   *
   * @return the path
   */
  public String endpoint() {
    return endpoint;
  }

  /**
   * Returns the last published value.
   *
   * @return the value, or empty before the first
   */
  public Optional<T> latest() {
    return Optional.ofNullable(latest);
  }

  /**
   * Returns the watch's health now.
   *
   * @return the status
   */
  public Status status() {
    return status;
  }

  /** Stops the watch: the request in flight is cancelled and the listener is not called again. */
  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }

  private void run() {
    long sent = 0;
    long published = -1;
    int failures = 0;
    boolean forbiddenLogged = false;
    long lastStart = System.nanoTime() - minIntervalNanos;
    Instant lastSuccess = null;
    while (!closed) {
      long delay = BlockingRules.delayNanos(System.nanoTime() - lastStart, failures, minIntervalNanos,
          baseBackoffNanos, maxBackoffNanos, ThreadLocalRandom.current().nextDouble());
      try {
        if (delay > 0) {
          TimeUnit.NANOSECONDS.sleep(delay);
        }
        lastStart = System.nanoTime();
        long n = requests.incrementAndGet();
        ConsulClient.Answer answer;
        boolean absent = false;
        try {
          answer = client.get(endpoint, query, sent, wait);
        } catch (ConsulHttpException h) {
          if (h.status() != 404 || !notFoundIsValue) {
            throw h;
          }
          // The thing is absent (a deleted config entry): a value like any other, at its index.
          answer = new ConsulClient.Answer(h.index(), new byte[0]);
          absent = true;
        }
        boolean publish = polled || BlockingRules.publishes(sent, answer.index(), published);
        T value = publish ? (absent ? notFound : decoder.decode(endpoint, answer.body())) : null;
        if (polled && value.equals(latest)) {
          publish = false; // an endpoint without an index: only a different answer is news
        }
        long next = polled ? 0 : BlockingRules.nextIndex(sent, answer.index());
        if (next == 0 && sent > 0 && !polled) {
          LOG.info("Consul index of {} went back from {} to {}: restarting the blocking query", endpoint, sent,
              answer.index());
        }
        if (failures > 0) {
          LOG.info("{}: recovered after {} failed requests", endpoint, failures);
        }
        failures = 0;
        forbiddenLogged = false;
        lastSuccess = clock.instant();
        if (publish && !closed) {
          published = Math.max(answer.index(), 1);
          latest = value;
          // The status moves on only once the listener has the value, so that a reader of
          // status() (a readiness check) never sees an index whose value is not applied yet.
          deliver(value, published);
          status = new Status(published, Optional.of(lastSuccess), Optional.empty(), 0, n);
        } else {
          status = new Status(status.index(), Optional.of(lastSuccess), Optional.empty(), 0, n);
        }
        if (next == 0) {
          published = -1;
        }
        sent = next;
      } catch (InterruptedException e) {
        return;
      } catch (ConsulHttpException | IOException | AnswerException | RuntimeException e) {
        if (closed) {
          return;
        }
        failures++;
        String message = message(e);
        status = new Status(status.index(), Optional.ofNullable(lastSuccess), Optional.of(message), failures,
            requests.get());
        if (e instanceof ConsulHttpException h && h.status() == 403) {
          if (!forbiddenLogged) {
            LOG.warn("Consul refused {} with HTTP 403: the ACL token lacks a permission this endpoint needs;"
                + " keeping the last good value and retrying with backoff", endpoint);
            forbiddenLogged = true;
          }
        } else if (failures == 1) {
          LOG.warn("{} failed, keeping the last good value and retrying with backoff: {}", endpoint, message);
        } else {
          LOG.debug("{} failed {} times in a row: {}", endpoint, failures, message);
        }
      }
    }
  }

  private static String message(Exception e) {
    if (e instanceof ConsulHttpException || e instanceof AnswerException) {
      return e.getMessage();
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  private void deliver(T value, long index) {
    try {
      listener.onValue(value, index);
    } catch (RuntimeException e) {
      LOG.warn("listener of {} failed on index {}", endpoint, index, e);
    }
  }

  /**
   * Configures a watch; each setting may be given once. Defaults: a 5-minute wait (Consul's
   * default), 100 ms between requests at least, a backoff from 1 second doubling to at most 60
   * seconds. Not thread-safe.
   *
   * @param <T> the decoded value
   */
  public static final class Builder<T> {
    private final ConsulClient client;
    private final String endpoint;
    private final Decoder<T> decoder;
    private final Map<String, String> query = new LinkedHashMap<>();
    private Listener<T> listener;
    private T notFound;
    private boolean notFoundSet;
    private boolean polled;
    private Duration wait = Duration.ofMinutes(5);
    private boolean waitSet;
    private Duration minInterval = Duration.ofMillis(100);
    private boolean minIntervalSet;
    private Duration baseBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofSeconds(60);
    private boolean backoffSet;
    private Clock clock = Clock.systemUTC();
    private boolean clockSet;

    private Builder(ConsulClient client, String endpoint, Decoder<T> decoder) {
      this.client = Objects.requireNonNull(client, "client");
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      this.decoder = Objects.requireNonNull(decoder, "decoder");
      if (!endpoint.startsWith("/")) {
        throw new IllegalArgumentException("endpoint: " + endpoint + " (expected: a path starting with /)");
      }
    }

    private static void once(boolean set, String setting, Object earlier) {
      if (set) {
        throw new IllegalStateException(setting + " was already set to " + earlier);
      }
    }

    /**
     * Adds a query parameter.
     *
     * @param name the name, e.g. {@code connect}
     * @param value the value; empty for a bare flag
     * @return this builder
     */
    public Builder<T> query(String name, String value) {
      if (query.containsKey(name)) {
        throw new IllegalStateException("query " + name + " was already set to " + query.get(name));
      }
      if (name.isEmpty() || name.equals("index") || name.equals("wait")) {
        throw new IllegalArgumentException("query: " + name + " (expected: a parameter other than index and wait)");
      }
      query.put(name, Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Sets the listener (required).
     *
     * @param value called with each new value
     * @return this builder
     */
    public Builder<T> listener(Listener<T> value) {
      once(listener != null, "listener", listener);
      this.listener = Objects.requireNonNull(value, "listener");
      return this;
    }

    /**
     * Sets the blocking wait of each request.
     *
     * @param value positive, at most {@link ConsulClient#MAX_WAIT}
     * @return this builder
     */
    public Builder<T> wait(Duration value) {
      once(waitSet, "wait", wait);
      if (value.isZero() || value.isNegative() || value.compareTo(ConsulClient.MAX_WAIT) > 0) {
        throw new IllegalArgumentException("wait: " + value + " (expected: positive, at most 10 minutes)");
      }
      this.wait = value;
      this.waitSet = true;
      return this;
    }

    /**
     * Sets the least time between the starts of two requests.
     *
     * @param value positive
     * @return this builder
     */
    public Builder<T> minInterval(Duration value) {
      once(minIntervalSet, "minInterval", minInterval);
      if (value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException("minInterval: " + value + " (expected: positive)");
      }
      this.minInterval = value;
      this.minIntervalSet = true;
      return this;
    }

    /**
     * Sets the backoff on failures: {@code base} after the first, doubling with each further one up
     * to {@code max}, each delay jittered to between half and all of it.
     *
     * @param base positive
     * @param max at least {@code base}
     * @return this builder
     */
    public Builder<T> backoff(Duration base, Duration max) {
      once(backoffSet, "backoff", baseBackoff + ".." + maxBackoff);
      if (base.isZero() || base.isNegative()) {
        throw new IllegalArgumentException("backoff base: " + base + " (expected: positive)");
      }
      if (max.compareTo(base) < 0) {
        throw new IllegalArgumentException("backoff max: " + max + " (expected: at least the base " + base + ")");
      }
      this.baseBackoff = base;
      this.maxBackoff = max;
      this.backoffSet = true;
      return this;
    }

    /**
     * Sets the clock of {@link Status#lastSuccess()}.
     *
     * @param value the clock
     * @return this builder
     */
    public Builder<T> clock(Clock value) {
      once(clockSet, "clock", clock);
      this.clock = Objects.requireNonNull(value, "clock");
      this.clockSet = true;
      return this;
    }

    /**
     * Makes HTTP 404 a value instead of a failure: the watched thing is absent (Consul answers 404,
     * with an index, for a config entry that does not exist or was deleted), so the listener hears
     * {@code value} once, at that index, and the watch blocks until the thing exists again.
     *
     * @param value what the listener is given while the thing is absent
     * @return this builder
     */
    public Builder<T> notFoundAs(T value) {
      once(notFoundSet, "notFoundAs", notFound);
      notFound = Objects.requireNonNull(value, "value");
      notFoundSet = true;
      return this;
    }

    /**
     * Follows an endpoint that does not block (Consul answers it at once, without an index, as
     * {@code /v1/catalog/datacenters}): each request is a fresh one, sent a minimum interval after
     * the last, and an answer is published only when its value differs ({@code equals}) from the
     * last published one. Without it, such an endpoint would be published once only.
     *
     * @return this builder
     */
    public Builder<T> polled() {
      once(polled, "polled", true);
      polled = true;
      return this;
    }

    /**
     * Builds the watch and starts its thread.
     *
     * @return the running watch
     * @throws IllegalStateException if no listener was set
     */
    public Watch<T> start() {
      if (listener == null) {
        throw new IllegalStateException("listener: not set (expected: a listener)");
      }
      Watch<T> w = new Watch<>(this);
      w.thread.start();
      return w;
    }
  }
}
