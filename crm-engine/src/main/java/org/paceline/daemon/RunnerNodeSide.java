package org.paceline.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.paceline.agents.OcfAgentDirectory;
import org.paceline.agents.OcfRunnerLimits;
import org.paceline.cib.Cib;
import org.paceline.controller.Effect;
import org.paceline.controller.Event;
import org.paceline.executor.ExecutorLimits;
import org.paceline.executor.LocalExecutor;
import org.paceline.executor.SystemTimers;
import org.paceline.fencing.DelayRandom;
import org.paceline.fencing.FenceClock;
import org.paceline.fencing.FenceHistory;
import org.paceline.membership.NodeConfig;
import org.paceline.node.FenceRunner;
import org.paceline.node.OperationRunner;
import org.paceline.node.RunDirAttributes;

/**
 * The real node side of the controller: the {@link OperationRunner} on this node's {@link
 * LocalExecutor} (OCF agents from the node's OCF root), the {@link FenceRunner}, and the node's
 * transient attributes (files agents write, e.g. a promotion score), sent to the DC when they
 * change: with each operation result, and otherwise within {@link #ATTRIBUTE_POLL_MS}, because a
 * recurring monitor whose result stays the same sends no result, yet may change a score (a standby
 * that became synchronous).
 */
final class RunnerNodeSide implements ControllerHost.NodeSide {
  /** How often the attribute directory is read for changes made between operation results. */
  static final long ATTRIBUTE_POLL_MS = 250;

  private final DaemonLog log;
  private final String self;
  private final Consumer<Event> sink;
  private final RunDirAttributes attributes;
  private final ExecutorService workers;
  private final SystemTimers timers = new SystemTimers();
  private final OperationRunner runner;
  private final FenceRunner fencer;
  private final Map<String, String> sentAttributes = new TreeMap<>();
  private final ScheduledExecutorService attributePoll =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "attribute-poll");
            t.setDaemon(true);
            return t;
          });
  private volatile Cib config;

  RunnerNodeSide(NodeConfig node, Cib initial, Consumer<Event> sink) {
    this.self = node.nodeName();
    this.sink = sink;
    this.log = new DaemonLog(self);
    this.config = initial;
    this.attributes = new RunDirAttributes(node.attributesDir());
    this.workers =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "executor");
              t.setDaemon(true);
              return t;
            });
    OcfAgentDirectory agents =
        new OcfAgentDirectory(node.ocfRoot(), OcfRunnerLimits.DEFAULTS, agentEnvironment(node));
    this.runner =
        OperationRunner.create(
            self,
            initial,
            // Wall-clock time: it becomes last-run / last-failure in the status, which the DC
            // compares with its own clock for failure-timeout. The executor's timers stay
            // monotonic.
            System::currentTimeMillis,
            this::fromRunner,
            attributes,
            agents::agent,
            workers,
            timers,
            timers,
            ExecutorLimits.DEFAULTS);
    this.fencer =
        new FenceRunner(
            self,
            initial,
            node.fenceAgentDir(),
            new FenceHistory(node.dataDir().resolve("fencing").resolve("history.jsonl")),
            FenceClock.system(),
            DelayRandom.threadLocal(),
            sink);
    attributePoll.scheduleWithFixedDelay(
        () -> {
          try {
            attributeChanges().forEach(sink);
          } catch (RuntimeException e) {
            // A failed poll must not end the polling: log it and read again next time.
            log.info("reading transient attributes failed", "error", e.toString());
          }
        },
        ATTRIBUTE_POLL_MS,
        ATTRIBUTE_POLL_MS,
        TimeUnit.MILLISECONDS);
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

  /** A result: first any attribute the agent changed (a promotion score), then the result. */
  private void fromRunner(Event e) {
    if (e instanceof Event.OperationResult r) {
      if (!r.task().equals("monitor") || r.intervalMs() == 0) {
        log.info(
            "result of "
                + r.task()
                + " of "
                + r.resource()
                + ": rc "
                + r.rc()
                + " in "
                + r.execMs()
                + " ms"
                + (r.exitReason().isEmpty() ? "" : " (" + r.exitReason() + ")"));
      }
      attributeChanges().forEach(sink);
    }
    sink.accept(e);
  }

  private List<Event> attributeChanges() {
    Map<String, String> now = attributes.get();
    List<Event> out = new ArrayList<>();
    synchronized (sentAttributes) {
      for (String k : new TreeSet<>(sentAttributes.keySet())) {
        if (!now.containsKey(k)) {
          sentAttributes.remove(k);
          out.add(new Event.AttributeChanged(self, k, null));
        }
      }
      now.forEach(
          (k, v) -> {
            if (!v.equals(sentAttributes.put(k, v))) {
              out.add(new Event.AttributeChanged(self, k, v));
            }
          });
    }
    return out;
  }

  @Override
  public void configure(Cib configuration) {
    config = configuration;
    runner.setConfiguration(configuration);
    fencer.setConfiguration(configuration);
  }

  @Override
  public void run(Effect.RunOperation op) {
    if (!op.task().equals("monitor") || op.intervalMs() == 0) {
      log.info(
          "executing "
              + op.task()
              + " of "
              + op.resource()
              + " (transition "
              + op.transitionId()
              + ")");
    }
    runner.run(op);
  }

  @Override
  public Event.NodeReport report(long term) {
    Map<String, String> attrs = attributes.get();
    synchronized (sentAttributes) {
      sentAttributes.clear();
      sentAttributes.putAll(attrs);
    }
    return runner.report(term, attrs);
  }

  @Override
  public void fence(Effect.Fence f) {
    fencer.fence(f);
  }

  @Override
  public void close() {
    attributePoll.shutdownNow();
    runner.close();
    fencer.close();
    workers.shutdownNow();
    timers.close();
  }
}
