package org.paceline.agents;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.PumpStreamHandler;

/**
 * Runs helper commands for built-in agents: argv only (never a shell), a timeout that kills the
 * whole process tree, bounded output. A missing binary is exit status 127, like a shell.
 */
public final class CommandRunner {
  private final OcfRunnerLimits limits;

  public CommandRunner(OcfRunnerLimits limits) {
    this.limits = limits;
  }

  public CommandResult run(List<String> argv, long timeoutMs) {
    return run(argv, Map.of(), timeoutMs);
  }

  /** Runs {@code argv} with {@code extraEnv} added to a minimal environment. */
  public CommandResult run(List<String> argv, Map<String, String> extraEnv, long timeoutMs) {
    if (timeoutMs <= 0) {
      return new CommandResult(-1, "", "no time left for " + argv.get(0), true);
    }
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
    Map<String, String> env = new TreeMap<>();
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"));
    env.put("LC_ALL", "C");
    env.putAll(extraEnv);
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
    long startNs = System.nanoTime();
    var killer =
        OcfScriptAgent.timeouts()
            .scheduleWithFixedDelay(
                () -> {
                  Process p = launched.get();
                  if (p != null && System.nanoTime() - startNs >= timeoutMs * 1_000_000L) {
                    timedOut.set(true);
                    ProcessTreeKiller.killTree(p.toHandle(), session);
                  }
                },
                timeoutMs,
                50,
                TimeUnit.MILLISECONDS);
    int status;
    try {
      status = executor.execute(cmd, env);
    } catch (ExecuteException e) {
      status = e.getExitValue();
    } catch (IOException e) {
      return new CommandResult(127, "", argv.get(0) + ": " + e.getMessage(), false);
    } finally {
      killer.cancel(false);
    }
    return new CommandResult(status, out.text(), err.text(), timedOut.get());
  }
}
