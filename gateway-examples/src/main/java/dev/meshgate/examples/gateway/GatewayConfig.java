package dev.meshgate.examples.gateway;

import dev.meshgate.consul.api.AnswerException;
import dev.meshgate.consul.api.ConsulAnswers;
import dev.meshgate.consul.config.ConfigDirectory;
import dev.meshgate.consul.config.ConfigProblem;
import dev.meshgate.core.catalog.Catalog;
import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.intentions.DefaultPolicy;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * One consistent read of a gateway's config directory: the Consul config entries in {@code
 * DIR/*.json}, and the catalog in {@code DIR/catalog/*.json}, each file an answer of Consul's
 * {@code /v1/health/service/<name>} (what {@code curl localhost:8500/v1/health/service/api}
 * prints). A read with any problem is not used: {@link #problems()} names each, with its file.
 *
 * @param directory the directory read
 * @param entries the config entries, validated
 * @param catalog the catalog: the entries' service-defaults, resolvers, ... and the instances
 * @param problems every problem found, each naming its file; empty when the read can be used
 */
record GatewayConfig(Path directory, ConfigDirectory entries, CatalogSnapshot catalog, List<String> problems) {
  static final String CATALOG = "catalog";

  /** Reads the directory; never throws for bad content, only reports it. */
  static GatewayConfig load(Path directory, String datacenter, DefaultPolicy policy) {
    List<String> problems = new ArrayList<>();
    ConfigDirectory entries;
    try {
      entries = ConfigDirectory.load(directory, policy);
    } catch (IOException e) {
      return new GatewayConfig(directory, null, CatalogSnapshot.empty(),
          List.of(directory + ": cannot be listed: " + e));
    }
    for (ConfigProblem p : entries.errors()) {
      problems.add(new ConfigProblem(directory.resolve(p.source()).toString(), p.index(), p.path(), p.message())
          .toString());
    }
    Catalog catalog = entries.newCatalog();
    for (Path file : jsonFiles(directory.resolve(CATALOG), problems)) {
      try {
        for (ServiceInstance instance : ConsulAnswers.healthService(file.toString(), datacenter,
            Files.readAllBytes(file))) {
          catalog.register(instance);
        }
      } catch (AnswerException e) {
        problems.add(e.getMessage());
      } catch (IOException | RuntimeException e) {
        problems.add(file + ": cannot be read: " + e);
      }
    }
    return new GatewayConfig(directory, entries, catalog.snapshot(), List.copyOf(problems));
  }

  /** The {@code *.json} files directly in a directory, by name; none when it does not exist. */
  static List<Path> jsonFiles(Path directory, List<String> problems) {
    TreeSet<Path> files = new TreeSet<>();
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*.json")) {
      stream.forEach(files::add);
    } catch (IOException e) {
      problems.add(directory + ": cannot be listed: " + e);
    }
    return List.copyOf(files);
  }

  /** Whether this read can be applied. */
  boolean ok() {
    return problems.isEmpty();
  }
}
