package org.paceline.shell;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code crm} command line: the entry point of {@code bin/crm}. Subcommands follow crmsh's
 * levels (cib, configure, ...).
 */
@Command(
    name = "crm",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Paceline cluster shell.",
    subcommands = {
      CibCommand.class,
      ConfigureCommand.class,
      ClusterCommand.class,
      SimulateCommand.class,
      StatusCommand.class,
      ResourceCommand.class,
      RaCommand.class,
      NodeCommand.class,
      FencingCommand.class,
      BenchCommand.class
    })
public final class CrmCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-i", "--interactive"},
      description = "Start the interactive shell (the default on a terminal without arguments).")
  boolean interactive;

  @CommandLine.Mixin TargetOptions target;

  @Override
  public Integer call() throws IOException {
    if (!interactive && System.console() == null) {
      spec.commandLine().usage(spec.commandLine().getOut());
      return ExitCodes.OK;
    }
    try (Terminal t = TerminalBuilder.builder().system(true).build()) {
      // $HOME as crmsh uses it (the JVM's user.home comes from the password database instead).
      String home = System.getenv("HOME");
      Path history = Path.of(home == null ? System.getProperty("user.home") : home, ".crm_history");
      return new InteractiveShell(t, target, history).run();
    }
  }

  /** Runs the shell and exits with the command's code. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line (also used by tests to run commands in-process). */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new CrmCommand());
    cl.setAbbreviatedSubcommandsAllowed(false);
    // crmsh words such as "-inf:" start with '-': the edit commands take unknown options as words.
    CommandLine configure = cl.getSubcommands().get("configure");
    for (String name : ConfigureEditCommands.NAMES) {
      configure.getSubcommands().get(name).setUnmatchedOptionsArePositionalParams(true);
    }
    cl.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          cmd.getErr().println("error: " + ex.getMessage());
          return ExitCodes.SOFTWARE;
        });
    return cl;
  }
}
