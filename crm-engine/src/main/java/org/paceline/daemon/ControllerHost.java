package org.paceline.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.paceline.cib.Cib;
import org.paceline.cib.CibFiles;
import org.paceline.cib.CibVersion;
import org.paceline.cib.CibXmlWriter;
import org.paceline.controller.Controller;
import org.paceline.controller.ControllerOptions;
import org.paceline.controller.Effect;
import org.paceline.controller.Event;
import org.paceline.membership.ClusterChannel;

/**
 * Runs a node's {@link Controller} on one thread and carries out its effects: operations go to the
 * node they are for (this node's executor, or another daemon over the cluster channel), fencing to
 * the fencer, timers to a scheduler, scheduler inputs to {@code pe-inputs/} in the data directory.
 * Messages from other daemons come in through {@link #received}.
 */
final class ControllerHost implements AutoCloseable {
  /** Scheduler inputs kept for replay with {@code crm simulate -x}. */
  static final int INPUTS_KEPT = 100;

  /**
   * What a node does for the controller: run operations, report its history, fence. Results go to
   * the sink the side was created with.
   */
  interface NodeSide extends AutoCloseable {
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

  private final String self;
  private final ClusterChannel channel;
  private final Supplier<String> leader;
  private final Supplier<Cib> configuration;
  private final NodeSide side;
  private final Path inputs;
  private final DaemonLog log;
  private final Controller controller;
  private final Consumer<String> shutdownAllowed;
  private final DcOutbox outbox;
  private final ExecutorService loop =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "controller");
            t.setDaemon(true);
            return t;
          });
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "controller-timers");
            t.setDaemon(true);
            return t;
          });
  private final Map<String, ScheduledFuture<?>> pending = new HashMap<>();
  private final java.util.function.BooleanSupplier confirmQuorum;
  private final ExecutorService quorum =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "quorum-confirm");
            t.setDaemon(true);
            return t;
          });
  private volatile Cib lastSnapshot;
  private volatile Consumer<Cib> snapshotListener = c -> {};
  private volatile java.util.function.BiConsumer<String, StatusPush> pushListener = (f, p) -> {};
  private long inputNumber = -1;

  ControllerHost(
      String self,
      ClusterChannel channel,
      Supplier<String> leader,
      Supplier<Cib> configuration,
      java.util.function.Function<Consumer<Event>, NodeSide> sides,
      java.util.function.BooleanSupplier confirmQuorum,
      Path dataDir,
      DaemonLog log,
      Consumer<String> shutdownAllowed) {
    this.self = self;
    this.channel = channel;
    this.leader = leader;
    this.configuration = configuration;
    this.side = sides.apply(this::fromSide);
    this.confirmQuorum = confirmQuorum;
    this.inputs = dataDir.resolve("pe-inputs");
    this.log = log;
    this.shutdownAllowed = shutdownAllowed;
    this.controller = new Controller(self, ControllerOptions.DEFAULTS);
    this.outbox =
        new DcOutbox(
            self,
            leader,
            (node, e) -> channel.send(node, ControllerWire.encode(e)),
            this::post,
            timers,
            System::nanoTime);
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
  void post(Event e) {
    try {
      loop.execute(() -> handle(e));
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
    return channel.send(node, ControllerWire.encode(message));
  }

  /** Runs {@code query} on the controller thread and returns its answer. */
  <T> T query(java.util.function.Function<Controller, T> query) throws Exception {
    return loop.submit(() -> query.apply(controller)).get(5, TimeUnit.SECONDS);
  }

  private void handle(Event e) {
    long now = System.currentTimeMillis();
    if (e instanceof Event.ConfigurationCommitted c) {
      side.configure(c.cib());
    }
    List<Effect> effects;
    try {
      effects = controller.step(e, now);
    } catch (RuntimeException ex) {
      log.info("controller failed on an event", "event", e.getClass().getSimpleName(), "error", ex);
      return;
    }
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
        runWhenKnown(r, System.nanoTime() + CONFIG_WAIT_NS);
      } else if (!channel.send(r.node(), ControllerWire.encode(r))) {
        log.info("cannot reach node for an operation", "node", r.node());
      }
    } else if (f instanceof Effect.ConfirmQuorum q) {
      quorum.execute(
          () -> post(new Event.QuorumConfirmed(q.token(), confirmQuorum.getAsBoolean())));
    } else if (f instanceof Effect.Fence fe) {
      log.info("fencing", "target", fe.target(), "action", fe.action(), "reason", fe.reason());
      side.fence(fe);
    } else if (f instanceof Effect.SetTimer t) {
      ScheduledFuture<?> old =
          pending.put(
              t.id(),
              timers.schedule(
                  () -> post(new Event.TimerFired(t.id())), t.delayMs(), TimeUnit.MILLISECONDS));
      if (old != null) {
        old.cancel(false);
      }
    } else if (f instanceof Effect.RequestReport rr) {
      if (rr.node().equals(self)) {
        post(side.report(rr.term()));
      } else {
        channel.send(rr.node(), ControllerWire.encode(rr));
      }
    } else if (f instanceof Effect.AllowShutdown a) {
      if (a.node().equals(self)) {
        shutdownAllowed.accept(self);
      } else {
        channel.send(a.node(), ControllerWire.encode(a));
      }
    } else if (f instanceof Effect.SaveSchedulerInput s) {
      save(s);
    } else if (f instanceof Effect.Log l) {
      log.info(l.message());
    }
  }

  /** A decoded message from another daemon. */
  void received(String from, Object m) {
    if (m instanceof Effect.RunOperation r) {
      outbox.requestFrom(from);
      runWhenKnown(r, System.nanoTime() + CONFIG_WAIT_NS);
    } else if (m instanceof Effect.RequestReport rr) {
      outbox.requestFrom(from);
      sendReport(from, rr, System.nanoTime() + REPORT_RETRY_NS);
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
   * {@link #CONFIG_WAIT_NS} it runs anyway, and an unknown resource is answered as not installed.
   */
  private void runWhenKnown(Effect.RunOperation r, long deadlineNs) {
    Cib c = configuration.get();
    if (upToDate(c, r) || System.nanoTime() > deadlineNs) {
      side.configure(c);
      side.run(r);
      return;
    }
    try {
      timers.schedule(() -> runWhenKnown(r, deadlineNs), 20, TimeUnit.MILLISECONDS);
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
  private void sendReport(String dc, Effect.RequestReport rr, long deadlineNs) {
    Event.NodeReport report = side.report(rr.term());
    if (channel.send(dc, ControllerWire.encode(report))) {
      return;
    }
    if (System.nanoTime() > deadlineNs) {
      log.info("cannot send this node's report to the DC", "dc", dc, "term", rr.term());
      toDc(report);
      return;
    }
    try {
      timers.schedule(
          () -> sendReport(dc, rr, deadlineNs), REPORT_RETRY_PERIOD_MS, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closed) {
      // Shutting down.
    }
  }

  /** How long a node keeps trying to deliver its report to the DC that asked for it. */
  static final long REPORT_RETRY_NS = 10_000_000_000L;

  /** Pause between attempts to deliver a report. */
  static final long REPORT_RETRY_PERIOD_MS = 50;

  /** Longest an operation waits for this node to apply the configuration that defines it. */
  static final long CONFIG_WAIT_NS = 5_000_000_000L;

  /**
   * Sends an event to the current DC, in order, waiting a while for one to be known ({@link
   * DcOutbox}).
   */
  void toDc(Event e) {
    outbox.send(e);
  }

  /**
   * The input with the feature set it was read with on {@code <cib>}, as Pacemaker's CIB always has
   * it: without it Pacemaker's tools take the file for a pre-3.0.13 one and ignore per-operation
   * fail counts ({@code fail-count-RSC#OP_INTERVAL}), so crm_simulate on a saved input would not
   * see a migration-threshold reached.
   */
  static org.paceline.cib.Cib withFeatureSet(org.paceline.cib.Cib input) {
    return input.otherAttributes().containsKey("crm_feature_set")
        ? input
        : input.withAttribute(
            "crm_feature_set", org.paceline.agents.OcfScriptAgent.CRM_FEATURE_SET);
  }

  private void save(Effect.SaveSchedulerInput s) {
    try {
      Files.createDirectories(inputs);
      if (inputNumber < 0) {
        // Numbers go on across restarts and changes of DC, as Pacemaker's pe-input-N do.
        try (Stream<Path> files = Files.list(inputs)) {
          inputNumber =
              files
                  .map(p -> p.getFileName().toString())
                  .filter(n -> n.matches("pe-input-[0-9]+\\.xml"))
                  .mapToLong(n -> Long.parseLong(n.replaceAll("[^0-9]", "")))
                  .max()
                  .orElse(0);
        }
      }
      inputNumber++;
      CibFiles.writeAtomically(
          inputs.resolve("pe-input-" + inputNumber + ".xml"),
          CibXmlWriter.write(withFeatureSet(s.input())));
      try (Stream<Path> files = Files.list(inputs)) {
        List<Path> all =
            files
                .filter(p -> p.getFileName().toString().matches("pe-input-[0-9]+\\.xml"))
                .sorted(
                    (a, b) ->
                        Long.compare(
                            Long.parseLong(a.getFileName().toString().replaceAll("[^0-9]", "")),
                            Long.parseLong(b.getFileName().toString().replaceAll("[^0-9]", ""))))
                .toList();
        for (int i = 0; i < all.size() - INPUTS_KEPT; i++) {
          Files.deleteIfExists(all.get(i));
        }
      }
    } catch (IOException e) {
      log.info("cannot save scheduler input", "error", e.getMessage());
    }
  }

  @Override
  public void close() {
    quorum.shutdownNow();
    loop.shutdownNow();
    timers.shutdownNow();
    side.close();
  }
}
