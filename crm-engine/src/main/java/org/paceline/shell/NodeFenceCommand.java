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
 * {@code crm node fence NODE}: asks the cluster's DC (through the local daemon) to fence a node
 * now, waits until the fencing history shows it done, and exits 0, or 69 when it failed or did not
 * complete in time. With {@code -x CIB}, fences from this host instead, outside the cluster,
 * through the CIB's fence devices and topology, printing every device attempt and recording them in
 * the local history.
 */
@Command(
    name = "fence",
    mixinStandardHelpOptions = true,
    description =
        "Fence (reboot or power off) a node: through the cluster's DC, or with -x CIB from this"
            + " host outside the cluster.")
public final class NodeFenceCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NODE", description = "The node to fence.")
  String node;

  @Option(
      names = {"-x", "--xml-file"},
      paramLabel = "CIB",
      description = "Fence from this host with this CIB's devices, outside the cluster.")
  Path cib;

  @Option(
      names = "--off",
      description = "With -x: power off instead of the CIB's stonith-action (reboot by default).")
  boolean off;

  @Option(
      names = "--wait-ms",
      defaultValue = "120000",
      description =
          "How long to wait for the cluster to confirm the fencing (default: ${DEFAULT-VALUE}).")
  long waitMs;

  @Mixin FencingState state;

  @Mixin ClusterCommand.ConfigOption opt;

  /** How often the status is read while waiting for the fencing. */
  static final long POLL_MS = 200;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    if (node == null || !node.matches("[^\\s\\p{Cntrl}]+")) {
      err.println("error: node '" + node + "' is not an id");
      return ExitCodes.USAGE;
    }
    return cib == null ? throughTheCluster(out, err) : fromHere(out, err);
  }

  private int throughTheCluster(java.io.PrintWriter out, java.io.PrintWriter err) {
    if (off) {
      err.println("error: --off needs -x CIB; the cluster uses its stonith-action");
      return ExitCodes.USAGE;
    }
    org.paceline.membership.NodeConfig c = opt.load(err);
    if (c == null) {
      return ExitCodes.INVALID_INPUT;
    }
    org.paceline.daemon.DaemonStatusSource status =
        new org.paceline.daemon.DaemonStatusSource(c.adminSocket(), c.source().toString(), null);
    // The events already in the history are not the answer (compared as events, not by time: the
    // DC's clock may differ from this node's).
    java.util.Set<org.paceline.status.FencingEvent> before = new java.util.HashSet<>();
    try {
      before.addAll(status.snapshot().fencingHistory());
    } catch (org.paceline.status.StatusUnavailableException e) {
      // No status here now: the daemon's answer to the request says why, if it matters.
    }
    int rc = ClusterCommand.callDaemon(c, "fence " + node, out, err);
    if (rc != ExitCodes.OK) {
      return rc;
    }
    out.flush();
    long deadline = System.nanoTime() + waitMs * 1_000_000;
    String lastFailure = null;
    while (true) {
      try {
        for (org.paceline.status.FencingEvent e : status.snapshot().fencingHistory()) {
          if (e.target().equals(node) && !before.contains(e)) {
            if (e.ok()) {
              out.println(e.action() + " of " + node + " succeeded (" + e.detail() + ")");
              return ExitCodes.OK;
            }
            if (!e.detail().equals(lastFailure)) {
              lastFailure = e.detail();
              err.println(
                  "warning: fencing " + node + " failed: " + e.detail() + "; the DC retries");
            }
          }
        }
      } catch (org.paceline.status.StatusUnavailableException e) {
        // The DC may change while a node is fenced: keep asking until the deadline.
      }
      if (System.nanoTime() > deadline) {
        err.println(
            "error: the fencing of "
                + node
                + " was not confirmed within "
                + waitMs
                + " ms"
                + (lastFailure == null ? "" : " (last failure: " + lastFailure + ")")
                + "; see crm status");
        return ExitCodes.UNAVAILABLE;
      }
      try {
        Thread.sleep(POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return ExitCodes.SOFTWARE;
      }
    }
  }

  private int fromHere(java.io.PrintWriter out, java.io.PrintWriter err) {
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
        // A reboot returns once the node is off and powers it on in the background; this process
        // must not end (and close the fencer) before that is done, or the node stays off.
        long limitMs = c.fencerSettings().fencingTimeoutMs();
        if (!f.awaitPowerOn(node, limitMs)) {
          err.println(
              "warning: powering "
                  + node
                  + " on again was still running after "
                  + limitMs
                  + " ms and was abandoned; check it (crm fencing history)");
        }
        return ExitCodes.OK;
      }
      err.println("error: " + o.message());
      return ExitCodes.UNAVAILABLE;
    }
  }
}
