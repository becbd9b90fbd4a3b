package org.paceline.daemon;

import org.paceline.executor.Clock;
import org.paceline.executor.Timers;

/**
 * Where a {@link ControllerHost} runs and reads time (STYLE.md rule 2): one event loop that runs
 * tasks in order, one at a time (the controller is not thread-safe), timers, a wall clock (epoch
 * milliseconds, which the controller stamps into the status) and a monotonic clock for deadlines.
 * The daemon's implementation is {@link ThreadHostRuntime}; the simulation's runs everything on its
 * simulated clock and event queue.
 */
public interface HostRuntime extends Timers, AutoCloseable {
  /**
   * Queues {@code task} on the event loop; throws {@link
   * java.util.concurrent.RejectedExecutionException} once closed.
   */
  void execute(Runnable task);

  /** Epoch milliseconds. */
  Clock wallClock();

  /** Milliseconds from any origin, never going back: for deadlines. */
  Clock monotonicClock();

  /** Stops the loop and the timers; queued work is dropped. */
  @Override
  void close();
}
