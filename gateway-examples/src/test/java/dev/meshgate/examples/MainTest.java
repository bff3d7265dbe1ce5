package dev.meshgate.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command tree's shared contract: help, usage errors, exit statuses. */
class MainTest {
  private static final String[] COMMANDS = {"demo", "gateway", "inspect", "mesh-gateway", "config", "intention"};

  @Test
  void withoutACommandItPrintsTheUsageListingEveryCommandAndExitsTwo() {
    Cli.Result r = Cli.run();
    assertEquals(2, r.status());
    assertEquals("meshgate: missing command (expected: one of " + String.join(", ", COMMANDS) + ")",
        r.firstErrLine());
    for (String command : COMMANDS) {
      assertTrue(r.err().contains("\n  " + command + " "), r.err());
    }
    assertEquals("", r.out());
  }

  @Test
  void helpGoesToStandardOutputWithStatusZero() {
    Cli.Result r = Cli.run("--help");
    assertEquals(0, r.status());
    assertTrue(r.out().startsWith("Usage: meshgate [-hV] [COMMAND]\n"), r.out());
    assertEquals("", r.err());
  }

  @ParameterizedTest
  @ValueSource(strings = {"demo", "gateway", "inspect", "mesh-gateway", "config", "intention"})
  void everyCommandHasItsOwnHelp(String command) {
    Cli.Result r = Cli.run(command, "--help");
    assertEquals(0, r.status());
    assertTrue(r.out().startsWith("Usage: meshgate " + command + " "), r.out());
  }

  @Test
  void anUnknownCommandIsNamedThenTheUsageFollowsWithStatusTwo() {
    Cli.Result r = Cli.run("inspekt", "--port", "1");
    assertEquals(2, r.status());
    assertEquals("meshgate: Unmatched arguments from index 0: 'inspekt', '--port', '1'", r.firstErrLine());
    assertTrue(r.err().contains("Usage: meshgate "), r.err());
  }

  @Test
  void aValueTheCommandRejectsIsNamedWithTheCommandsUsageAndStatusTwo() {
    Cli.Result r = Cli.run("inspect", "--port", "70000");
    assertEquals(2, r.status(), r.err());
    assertEquals("meshgate inspect: --port: \"70000\" (expected: an integer 0..65535)", r.firstErrLine());
    assertTrue(r.err().contains("\nUsage: meshgate inspect "), r.err());
  }

  @Test
  void theVersionComesFromTheManifestOrSaysItIsADevelopmentBuild() {
    Cli.Result r = Cli.run("--version");
    assertEquals(0, r.status());
    assertTrue(r.out().startsWith("meshgate "), r.out());
  }
}
