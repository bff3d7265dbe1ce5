package dev.meshgate.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs the {@code meshgate} command line in-process, as {@code java -jar meshgate.jar} would. */
public final class Cli {
  private Cli() {}

  /** What one command line printed and returned. */
  public record Result(int status, String out, String err) {
    /** Returns the first line on standard error, or "" when nothing was printed there. */
    public String firstErrLine() {
      int end = err.indexOf('\n');
      return end < 0 ? err : err.substring(0, end);
    }
  }

  /** Runs the command line, capturing both streams. */
  public static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Runs the command line with the given streams; returns the exit status. */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    return Main.run(args, out, err);
  }
}
