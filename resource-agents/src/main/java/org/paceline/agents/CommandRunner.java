package org.paceline.agents;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.paceline.process.ProcessResult;
import org.paceline.process.ProcessRunner;

/**
 * Runs the helper commands of built-in agents (ip, send_arp, pg_ctl, ...) with the one {@link
 * ProcessRunner}: argv only (never a shell), a minimal environment, a timeout that kills the whole
 * process tree, bounded output. A command that cannot be started is exit status 127, like a shell.
 */
public final class CommandRunner {
  /** Runs {@link #runInBackground} commands, one at a time. */
  private static final ExecutorService BACKGROUND =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "agent-background");
            t.setDaemon(true);
            return t;
          });

  private final ProcessRunner runner;

  public CommandRunner(OcfRunnerLimits limits) {
    this.runner = new ProcessRunner(limits.processLimits());
  }

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
    try {
      ProcessResult x = runner.run(argv, env, null, null, timeoutMs);
      return new CommandResult(x.exitCode(), x.stdout(), x.stderr(), x.timedOut());
    } catch (IOException e) {
      return new CommandResult(127, "", argv.get(0) + ": " + e.getMessage(), false);
    }
  }
}
