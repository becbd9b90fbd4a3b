package org.paceline.shell;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code crm fencing}: fencing history, device tests and manual confirmation. */
@Command(
    name = "fencing",
    mixinStandardHelpOptions = true,
    description = "Fencing (STONITH) history, device tests and manual confirmation.",
    subcommands = {
      FencingHistoryCommand.class,
      FencingTestCommand.class,
      FencingConfirmCommand.class
    })
public final class FencingCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
