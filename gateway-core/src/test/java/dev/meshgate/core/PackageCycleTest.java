package dev.meshgate.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Core's packages form layers: no package reaches, through the types its sources name, a package
 * that reaches it back. Read from the sources, so that a new import that closes a cycle fails here.
 */
class PackageCycleTest {
  private static final Path SOURCES = Path.of("src/main/java");
  private static final Pattern CORE_TYPE = Pattern.compile("\\b(dev\\.meshgate\\.core(?:\\.[a-z]\\w*)+)\\.[A-Z]");

  @Test
  void noPackageOfCoreDependsOnItselfThroughAnother() throws IOException {
    Map<String, Set<String>> uses = dependencies();
    List<String> cycles = new ArrayList<>();
    for (String from : uses.keySet()) {
      for (String to : uses.get(from)) {
        List<String> back = path(uses, to, from);
        if (back != null) {
          cycles.add(from + " -> " + String.join(" -> ", back));
        }
      }
    }
    assertEquals(List.of(), cycles);
  }

  @Test
  void theScanSeesThePackagesAndTheirLayers() throws IOException {
    Map<String, Set<String>> uses = dependencies();
    // A scan that read nothing would find no cycle; check it sees known edges.
    assertTrue(uses.get("dev.meshgate.core.mesh").contains("dev.meshgate.core.catalog"), uses.toString());
    assertTrue(uses.get("dev.meshgate.core.mesh").contains("dev.meshgate.core.runtime"), uses.toString());
  }

  private static Map<String, Set<String>> dependencies() throws IOException {
    Map<String, Set<String>> uses = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES.resolve("dev/meshgate/core"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String pkg = SOURCES.relativize(file.getParent()).toString().replace('/', '.').replace('\\', '.');
        Set<String> targets = uses.computeIfAbsent(pkg, k -> new TreeSet<>());
        String text = Files.readString(file).replaceAll("(?m)^package .*$", "");
        Matcher m = CORE_TYPE.matcher(text);
        while (m.find()) {
          if (!m.group(1).equals(pkg)) {
            targets.add(m.group(1));
          }
        }
      }
    }
    return uses;
  }

  /** A path of packages from {@code start} to {@code goal}, or null; breadth first. */
  private static List<String> path(Map<String, Set<String>> uses, String start, String goal) {
    Map<String, String> cameFrom = new TreeMap<>();
    Deque<String> queue = new ArrayDeque<>(List.of(start));
    cameFrom.put(start, start);
    while (!queue.isEmpty()) {
      String at = queue.removeFirst();
      if (at.equals(goal)) {
        List<String> path = new ArrayList<>();
        for (String p = goal; ; p = cameFrom.get(p)) {
          path.add(0, p);
          if (p.equals(start)) {
            return path;
          }
        }
      }
      for (String next : uses.getOrDefault(at, Set.of())) {
        if (cameFrom.putIfAbsent(next, at) == null) {
          queue.addLast(next);
        }
      }
    }
    return null;
  }
}
