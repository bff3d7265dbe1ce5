package dev.meshgate.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final List<List<String>> calls = new ArrayList<>();

  private final Subcommand echo = new Subcommand() {
    @Override
    public String summary() {
      return "print the arguments";
    }

    @Override
    public String usage() {
      return "usage: echo [--fail] [--bad] words...\n";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
      calls.add(args);
      if (args.contains("--bad")) {
        throw new UsageException("--bad: \"yes\" (expected: nothing)");
      }
      if (args.contains("--fail")) {
        throw new IllegalStateException("broken");
      }
      out.println(String.join(" ", args));
      return 0;
    }
  };

  private final Map<String, Subcommand> table = Map.of("echo", echo, "another", echo);

  private int run(String... args) {
    return Main.run(List.of(args), table, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static final String USAGE = "usage: java -jar meshgate-examples.jar <subcommand> [args...]\n"
      + "\n"
      + "subcommands:\n"
      + "  another        print the arguments\n"
      + "  echo           print the arguments\n";

  @Test
  void dispatchesTheRestOfTheArgumentsToTheNamedSubcommand() {
    assertEquals(0, run("echo", "a", "b"));
    assertEquals(List.of(List.of("a", "b")), calls);
    assertEquals("a b\n", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void printsTheUsageWithSortedSubcommandsAndExitsTwoWithoutArguments() {
    assertEquals(2, run());
    assertEquals(USAGE, err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void namesAnUnknownSubcommandThenPrintsTheUsage() {
    assertEquals(2, run("inspekt", "--port", "1"));
    assertEquals("meshgate-examples: unknown subcommand \"inspekt\"\n" + USAGE,
        err.toString(StandardCharsets.UTF_8));
    assertEquals(List.of(), calls);
  }

  @Test
  void helpGoesToStandardOutputWithStatusZero() {
    assertEquals(0, run("--help"));
    assertEquals(USAGE, out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aBadOptionPrintsItsMessageAndTheSubcommandUsageWithStatusTwo() {
    assertEquals(2, run("echo", "--bad"));
    assertEquals("echo: --bad: \"yes\" (expected: nothing)\nusage: echo [--fail] [--bad] words...\n",
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aFailingSubcommandExitsOneWithItsError() {
    assertEquals(1, run("echo", "--fail"));
    assertEquals("echo: java.lang.IllegalStateException: broken\n", err.toString(StandardCharsets.UTF_8));
  }
}
