package org.paceline.executor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import org.paceline.agents.ActionRequest;
import org.paceline.agents.ActionResult;
import org.paceline.agents.OcfAction;
import org.paceline.agents.OcfExitCode;
import org.paceline.agents.ResourceAgent;

/**
 * The local resource manager of one node. It never blocks its caller: {@link #submit} queues an
 * action and returns its call id; results arrive at the {@link OperationListener}. Actions of one
 * resource run strictly one after another in submission order (an agent is never asked to start and
 * stop the same instance at once); different resources run in parallel on the supplied worker
 * executor. Recurring monitors are re-queued through {@link Timers} after each run. Time comes from
 * {@link Clock}, so a simulation can supply a direct worker executor, a virtual clock and virtual
 * timers.
 */
public final class LocalExecutor implements AutoCloseable {
  private final AgentProvider agents;
  private final Executor workers;
  private final Clock clock;
  private final Timers timers;
  private final ExecutorLimits limits;
  private final OperationListener listener;

  private final Object lock = new Object();
  private final Map<String, Lane> lanes = new HashMap<>();
  private long nextCallId = 1;
  private boolean closed;

  public LocalExecutor(
      AgentProvider agents,
      Executor workers,
      Clock clock,
      Timers timers,
      ExecutorLimits limits,
      OperationListener listener) {
    this.agents = agents;
    this.workers = workers;
    this.clock = clock;
    this.timers = timers;
    this.limits = limits;
    this.listener = listener;
  }

  /**
   * Queues one action. An action that changes the resource's state (stop, start, promote, demote,
   * migrate, reload: {@link OcfAction#endsRecurringMonitors}) first cancels the resource's
   * recurring operations, so a monitor cannot report the new state as a failure. When the
   * resource's queue is full the action is not run and a GENERIC_ERROR result explaining why is
   * reported instead.
   *
   * @param expectedRc the rc that counts as success (e.g. RUNNING_PROMOTED for a promoted monitor)
   * @return the call id, also found in the reported {@link OperationRecord}
   */
  public long submit(
      ResourceSpec spec,
      OcfAction action,
      long intervalMs,
      long timeoutMs,
      OcfExitCode expectedRc) {
    if (intervalMs == 0 && action.endsRecurringMonitors()) {
      cancelAllRecurring(spec.resourceId());
    }
    return enqueue(spec, action, intervalMs, timeoutMs, expectedRc, null);
  }

  /** Queues a one-shot action expecting success. */
  public long submit(ResourceSpec spec, OcfAction action, long timeoutMs) {
    return submit(spec, action, 0, timeoutMs, OcfExitCode.SUCCESS);
  }

  /**
   * Starts a recurring monitor: it runs now, then {@code intervalMs} after each completion, until
   * {@link #cancelRecurring} or a stop of the resource. Starting one with the same interval again
   * replaces it.
   */
  public void startRecurring(
      ResourceSpec spec, long intervalMs, long timeoutMs, OcfExitCode expectedRc) {
    if (intervalMs <= 0) {
      throw new IllegalArgumentException("a recurring monitor needs a positive interval");
    }
    Recurring r = new Recurring(spec, intervalMs, timeoutMs, expectedRc);
    synchronized (lock) {
      Lane lane = lane(spec.resourceId());
      Recurring old = lane.recurring.put(intervalMs, r);
      if (old != null) {
        old.cancel();
      }
    }
    enqueue(spec, OcfAction.MONITOR, intervalMs, timeoutMs, expectedRc, r);
  }

  /** Stops a recurring monitor; returns false when none ran with this interval. */
  public boolean cancelRecurring(String resourceId, long intervalMs) {
    synchronized (lock) {
      Lane lane = lanes.get(resourceId);
      Recurring r = lane == null ? null : lane.recurring.remove(intervalMs);
      if (r == null) {
        return false;
      }
      r.cancel();
      return true;
    }
  }

  /** The intervals of the resource's active recurring monitors, ascending. */
  public List<Long> recurringIntervals(String resourceId) {
    synchronized (lock) {
      Lane lane = lanes.get(resourceId);
      return lane == null ? List.of() : List.copyOf(new TreeMap<>(lane.recurring).keySet());
    }
  }

