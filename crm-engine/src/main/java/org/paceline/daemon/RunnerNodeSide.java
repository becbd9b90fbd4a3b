package org.paceline.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.paceline.agents.ExecStatus;
import org.paceline.agents.OcfExitCode;
import org.paceline.alert.AlertDispatcher;
import org.paceline.alert.AlertEvent;
import org.paceline.cib.Cib;
import org.paceline.controller.Effect;
import org.paceline.controller.Event;
import org.paceline.executor.AgentProvider;
import org.paceline.executor.Clock;
import org.paceline.executor.ExecutorLimits;
import org.paceline.executor.LocalExecutor;
import org.paceline.executor.Timers;
import org.paceline.membership.NodeConfig;
import org.paceline.node.NodeFencer;
import org.paceline.node.OperationRunner;

/**
 * The node side of the controller: the {@link OperationRunner} on this node's {@link
 * LocalExecutor}, the {@link NodeFencer}, and the node's transient attributes (files agents write,
 * e.g. a promotion score), sent to the DC when they change: with each operation result, and
 * otherwise within {@link #ATTRIBUTE_POLL_MS}, because a recurring monitor whose result stays the
 * same sends no result, yet may change a score (a standby that became synchronous). Agents,
 * fencing, threads and clocks are {@link Ports}: the daemon's are OCF scripts, fence agents,
 * threads and the system clocks; the simulation's are simulated agents and a fence device on its
 * simulated clock.
 */
public final class RunnerNodeSide implements ControllerHost.NodeSide {
  /** How often the attribute directory is read for changes made between operation results. */
  static final long ATTRIBUTE_POLL_MS = 250;

  /**
   * What a node side runs on.
   *
   * @param wallClock epoch milliseconds: it becomes last-run / last-failure in the status, which
   *     the DC compares with its own clock for failure-timeout
   * @param executorClock the executor's monotonic clock (queue and run times)
   * @param timers the executor's timers (recurring monitors)
   * @param attributeTimers runs the attribute poll
   * @param workers runs agents
   * @param agents resolves agent ids
   * @param attributes this node's transient attributes as they are now
   * @param attributeDampening each dampened attribute's delay in milliseconds ({@code attrd_updater
   *     -d}): a change of it reaches the DC that long after its first change, with the latest value
   * @param fencers creates the fencer, given the sink for its results
   * @param shutdown stops what these ports own (threads), after the runner and fencer are closed
   */
  public record Ports(
      Clock wallClock,
      Clock executorClock,
      Timers timers,
      Timers attributeTimers,
      Executor workers,
      AgentProvider agents,
      Supplier<Map<String, String>> attributes,
      Supplier<Map<String, Long>> attributeDampening,
      Function<Consumer<Event>, NodeFencer> fencers,
      Runnable shutdown) {}

  /**
   * Test seam: a broken node side, to show that the simulation's invariants catch one. The daemon
   * never sets it.
   */
  enum ResultFault {
    NONE,
    /** Every answer to an operation the DC asked for is sent twice. */
    REPORT_TWICE,
    /** The first answer to an operation the DC asked for is not sent. */
    DROP_ONE
  }

  private final DaemonLog log;
  private final String self;
  private final Consumer<Event> sink;
  private final Ports ports;
  private final OperationRunner runner;
  private final NodeFencer fencer;
  // Null where nothing alerts (the simulation, tests of the node side alone).
  private final AlertDispatcher alerts;
  // What each running operation counts as success (CRM_alert_target_rc), and each fencing
  // request's action, for the alerts of their results.
  private final Map<String, Integer> expectedRc = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, String> fenceActions = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, String> sentAttributes = new TreeMap<>();
  // Dampened attributes changed but not yet sent: the executor clock's time of the first change.
  private final Map<String, Long> heldSince = new TreeMap<>();
  private volatile Timers.Cancellable poll;
  private volatile boolean closed;
  volatile ResultFault resultFault = ResultFault.NONE;

