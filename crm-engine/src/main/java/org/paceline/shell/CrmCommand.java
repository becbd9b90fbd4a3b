package org.paceline.shell;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.paceline.daemon.VersionProvider;
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

  /**
   * Copies the root's -x FILE, --config and --ocf-root to the subcommands that take them and left
   * them out.
   */
  private static void inheritTarget(CommandLine.ParseResult parsed) {
    for (String name : List.of("-x", "--config", "--ocf-root")) {
      CommandLine.Model.OptionSpec given = parsed.matchedOption(name);
      if (given == null) {
        continue;
      }
      for (CommandLine.ParseResult sub = parsed.subcommand(); sub != null; sub = sub.subcommand()) {
        CommandLine.Model.OptionSpec there = sub.commandSpec().findOption(name);
        if (there != null && !sub.hasMatchedOption(name)) {
          Object v = given.getValue();
          there.setValue(there.type() == String.class && v != null ? v.toString() : v);
        }
      }
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
    // crmsh takes "-x FILE" (and a node file) before the level too: "crm -x cib.xml configure
    // show". Options given before the subcommand apply to it unless it names its own.
    cl.setExecutionStrategy(
        parsed -> {
          inheritTarget(parsed);
          return new CommandLine.RunLast().execute(parsed);
        });
    cl.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          cmd.getErr().println("error: " + ex.getMessage());
          return ExitCodes.SOFTWARE;
        });
    return cl;
  }
}
