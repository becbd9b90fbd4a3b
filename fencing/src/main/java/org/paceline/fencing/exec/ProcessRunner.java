package org.paceline.fencing.exec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.PumpStreamHandler;

/**
 * Runs one external tool with Commons Exec: argv without a shell, extra environment variables
 * (where secrets go, since argv is visible in {@code ps}), optional stdin, and a watchdog that
 * kills the tool and its children when its limit passes.
 */
public final class ProcessRunner {
  private ProcessRunner() {}

  /**
   * Runs {@code argv} to completion or until {@code timeoutMs}.
   *
   * @throws IOException when the tool cannot be started (not installed, not executable)
   */
  public static ProcessResult run(
      List<String> argv, Map<String, String> extraEnv, String stdin, long timeoutMs)
      throws IOException {
    CommandLine cl = new CommandLine(argv.get(0));
    for (String a : argv.subList(1, argv.size())) {
      // handleQuoting=false: arguments reach the tool byte for byte.
      cl.addArgument(a, false);
    }
    TreeKillingWatchdog watchdog = new TreeKillingWatchdog(Math.max(1, timeoutMs));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PumpStreamHandler streams =
        new PumpStreamHandler(
            out,
            err,
            stdin == null
                ? null
                : new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    DefaultExecutor exec = DefaultExecutor.builder().get();
    exec.setStreamHandler(streams);
    exec.setWatchdog(watchdog);
    exec.setExitValues(null);
    Map<String, String> env = new HashMap<>(System.getenv());
    env.putAll(extraEnv);
    long start = System.nanoTime();
    int code;
    try {
      code = exec.execute(cl, env);
    } catch (org.apache.commons.exec.ExecuteException e) {
      // With every exit value accepted this only happens when the watchdog killed the tool.
      code = e.getExitValue();
    }
    long durationMs = (System.nanoTime() - start) / 1_000_000;
    return new ProcessResult(
        code,
        out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8),
        watchdog.killedProcess() || watchdog.fired(),
        durationMs);
  }
}
