package org.paceline.shell;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.paceline.fencing.FenceHistory;
import org.paceline.fencing.HistoryEntry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code crm fencing history [NODE]}: prints the fencing history, oldest first. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = "Show the fencing history.")
public final class FencingHistoryCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "NODE", description = "Only this target.")
  String node;

  @Mixin FencingState state;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    FenceHistory.Read read;
    try {
      read = state.history().read();
    } catch (IOException e) {
      err.println("error: cannot read " + state.history().file() + ": " + e.getMessage());
      return ExitCodes.NO_INPUT;
    }
    int shown = 0;
    for (HistoryEntry e : read.entries()) {
      if (node != null && !node.equals(e.target())) {
        continue;
      }
      out.printf(
          "%s %s %s target=%s device=%s level=%d origin=\"%s\" %d ms: %s%n",
          e.time(),
          e.action().word(),
          e.result(),
          e.target(),
          e.device() == null ? "-" : e.device(),
          e.level(),
          e.origin(),
          e.durationMs(),
          e.message());
      shown++;
    }
    if (shown == 0) {
      out.println("no fencing history" + (node == null ? "" : " for " + node));
    }
    if (read.damagedLines() > 0) {
      err.println(
          "warning: " + read.damagedLines() + " unreadable line(s) in " + state.history().file());
    }
    return ExitCodes.OK;
  }
}
