package dev.meshgate.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshgate.core.config.InvalidConfigEntryException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProblemsTest {
  @Test
  void reportsEveryProblemWithConsulsFirstErrorFirst() {
    Problems problems = new Problems("service-intentions", "web");
    problems.add("Name is required");
    problems.addf("Sources[%d].Name is required", 1);
    InvalidConfigEntryException e = assertThrows(InvalidConfigEntryException.class, problems::throwIfAny);
    assertEquals(List.of("Name is required", "Sources[1].Name is required"), e.errors());
    assertEquals("Name is required", e.firstError());
    assertEquals(
        "service-intentions \"web\" has 2 problems: Name is required; Sources[1].Name is required", e.getMessage());
  }

  @Test
  void doesNothingWithoutProblems() {
    new Problems("mesh", "mesh").throwIfAny();
  }

  @Test
  void checksConsulMetaLimitsInKeyOrder() {
    Map<String, String> meta = new HashMap<>();
    for (int i = 0; i < 65; i++) {
      meta.put("k" + i, "v");
    }
    meta.put("b".repeat(129), "v");
    meta.put("a", "x".repeat(513));
    Problems problems = new Problems("terminating-gateway", "tgw");
    problems.checkMeta(meta);
    assertEquals(
        List.of(
            "Meta exceeds maximum element count 64",
            "Meta value for key \"a\" exceeds maximum length 512",
            "Meta key \"" + "b".repeat(129) + "\" exceeds maximum length 128"),
        problems.messages());
  }

  @Test
  void acceptsMetaAtTheLimits() {
    Map<String, String> meta = new HashMap<>();
    for (int i = 0; i < 63; i++) {
      meta.put("k" + i, "v");
    }
    meta.put("k".repeat(128), "v".repeat(512));
    Problems problems = new Problems("terminating-gateway", "tgw");
    problems.checkMeta(meta);
    assertEquals(List.of(), problems.messages());
  }

  @Test
  void quotesLikeGo() {
    assertEquals("\"a\\\"b\\\\c\\n\\x01\"", Problems.quote("a\"b\\c\n\u0001"));
  }

  @Test
  void refusesAnExceptionWithoutProblems() {
    assertThrows(IllegalArgumentException.class, () -> new InvalidConfigEntryException("k", "n", List.of()));
  }

  @Test
  void countsAreSingularForOneAndPluralOtherwise() {
    assertEquals("0 routes", Problems.count(0, "route"));
    assertEquals("1 route", Problems.count(1, "route"));
    assertEquals("2 routes", Problems.count(2, "route"));
    assertEquals("1 listener", Problems.count(1, "listener"));
  }
}