  /**
   * Drops the oldest record, but never the newest one-shot operation: the status section's last_0
   * entry, from which the scheduler derives the resource's state, must outlive any number of
   * recurring monitors (a 1 s monitor filled the history within a minute, and a promoted resource
   * whose monitor was then cancelled looked stopped).
   */
  private static void dropOldestButLastOneShot(java.util.Deque<OperationRecord> history) {
    OperationRecord keep = null;
    for (java.util.Iterator<OperationRecord> it = history.descendingIterator(); it.hasNext(); ) {
      OperationRecord r = it.next();
      if (r.key().intervalMs() == 0 && r.key().action() != org.paceline.agents.OcfAction.NOTIFY) {
        keep = r;
        break;
      }
    }
    for (java.util.Iterator<OperationRecord> it = history.iterator(); it.hasNext(); ) {
      if (it.next() != keep) {
        it.remove();
        return;
      }
    }
  }

  /** Completed operations of the resource, oldest first (bounded, see {@link ExecutorLimits}). */
  public List<OperationRecord> history(String resourceId) {
    synchronized (lock) {
      Lane lane = lanes.get(resourceId);
      return lane == null ? List.of() : List.copyOf(lane.history);
    }
  }

  /** The last completed run of this operation. */
  public Optional<OperationRecord> last(OperationKey key) {
    synchronized (lock) {
      Lane lane = lanes.get(key.resourceId());
      return Optional.ofNullable(lane == null ? null : lane.lastByKey.get(key));
    }
  }

  /** Failed operations of the resource since the last {@link #clearFailCount}. */
  public int failCount(String resourceId) {
    synchronized (lock) {
      Lane lane = lanes.get(resourceId);
      return lane == null ? 0 : lane.failCount;
    }
  }

  /** Resets the fail count, as {@code crm resource cleanup} does. */
  public void clearFailCount(String resourceId) {
    synchronized (lock) {
      Lane lane = lanes.get(resourceId);
      if (lane != null) {
        lane.failCount = 0;
      }
    }
  }

  /** Actions waiting (not yet running) for this resource. */
  public int queued(String resourceId) {
    synchronized (lock) {
      Lane lane = lanes.get(resourceId);
      return lane == null ? 0 : lane.queue.size();
    }
  }

  /** Cancels every recurring monitor and refuses new work; running actions still complete. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      for (Lane lane : lanes.values()) {
        lane.recurring.values().forEach(Recurring::cancel);
        lane.recurring.clear();
      }
    }
  }

  private void cancelAllRecurring(String resourceId) {
    synchronized (lock) {
      Lane lane = lanes.get(resourceId);
      if (lane != null) {
        lane.recurring.values().forEach(Recurring::cancel);
        lane.recurring.clear();
      }
    }
  }

  private long enqueue(
      ResourceSpec spec,
      OcfAction action,
      long intervalMs,
      long timeoutMs,
      OcfExitCode expectedRc,
      Recurring recurring) {
    Pending p;
    String refusal = null;
    synchronized (lock) {
      long callId = nextCallId++;
      p =
          new Pending(
              callId, spec, action, intervalMs, timeoutMs, expectedRc, clock.nowMs(), recurring);
      Lane lane = lane(spec.resourceId());
      if (closed) {
        refusal = "the local executor is shut down";
      } else if (lane.queue.size() >= limits.maxQueuedPerResource()) {
        refusal =
            "resource "
                + spec.resourceId()
                + " has "
                + lane.queue.size()
                + " actions queued (limit "
                + limits.maxQueuedPerResource()
                + "); "
                + action
                + " refused";
      } else {
        lane.queue.add(p);
        dispatch(lane);
        return callId;
      }
    }
    // Refused: report it like any other result, outside the lock.
    ActionResult r = ActionResult.of(action, OcfExitCode.GENERIC_ERROR, refusal, 0);
    complete(p, r, 0);
    return p.callId;
  }

  /** Starts the lane's next action if none is running. Caller holds {@link #lock}. */
  private void dispatch(Lane lane) {
    if (lane.running || lane.queue.isEmpty()) {
      return;
    }
    Pending next = lane.queue.poll();
    lane.running = true;
    workers.execute(() -> run(next));
  }

