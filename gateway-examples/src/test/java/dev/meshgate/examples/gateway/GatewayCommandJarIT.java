package dev.meshgate.examples.gateway;

import dev.meshgate.examples.Lines;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Every {@link GatewayCommandTest} case again, with the gateway run as users run it: the packaged
 * jar in its own JVM, stopped through its admin endpoint.
 */
class GatewayCommandJarIT extends GatewayCommandTest {
  private final List<Process> processes = new ArrayList<>();

  /** A gateway that a failed test left running is killed, not leaked into the next test. */
  @Override
  void afterStop() {
    for (Process p : processes) {
      p.destroyForcibly();
    }
  }

  @Override
  void launch(List<String> line, Lines err, CompletableFuture<Integer> exit) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", System.getProperty("meshgate.examples.jar")));
    command.addAll(line);
    try {
      Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      processes.add(process);
      Thread pump = new Thread(() -> {
        try (InputStream in = process.getErrorStream()) {
          in.transferTo(err);
        } catch (IOException e) {
          // the process ended
        }
      }, "gateway-stderr");
      pump.setDaemon(true);
      pump.start();
      process.onExit().thenAccept(p -> exit.complete(p.exitValue()));
    } catch (IOException e) {
      exit.completeExceptionally(e);
    }
  }
}