  /** The daemon's node side: OCF agents from the node's OCF root, fence agents, threads. */
  RunnerNodeSide(NodeConfig node, Cib initial, Consumer<Event> sink, AlertDispatcher alerts) {
    this(
        node.nodeName(),
        initial,
        sink,
        DaemonNodeSidePorts.create(node, initial),
        new DaemonLog(node.nodeName()),
        alerts);
  }

  /**
   * A node side on the given ports.
   *
   * @param self this node's name
   * @param initial the configuration operations and fencing are resolved against at first
   * @param sink receives results, attribute changes and fence results
   * @param ports agents, fencing, threads and clocks
   * @param log the node's log
   */
  public RunnerNodeSide(
      String self, Cib initial, Consumer<Event> sink, Ports ports, DaemonLog log) {
    this(self, initial, sink, ports, log, null);
  }

  /**
   * A node side that also tells the alert agents of its operation results, fencing results and
   * attribute changes.
   *
   * @param alerts the node's alert dispatcher, or null for none
   */
  RunnerNodeSide(
      String self,
      Cib initial,
      Consumer<Event> sink,
      Ports ports,
      DaemonLog log,
      AlertDispatcher alerts) {
    this.self = self;
    this.alerts = alerts;
    if (alerts != null) {
      alerts.configure(initial.configuration());
    }
    this.sink = sink;
    this.log = log;
    this.ports = ports;
    this.runner =
        OperationRunner.create(
            self,
            initial,
            // Wall-clock time: it becomes last-run / last-failure in the status, which the DC
            // compares with its own clock for failure-timeout. The executor's timers stay
            // monotonic.
            ports.wallClock(),
            this::fromRunner,
            ports.attributes(),
            ports.agents(),
            ports.workers(),
            ports.executorClock(),
            ports.timers(),
            ExecutorLimits.DEFAULTS);
    this.fencer = ports.fencers().apply(this::fromFencer);
    schedulePoll();
  }