  private void run(Pending p) {
    long startedAtMs = clock.nowMs();
    ActionResult result;
    if (p.recurring != null && !p.recurring.active()) {
      // Cancelled while it waited in the queue: do not run it, do not report it.
      release(p.spec.resourceId());
      return;
    }
    ActionRequest request =
        new ActionRequest(
            p.spec.resourceId(),
            p.action,
            p.spec.parameters(),
            p.intervalMs,
            p.timeoutMs,
            p.spec.meta(),
            Optional.empty());
    try {
      ResourceAgent agent = agents.agent(p.spec.agent());
      result = agent.execute(request);
    } catch (RuntimeException e) {
      // An agent implementation broke its contract (agents report failures as values); record
      // it as a failed operation so the cluster reacts, with the cause for the operator.
      result =
          ActionResult.of(
              p.action,
              OcfExitCode.GENERIC_ERROR,
              "agent " + p.spec.agent() + " threw " + e,
              clock.nowMs() - startedAtMs);
    }
    if (p.recurring != null && !p.recurring.active()) {
      // Cancelled while it ran: nobody waits for this result and it describes the state the
      // cancelling action is changing, so it is not history (Pacemaker's executor reports such a
      // run as cancelled, never as a result or a failure).
      release(p.spec.resourceId());
      return;
    }
    complete(p, result, startedAtMs - p.submittedAtMs);
    release(p.spec.resourceId());
    if (p.recurring != null && p.recurring.active()) {
      p.recurring.scheduleNext();
    }
  }

  private void complete(Pending p, ActionResult result, long queueTimeMs) {
    boolean probe = p.action == OcfAction.MONITOR && p.intervalMs == 0;
    boolean failed = !probe && result.rc() != p.expectedRc;
    OperationKey key = new OperationKey(p.spec.resourceId(), p.action, p.intervalMs);
    OperationRecord rec =
        new OperationRecord(
            p.callId,
            key,
            p.expectedRc,
            result,
            queueTimeMs,
            result.durationMs(),
            failed,
            clock.nowMs());
    synchronized (lock) {
      Lane lane = lane(p.spec.resourceId());
      lane.history.addLast(rec);
      while (lane.history.size() > limits.historyPerResource()) {
        dropOldestButLastOneShot(lane.history);
      }
      lane.lastByKey.put(key, rec);
      if (failed) {
        lane.failCount++;
      }
    }
    // Before the lane is released, so the listener sees a resource's results in order.
    listener.onResult(rec);
  }

  private void release(String resourceId) {
    synchronized (lock) {
      Lane lane = lane(resourceId);
      lane.running = false;
      dispatch(lane);
    }
  }

  private Lane lane(String resourceId) {
    return lanes.computeIfAbsent(resourceId, k -> new Lane());
  }

  /** Per-resource state; guarded by {@link #lock}. */
  private static final class Lane {
    final Deque<Pending> queue = new ArrayDeque<>();
    final Deque<OperationRecord> history = new ArrayDeque<>();
    final Map<OperationKey, OperationRecord> lastByKey = new HashMap<>();
    final Map<Long, Recurring> recurring = new HashMap<>();
    boolean running;
    int failCount;
  }

  private record Pending(
      long callId,
      ResourceSpec spec,
      OcfAction action,
      long intervalMs,
      long timeoutMs,
      OcfExitCode expectedRc,
      long submittedAtMs,
      Recurring recurring) {}

  /** A recurring monitor; its timer handle changes after every run. */
  private final class Recurring {
    final ResourceSpec spec;
    final long intervalMs;
    final long timeoutMs;
    final OcfExitCode expectedRc;
    private boolean active = true;
    private Timers.Cancellable timer;

    Recurring(ResourceSpec spec, long intervalMs, long timeoutMs, OcfExitCode expectedRc) {
      this.spec = spec;
      this.intervalMs = intervalMs;
      this.timeoutMs = timeoutMs;
      this.expectedRc = expectedRc;
    }

    boolean active() {
      synchronized (lock) {
        return active && !closed;
      }
    }

    void cancel() {
      synchronized (lock) {
        active = false;
        if (timer != null) {
          timer.cancel();
        }
      }
    }

    void scheduleNext() {
      synchronized (lock) {
        if (!active || closed) {
          return;
        }
        timer =
            timers.schedule(
                intervalMs,
                () -> {
                  if (active()) {
                    enqueue(spec, OcfAction.MONITOR, intervalMs, timeoutMs, expectedRc, this);
                  }
                });
      }
    }
  }

  /** For diagnostics: every resource the executor has seen, sorted. */
  public List<String> resources() {
    synchronized (lock) {
      List<String> out = new ArrayList<>(lanes.keySet());
      out.sort(null);
      return out;
    }
  }
}
