package dev.meshgate.examples.gateway;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the config directory: every interval it compares the names, sizes and modification
 * times of the files it is read from ({@link #fingerprint}) with the last ones seen; on a change
 * it reads the directory and applies the read to the gateway as a whole, or refuses it (a problem
 * in any file, or the gateway refusing it) and keeps the previous config serving. Reads run on
 * one thread, never on the event loops. Closing it closes the gateway.
 */
final class Reloader implements RunningGateway.Source {
  private static final Logger LOG = LoggerFactory.getLogger(Reloader.class);

  private final Path directory;
  private final Supplier<GatewayConfig> reader;
  private final Kind.FromDirectory gateway;
  private final Stats stats;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "meshgate-config");
    t.setDaemon(true);
    return t;
  });
  private String fingerprint;
  private volatile Instant appliedAt = Instant.now();
  private volatile List<String> lastProblems = List.of();

  /**
   * Follows a directory whose first read the gateway serves.
   *
   * @param fingerprint the directory's fingerprint taken before that first read
   */
  Reloader(Path directory, String fingerprint, Supplier<GatewayConfig> reader, Kind.FromDirectory gateway,
      Stats stats) {
    this.directory = directory;
    this.reader = reader;
    this.gateway = gateway;
    this.stats = stats;
    this.fingerprint = fingerprint;
    stats.increment("meshgate_config_reloads_total{result=\"applied\"}");
  }

  void start(int seconds) {
    thread.scheduleWithFixedDelay(this::check, seconds, seconds, TimeUnit.SECONDS);
  }

  private void check() {
    String now = fingerprint(directory);
    if (now.equals(fingerprint)) {
      return;
    }
    fingerprint = now;
    GatewayConfig next = reader.get();
    List<String> problems = new ArrayList<>(next.problems());
    if (problems.isEmpty()) {
      try {
        gateway.apply(next);
      } catch (Exception e) {
        problems.add(e.getMessage() == null ? e.toString() : e.getMessage());
      }
    }
    if (problems.isEmpty()) {
      appliedAt = Instant.now();
      lastProblems = List.of();
      stats.increment("meshgate_config_reloads_total{result=\"applied\"}");
      LOG.info("config {} applied", directory);
      return;
    }
    lastProblems = List.copyOf(problems);
    stats.increment("meshgate_config_reloads_total{result=\"refused\"}");
    LOG.warn("config {} refused, the previous one serves on: {}", directory, String.join("; ", problems));
  }

  /**
   * Names, sizes and modification times of every file the config is read from: the {@code *.json}
   * files of the directory and of its catalog, and every file of its TLS directory and of the
   * {@code sds} directory in it. Other files (a
   * log written beside the config, an editor's backup) change nothing.
   */
  static String fingerprint(Path directory) {
    TreeMap<String, String> files = new TreeMap<>();
    Map<Path, String> globs = Map.of(directory, "*.json", directory.resolve(GatewayConfig.CATALOG), "*.json",
        directory.resolve("tls"), "*", directory.resolve("tls").resolve("sds"), "*");
    for (Map.Entry<Path, String> read : globs.entrySet()) {
      Path dir = read.getKey();
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, read.getValue())) {
        for (Path file : stream) {
          BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
          if (a.isRegularFile()) {
            files.put(file.toString(), a.size() + "@" + a.lastModifiedTime().toMillis());
          }
        }
      } catch (IOException e) {
        files.put(dir.toString(), "unreadable: " + e);
      }
    }
    return files.toString();
  }

  /** The admin endpoint's view of the gateway and of this reloader's state. */
  @Override
  public AdminServer.View view(Runnable quit) {
    return new AdminServer.View() {
      @Override
      public boolean ready() {
        return true;
      }

      @Override
      public Object routes() {
        return gateway.routes();
      }

      @Override
      public Object stats() {
        return Json.object("config", Json.object("directory", directory.toString(), "applied_at",
            appliedAt.toString(), "last_refusal", lastProblems), "counters", stats.snapshot());
      }

      @Override
      public String metrics() {
        return stats.prometheus() + "# TYPE meshgate_config_last_reload_ok gauge\nmeshgate_config_last_reload_ok "
            + (lastProblems.isEmpty() ? 1 : 0) + "\n";
      }

      @Override
      public void quit() {
        quit.run();
      }
    };
  }

  /** Stops following the directory, then closes the gateway. */
  @Override
  public void close() {
    thread.shutdownNow();
    gateway.close();
  }
}
