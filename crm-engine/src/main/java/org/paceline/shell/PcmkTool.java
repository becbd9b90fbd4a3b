package org.paceline.shell;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * What Paceline's versions of Pacemaker's commands share: Pacemaker's {@code --help}, {@code
 * --version} and {@code -V} (verbosity, ignored), the environment they read (the daemon's socket,
 * {@code CIB_file}, the agent's variables), their output, and how they run: a bad option is
 * Pacemaker's usage exit code 64.
 */
abstract class PcmkTool implements Callable<Integer> {
  @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(
      names = "--version",
      versionHelp = true,
      description = "Print version information and exit.")
  boolean version;

  @Option(
      names = {"-V", "--verbose"},
      description = "Ignored (Pacemaker's verbosity).")
  boolean[] verbose;

  final Map<String, String> env;
  final PrintWriter out;
  final PrintWriter err;

  PcmkTool(Map<String, String> env, PrintWriter out, PrintWriter err) {
    this.env = env;
    this.out = out;
    this.err = err;
  }

  /** Makes a tool for one invocation. */
  interface Factory {
    PcmkTool create(Map<String, String> env, PrintWriter out, PrintWriter err);
  }

  /** Runs one invocation with the process's environment and exits with its code. */
  static void main(Factory factory, String[] args) {
    System.exit(
        run(
            factory,
            args,
            System.getenv(),
            new PrintWriter(System.out),
            new PrintWriter(System.err)));
  }

  /** Runs one invocation (tests call this directly). */
  static int run(
      Factory factory, String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(factory.create(env, out, err));
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler(
        (e, a) -> {
          err.println(cl.getCommandName() + ": " + e.getMessage());
          return CrmAttributeCommand.EX_USAGE;
        });
    int rc = cl.execute(args);
    out.flush();
    err.flush();
    return rc;
  }
}
