package org.paceline.node;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.paceline.agents.ExecStatus;
import org.paceline.agents.OcfAction;
import org.paceline.agents.OcfExitCode;
import org.paceline.cib.Cib;
import org.paceline.cib.ClusterOption;
import org.paceline.cib.LrmResource;
import org.paceline.cib.LrmRscOp;
import org.paceline.cib.TransitionKey;
import org.paceline.controller.Effect;
import org.paceline.controller.Event;
import org.paceline.executor.AgentProvider;
import org.paceline.executor.Clock;
import org.paceline.executor.ExecutorLimits;
import org.paceline.executor.LocalExecutor;
import org.paceline.executor.OperationListener;
import org.paceline.executor.OperationRecord;
import org.paceline.executor.ResourceSpec;
import org.paceline.executor.Timers;

/**
 * Carries out the DC's {@link Effect.RunOperation}s for this node on its {@link LocalExecutor} and
 * answers each with an {@link Event.OperationResult}, and answers {@link Effect.RequestReport} with
 * an {@link Event.NodeReport} built from the executor's history.
 *
 * <p>Contract: a one-shot operation is answered once, with its transition id. A monitor with an
 * interval starts a recurring monitor whose first result answers the request; later results are
 * reported (transition id -1) only when the rc differs from the previous one, as Pacemaker's
 * controller does. {@code cancel} stops a recurring monitor and is answered at once with rc 0. A
 * {@code stop} cancels the resource's recurring monitors first (the executor's rule). An operation
 * on a resource the configuration does not define is answered with rc 6 (not configured) and
 * execution status 4 (error), except a stop of a resource this runner ran before (an orphan), which
 * runs with the definition it last had. Results are passed to the consumer outside any lock, on an
 * executor worker thread or the caller's.
 *
 * <p>Operation status: 2 (timed out) when the executor killed the agent at its timeout, else 0.
 */
public final class OperationRunner implements OperationListener, AutoCloseable {
  /** Call ids whose transition and completion time are remembered for the node report. */
  public static final int MAX_REMEMBERED_CALLS = 4096;

  private static final int OP_STATUS_DONE = ExecStatus.DONE.code();
  private static final int OP_STATUS_TIMED_OUT = ExecStatus.TIMEOUT.code();
  private static final int OP_STATUS_ERROR = ExecStatus.ERROR.code();

  private final String node;
  private final Clock wallClock;
  private final Consumer<Event> events;
  private final Supplier<Map<String, String>> transientAttributes;
  private LocalExecutor executor;
  private volatile Cib config;

