package org.paceline.daemon;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.paceline.agents.OcfAgentDirectory;
import org.paceline.agents.OcfRunnerLimits;
import org.paceline.cib.Cib;
import org.paceline.executor.SystemTimers;
import org.paceline.fencing.DelayRandom;
import org.paceline.fencing.FenceClock;
import org.paceline.fencing.FenceHistory;
import org.paceline.membership.NodeConfig;
import org.paceline.node.FenceRunner;
import org.paceline.node.RunDirAttributes;

/**
 * The daemon's {@link RunnerNodeSide.Ports}: OCF agents from the node's OCF root on {@link
 * #WORKER_THREADS} "executor" threads, the executor's timers on "lrm-timers", the attribute poll on
 * its own "attribute-poll" thread (reading the run directory must not delay monitors), the system
 * clocks, the node's attribute files and the {@link FenceRunner} with its fence agents.
 */
final class DaemonNodeSidePorts {
  /** Agent threads of the daemon's executor: at most this many agents run at once. */
  static final int WORKER_THREADS = 4;

  private DaemonNodeSidePorts() {}

  static RunnerNodeSide.Ports create(NodeConfig node, Cib initial) {
    ExecutorService workers =
        Executors.newFixedThreadPool(
            WORKER_THREADS,
            r -> {
              Thread t = new Thread(r, "executor");
              t.setDaemon(true);
              return t;
            });
    SystemTimers timers = new SystemTimers();
    ScheduledExecutorService attributePoll =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "attribute-poll");
              t.setDaemon(true);
              return t;
            });
    OcfAgentDirectory agents =
        new OcfAgentDirectory(node.ocfRoot(), OcfRunnerLimits.DEFAULTS, agentEnvironment(node));
    RunDirAttributes attributes = new RunDirAttributes(node.attributesDir());
    return new RunnerNodeSide.Ports(
        System::currentTimeMillis,
        timers,
        timers,
        (delayMs, task) -> {
          ScheduledFuture<?> f = attributePoll.schedule(task, delayMs, TimeUnit.MILLISECONDS);
          return () -> f.cancel(false);
        },
        workers,
        agents::agent,
        attributes,
        attributes::dampeningMs,
        events ->
            new FenceRunner(
                node.nodeName(),
                initial,
                node.fenceAgentDir(),
                new FenceHistory(node.dataDir().resolve("fencing").resolve("history.jsonl")),
                FenceClock.system(),
                DelayRandom.threadLocal(),
                events),
        () -> {
          attributePoll.shutdownNow();
          workers.shutdownNow();
          timers.close();
        });
  }

  /**
   * What the daemon adds to every agent's environment: its admin socket, for the Pacemaker commands
   * agents call, and the directory of Paceline's versions of them first on {@code PATH} and as
   * {@code HA_SBIN_DIR} (where Pacemaker's agents look for crm_attribute), when installed.
   */
  static Map<String, String> agentEnvironment(NodeConfig node) {
    Map<String, String> env = new TreeMap<>();
    env.put("PACELINE_ADMIN_SOCKET", node.adminSocket().toString());
    if (java.nio.file.Files.isDirectory(node.pcmkToolsDir())) {
      env.put("PATH", node.pcmkToolsDir().toString());
      env.put("HA_SBIN_DIR", node.pcmkToolsDir().toString());
    }
    return env;
  }
}
