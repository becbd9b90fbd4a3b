package org.paceline.daemon;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.paceline.cib.Cib;
import org.paceline.cib.CibVersion;
import org.paceline.controller.Controller;
import org.paceline.controller.ControllerOptions;
import org.paceline.controller.Effect;
import org.paceline.controller.Event;
import org.paceline.executor.Timers;
import org.paceline.membership.ClusterChannel;

/**
 * Runs a node's {@link Controller} on one event loop and carries out its effects: operations go to
 * the node they are for (this node's executor, or another daemon over the cluster), fencing to the
 * fencer, timers to the runtime's timers, scheduler inputs to their archive. Messages from other
 * daemons come in through {@link #received}. Time, threads and the cluster are ports ({@link
 * HostRuntime}, {@link ClusterPort}): the daemon runs it on threads and the cluster channel, the
 * seeded simulation on its simulated clock and network.
 */
public final class ControllerHost implements AutoCloseable {
  /**
   * What a node does for the controller: run operations, report its history, fence. Results go to
   * the sink the side was created with.
   */
  public interface NodeSide extends AutoCloseable {
    /** The configuration operations and fencing are resolved against from now on. */
    void configure(Cib configuration);

    /** Runs the operation; its result (and any attribute change) goes to the sink. */
    void run(Effect.RunOperation op);

    /** This node's executor history and attributes, for a new DC. */
    Event.NodeReport report(long term);

    /** Fences a node; the result goes to the sink. */
    void fence(Effect.Fence f);

    @Override
    void close();
  }

  /**
   * Sees every step of the controller on its event loop, before the effects are carried out: the
   * simulation traces and checks them here. Must be quick and must not call back into the host.
   */
  public interface StepListener {
    /** The controller took {@code event} and asked for {@code effects}. */
    void stepped(Event event, List<Effect> effects);

    /** The controller threw on {@code event}; the host logs it and goes on with the next event. */
    void failed(Event event, RuntimeException error);
  }

  private static final StepListener NO_LISTENER =
      new StepListener() {
        @Override
        public void stepped(Event event, List<Effect> effects) {}

        @Override
        public void failed(Event event, RuntimeException error) {}
      };

  private final String self;
  private final ClusterPort cluster;
  private final HostRuntime runtime;
  private final Supplier<Cib> configuration;
  private final NodeSide side;
  private final Consumer<Cib> schedulerInputs;
  private final DaemonLog log;
  private final Controller controller;
  private final Consumer<String> shutdownAllowed;
  private final DcOutbox outbox;
  private final Map<String, Timers.Cancellable> pending = new HashMap<>();
  private volatile Cib lastSnapshot;
  private volatile Consumer<Cib> snapshotListener = c -> {};
  private volatile java.util.function.BiConsumer<String, StatusPush> pushListener = (f, p) -> {};
  private volatile StepListener stepListener = NO_LISTENER;
  private volatile Consumer<String> selfFencer = this::cannotSelfFence;

  /** The daemon's host: threads, the system clocks, the cluster channel and Raft, pe-inputs. */
  ControllerHost(
      String self,
      ClusterChannel channel,
      Supplier<String> leader,
      Supplier<Cib> configuration,
      Function<Consumer<Event>, NodeSide> sides,
      BooleanSupplier confirmQuorum,
      Path dataDir,
      DaemonLog log,
      Consumer<String> shutdownAllowed) {
    this(
        self,
        new Controller(self, ControllerOptions.DEFAULTS),
        new ChannelClusterPort(channel, leader, confirmQuorum),
        new ThreadHostRuntime(),
        configuration,
        sides,
        new SchedulerInputArchive(dataDir.resolve("pe-inputs"), log)::save,
        log,
        shutdownAllowed);
  }

  /**
   * A host on the given ports.
   *
   * @param self this node's name
   * @param controller the controller this host drives (it is only ever called on the event loop)
   * @param cluster messages to other daemons, the Raft leader, quorum proofs
   * @param runtime the event loop, timers and clocks
   * @param configuration this node's committed configuration as it is now
   * @param sides creates the node side, given the sink for its results
   * @param schedulerInputs keeps each scheduler input the DC saves
   * @param log the node's log
   * @param shutdownAllowed called with this node's name when the DC allows it to shut down
   */
  public ControllerHost(
      String self,
      Controller controller,
      ClusterPort cluster,
      HostRuntime runtime,
      Supplier<Cib> configuration,
      Function<Consumer<Event>, NodeSide> sides,
      Consumer<Cib> schedulerInputs,
      DaemonLog log,
      Consumer<String> shutdownAllowed) {
    this.self = self;
    this.cluster = cluster;
    this.runtime = runtime;
    this.configuration = configuration;
    this.side = sides.apply(this::fromSide);
    this.schedulerInputs = schedulerInputs;
    this.log = log;
    this.shutdownAllowed = shutdownAllowed;
    this.controller = controller;
    this.outbox =
        new DcOutbox(
            self, cluster::leader, cluster::send, this::post, runtime, runtime.monotonicClock());
  }

