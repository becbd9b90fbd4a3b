package org.paceline.shell;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code crm node}: node-level operations (fencing today). */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = "Node operations.",
    subcommands = {
      NodeFenceCommand.class,
      LiveCommands.Standby.class,
      LiveCommands.Online.class,
      LiveCommands.Maintenance.class
    })
public final class NodeCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
