package org.paceline.shell;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.paceline.fencing.FenceClock;
import org.paceline.fencing.Fencer;
import org.paceline.fencing.HistoryEntry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code crm fencing confirm NODE}: the operator states that a node is down (checked by hand after
 * every device failed), recorded in the history like Pacemaker's {@code stonith_admin --confirm}. A
 * wrong confirmation can cause data corruption, so it asks for {@code --force} explicitly.
 */
@Command(
    name = "confirm",
    mixinStandardHelpOptions = true,
    description = "Record that NODE is confirmed down by an operator.")
public final class FencingConfirmCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NODE", description = "The node that is down.")
  String node;

  @Option(
      names = "--force",
      description = "Confirm without asking: I have checked NODE is powered off.")
  boolean force;

  @Mixin FencingState state;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    if (!force) {
      err.println(
          "error: confirming "
              + node
              + " lets the cluster recover its resources; if it is still running, data will be"
              + " corrupted. Check it is powered off, then run again with --force.");
      return ExitCodes.INVALID_INPUT;
    }
    try {
      HistoryEntry e =
          Fencer.confirm(state.history(), FenceClock.system(), node, FencingState.origin());
      out.println(e.message() + " (recorded in " + state.history().file() + ")");
      return ExitCodes.OK;
    } catch (IOException ex) {
      err.println("error: cannot write " + state.history().file() + ": " + ex.getMessage());
      return ExitCodes.CANT_CREATE;
    }
  }
}
