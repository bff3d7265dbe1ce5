package dev.meshgate.examples.gateway;

import dev.meshgate.consul.api.ConsulClient;
import dev.meshgate.consul.api.Watch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway fed by a Consul agent, as the admin endpoint sees it: ready once the gateway serves
 * and every watch it needs has answered once; its watches' statuses and the answers refused in
 * {@code /stats}. Closing it closes the gateway and its watches.
 */
final class ConsulFollower implements RunningGateway.Source {
  private static final Logger LOG = LoggerFactory.getLogger(ConsulFollower.class);

  /** The kind-specific part: a gateway with the watches that feed it. */
  interface Followed extends Kind {
    /** Whether the gateway serves: its first answers arrived and its listeners are bound. */
    boolean serving();

    /** Whether no catalog change its watches delivered is still on its way to the routes. */
    boolean settled();

    /** Every watch the gateway needs now, by endpoint. */
    Map<String, Watch.Status> watches();

    /** The problems of the answers refused last, each naming its endpoint; empty when none. */
    List<String> refusals();
  }

  private final ConsulClient client;
  private final Followed gateway;
  private final Stats stats;

  ConsulFollower(ConsulClient client, Followed gateway, Stats stats) {
    this.client = client;
    this.gateway = gateway;
    this.stats = stats;
  }

  /*
   * A watch's index moves past 0 once its listener has the first answer, but the catalog hands
   * its changes to the routes on its own thread: the first time, readiness also waits for that,
   * so that a ready gateway routes what the agent first answered. Later changes do not make a
   * ready gateway unready while they are applied.
   */
  private volatile boolean caughtUp;

  private boolean ready() {
    if (!gateway.serving()) {
      return false;
    }
    for (Watch.Status s : gateway.watches().values()) {
      if (s.index() == 0) {
        return false;
      }
    }
    if (!caughtUp) {
      if (!gateway.settled()) {
        return false;
      }
      caughtUp = true;
    }
    return true;
  }

  /**
   * The last error of each config watch (entries, intentions) whose last request failed, naming
   * its endpoint: the watch refused that answer and keeps the previous one.
   */
  static List<String> failing(List<Watch<?>> configWatches) {
    List<String> out = new ArrayList<>();
    for (Watch<?> w : configWatches) {
      w.status().lastError().ifPresent(e -> out.add(e.startsWith(w.endpoint()) ? e : w.endpoint() + ": " + e));
    }
    return out;
  }

  /** Starts a kind's starter: the daemon thread that waits for the first answers, then binds. */
  static Thread starter(Runnable start) {
    Thread t = new Thread(start, "meshgate-consul-start");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Reports that a gateway cannot serve: logged with its cause, and told to what stops the process. */
  static void cannotServe(Consumer<String> to, String gateway, Exception e) {
    LOG.error("{} cannot serve", gateway, e);
    to.accept(gateway + " cannot serve: " + e);
  }

  /**
   * Waits until every watch has a value, polling (a first answer is a one-time event).
   *
   * @return false if {@code closed} became true first
   */
  static boolean awaitFirst(List<Watch<?>> watches, BooleanSupplier closed) throws InterruptedException {
    return await(() -> watches.stream().allMatch(w -> w.latest().isPresent()), closed);
  }

  /**
   * Waits until a condition that stays true once true holds, polling.
   *
   * @return false if {@code closed} became true first
   */
  static boolean await(BooleanSupplier condition, BooleanSupplier closed) throws InterruptedException {
    while (!closed.getAsBoolean()) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  /** A gateway's answer to {@code /routes} before it serves. */
  static Object waiting(String kind) {
    return Json.object("kind", kind, "routes", List.of(), "warnings",
        List.of("not serving yet: waiting for the first answers of the Consul agent"));
  }

  private static Object status(Watch.Status s) {
    return Json.object("index", s.index(), "last_success", s.lastSuccess().map(Object::toString).orElse(""),
        "last_error", s.lastError().orElse(""), "consecutive_failures", s.consecutiveFailures(),
        "requests", s.requests());
  }

  @Override
  public AdminServer.View view(Runnable quit) {
    return new AdminServer.View() {
      @Override
      public boolean ready() {
        return ConsulFollower.this.ready();
      }

      @Override
      public Object routes() {
        return gateway.routes();
      }

      @Override
      public Object stats() {
        Map<String, Object> watches = new LinkedHashMap<>();
        gateway.watches().forEach((endpoint, s) -> watches.put(endpoint, status(s)));
        return Json.object("consul", Json.object("agent", client.address().toString(), "watches", watches),
            "config", Json.object("last_refusal", gateway.refusals()), "counters", stats.snapshot());
      }

      @Override
      public String metrics() {
        long failing = gateway.watches().values().stream().filter(s -> s.consecutiveFailures() > 0).count();
        return stats.prometheus() + "# TYPE meshgate_consul_watches_failing gauge\nmeshgate_consul_watches_failing "
            + failing + "\n# TYPE meshgate_ready gauge\nmeshgate_ready " + (ready() ? 1 : 0) + "\n";
      }

      @Override
      public void quit() {
        quit.run();
      }
    };
  }

  @Override
  public void close() {
    gateway.close();
  }
}
