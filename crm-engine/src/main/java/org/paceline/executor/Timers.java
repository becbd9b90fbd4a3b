package org.paceline.executor;

/**
 * Schedules delayed tasks (recurring monitors). Real implementation: {@link SystemTimers}; a
 * simulation supplies its own and fires tasks when its virtual clock passes their due time.
 */
public interface Timers {
  /** Runs {@code task} once after {@code delayMs}; the returned handle cancels it. */
  Cancellable schedule(long delayMs, Runnable task);

  /** A scheduled task that can still be cancelled. */
  interface Cancellable {
    void cancel();
  }
}