  /**
   * Who carries out {@link Effect.SelfFence} (the daemon: the systemd watchdog); by default this
   * node says it cannot fence itself.
   */
  void onSelfFence(Consumer<String> fencer) {
    this.selfFencer = fencer;
  }

  private void cannotSelfFence(String reason) {
    log.info(
        "this node cannot fence itself: no systemd watchdog (WatchdogSec= unset, or not run by"
            + " systemd); it stopped what it could and decides nothing more until it rejoins the"
            + " quorate cluster, whose DC fences it if it must",
        "reason",
        reason);
  }

  /** Called on the event loop with every step of the controller (tracing, simulation checks). */
  public void onStep(StepListener listener) {
    this.stepListener = listener;
  }

  /**
   * Whether the local controller coordinates this node alone (cut off without a majority): then
   * this node's results are its own to act on, not a DC's.
   */
  private volatile boolean actingAlone;

  /** Whether this node acted alone and the DC has not been told what runs here since. */
  private boolean resyncWithDc;

  /**
   * Results of this node's executor and fencer: fencing answers here, the rest to the DC (to the
   * local controller while it acts alone in a partition without quorum).
   */
  private void fromSide(Event e) {
    if (e instanceof Event.FenceResult || actingAlone) {
      post(e);
    } else {
      toDc(e);
    }
  }

  /** Queues an event for the controller. */
  public void post(Event e) {
    try {
      runtime.execute(() -> handle(e));
    } catch (RejectedExecutionException closed) {
      // Shutting down: nothing more to decide.
    }
  }

  /** The last status snapshot the DC computed (null on other nodes). */
  Cib lastSnapshot() {
    return lastSnapshot;
  }

  /**
   * Called on the controller thread after every event with the DC's new snapshot (null when this
   * node is not the DC); must be quick.
   */
  void onSnapshot(Consumer<Cib> listener) {
    this.snapshotListener = listener;
  }

  /** Called with every {@link StatusPush} another daemon sends (the DC's status). */
  void onStatusPush(java.util.function.BiConsumer<String, StatusPush> listener) {
    this.pushListener = listener;
  }

  /** Sends a message of {@link ControllerWire} to {@code node}; false when it is not in view. */
  boolean send(String node, Object message) {
    return cluster.send(node, message);
  }

  /** Runs {@code query} on the controller thread and returns its answer. */
  <T> T query(Function<Controller, T> query) throws Exception {
    FutureTask<T> answer = new FutureTask<>(() -> query.apply(controller));
    runtime.execute(answer);
    return answer.get(5, TimeUnit.SECONDS);
  }

  private void handle(Event e) {
    long now = runtime.wallClock().nowMs();
    if (e instanceof Event.ConfigurationCommitted c) {
      side.configure(c.cib());
    }
    List<Effect> effects;
    try {
      effects = controller.step(e, now);
    } catch (RuntimeException ex) {
      log.info("controller failed on an event", "event", e.getClass().getSimpleName(), "error", ex);
      stepListener.failed(e, ex);
      return;
    }
    stepListener.stepped(e, effects);
    boolean wasAlone = actingAlone;
    actingAlone = controller.minority();
    if (wasAlone && !actingAlone) {
      resyncWithDc = true;
    }
    if (resyncWithDc
        && e instanceof Event.LeadershipChanged l
        && l.quorate()
        && !controller.isDc()) {
      // Back in the majority after acting alone: the DC still believes what this node ran
      // before the cut. Tell it what runs here now (as a report for its term).
      resyncWithDc = false;
      toDc(side.report(l.term()));
    }
    if (controller.isDc()) {
      lastSnapshot = controller.snapshot(now);
    } else {
      lastSnapshot = null;
    }
    try {
      snapshotListener.accept(lastSnapshot);
    } catch (RuntimeException ex) {
      log.info("status snapshot listener failed", "error", ex.toString());
    }
    for (Effect f : effects) {
      try {
        apply(f);
      } catch (RuntimeException ex) {
        log.info("cannot carry out " + f.getClass().getSimpleName(), "error", ex.toString());
      }
    }
  }

  private void apply(Effect f) {
    if (f instanceof Effect.RunOperation r) {
      if (r.node().equals(self)) {
        runWhenKnown(r, monotonicMs() + CONFIG_WAIT_MS);
      } else if (!cluster.send(r.node(), r)) {
        log.info("cannot reach node for an operation", "node", r.node());
      }
    } else if (f instanceof Effect.ConfirmQuorum q) {
      cluster.confirmQuorum(ok -> post(new Event.QuorumConfirmed(q.token(), ok)));
    } else if (f instanceof Effect.Fence fe) {
      log.info("fencing", "target", fe.target(), "action", fe.action(), "reason", fe.reason());
      side.fence(fe);
    } else if (f instanceof Effect.SelfFence sf) {
      selfFencer.accept(sf.reason());
    } else if (f instanceof Effect.SetTimer t) {
      Timers.Cancellable old =
          pending.put(
              t.id(), runtime.schedule(t.delayMs(), () -> post(new Event.TimerFired(t.id()))));
      if (old != null) {
        old.cancel();
      }
    } else if (f instanceof Effect.RequestReport rr) {
      if (rr.node().equals(self)) {
        post(side.report(rr.term()));
      } else {
        cluster.send(rr.node(), rr);
      }
    } else if (f instanceof Effect.AllowShutdown a) {
      if (a.node().equals(self)) {
        shutdownAllowed.accept(self);
      } else {
        cluster.send(a.node(), a);
      }
    } else if (f instanceof Effect.SaveSchedulerInput s) {
      schedulerInputs.accept(s.input());
    } else if (f instanceof Effect.Log l) {
      log.info(l.message());
    }
  }

