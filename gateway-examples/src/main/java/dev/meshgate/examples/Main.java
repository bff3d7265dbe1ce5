package dev.meshgate.examples;

import dev.meshgate.examples.consul.ConfigCommand;
import dev.meshgate.examples.consul.IntentionCommand;
import dev.meshgate.examples.gateway.DemoCommand;
import dev.meshgate.examples.gateway.GatewayCommand;
import dev.meshgate.examples.inspect.Inspect;
import dev.meshgate.examples.mesh.MeshGatewayCommand;
import java.io.PrintWriter;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code meshgate} command: {@code java -jar meshgate.jar <command> [options]}. Each command
 * has {@code --help}; every command line that cannot be run (an unknown or repeated option, a
 * missing or invalid value) prints {@code meshgate <command>: <what is wrong>} and the command's
 * usage on standard error and exits with the command's usage status (2 unless the command says
 * otherwise); a failure of the work itself exits with 1.
 */
@Command(name = "meshgate", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
    versionProvider = Main.Version.class, sortOptions = false,
    description = "Consul's mesh, ingress and terminating gateways, and the tools around their config.")
public final class Main implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  private Main() {}

  /**
   * Runs one command line and exits with its status.
   *
   * @param args the command's name, then its arguments
   */
  public static void main(String[] args) {
    System.exit(run(List.of(args), System.out, System.err));
  }

  /**
   * Runs one command line and returns the exit status instead of exiting: {@link #main} without
   * {@link System#exit}, for tests.
   */
  static int run(List<String> args, PrintStream out, PrintStream err) {
    return commandLine(new Io(out, err)).execute(args.toArray(String[]::new));
  }

  /** The command tree, writing to the given streams. */
  static CommandLine commandLine(Io io) {
    CommandLine line = new CommandLine(new Main())
        .addSubcommand(new DemoCommand(io))
        .addSubcommand(new GatewayCommand(io))
        .addSubcommand(new Inspect(io))
        .addSubcommand(new MeshGatewayCommand(io))
        .addSubcommand(new ConfigCommand(io))
        .addSubcommand(new IntentionCommand(io));
    line.setOut(new PrintWriter(io.out(), true));
    line.setErr(new PrintWriter(io.err(), true));
    line.setParameterExceptionHandler(Main::usageError);
    line.setExecutionExceptionHandler(Main::failure);
    return line;
  }

  /** Without a command there is nothing to run: the usage, as for any other usage error. */
  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing command (expected: one of "
        + String.join(", ", spec.subcommands().keySet()) + ")");
  }

  private static int usageError(ParameterException e, String[] args) {
    return usageError(e.getCommandLine(), e.getMessage());
  }

  private static int usageError(CommandLine command, String message) {
    PrintWriter err = command.getErr();
    err.println(command.getCommandSpec().qualifiedName() + ": " + message);
    command.usage(err);
    return command.getCommandSpec().exitCodeOnInvalidInput();
  }

  private static int failure(Exception e, CommandLine command, ParseResult parsed) {
    if (e instanceof UsageException) {
      return usageError(command, e.getMessage());
    }
    command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + e);
    return command.getCommandSpec().exitCodeOnExecutionException();
  }

  /** The version the jar's manifest names (the Maven project's version). */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"meshgate " + (version == null ? "(development build)" : version)};
    }
  }
}