  private final Object lock = new Object();
  // Everything below is guarded by lock.
  private final Map<Long, Pending> pending = new HashMap<>();
  private final Map<Long, OperationRecord> early = new HashMap<>();
  private final Map<Long, CallInfo> calls =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, CallInfo> eldest) {
          return size() > MAX_REMEMBERED_CALLS;
        }
      };
  private final Map<String, ResourceSpec> lastSpec = new HashMap<>();
  private final Map<MonitorKey, Monitor> monitors = new HashMap<>();
  private final Map<String, Long> failuresClearedThrough = new HashMap<>();

  private OperationRunner(
      String node,
      Cib config,
      Clock wallClock,
      Consumer<Event> events,
      Supplier<Map<String, String>> transientAttributes) {
    this.node = Objects.requireNonNull(node, "node");
    this.config = Objects.requireNonNull(config, "config");
    this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
    this.events = Objects.requireNonNull(events, "events");
    this.transientAttributes = transientAttributes == null ? Map::of : transientAttributes;
  }

  /**
   * Creates a runner and its executor (the executor reports to the runner, so the runner builds
   * it). Fencing devices ({@code class="stonith"} primitives) run through {@link
   * FencingDeviceResource}, every other agent through {@code agents}.
   *
   * @param node this node's name (passed to agents as {@code CRM_meta_on_node})
   * @param config the configuration operations are resolved against (see {@link #setConfiguration})
   * @param wallClock epoch milliseconds, for the report's last-run times
   * @param events receives every {@link Event.OperationResult} and {@link Event.NodeReport}
   * @param transientAttributes this node's transient attributes for reports, or null for none
   * @param agents resolves agent ids (OCF scripts, built-ins)
   * @param workers runs agents (see {@link LocalExecutor})
   */
  public static OperationRunner create(
      String node,
      Cib config,
      Clock wallClock,
      Consumer<Event> events,
      Supplier<Map<String, String>> transientAttributes,
      AgentProvider agents,
      Executor workers,
      Clock executorClock,
      Timers timers,
      ExecutorLimits limits) {
    OperationRunner r = new OperationRunner(node, config, wallClock, events, transientAttributes);
    r.executor =
        new LocalExecutor(
            new FencingDeviceResource().wrap(agents), workers, executorClock, timers, limits, r);
    return r;
  }

  /** The executor this runner drives. */
  public LocalExecutor executor() {
    return executor;
  }

  /** A newly committed configuration; operations submitted from now on use it. */
  public void setConfiguration(Cib cib) {
    this.config = Objects.requireNonNull(cib, "cib");
  }

  /** Carries out an effect meant for this node's executor: RunOperation or RequestReport. */
  public void accept(Effect effect) {
    if (effect instanceof Effect.RunOperation op) {
      run(op);
    } else if (effect instanceof Effect.RequestReport rr) {
      if (!rr.node().equals(node)) {
        throw new IllegalArgumentException("report request for " + rr.node() + " sent to " + node);
      }
      events.accept(report(rr.term(), transientAttributes.get()));
    } else {
      throw new IllegalArgumentException("not an executor effect: " + effect);
    }
  }

  /** Runs one operation; never blocks on the agent. */
  public void run(Effect.RunOperation op) {
    if (!op.node().equals(node)) {
      // The adapter that routes effects broke its contract.
      throw new IllegalArgumentException("operation for " + op.node() + " sent to " + node);
    }
    Cib cib = config;
    List<String> why = new ArrayList<>();
    Optional<ResolvedResource> resolved = ResourceDefinitions.resolve(cib, op.resource(), why);
    String historyId;
    ResourceSpec spec;
    synchronized (lock) {
      historyId = resolved.map(ResolvedResource::historyId).orElseGet(() -> orphanId(op));
      spec = resolved.map(ResolvedResource::spec).orElse(null);
      if (spec == null && op.task().equals("stop")) {
        spec = lastSpec.get(historyId);
      }
    }
    if (op.task().equals("cancel")) {
      synchronized (lock) {
        monitors.remove(new MonitorKey(historyId, op.intervalMs()));
      }
      executor.cancelRecurring(historyId, op.intervalMs());
      events.accept(result(op, 0, OP_STATUS_DONE, "", 0));
      return;
    }
    Optional<OcfAction> action = OcfAction.parse(op.task());
    if (action.isEmpty()) {
      events.accept(
          result(
              op,
              OcfExitCode.UNIMPLEMENTED.code(),
              OP_STATUS_ERROR,
              "task " + op.task() + " is not an OCF action",
              0));
      return;
    }
    if (spec == null) {
      events.accept(
          result(
              op, OcfExitCode.NOT_CONFIGURED.code(), OP_STATUS_ERROR, String.join("; ", why), 0));
      return;
    }
    spec = withNodeMeta(spec, op);
    long timeoutMs =
        op.timeoutMs() > 0
            ? op.timeoutMs()
            : resolved
                .map(
                    r ->
                        ResourceDefinitions.timeoutMs(
                            cib, r.primitive(), op.task(), op.intervalMs()))
                .orElse(ResourceDefinitions.DEFAULT_TIMEOUT_MS);
    OcfExitCode expected = OcfExitCode.fromStatus(op.expectedRc());
    List<Event> out = new ArrayList<>();
    synchronized (lock) {
      lastSpec.put(historyId, spec);
      if (op.intervalMs() == 0 && action.get().endsRecurringMonitors()) {
        // The executor cancels them before this action runs (see LocalExecutor#submit).
        monitors.keySet().removeIf(k -> k.resourceId().equals(historyId));
      }
      if (action.get() == OcfAction.MONITOR && op.intervalMs() > 0) {
        monitors.put(
            new MonitorKey(historyId, op.intervalMs()),
            new Monitor(op.resource(), op.transitionId()));
        executor.startRecurring(spec, op.intervalMs(), timeoutMs, expected);
      } else {
        long callId = executor.submit(spec, action.get(), op.intervalMs(), timeoutMs, expected);
        Pending p = new Pending(op, callId);
        OperationRecord done = early.remove(callId);
        if (done == null) {
          pending.put(callId, p);
        } else {
          out.add(answer(p, done));
        }
      }
    }
    out.forEach(events);
  }

  /**
   * Forgets the resource's failures for reports (fail counts and {@code _last_failure_0}), as
   * {@code crm resource cleanup} does on the node.
   */
  public void cleanup(String instanceId) {
    List<String> why = new ArrayList<>();
    String historyId =
        ResourceDefinitions.resolve(config, instanceId, why)
            .map(ResolvedResource::historyId)
            .orElse(instanceId);
    executor.clearFailCount(historyId);
    synchronized (lock) {
      long last =
          executor.history(historyId).stream().mapToLong(OperationRecord::callId).max().orElse(0);
      failuresClearedThrough.put(historyId, last);
    }
  }

  @Override
  public void onResult(OperationRecord record) {
    List<Event> out = new ArrayList<>();
    synchronized (lock) {
      String rid = record.key().resourceId();
      long interval = record.key().intervalMs();
      long now = wallClock.nowMs();
      if (record.key().action() == OcfAction.MONITOR && interval > 0) {
        Monitor m = monitors.get(new MonitorKey(rid, interval));
        if (m == null) {
          return; // cancelled while it ran: nobody waits for it
        }
        calls.put(record.callId(), new CallInfo(m.transitionId, m.instanceId, null, null, now));
        int rc = record.rc().code();
        if (!m.answered) {
          m.answered = true;
          m.lastRc = rc;
          m.rcChangedAtMs = now;
          out.add(toEvent(m.instanceId, m.transitionId, "monitor", record));
        } else if (rc != m.lastRc) {
          m.lastRc = rc;
          m.rcChangedAtMs = now;
          out.add(toEvent(m.instanceId, -1, "monitor", record));
        }
      } else {
        Pending p = pending.remove(record.callId());
        if (p == null) {
          // Reported before run() registered the call (a direct worker executor).
          early.put(record.callId(), record);
          return;
        }
        out.add(answer(p, record));
      }
    }
    out.forEach(events);
  }

  /** Caller holds {@link #lock}. */
  private Event answer(Pending p, OperationRecord record) {
    Effect.RunOperation op = p.op;
    boolean migrate = op.task().startsWith("migrate_");
    calls.put(
        record.callId(),
        new CallInfo(
            op.transitionId(),
            op.resource(),
            migrate ? op.migrateSource() : null,
            migrate ? op.migrateTarget() : null,
            wallClock.nowMs()));
    return toEvent(op.resource(), op.transitionId(), op.task(), record);
  }

  private Event.OperationResult toEvent(
      String instanceId, long transitionId, String task, OperationRecord r) {
    return new Event.OperationResult(
        node,
        transitionId,
        instanceId,
        task,
        r.key().intervalMs(),
        r.rc().code(),
        r.result().timedOut() ? OP_STATUS_TIMED_OUT : OP_STATUS_DONE,
        r.result().exitReason(),
        r.execTimeMs());
  }

  private Event.OperationResult result(
      Effect.RunOperation op, int rc, int opStatus, String reason, long execMs) {
    return new Event.OperationResult(
        node,
        op.transitionId(),
        op.resource(),
        op.task(),
        op.intervalMs(),
        rc,
        opStatus,
        reason,
        execMs);
  }

  /** The executor id of a resource the configuration no longer defines. Caller holds lock. */
  private String orphanId(Effect.RunOperation op) {
    String id = op.resource();
    if (lastSpec.containsKey(id)) {
      return id;
    }
    int colon = id.lastIndexOf(':');
    if (colon > 0 && lastSpec.containsKey(id.substring(0, colon))) {
      return id.substring(0, colon);
    }
    return id;
  }

  private ResourceSpec withNodeMeta(ResourceSpec spec, Effect.RunOperation op) {
    TreeMap<String, String> meta = new TreeMap<>(spec.meta());
    // Pacemaker tells every agent where it runs; the demo agents name their run dir after it.
    meta.put("on_node", node);
    // and its node id (on_node_uuid), where the configuration names one.
    config
        .configuration()
        .node(node)
        .map(org.paceline.cib.Node::id)
        .ifPresent(id -> meta.put("on_node_uuid", id));
    meta.remove("migrate_source");
    meta.remove("migrate_target");
    meta.keySet().removeIf(k -> k.startsWith("notify_"));
    // The action's own meta attributes: a notification's notify_* lists.
    meta.putAll(op.meta());
    if (op.task().startsWith("migrate_")) {
      if (op.migrateSource() != null) {
        meta.put("migrate_source", op.migrateSource());
      }
      if (op.migrateTarget() != null) {
        meta.put("migrate_target", op.migrateTarget());
      }
    }
    return new ResourceSpec(spec.resourceId(), spec.agent(), spec.parameters(), meta);
  }

  /**
   * This node's resource history for the status section: per resource {@code <rsc>_last_0} (the
   * last one-shot operation, probes included), {@code <rsc>_last_failure_0} (the last failure since
   * a cleanup) and {@code <rsc>_monitor_<interval>} per active recurring monitor; call ids are the
   * executor's (increasing); transition keys {@code 0:<tid>:<expectedRc>:paceline}. The attributes
   * are {@code transientAttributes} plus {@code fail-count-<rsc>#<op>_<interval>} and {@code
   * last-failure-<rsc>#<op>_<interval>} from the history.
   */
  public Event.NodeReport report(long term, Map<String, String> transientAttributes) {
    Map<String, String> attributes = new TreeMap<>(transientAttributes);
    List<LrmResource> out = new ArrayList<>();
    boolean startFatal = ClusterOption.START_FAILURE_IS_FATAL.enabled(config.configuration());
    for (String rid : executor.resources()) {
      List<OperationRecord> history = executor.history(rid);
      List<Long> recurring = executor.recurringIntervals(rid);
      synchronized (lock) {
        ResourceSpec spec = lastSpec.get(rid);
        if (history.isEmpty() || spec == null) {
          continue;
        }
        boolean fencing = spec.agent().provider().equals(FencingDeviceResource.PROVIDER);
        long cleared = failuresClearedThrough.getOrDefault(rid, 0L);
        Map<String, LrmRscOp> ops = new TreeMap<>();
        OperationRecord lastOneShot = null;
        OperationRecord lastFailure = null;
        Map<String, Integer> failCounts = new TreeMap<>();
        Map<String, Long> lastFailureAt = new TreeMap<>();
        // A recurring monitor's result counts as the live path reported it: its first result
        // after the resource (re)started, and then only when it changed (Pacemaker's controller
        // asks the executor for lrmd_opt_notify_changes_only), so a monitor failing the same way
        // every interval is one failure, not one per run.
        Map<Long, String> lastMonitorResult = new HashMap<>();
        for (OperationRecord r : history) {
          if (r.key().action() == OcfAction.NOTIFY) {
            continue; // notifications are not resource history (Pacemaker records none)
          }
          if (r.key().intervalMs() == 0) {
            lastOneShot = r;
            if (r.key().action().endsRecurringMonitors()) {
              // The executor ended the recurring monitors before this action ran; the DC starts
              // them anew after it, so their next result is a first result again.
              lastMonitorResult.clear();
            }
          }
          boolean reported = true;
          if (r.key().action() == OcfAction.MONITOR && r.key().intervalMs() > 0) {
            String result = r.rc().code() + (r.result().timedOut() ? "/timeout" : "");
            reported = !result.equals(lastMonitorResult.put(r.key().intervalMs(), result));
          }
          if (reported && r.callId() > cleared && isFailure(r)) {
            lastFailure = r;
            String suffix = rid + "#" + r.key().action().wireName() + "_" + r.key().intervalMs();
            failCounts.merge(suffix, 1, Integer::sum);
            lastFailureAt.put(suffix, completedAtMs(r) / 1000);
          }
        }
        if (lastOneShot != null) {
          put(ops, lrmOp(rid + "_last_0", lastOneShot, completedAtMs(lastOneShot)));
        }
        if (lastFailure != null) {
          put(ops, lrmOp(rid + "_last_failure_0", lastFailure, completedAtMs(lastFailure)));
        }
        for (long interval : recurring) {
          Monitor m = monitors.get(new MonitorKey(rid, interval));
          history.stream()
              .filter(
                  r -> r.key().action() == OcfAction.MONITOR && r.key().intervalMs() == interval)
              .max(Comparator.comparingLong(OperationRecord::callId))
              .ifPresent(
                  r ->
                      put(
                          ops,
                          lrmOp(
                              rid + "_monitor_" + interval,
                              r,
                              m == null ? completedAtMs(r) : m.rcChangedAtMs)));
        }
        failCounts.forEach(
            (suffix, n) ->
                attributes.put(
                    "fail-count-" + suffix,
                    startFatal && suffix.endsWith("#start_0") ? "INFINITY" : Integer.toString(n)));
        lastFailureAt.forEach(
            (suffix, t) -> attributes.put("last-failure-" + suffix, Long.toString(t)));
        out.add(
            new LrmResource(
                rid,
                fencing ? "stonith" : "ocf",
                fencing ? null : spec.agent().provider(),
                spec.agent().type(),
                List.copyOf(ops.values()),
                Map.of()));
      }
    }
    return new Event.NodeReport(node, term, out, attributes);
  }

  private static void put(Map<String, LrmRscOp> ops, LrmRscOp op) {
    ops.put(op.id(), op);
  }

  /** Probes never fail in the executor, but a probe finding an error state is a failure. */
  private static boolean isFailure(OperationRecord r) {
    if (r.result().timedOut() || r.failed()) {
      return true;
    }
    boolean probe = r.key().action() == OcfAction.MONITOR && r.key().intervalMs() == 0;
    OcfExitCode rc = r.rc();
    return probe
        && rc != OcfExitCode.SUCCESS
        && rc != OcfExitCode.NOT_RUNNING
        && rc != OcfExitCode.RUNNING_PROMOTED;
  }

  /** Caller holds lock. */
  private long completedAtMs(OperationRecord r) {
    CallInfo c = calls.get(r.callId());
    return c == null ? wallClock.nowMs() : c.completedAtMs;
  }

  /** Caller holds lock. */
  private LrmRscOp lrmOp(String id, OperationRecord r, long rcChangedAtMs) {
    CallInfo c = calls.get(r.callId());
    long tid = c == null ? 0 : Math.max(c.transitionId, 0);
    TransitionKey tkey = TransitionKey.paceline(tid, r.expectedRc().code());
    int opStatus = r.result().timedOut() ? OP_STATUS_TIMED_OUT : OP_STATUS_DONE;
    Map<String, String> other = new TreeMap<>();
    if (c != null && c.migrateSource != null) {
      other.put("migrate_source", c.migrateSource);
    }
    if (c != null && c.migrateTarget != null) {
      other.put("migrate_target", c.migrateTarget);
    }
    String task = r.key().action().wireName();
    return LrmRscOp.of(id, r.key().resourceId(), task, r.key().intervalMs())
        .callId(Math.toIntExact(r.callId()))
        .result(tkey, opStatus, r.rc().code())
        .lastRun(completedAtMs(r) / 1000)
        .lastRcChange(rcChangedAtMs / 1000)
        .execTimeMs(r.execTimeMs())
        .queueTimeMs(r.queueTimeMs())
        .otherAttributes(other)
        .build();
  }

  /** Closes the executor: recurring monitors stop, running actions complete. */
  @Override
  public void close() {
    executor.close();
  }

  private record Pending(Effect.RunOperation op, long callId) {}

  private record MonitorKey(String resourceId, long intervalMs) {}

  private record CallInfo(
      long transitionId,
      String instanceId,
      String migrateSource,
      String migrateTarget,
      long completedAtMs) {}

  /** A recurring monitor the DC started. Guarded by lock. */
  private static final class Monitor {
    final String instanceId;
    final long transitionId;
    boolean answered;
    int lastRc;
    long rcChangedAtMs;

    Monitor(String instanceId, long transitionId) {
      this.instanceId = instanceId;
      this.transitionId = transitionId;
    }
  }
}
