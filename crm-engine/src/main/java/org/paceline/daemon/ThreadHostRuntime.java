package org.paceline.daemon;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.paceline.executor.Clock;

/**
 * The daemon's {@link HostRuntime}: a "controller" thread for the event loop, a "controller-timers"
 * thread for timers, {@code System.currentTimeMillis} and {@code System.nanoTime}. Timers run on
 * their own thread and only hand work to the loop or to retries, so a busy controller does not
 * delay them.
 */
final class ThreadHostRuntime implements HostRuntime {
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

  @Override
  public void execute(Runnable task) {
    loop.execute(task);
  }

  @Override
  public Cancellable schedule(long delayMs, Runnable task) {
    ScheduledFuture<?> f = timers.schedule(task, delayMs, TimeUnit.MILLISECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public Clock wallClock() {
    return System::currentTimeMillis;
  }

  @Override
  public Clock monotonicClock() {
    return () -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
  }

  @Override
  public void close() {
    loop.shutdownNow();
    timers.shutdownNow();
  }
}