  /** Reads the attributes every {@link #ATTRIBUTE_POLL_MS}, after the previous read is done. */
  private void schedulePoll() {
    if (closed) {
      return;
    }
    try {
      poll =
          ports
              .attributeTimers()
              .schedule(
                  ATTRIBUTE_POLL_MS,
                  () -> {
                    try {
                      attributeChanges().forEach(this::emitAttribute);
                    } catch (RuntimeException e) {
                      // A failed poll must not end the polling: log it and read again next time.
                      log.info("reading transient attributes failed", "error", e.toString());
                    }
                    schedulePoll();
                  });
    } catch (RejectedExecutionException shutDown) {
      // Closing: no more polls.
    }
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
      attributeChanges().forEach(this::emitAttribute);
      alertResult(r);
      if (r.transitionId() >= 0 && resultFault != ResultFault.NONE) {
        if (resultFault == ResultFault.DROP_ONE) {
          resultFault = ResultFault.NONE;
          return;
        }
        sink.accept(e);
      }
    }
    sink.accept(e);
  }

  /**
   * The attributes changed since last sent, as events. A dampened attribute's change is held until
   * its dampening has passed since its first change (attrd's dampening): a burst of updates then
   * reaches the DC once, with the latest value; a change undone within the delay sends nothing.
   */
  private List<Event> attributeChanges() {
    Map<String, String> now = ports.attributes().get();
    Map<String, Long> dampening = ports.attributeDampening().get();
    long at = ports.executorClock().nowMs();
    List<Event> out = new ArrayList<>();
    synchronized (sentAttributes) {
      TreeSet<String> names = new TreeSet<>(sentAttributes.keySet());
      names.addAll(now.keySet());
      for (String k : names) {
        String value = now.get(k);
        if (java.util.Objects.equals(value, sentAttributes.get(k))) {
          heldSince.remove(k);
          continue;
        }
        long delay = dampening.getOrDefault(k, 0L);
        if (delay > 0) {
          long since = heldSince.computeIfAbsent(k, x -> at);
          if (at - since < delay) {
            continue;
          }
        }
        heldSince.remove(k);
        if (value == null) {
          sentAttributes.remove(k);
        } else {
          sentAttributes.put(k, value);
        }
        out.add(new Event.AttributeChanged(self, k, value));
      }
    }
    return out;
  }

  /** An attribute change goes to the DC and to the alert agents. */
  private void emitAttribute(Event e) {
    if (alerts != null && e instanceof Event.AttributeChanged a) {
      alerts.send(
          AlertEvent.attribute(
              AlertEvent.at(ports.wallClock().nowMs()), a.node(), a.name(), a.value()));
    }
    sink.accept(e);
  }

  private static String opKey(String resource, String task, long intervalMs) {
    return resource + "_" + task + "_" + intervalMs;
  }

  /**
   * Tells the alert agents of an operation's result as Pacemaker's executor does: every result but
   * a probe's that found what was expected (lrmd_send_resource_alert).
   */
  private void alertResult(Event.OperationResult r) {
    if (alerts == null) {
      return;
    }
    String key = opKey(r.resource(), r.task(), r.intervalMs());
    boolean probe = r.task().equals("monitor") && r.intervalMs() == 0;
    int target =
        expectedRc.getOrDefault(
            key, probe ? OcfExitCode.NOT_RUNNING.code() : OcfExitCode.SUCCESS.code());
    if (r.intervalMs() == 0) {
      expectedRc.remove(key);
    }
    if (probe && r.rc() == target && r.opStatus() == ExecStatus.DONE.code()) {
      return;
    }
    String desc =
        r.opStatus() == ExecStatus.DONE.code()
            ? OcfExitCode.describe(r.rc())
            : ExecStatus.of(r.opStatus()).map(ExecStatus::description).orElse("Error");
    alerts.send(
        AlertEvent.resource(
            AlertEvent.at(ports.wallClock().nowMs()),
            r.node(),
            r.resource(),
            r.task(),
            r.intervalMs(),
            r.rc(),
            target,
            r.opStatus(),
            r.execMs(),
            desc));
  }

  /** A fencing result goes to the DC and to the alert agents. */
  private void fromFencer(Event e) {
    if (alerts != null && e instanceof Event.FenceResult f) {
      String action = fenceActions.getOrDefault(f.target(), "reboot");
      alerts.send(
          AlertEvent.fencing(
              AlertEvent.at(ports.wallClock().nowMs()),
              f.target(),
              action,
              f.ok() ? 0 : 1,
              "Operation "
                  + action
                  + " of "
                  + f.target()
                  + " by "
                  + self
                  + " for paceline-controld@"
                  + self
                  + ": "
                  + (f.ok() ? "OK" : "Error")
                  + (f.detail() == null || f.detail().isEmpty() ? "" : " (" + f.detail() + ")")));
    }
    sink.accept(e);
  }

  @Override
  public void configure(Cib configuration) {
    runner.setConfiguration(configuration);
    fencer.setConfiguration(configuration);
    if (alerts != null) {
      alerts.configure(configuration.configuration());
    }
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
    expectedRc.put(opKey(op.resource(), op.task(), op.intervalMs()), op.expectedRc());
    runner.run(op);
  }

  @Override
  public Event.NodeReport report(long term) {
    Map<String, String> attrs = ports.attributes().get();
    synchronized (sentAttributes) {
      sentAttributes.clear();
      sentAttributes.putAll(attrs);
      heldSince.clear();
    }
    return runner.report(term, attrs);
  }

  @Override
  public void fence(Effect.Fence f) {
    fenceActions.put(f.target(), f.action());
    fencer.fence(f);
  }

  @Override
  public void close() {
    closed = true;
    Timers.Cancellable p = poll;
    if (p != null) {
      p.cancel();
    }
    runner.close();
    fencer.close();
    ports.shutdown().run();
  }
}
