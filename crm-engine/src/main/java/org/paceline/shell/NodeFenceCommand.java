package org.paceline.shell;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.paceline.fencing.DelayRandom;
import org.paceline.fencing.FenceAction;
import org.paceline.fencing.FenceClock;
import org.paceline.fencing.FenceOutcome;
import org.paceline.fencing.FenceRequest;
import org.paceline.fencing.Fencer;
import org.paceline.fencing.HistoryEntry;
import org.paceline.fencing.config.FencingConfig;
import org.paceline.fencing.config.FencingConfigLoad;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code crm node fence NODE -x CIB}: fences a node now through the CIB's fence devices and
 * topology, prints every device attempt and records them in the history. Exits 0 when fencing is
 * confirmed, 69 when it failed.
 */
@Command(
    name = "fence",
    mixinStandardHelpOptions = true,
    description = "Fence (reboot or power off) a node.")
public final class NodeFenceCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NODE", description = "The node to fence.")
  String node;

  @Option(
      names = {"-x", "--xml-file"},
      required = true,
      paramLabel = "CIB",
      description = "CIB XML file.")
  Path cib;

  @Option(
      names = "--off",
      description = "Power off instead of the CIB's stonith-action (reboot by default).")
  boolean off;

  @Mixin FencingState state;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    int[] exit = {ExitCodes.OK};
    FencingConfigLoad load = state.load(cib, err, exit);
    if (load == null) {
      return exit[0];
    }
    FencingConfig c = load.config();
    try (Fencer f =
        new Fencer(
            c.devices(),
            c.settings(),
            c.topology(),
            c.fencerSettings(),
            FenceClock.system(),
            DelayRandom.threadLocal(),
            state.history())) {
      FenceOutcome o =
          f.fence(
              new FenceRequest(
                  node, off ? FenceAction.OFF : c.defaultAction(), FencingState.origin()));
      for (HistoryEntry a : o.attempts()) {
        out.printf(
            "level %d %s %s: %s (%d ms) %s%n",
            a.level(), a.device(), a.action().word(), a.result(), a.durationMs(), a.message());
      }
      if (o.fenced()) {
        out.println(o.message());
        return ExitCodes.OK;
      }
      err.println("error: " + o.message());
      return ExitCodes.UNAVAILABLE;
    }
  }
}
