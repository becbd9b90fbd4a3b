package org.paceline.agents;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.PumpStreamHandler;

/**
 * The one place that starts processes for agents: OCF scripts and the helper commands of built-in
 * agents. argv only (never a shell), a timeout that kills the whole process tree, bounded output.
 */
public final class CommandRunner {
  /** How often a running process is checked against its deadline. */
  private static final long TIMEOUT_CHECK_MS = 50;

  private static final ScheduledExecutorService TIMEOUTS =
      Executors.newSingleThreadScheduledExecutor(daemonThreads("agent-timeouts"));

  /** Runs {@link #runInBackground} commands, one at a time. */
  private static final ExecutorService BACKGROUND =
      Executors.newSingleThreadExecutor(daemonThreads("agent-background"));

  private static ThreadFactory daemonThreads(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  private final OcfRunnerLimits limits;

  public CommandRunner(OcfRunnerLimits limits) {
    this.limits = limits;
  }

  /**
   * What one process did.
   *
   * @param status its exit status (-1 when it never started)
   * @param out its bounded standard output
   * @param err its bounded standard error
   * @param timedOut whether it was killed at its deadline
   * @param launchError why it could not be started, or null
   */
  record Execution(
      int status, BoundedOutput out, BoundedOutput err, boolean timedOut, String launchError) {}

  public CommandResult run(List<String> argv, long timeoutMs) {
    return run(argv, Map.of(), timeoutMs);
  }

  /**
   * Runs {@code argv} off the caller's thread, with the same limits, and drops its result: for
   * follow-ups an action need not wait for (the VIP's later announcements).
   */
  public void runInBackground(List<String> argv, long timeoutMs) {
    BACKGROUND.execute(() -> run(argv, timeoutMs));
  }

  /**
   * Runs {@code argv} with {@code extraEnv} added to a minimal environment. A missing binary is
   * exit status 127, like a shell.
   */
  public CommandResult run(List<String> argv, Map<String, String> extraEnv, long timeoutMs) {
    if (timeoutMs <= 0) {
      return new CommandResult(-1, "", "no time left for " + argv.get(0), true);
    }
    Map<String, String> env = new TreeMap<>();
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"));
    env.put("LC_ALL", "C");
    env.putAll(extraEnv);
    Execution x = execute(argv, env, null, timeoutMs);
    if (x.launchError() != null) {
      return new CommandResult(127, "", argv.get(0) + ": " + x.launchError(), false);
    }
    return new CommandResult(x.status(), x.out().text(), x.err().text(), x.timedOut());
  }

  /**
   * Runs {@code argv} with exactly {@code env} in {@code workDir} (null: inherited), in its own
   * session where possible so that a timeout kills everything it started.
   */
  Execution execute(List<String> argv, Map<String, String> env, File workDir, long timeoutMs) {
    boolean session = ProcessTreeKiller.canUseSessions();
    CommandLine cmd;
    if (session) {
      cmd = new CommandLine(ProcessTreeKiller.SETSID.toFile());
      cmd.addArgument(argv.get(0), false);
    } else {
      cmd = new CommandLine(argv.get(0));
    }
    for (String a : argv.subList(1, argv.size())) {
      cmd.addArgument(a, false);
    }
    BoundedOutput out = new BoundedOutput(limits.outputLimitBytes());
    BoundedOutput err = new BoundedOutput(limits.outputLimitBytes());
    PumpStreamHandler streams = new PumpStreamHandler(out, err);
    streams.setStopTimeout(Duration.ofMillis(limits.streamDrainTimeoutMs()));
    AtomicReference<Process> launched = new AtomicReference<>();
    AtomicBoolean timedOut = new AtomicBoolean();
    DefaultExecutor executor =
        new DefaultExecutor() {
          @Override
          protected Process launch(CommandLine c, Map<String, String> e, File dir)
              throws IOException {
            Process p = super.launch(c, e, dir);
            launched.compareAndSet(null, p);
            return p;
          }

          @Override
          protected Process launch(CommandLine c, Map<String, String> e, Path dir)
              throws IOException {
            Process p = super.launch(c, e, dir);
            launched.compareAndSet(null, p);
            return p;
          }
        };
    executor.setStreamHandler(streams);
    executor.setExitValues(null);
    if (workDir != null) {
      executor.setWorkingDirectory(workDir);
    }
    long startNs = System.nanoTime();
    ScheduledFuture<?> killer =
        TIMEOUTS.scheduleWithFixedDelay(
            () -> {
              Process p = launched.get();
              if (p != null && System.nanoTime() - startNs >= timeoutMs * 1_000_000L) {
                timedOut.set(true);
                ProcessTreeKiller.killTree(p.toHandle(), session);
              }
            },
            timeoutMs,
            TIMEOUT_CHECK_MS,
            TimeUnit.MILLISECONDS);
    try {
      return new Execution(executor.execute(cmd, env), out, err, timedOut.get(), null);
    } catch (ExecuteException e) {
      // Thrown when output could not be drained in time; the exit value is still known.
      return new Execution(e.getExitValue(), out, err, timedOut.get(), null);
    } catch (IOException e) {
      return new Execution(-1, out, err, false, e.getMessage());
    } finally {
      killer.cancel(false);
    }
  }
}
