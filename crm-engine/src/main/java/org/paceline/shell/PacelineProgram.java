package org.paceline.shell;

import org.paceline.daemon.PacelineMain;
import org.paceline.demo.DemoCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The installed {@code paceline} program ({@code bin/paceline}): the node daemon's command ({@link
 * PacelineMain}, whose options, description and version it inherits) with the subcommands that sit
 * above the daemon, so the daemon package never depends on them.
 */
@Command(
    name = "paceline",
    subcommands = {DemoCommand.class})
public final class PacelineProgram extends PacelineMain {
  /** Entry point of {@code bin/paceline}. */
  public static void main(String[] args) {
    System.exit(PacelineMain.execute(commandLine(), args));
  }

  /** The program's command line, with its subcommands. */
  public static CommandLine commandLine() {
    return new CommandLine(new PacelineProgram());
  }
}
