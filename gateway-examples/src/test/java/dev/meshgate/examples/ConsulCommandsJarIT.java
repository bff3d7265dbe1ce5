package dev.meshgate.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar run as a process, as users run it: the command line contract from outside. */
class ConsulCommandsJarIT {
  @TempDir
  Path dir;

  private record Result(int status, String out, String err) {}

  private Result java(String... args) throws IOException, InterruptedException {
    String jar = System.getProperty("meshgate.examples.jar");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command)
        .redirectOutput(dir.resolve("out.txt").toFile())
        .redirectError(dir.resolve("err.txt").toFile())
        .start();
    // A bound on a hung child, not a measurement: the test fails rather than waits forever.
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("the jar did not exit");
    }
    return new Result(p.exitValue(), Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
        Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
  }

  @Test
  void normalizesValidatesAndChecksThroughThePackagedJar() throws Exception {
    Path entries = Files.createDirectories(dir.resolve("entries"));
    Path intentions = entries.resolve("intentions.json");
    Files.writeString(intentions, "{\"Kind\":\"service-intentions\",\"Name\":\"db\",\"Sources\":["
        + "{\"Name\":\"*\",\"Action\":\"deny\"},{\"Name\":\"web\",\"Action\":\"allow\"}]}");
    Result normalized = java("config", "normalize", intentions.toString());
    assertEquals(0, normalized.status(), normalized.err());
    assertTrue(normalized.out().indexOf("\"web\"") < normalized.out().indexOf("\"*\""), normalized.out());

    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "[{\"Kind\":\"mesh\"},{\"Kind\":\"mesh\",\"cornfig\":true}]");
    Result invalid = java("config", "validate", bad.toString());
    assertEquals(1, invalid.status());
    assertEquals("bad.json[#1]: invalid config key \"cornfig\"\n", invalid.err());

    Result allowed = java("intention", "check", "--entries", entries.toString(), "web", "db");
    assertEquals(0, allowed.status(), allowed.err());
    assertTrue(allowed.out().startsWith("Allowed\nMatched L4 intention: "), allowed.out());
    Result denied = java("intention", "check", "--entries", entries.toString(), "ops", "db");
    assertEquals(2, denied.status(), denied.err());
    assertEquals("", denied.err(), "stderr carries problems only");
    assertEquals(64, java("intention", "check", "ops").status());
  }

  @Test
  void compilesADiscoveryChainThroughThePackagedJar() throws Exception {
    Path entries = Files.createDirectories(dir.resolve("chain"));
    Files.writeString(entries.resolve("resolver.json"), "{\"Kind\":\"service-resolver\",\"Name\":\"web\","
        + "\"Redirect\":{\"Datacenter\":\"dc2\"}}");
    Result compiled = java("chain", "compile", "--entries", entries.toString(), "--service", "web");
    assertEquals(0, compiled.status(), compiled.err());
    assertEquals("", compiled.err(), "stderr carries problems only");
    assertTrue(compiled.out().contains("\"StartNode\": \"resolver:web.default.default.dc2\""), compiled.out());

    Files.writeString(entries.resolve("loop.json"), "{\"Kind\":\"service-resolver\",\"Name\":\"api\","
        + "\"Redirect\":{\"Service\":\"web\"}}");
    Files.writeString(entries.resolve("resolver.json"), "{\"Kind\":\"service-resolver\",\"Name\":\"web\","
        + "\"Redirect\":{\"Service\":\"api\"}}");
    Result invalid = java("chain", "compile", "--entries", entries.toString(), "--service", "web");
    assertEquals(1, invalid.status(), invalid.out());
    assertEquals("", invalid.out());
    assertTrue(invalid.err().startsWith("detected circular resolver redirect: ["), invalid.err());
    assertEquals(2, java("chain", "compile", "--entries", entries.toString()).status());
  }
}
