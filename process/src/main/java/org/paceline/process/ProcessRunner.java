package org.paceline.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;

/**
 * The one runner of external processes, used for resource agents (and their helper commands) and
 * for fence agents and ipmitool alike: argv without a shell, exactly the environment the caller
 * gives (secrets belong there or on stdin, never in argv, which {@code ps} shows), optional stdin,
 * stdout and stderr bounded by {@link ProcessLimits}, and a deadline. Each process runs as a
 * session leader ({@code setsid}) where possible, so on timeout its whole process group is
 * SIGKILLed, which also reaches grandchildren re-parented to init; every descendant still visible
 * is killed too. One rule for everything: a fence agent's stray ipmitool must not keep talking to a
 * BMC after the fencer moved on, any more than a hung agent's children may outlive its timeout.
 */
public final class ProcessRunner {
  /**
   * How often the deadline check repeats after its first run at the deadline, until the run ends: a
   * process not yet launched at the deadline, or one that survived a kill, is caught later.
   */
  private static final long TIMEOUT_CHECK_MS = 50;

  private static final ScheduledExecutorService TIMEOUTS =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "process-timeouts");
            t.setDaemon(true);
            return t;
          });

  private final ProcessLimits limits;

  public ProcessRunner(ProcessLimits limits) {
    this.limits = limits;
  }

  /**
   * Runs {@code argv} to completion or until {@code timeoutMs} (at least 1 ms) has passed.
   *
   * @param env the complete environment of the process (nothing is inherited implicitly)
   * @param stdin what the process reads on stdin, or null for an empty, closed stdin
   * @param workDir its working directory, or null to inherit the caller's
   * @throws IOException when the process cannot be started (not installed, not executable)
   */
  public ProcessResult run(
      List<String> argv, Map<String, String> env, String stdin, Path workDir, long timeoutMs)
      throws IOException {
    long limitMs = Math.max(1, timeoutMs);
    requireRunnable(argv.get(0), env);
    boolean session = ProcessTreeKiller.canUseSessions();
    CommandLine cmd;
    if (session) {
      cmd = new CommandLine(ProcessTreeKiller.SETSID.toFile());
      cmd.addArgument(argv.get(0), false);
    } else {
      cmd = new CommandLine(argv.get(0));
    }
    for (String a : argv.subList(1, argv.size())) {
      // handleQuoting=false: arguments reach the process byte for byte.
      cmd.addArgument(a, false);
    }
    BoundedOutput out = new BoundedOutput(limits.outputLimitBytes());
    BoundedOutput err = new BoundedOutput(limits.outputLimitBytes());
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
    executor.setStreamHandler(new DrainingStreams(out, err, stdin, limits.streamDrainTimeoutMs()));
    executor.setExitValues(null);
    if (workDir != null) {
      executor.setWorkingDirectory(workDir.toFile());
    }
    long startNs = System.nanoTime();
    ScheduledFuture<?> killer =
        TIMEOUTS.scheduleWithFixedDelay(
            () -> {
              Process p = launched.get();
              if (p != null && System.nanoTime() - startNs >= limitMs * 1_000_000L) {
                timedOut.set(true);
                ProcessTreeKiller.killTree(p.toHandle(), session);
              }
            },
            limitMs,
            TIMEOUT_CHECK_MS,
            TimeUnit.MILLISECONDS);
    int status;
    try {
      status = executor.execute(cmd, env);
    } catch (ExecuteException e) {
      // Thrown when output could not be drained in time: a daemon the process started still holds
      // its stdout or stderr (pg_ctl start without -l). The process itself has exited; Commons
      // Exec reports INVALID_EXITVALUE then, so take the exit status from the process.
      Process p = launched.get();
      status = e.getExitValue();
      if (status == org.apache.commons.exec.Executor.INVALID_EXITVALUE
          && p != null
          && !p.isAlive()) {
        status = p.exitValue();
      }
      if (p == null) {
        // Never started: Commons Exec wraps the launch failure.
        throw e;
      }
    } finally {
      killer.cancel(false);
    }
    long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
    return new ProcessResult(
        status,
        out.text(),
        err.text(),
        timedOut.get(),
        out.truncated() || err.truncated(),
        durationMs);
  }

  /**
   * Fails as starting the program directly would: {@code setsid} itself always starts, and would
   * turn a missing program into exit status 127, so whether the session wrapper is in use would
   * decide whether the caller sees a launch failure. Checked here instead, the same way for both.
   */
  private static void requireRunnable(String program, Map<String, String> env) throws IOException {
    if (program.contains("/")) {
      Path p = Path.of(program);
      if (!Files.isRegularFile(p)) {
        throw new IOException("Cannot run program \"" + program + "\": no such file");
      }
      if (!Files.isExecutable(p)) {
        throw new IOException("Cannot run program \"" + program + "\": not executable");
      }
      return;
    }
    String path = env.getOrDefault("PATH", System.getenv().getOrDefault("PATH", ""));
    for (String dir : path.split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, program);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return;
      }
    }
    throw new IOException("Cannot run program \"" + program + "\": not found in PATH");
  }
}