  /** A decoded message from another daemon. */
  public void received(String from, Object m) {
    if (m instanceof Effect.RunOperation r) {
      outbox.requestFrom(from);
      runWhenKnown(r, monotonicMs() + CONFIG_WAIT_MS);
    } else if (m instanceof Effect.RequestReport rr) {
      outbox.requestFrom(from);
      sendReport(from, rr, monotonicMs() + REPORT_RETRY_MS);
    } else if (m instanceof Effect.AllowShutdown) {
      shutdownAllowed.accept(self);
    } else if (m instanceof StatusPush p) {
      pushListener.accept(from, p);
    } else if (m instanceof Event e) {
      post(e);
    }
  }

  /**
   * Runs an operation once this node's copy of the configuration is as new as the one the DC
   * scheduled it on (or, without that version, has the resource): the DC may be a commit ahead of
   * this node (it schedules on what a majority committed, this node applies it a moment later).
   * Resolving against an older copy would fail (an instance c1:1 of a clone just made of the
   * primitive c1: "not configured", which bans the clone everywhere) or use old parameters. After
   * {@link #CONFIG_WAIT_MS} it runs anyway, and an unknown resource is answered as not installed.
   */
  private void runWhenKnown(Effect.RunOperation r, long deadlineMs) {
    Cib c = configuration.get();
    if (upToDate(c, r) || monotonicMs() > deadlineMs) {
      side.configure(c);
      side.run(r);
      return;
    }
    try {
      runtime.schedule(CONFIG_RECHECK_MS, () -> runWhenKnown(r, deadlineMs));
    } catch (RejectedExecutionException closed) {
      // Shutting down.
    }
  }

  static boolean upToDate(Cib c, Effect.RunOperation r) {
    CibVersion wanted = r.configVersion();
    if (wanted == null) {
      return knows(c, r.resource());
    }
    CibVersion have = c.version();
    // Configuration changes bump the epochs; num_updates counts status writes, which differ.
    return have.adminEpoch() > wanted.adminEpoch()
        || (have.adminEpoch() == wanted.adminEpoch() && have.epoch() >= wanted.epoch());
  }

  private static boolean knows(Cib c, String resource) {
    String base = org.paceline.cib.HistoryIds.baseId(resource);
    return c.configuration()
        .allResources()
        .anyMatch(x -> x.id().equals(resource) || x.id().equals(base));
  }

  /** A quorum confirmation slower than this is logged. */
  static final long SLOW_CONFIRM_MS = 100;

  /**
   * Answers a DC's request for this node's report. A node that just (re)joined may get the request
   * before its own channel has installed the view with the DC in it, when sending fails and the
   * leader is not known yet either: retry until the view is there instead of dropping the report
   * (the DC would wait for it forever).
   */
  private void sendReport(String dc, Effect.RequestReport rr, long deadlineMs) {
    Event.NodeReport report = side.report(rr.term());
    if (cluster.send(dc, report)) {
      return;
    }
    if (monotonicMs() > deadlineMs) {
      log.info("cannot send this node's report to the DC", "dc", dc, "term", rr.term());
      toDc(report);
      return;
    }
    try {
      runtime.schedule(REPORT_RETRY_PERIOD_MS, () -> sendReport(dc, rr, deadlineMs));
    } catch (RejectedExecutionException closed) {
      // Shutting down.
    }
  }

  /** How long a node keeps trying to deliver its report to the DC that asked for it. */
  static final long REPORT_RETRY_MS = 10_000;

  /** Pause between attempts to deliver a report. */
  static final long REPORT_RETRY_PERIOD_MS = 50;

  /** Longest an operation waits for this node to apply the configuration that defines it. */
  static final long CONFIG_WAIT_MS = 5_000;

  /** Pause between looks at this node's configuration while an operation waits for it. */
  static final long CONFIG_RECHECK_MS = 20;

  private long monotonicMs() {
    return runtime.monotonicClock().nowMs();
  }

  /**
   * Sends an event to the current DC, in order, waiting a while for one to be known ({@link
   * DcOutbox}).
   */
  void toDc(Event e) {
    outbox.send(e);
  }

  @Override
  public void close() {
    cluster.close();
    runtime.close();
    side.close();
  }
}
