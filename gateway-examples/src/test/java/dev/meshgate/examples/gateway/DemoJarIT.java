package dev.meshgate.examples.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.examples.Lines;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code meshgate demo} through the packaged jar: every command it prints is run here, in a shell,
 * as a person would paste it, and must print what the demo says it will; then the demo stops
 * cleanly through an admin endpoint and removes its directory.
 */
@Timeout(180)
class DemoJarIT {
  /** One printed step: the command, and the text its output must contain. */
  private record Step(String what, String command, String expect) {}

  private static void pump(InputStream in, Lines into) {
    Thread t = new Thread(() -> {
      try (in) {
        in.transferTo(into);
      } catch (IOException e) {
        // the process ended
      }
    }, "demo-output");
    t.setDaemon(true);
    t.start();
  }

  private static String run(String command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
    // A bound on a hung command, not a measurement.
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("did not finish: " + command);
    }
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void everyPrintedCommandPrintsWhatTheDemoPromisesAndTheDemoStopsCleanly() throws Exception {
    Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        System.getProperty("meshgate.examples.jar"), "demo").start();
    Lines out = new Lines();
    Lines err = new Lines();
    pump(demo.getInputStream(), out);
    pump(demo.getErrorStream(), err);
    try {
      String header = out.nextStartingWith("meshgate demo: ");
      Path dir = Path.of(header.substring(header.indexOf(" config in ") + " config in ".length()));
      String meshAdmin = out.nextStartingWith("  mesh gateway ");
      String admin = meshAdmin.substring(meshAdmin.indexOf("admin ") + "admin ".length());
      List<Step> steps = new ArrayList<>();
      for (String line = out.next(); !line.equals("Stop with Ctrl-C."); line = out.next()) {
        if (line.startsWith("# ")) {
          String command = out.next();
          String expect = out.next();
          assertTrue(expect.startsWith("#   expect: "), expect);
          steps.add(new Step(line.substring(2), command, expect.substring("#   expect: ".length())));
        }
      }
      assertEquals(7, steps.size(), steps.toString());
      for (Step step : steps) {
        String printed = run(step.command());
        assertTrue(printed.contains(step.expect()), step.what() + "\n$ " + step.command() + "\n" + printed);
      }
      // the denial is explained as it happens
      err.nextStartingWith("terminating gateway: default/ops -> default/billing: Default intention policy: deny");

      HttpResponse<String> quit = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(admin
          + "quitquitquit")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, quit.statusCode());
      assertTrue(demo.waitFor(60, TimeUnit.SECONDS), "the demo stops");
      assertEquals(0, demo.exitValue());
      assertFalse(Files.exists(dir), "the demo's directory, with the CA's keys, is removed");
    } finally {
      demo.destroyForcibly();
    }
  }
}
