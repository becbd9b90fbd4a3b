package org.paceline.daemon;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.paceline.controller.Event;
import org.paceline.executor.Clock;
import org.paceline.executor.Timers;

/**
 * Delivers this node's events (operation results, attribute changes, shutdown requests) to the DC,
 * in order, without dropping them while the node cannot yet name or reach the DC.
 *
 * <p>A node that has just (re)joined runs the probes the DC sent it before its own Raft member
 * knows the leader, and its channel may not yet hold the DC in its view. Sending then used to hand
 * the result to the node's own controller, which is not the DC and ignored it: the DC waited out
 * the operation timeout, took the probes as timed out and "recovered" resources that were fine
 * (seen in the demo: a 30 s stall after a node rejoined, and the VIP restarted). Now the DC is the
 * Raft leader, or until that is known the node that last sent this node work (it asked, so it was
 * the DC); a send that fails is retried every {@link #RETRY_PERIOD_MS} until {@link #GIVE_UP_MS},
 * and events queue behind an undelivered one so the DC sees them in order. Only an event that could
 * not be delivered by then goes to the local controller, as before.
 */
final class DcOutbox {
  /** Pause between attempts while the DC cannot be named or reached. */
  static final long RETRY_PERIOD_MS = 50;

  /** How long an event waits for a DC before it is handed to the local controller. */
  static final long GIVE_UP_MS = 10_000;

  private record Pending(Event event, long deadlineMs) {}

  private final String self;
  private final Supplier<String> leader;
  private final BiPredicate<String, Event> send;
  private final Consumer<Event> local;
  private final Timers timers;
  private final Clock monotonic;
  private final Deque<Pending> queue = new ArrayDeque<>();
  private volatile String lastRequester;
  private boolean retryScheduled;

  /**
   * @param self this node's name
   * @param leader the Raft leader as this node knows it, or null
   * @param send sends an event to a node; false when that node is not in this node's view
   * @param local hands an event to this node's own controller
   * @param timers runs the retries
   * @param monotonic the clock deadlines are measured on
   */
  DcOutbox(
      String self,
      Supplier<String> leader,
      BiPredicate<String, Event> send,
      Consumer<Event> local,
      Timers timers,
      Clock monotonic) {
    this.self = self;
    this.leader = leader;
    this.send = send;
    this.local = local;
    this.timers = timers;
    this.monotonic = monotonic;
  }

  /** Remembers the node that just sent this node work: the DC, as it saw itself. */
  void requestFrom(String node) {
    if (node != null && !node.equals(self)) {
      lastRequester = node;
    }
  }

  /** Queues an event for the DC and delivers what can be delivered now. */
  void send(Event e) {
    synchronized (queue) {
      queue.addLast(new Pending(e, monotonic.nowMs() + GIVE_UP_MS));
    }
    flush();
  }

  /** Events still waiting for a DC (tests and status). */
  int waiting() {
    synchronized (queue) {
      return queue.size();
    }
  }

  private void flush() {
    synchronized (queue) {
      while (!queue.isEmpty()) {
        Pending p = queue.peekFirst();
        String dc = leader.get();
        if (dc == null) {
          dc = lastRequester;
        }
        if (dc != null && dc.equals(self)) {
          local.accept(p.event());
        } else if (dc == null || !send.test(dc, p.event())) {
          if (monotonic.nowMs() - p.deadlineMs() < 0) {
            scheduleRetry();
            return;
          }
          local.accept(p.event());
        }
        queue.removeFirst();
      }
    }
  }

  private void scheduleRetry() {
    if (retryScheduled) {
      return;
    }
    retryScheduled = true;
    try {
      timers.schedule(
          RETRY_PERIOD_MS,
          () -> {
            synchronized (queue) {
              retryScheduled = false;
            }
            flush();
          });
    } catch (RejectedExecutionException closed) {
      retryScheduled = false; // shutting down: nothing more to deliver
    }
  }
}
