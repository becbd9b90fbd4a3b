package org.paceline.shell;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code crm resource}: commands about one resource. */
@Command(
    name = "resource",
    mixinStandardHelpOptions = true,
    description = "Resource commands.",
    subcommands = {ExplainCommand.class})
public final class ResourceCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
