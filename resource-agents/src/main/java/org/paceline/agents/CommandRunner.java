package org.paceline.agents;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
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
import org.apache.commons.exec.ExecuteStreamHandler;

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
    DrainingStreams streams = new DrainingStreams(out, err, limits.streamDrainTimeoutMs());
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
      // Thrown when output could not be drained in time: a daemon the command started still holds
      // its stdout or stderr (pg_ctl start without -l). The command itself has exited; Commons
      // Exec reports INVALID_EXITVALUE then, so take the exit status from the process.
      Process p = launched.get();
      int status = e.getExitValue();
      if (status == org.apache.commons.exec.Executor.INVALID_EXITVALUE
          && p != null
          && !p.isAlive()) {
        status = p.exitValue();
      }
      return new Execution(status, out, err, timedOut.get(), null);
    } catch (IOException e) {
      return new Execution(-1, out, err, false, e.getMessage());
    } finally {
      killer.cancel(false);
    }
  }

  /**
   * Copies a process's stdout and stderr into bounded buffers. Once the process has exited, it
   * waits at most {@code drainMs} in all for the rest of the output, then lets the copying threads
   * go: a daemon the agent started (a postmaster from {@code pg_ctl start} without {@code -l}) may
   * hold the pipes for as long as it lives, and its output is not the agent's. Pacemaker's executor
   * stops reading when the agent exits too.
   */
  private static final class DrainingStreams implements ExecuteStreamHandler {
    private final OutputStream out;
    private final OutputStream err;
    private final long drainMs;
    private final List<Thread> pumps = new java.util.ArrayList<>();

    DrainingStreams(OutputStream out, OutputStream err, long drainMs) {
      this.out = out;
      this.err = err;
      this.drainMs = drainMs;
    }

    @Override
    public void setProcessInputStream(OutputStream os) throws IOException {
      os.close();
    }

    @Override
    public void setProcessOutputStream(InputStream is) {
      pumps.add(pump(is, out, "agent-stdout"));
    }

    @Override
    public void setProcessErrorStream(InputStream is) {
      pumps.add(pump(is, err, "agent-stderr"));
    }

    private static Thread pump(InputStream from, OutputStream to, String name) {
      Thread t =
          new Thread(
              () -> {
                byte[] buf = new byte[8192];
                try (from) {
                  for (int n = from.read(buf); n >= 0; n = from.read(buf)) {
                    to.write(buf, 0, n);
                  }
                } catch (IOException e) {
                  // the pipe is gone: the output ends here
                }
              },
              name);
      t.setDaemon(true);
      return t;
    }

    @Override
    public void start() {
      pumps.forEach(Thread::start);
    }

    @Override
    public void stop() {
      long deadline = System.nanoTime() + drainMs * 1_000_000L;
      for (Thread t : pumps) {
        long left = deadline - System.nanoTime();
        try {
          if (left > 0) {
            t.join(Math.max(1, left / 1_000_000L));
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
