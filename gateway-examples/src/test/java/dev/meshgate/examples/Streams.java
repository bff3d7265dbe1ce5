package dev.meshgate.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The jar's entry point run in-process, with what it prints to stdout and stderr kept as UTF-8. */
final class Streams {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** Runs one command line through {@link Main#run}; the output adds to what earlier runs printed. */
  int run(String... args) {
    return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** Forgets what was printed so far. */
  void reset() {
    out.reset();
    err.reset();
  }
}
